"""Golden fixtures for lernwerk's BERT (src/models/bert.ts): a minimal BERT written from the paper
(Devlin et al. 2018) and the Hugging Face config fields, NOT the `transformers` package. Writes
test/models/bert-tiny/ as a Hugging Face folder (config.json, model.safetensors with HF key names
of BertForPreTraining, vocab.txt) plus bert-tiny-cls/ (sequence-classification head) and
bert-tiny-tok/ (token-classification head), and expected.safetensors with the inputs, outputs,
losses and the gradients of the classification loss.

Regenerate: /usr/bin/python3 tools/gen_bert_fixtures.py   (PyTorch 1.13, float32, CPU)
"""
import json
import math
import os
import struct

import torch
from torch import nn
from fixture_io import save_safetensors

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "models")
VERSION = 1

CONFIG = dict(
    vocab_size=40, hidden_size=16, num_hidden_layers=2, num_attention_heads=4, intermediate_size=32,
    hidden_act="gelu", hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, max_position_embeddings=24,
    type_vocab_size=2, layer_norm_eps=1e-12, initializer_range=0.02, pad_token_id=0, model_type="bert",
)
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat", "dog", "ran", "a", "to",
         "park", "it", "was", "happy", "he", "she", "play", "##ed", "##s", "##ing", "in", "and", ".", ",", "!", "?",
         "big", "red", "ball", "is", "fun", "run", "##ning", "walk", "home", "sun"]
assert len(VOCAB) == CONFIG["vocab_size"]


# ---- a tiny WordPiece (lower-case, split on spaces and punctuation, greedy longest match) ----
def wordpiece(text):
    ids = []
    for word in text.lower().replace(".", " . ").replace(",", " , ").replace("!", " ! ").replace("?", " ? ").split():
        start, pieces = 0, []
        while start < len(word):
            end = len(word)
            while end > start and (word[start:end] if start == 0 else "##" + word[start:end]) not in VOCAB:
                end -= 1
            if end == start:
                pieces = [VOCAB.index("[UNK]")]
                break
            pieces.append(VOCAB.index(word[start:end] if start == 0 else "##" + word[start:end]))
            start = end
        ids += pieces
    return ids


def encode_pair(a, b=None):
    ids = [2] + wordpiece(a) + [3]
    types = [0] * len(ids)
    if b is not None:
        tb = wordpiece(b) + [3]
        ids, types = ids + tb, types + [1] * len(tb)
    return ids, types


# ---- the model, from the paper: embeddings → N × (self-attention, FFN, post-LayerNorm) → pooler ----
class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"], padding_idx=c["pad_token_id"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, ids, types):
        pos = torch.arange(ids.shape[1])[None]
        x = self.word_embeddings(ids) + self.position_embeddings(pos) + self.token_type_embeddings(types)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.nh, self.hs = c["num_attention_heads"], c["hidden_size"] // c["num_attention_heads"]
        self.query = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.key = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.value = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def forward(self, x, mask):
        B, T, H = x.shape
        q, k, v = (m(x).view(B, T, self.nh, self.hs).transpose(1, 2) for m in (self.query, self.key, self.value))
        att = q @ k.transpose(-1, -2) / math.sqrt(self.hs)
        att = att + (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        y = self.dropout(att.softmax(-1)) @ v
        return y.transpose(1, 2).reshape(B, T, H)


class DenseNorm(nn.Module):  # HF's BertSelfOutput / BertOutput: dense, dropout, residual, LayerNorm
    def __init__(self, c, n_in):
        super().__init__()
        self.dense = nn.Linear(n_in, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, h, residual):
        return self.LayerNorm(self.dropout(self.dense(h)) + residual)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = SelfAttention(c)
        self.output = DenseNorm(c, c["hidden_size"])


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseNorm(c, c["intermediate_size"])

    def forward(self, x, mask):
        a = self.attention.output(self.attention.self(x, mask), x)
        return self.output(nn.functional.gelu(self.intermediate.dense(a)), a)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])


class Pooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])


class Bert(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)
        self.pooler = Pooler(c)

    def forward(self, ids, types, mask):
        x = self.embeddings(ids, types)
        for layer in self.encoder.layer:
            x = layer(x, mask)
        return x, torch.tanh(self.pooler.dense(x[:, 0]))


class Transform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])


class Predictions(nn.Module):
    def __init__(self, c, word_embeddings):
        super().__init__()
        self.transform = Transform(c)
        self.word_embeddings = [word_embeddings]  # tied decoder, not a registered parameter here
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))

    def forward(self, x):
        t = self.transform.LayerNorm(nn.functional.gelu(self.transform.dense(x)))
        return t @ self.word_embeddings[0].weight.T + self.bias


class Heads(nn.Module):
    def __init__(self, c, word_embeddings):
        super().__init__()
        self.predictions = Predictions(c, word_embeddings)
        self.seq_relationship = nn.Linear(c["hidden_size"], 2)


class BertForPreTraining(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bert = Bert(c)
        self.cls = Heads(c, self.bert.embeddings.word_embeddings)


def randomize(m, g):
    # Larger than BERT's N(0, 0.02) so that every part of the network moves the outputs.
    with torch.no_grad():
        for n, p in m.named_parameters():
            if n.endswith("LayerNorm.weight"):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=g))


def write_folder(name, state, architectures, extra=None):
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    cfg = dict(CONFIG, architectures=architectures, **(extra or {}))
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(d, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")
    save_safetensors(os.path.join(d, "model.safetensors"), state, {"format": "pt"})
    print("wrote", d)


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1234)
    c = CONFIG
    model = BertForPreTraining(c)
    randomize(model, g)
    model.eval()
    cls_head = nn.Linear(c["hidden_size"], 3)
    tok_head = nn.Linear(c["hidden_size"], 5)
    randomize(cls_head, g)
    randomize(tok_head, g)

    # Two pairs, the second padded: [CLS] A [SEP] B [SEP] [PAD]…
    texts = [("The cat sat on the mat.", "It was happy!"), ("She played.", "Dogs run.")]
    enc = [encode_pair(a, b) for a, b in texts]
    T = max(len(i) for i, _ in enc)
    ids = torch.tensor([i + [0] * (T - len(i)) for i, _ in enc])
    types = torch.tensor([t + [0] * (T - len(t)) for _, t in enc])
    mask = torch.tensor([[1] * len(i) + [0] * (T - len(i)) for i, _ in enc])

    hidden, pooled = model.bert(ids, types, mask)
    mlm_logits = model.cls.predictions(hidden)
    nsp_logits = model.cls.seq_relationship(pooled)
    mlm_labels = torch.full_like(ids, -100)
    mlm_labels[0, 2], mlm_labels[0, 5], mlm_labels[1, 1] = 6, 9, 19
    nsp_labels = torch.tensor([0, 1])
    ce = nn.functional.cross_entropy
    mlm_loss = ce(mlm_logits.reshape(-1, c["vocab_size"]), mlm_labels.reshape(-1), ignore_index=-100)
    nsp_loss = ce(nsp_logits, nsp_labels)

    # Sequence classification: classifier(dropout(pooled)); gradients of its loss w.r.t. every weight.
    seq_labels = torch.tensor([2, 0])
    seq_logits = cls_head(pooled)
    seq_loss = ce(seq_logits, seq_labels)
    seq_loss.backward()
    grads = {"grad.bert." + n: p.grad.clone() for n, p in model.bert.named_parameters()}
    grads.update({"grad.classifier." + n: p.grad.clone() for n, p in cls_head.named_parameters()})

    tok_labels = torch.randint(0, 5, ids.shape, generator=g)
    tok_labels[mask == 0] = -100
    tok_labels[0, 0] = -100  # [CLS]
    tok_logits = tok_head(hidden)
    tok_loss = ce(tok_logits.reshape(-1, 5), tok_labels.reshape(-1), ignore_index=-100)

    body = {"bert." + k: v for k, v in model.bert.state_dict().items()}
    # HF's safetensors drop the tied decoder weight; cls.predictions.bias is the decoder's bias.
    pre = dict(body, **{"cls." + k: v for k, v in model.cls.state_dict().items()})
    write_folder("bert-tiny", pre, ["BertForPreTraining"])
    write_folder("bert-tiny-cls", dict(body, **{"classifier." + k: v for k, v in cls_head.state_dict().items()}),
                 ["BertForSequenceClassification"], {"id2label": {"0": "negative", "1": "neutral", "2": "positive"},
                                                     "label2id": {"negative": 0, "neutral": 1, "positive": 2}})
    write_folder("bert-tiny-tok", dict(body, **{"classifier." + k: v for k, v in tok_head.state_dict().items()}),
                 ["BertForTokenClassification"], {"id2label": {str(i): t for i, t in enumerate(["O", "B-X", "I-X", "B-Y", "I-Y"])}})

    expected = {
        "input_ids": ids, "token_type_ids": types, "attention_mask": mask,
        "hidden_states": hidden, "pooled_output": pooled, "mlm_logits": mlm_logits, "nsp_logits": nsp_logits,
        "mlm_labels": mlm_labels, "nsp_labels": nsp_labels, "mlm_loss": mlm_loss, "nsp_loss": nsp_loss,
        "seq_logits": seq_logits, "seq_labels": seq_labels, "seq_loss": seq_loss,
        "tok_logits": tok_logits, "tok_labels": tok_labels, "tok_loss": tok_loss, **grads,
    }
    expected = {k: (v.to(torch.int32) if v.dtype == torch.int64 else v.float()).detach() for k, v in expected.items()}
    save_safetensors(os.path.join(ROOT, "bert-tiny", "expected.safetensors"), expected, {"format": "pt"})
    with open(os.path.join(ROOT, "bert-tiny", "texts.json"), "w") as f:
        json.dump({"version": VERSION, "torch": torch.__version__, "pairs": texts}, f, indent=2)
    print("losses: mlm %.6f nsp %.6f seq %.6f tok %.6f" % (mlm_loss, nsp_loss, seq_loss, tok_loss))


if __name__ == "__main__":
    main()
