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

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
torch.manual_seed(0)


def t2l(t):
    return t.detach().double().tolist()


def r4(x):
    """Rounds fixture numbers to 7 significant digits (float32 precision) to keep the file small."""
    if isinstance(x, list):
        return [r4(v) for v in x]
    return float("%.7g" % x) if isinstance(x, float) else x


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


def main():
    out = {"sdpa": sdpa_cases()}
    path = os.path.join(ROOT, "test", "nn", "golden", "transformer.json")
    with open(path, "w") as f:
        json.dump(r4(out), f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
