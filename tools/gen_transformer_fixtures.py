"""Golden fixtures for lernwerk's attention and transformer layers from PyTorch (Debian python3-torch 1.13).

Run: /usr/bin/python3 tools/gen_transformer_fixtures.py
Writes test/nn/golden/transformer.json: scaled dot-product attention (PyTorch 2.x semantics written out, as
1.13 lacks F.scaled_dot_product_attention) with causal, padding and float masks; nn.MultiheadAttention,
TransformerEncoderLayer, TransformerDecoderLayer and a 2-layer nn.Transformer (eval, dropout 0): state dicts,
inputs, outputs and the gradients of every input and parameter of a weighted sum of the outputs.
"""
import json, math, os
import torch
from torch import nn
from fixture_io import t2l

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
torch.manual_seed(0)


def r4(x):
    """Rounds fixture numbers to 6 significant digits (float32 precision) to keep the file small."""
    if isinstance(x, list):
        return [r4(v) for v in x]
    return float("%.6g" % x) if isinstance(x, float) else x


def sdpa(q, k, v, mask=None, causal=False, scale=None):
    """PyTorch 2.x's F.scaled_dot_product_attention (math path) written out."""
    L, S = q.shape[-2], k.shape[-2]
    s = q @ k.transpose(-2, -1) * (scale if scale is not None else 1 / math.sqrt(q.shape[-1]))
    if causal:
        mask = torch.ones(L, S, dtype=torch.bool).tril()
    if mask is not None:
        s = s.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else s + mask
    w = torch.softmax(s, -1)
    return w @ v, w


def sdpa_case(name, qs, ks, vs, mask=None, causal=False, scale=None):
    q, k, v = (torch.randn(*s, requires_grad=True) for s in (qs, ks, vs))
    out, w = sdpa(q, k, v, mask, causal, scale)
    lw_out, lw_w = torch.randn_like(out), torch.randn_like(w)
    ((out * lw_out).sum() + (w * lw_w).sum()).backward()
    m = None if mask is None else {"dtype": "bool" if mask.dtype == torch.bool else "float32", "shape": list(mask.shape),
                                   "values": t2l(mask.float().masked_fill(mask.isinf(), -1e30) if mask.dtype != torch.bool else mask.float())}
    return {"name": name, "q": t2l(q), "k": t2l(k), "v": t2l(v), "mask": m, "isCausal": causal, "scale": scale,
            "output": t2l(out), "weights": t2l(w), "lossWeights": [t2l(lw_out), t2l(lw_w)],
            "gradQ": t2l(q.grad), "gradK": t2l(k.grad), "gradV": t2l(v.grad)}


def sdpa_cases():
    pad = torch.tensor([[True, True, True, False, False], [True, True, True, True, True]]).view(2, 1, 1, 5)
    fm = torch.randn(4, 4)
    fm[0, 2:] = float("-inf")
    return [
        sdpa_case("no mask, 3-D, L != S, Ev != E", (2, 3, 4), (2, 5, 4), (2, 5, 3)),
        sdpa_case("causal, 4-D", (2, 2, 4, 3), (2, 2, 4, 3), (2, 2, 4, 3), causal=True),
        sdpa_case("causal, L < S, custom scale", (1, 3, 4), (1, 5, 4), (1, 5, 2), causal=True, scale=0.3),
        sdpa_case("bool key padding mask (B, 1, 1, S)", (2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), mask=pad),
        sdpa_case("float mask (L, S) with -inf", (2, 4, 3), (2, 4, 3), (2, 4, 3), mask=fm),
    ]


def mask_json(m):
    if not isinstance(m, torch.Tensor):
        return m  # a flag such as need_weights
    vals = m.float() if m.dtype == torch.bool else m.masked_fill(m.isinf(), -1e30)
    return {"dtype": "bool" if m.dtype == torch.bool else "float32", "values": t2l(vals)}


def module_case(name, kind, ctor, module, inputs, masks, call):
    """Runs call(module, *inputs, **masks) (eval, dropout 0), then backward of a weighted sum of its outputs."""
    module.eval()
    xs = [x.clone().requires_grad_() for x in inputs]
    outs = call(module, *xs, **masks)
    outs = [o for o in (outs if isinstance(outs, tuple) else (outs,)) if o is not None]
    weights = [torch.randn_like(o) for o in outs]
    sum((o * w).sum() for o, w in zip(outs, weights)).backward()
    return {"name": name, "kind": kind, "ctor": ctor,
            "stateDict": {k: t2l(v) for k, v in module.state_dict().items()},
            "inputs": [t2l(x) for x in xs], "masks": {k: mask_json(v) for k, v in masks.items()},
            "outputs": [t2l(o) for o in outs], "lossWeights": [t2l(w) for w in weights],
            "gradInputs": [t2l(x.grad) for x in xs],
            "gradParams": {k: t2l(p.grad) for k, p in module.named_parameters()}}


def pad_mask(n, s, lengths):
    return torch.arange(s).unsqueeze(0) >= torch.tensor(lengths).unsqueeze(1)  # True = padding


def module_cases():
    E, H, FF = 8, 2, 16
    causal = nn.Transformer.generate_square_subsequent_mask
    cases = []
    mha = lambda m, q, k, v, **kw: m(q, k, v, **kw)
    self_mha = lambda m, x, **kw: m(x, x, x, **kw)
    cases.append(module_case("MultiheadAttention, seq first, key padding, averaged weights", "MultiheadAttention", {"embedDim": E, "numHeads": H},
                             nn.MultiheadAttention(E, H), [torch.randn(4, 2, E), torch.randn(5, 2, E), torch.randn(5, 2, E)],
                             {"key_padding_mask": pad_mask(2, 5, [3, 5])}, mha))
    cases.append(module_case("MultiheadAttention, batch first, self-attention, float causal mask, per-head weights", "MultiheadAttention",
                             {"embedDim": E, "numHeads": H, "batchFirst": True, "self": True}, nn.MultiheadAttention(E, H, batch_first=True),
                             [torch.randn(2, 4, E)], {"attn_mask": causal(4), "average_attn_weights": False}, self_mha))
    cases.append(module_case("MultiheadAttention, kdim/vdim (separate q/k/v_proj_weight), bool attn mask", "MultiheadAttention",
                             {"embedDim": E, "numHeads": H, "batchFirst": True, "kdim": 6, "vdim": 5},
                             nn.MultiheadAttention(E, H, batch_first=True, kdim=6, vdim=5),
                             [torch.randn(2, 3, E), torch.randn(2, 4, 6), torch.randn(2, 4, 5)],
                             {"attn_mask": torch.tensor([[False, True, False, True], [False, False, True, False], [True, False, False, False]])}, mha))
    cases.append(module_case("MultiheadAttention, no bias, 4 heads, need_weights False", "MultiheadAttention",
                             {"embedDim": E, "numHeads": 4, "bias": False, "self": True}, nn.MultiheadAttention(E, 4, bias=False),
                             [torch.randn(3, 2, E)], {"need_weights": False}, self_mha))
    enc = lambda m, x, **kw: m(x, **kw)
    for norm_first in (False, True):
        tag = "pre-norm" if norm_first else "post-norm"
        cases.append(module_case(f"TransformerEncoderLayer {tag}, batch first, causal + key padding", "TransformerEncoderLayer",
                                 {"dModel": E, "nhead": H, "dimFeedforward": FF, "dropout": 0, "batchFirst": True, "normFirst": norm_first},
                                 nn.TransformerEncoderLayer(E, H, FF, 0.0, batch_first=True, norm_first=norm_first),
                                 [torch.randn(2, 5, E)], {"src_mask": causal(5), "src_key_padding_mask": pad_mask(2, 5, [5, 3])}, enc))
        cases.append(module_case(f"TransformerDecoderLayer {tag}, seq first, gelu, tgt causal + paddings", "TransformerDecoderLayer",
                                 {"dModel": E, "nhead": H, "dimFeedforward": FF, "dropout": 0, "activation": "gelu", "normFirst": norm_first},
                                 nn.TransformerDecoderLayer(E, H, FF, 0.0, activation="gelu", norm_first=norm_first),
                                 [torch.randn(4, 2, E), torch.randn(5, 2, E)],
                                 {"tgt_mask": causal(4), "tgt_key_padding_mask": pad_mask(2, 4, [4, 2]), "memory_key_padding_mask": pad_mask(2, 5, [3, 5])},
                                 lambda m, t, mem, **kw: m(t, mem, **kw)))
        cases.append(module_case(f"Transformer 2+2 layers {tag}, batch first, all masks", "Transformer",
                                 {"dModel": 4, "nhead": H, "numEncoderLayers": 2, "numDecoderLayers": 2, "dimFeedforward": 8, "dropout": 0,
                                  "batchFirst": True, "normFirst": norm_first},
                                 nn.Transformer(4, H, 2, 2, 8, 0.0, batch_first=True, norm_first=norm_first),
                                 [torch.randn(2, 5, 4), torch.randn(2, 4, 4)],
                                 {"tgt_mask": causal(4), "src_key_padding_mask": pad_mask(2, 5, [5, 4]), "tgt_key_padding_mask": pad_mask(2, 4, [3, 4]),
                                  "memory_key_padding_mask": pad_mask(2, 5, [5, 4])},
                                 lambda m, s, t, **kw: m(s, t, **kw)))
    return cases


def main():
    out = {"sdpa": sdpa_cases(), "modules": module_cases()}
    path = os.path.join(ROOT, "test", "nn", "golden", "transformer.json")
    with open(path, "w") as f:
        json.dump(r4(out), f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
