"""Golden fixtures for lernwerk's recurrent layers from PyTorch (Debian python3-torch 1.13).

Run: /usr/bin/python3 tools/gen_rnn_fixtures.py
Writes test/nn/golden/rnn.json: for RNN/LSTM/GRU (multi-layer, bidirectional, batch-first, initial
states, packed variable-length batches) and the three cells, the state dict, the inputs, the outputs,
the final states and the gradients of every input and parameter of a weighted sum of all outputs.
"""
import json, os
import torch
from torch import nn
from fixture_io import t2l

VERSION = 1
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
torch.manual_seed(0)


def case(name, kind, module, x, state, ctor, lengths=None):
    """Runs module on x (and state), then backward of Σ out·wOut + Σ h·wH (+ Σ c·wC)."""
    x = x.clone().requires_grad_()
    states = [] if state is None else ([s.clone().requires_grad_() for s in state] if isinstance(state, tuple) else [state.clone().requires_grad_()])
    arg = None if not states else (tuple(states) if kind == "LSTM" else states[0])
    inp = x
    if lengths is not None:
        inp = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=ctor.get("batchFirst", False), enforce_sorted=False)
    if "Cell" in name:
        out = module(x, arg)
        outs = list(out) if isinstance(out, tuple) else [out]
        y, finals = outs[0], outs
    else:
        y, fin = module(inp, arg)
        if lengths is not None:
            y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=ctor.get("batchFirst", False))
        finals = list(fin) if isinstance(fin, tuple) else [fin]
    weights = [torch.randn_like(y)] + [torch.randn_like(f) for f in finals]
    loss = sum((o * w).sum() for o, w in zip([y] + finals, weights))
    loss.backward()
    return {
        "name": name, "kind": kind, "ctor": ctor, "lengths": lengths,
        "stateDict": {k: t2l(v) for k, v in module.state_dict().items()},
        "x": t2l(x), "state": [t2l(s) for s in states],
        "output": t2l(y), "finals": [t2l(f) for f in finals],
        "lossWeights": [t2l(w) for w in weights],
        "gradX": t2l(x.grad), "gradState": [t2l(s.grad) for s in states],
        "gradParams": {k: t2l(p.grad) for k, p in module.named_parameters()},
    }


class Bahdanau(nn.Module):
    """PyTorch's seq2seq tutorial attention: score = Va(tanh(Wa q + Ua k))."""
    def __init__(self, dq, dk, units):
        super().__init__()
        self.wa, self.ua, self.va = nn.Linear(dq, units), nn.Linear(dk, units), nn.Linear(units, 1)

    def forward(self, q, keys, mask):
        s = self.va(torch.tanh(self.wa(q).unsqueeze(2) + self.ua(keys).unsqueeze(1))).squeeze(3)
        return s


class Luong(nn.Module):
    def __init__(self, dim, kind):
        super().__init__()
        self.kind = kind
        self.w = nn.Linear(dim if kind == "general" else 2 * dim, dim, bias=False)
        if kind == "concat":
            self.v = nn.Linear(dim, 1, bias=False)

    def forward(self, q, keys, mask):
        if self.kind == "general":
            return q @ self.w(keys).transpose(1, 2)
        B, Tq, S = q.shape[0], q.shape[1], keys.shape[1]
        pairs = torch.cat([q.unsqueeze(2).expand(B, Tq, S, -1), keys.unsqueeze(1).expand(B, Tq, S, -1)], 3)
        return self.v(torch.tanh(self.w(pairs))).squeeze(3)


def attention_cases():
    out = []
    B, Tq, S, D = 2, 3, 4, 5
    mask = torch.tensor([[True, True, True, True], [True, True, False, False]])
    for name, m in [("bahdanau", Bahdanau(D, D, 6)), ("general", Luong(D, "general")), ("concat", Luong(D, "concat"))]:
        q = torch.randn(B, Tq, D, requires_grad=True)
        k = torch.randn(B, S, D, requires_grad=True)
        scores = m(q, k, mask).masked_fill(~mask.unsqueeze(1), float("-inf"))
        w = torch.softmax(scores, 2)
        ctx = w @ k
        wc, ww = torch.randn_like(ctx), torch.randn_like(w)
        ((ctx * wc).sum() + (w * ww).sum()).backward()
        out.append({"name": name, "stateDict": {kk: t2l(v) for kk, v in m.state_dict().items()}, "query": t2l(q), "keys": t2l(k),
                    "mask": mask.tolist(), "context": t2l(ctx), "weights": t2l(w), "lossWeights": [t2l(wc), t2l(ww)],
                    "gradQuery": t2l(q.grad), "gradKeys": t2l(k.grad), "gradParams": {kk: t2l(p.grad) for kk, p in m.named_parameters()}})
    return out


def main():
    I, H, T, B = 3, 4, 5, 2
    cases = []
    L, D = 2, 2
    m = nn.RNN(I, H, num_layers=L, bidirectional=True)
    cases.append(case("RNN tanh, 2 layers, bidirectional, h0", "RNN", m, torch.randn(T, B, I), torch.randn(L * D, B, H),
                      {"numLayers": 2, "bidirectional": True}))
    m = nn.RNN(I, H, nonlinearity="relu", batch_first=True)
    cases.append(case("RNN relu, batch-first, no h0", "RNN", m, torch.randn(B, T, I), None, {"nonlinearity": "relu", "batchFirst": True}))
    m = nn.LSTM(I, H, num_layers=L, bidirectional=True, batch_first=True)
    cases.append(case("LSTM, 2 layers, bidirectional, batch-first, (h0, c0)", "LSTM", m, torch.randn(B, T, I),
                      (torch.randn(L * D, B, H), torch.randn(L * D, B, H)), {"numLayers": 2, "bidirectional": True, "batchFirst": True}))
    m = nn.LSTM(I, H, bias=False)
    cases.append(case("LSTM without bias, no state", "LSTM", m, torch.randn(T, B, I), None, {"bias": False}))
    m = nn.GRU(I, H, num_layers=L, bidirectional=True)
    cases.append(case("GRU, 2 layers, bidirectional, h0", "GRU", m, torch.randn(T, B, I), torch.randn(L * D, B, H),
                      {"numLayers": 2, "bidirectional": True}))
    m = nn.GRU(I, H, num_layers=3)
    cases.append(case("GRU, 3 layers, unbatched input", "GRU", m, torch.randn(T, I), torch.randn(3, H), {"numLayers": 3}))
    # variable lengths: packed, unsorted
    m = nn.LSTM(I, H, num_layers=2, bidirectional=True, batch_first=True)
    cases.append(case("LSTM packed, unsorted lengths [3, 5, 1]", "LSTM", m, torch.randn(3, T, I),
                      (torch.randn(4, 3, H), torch.randn(4, 3, H)), {"numLayers": 2, "bidirectional": True, "batchFirst": True}, lengths=[3, 5, 1]))
    m = nn.GRU(I, H, bidirectional=True)
    cases.append(case("GRU packed, lengths [5, 2]", "GRU", m, torch.randn(T, B, I), None, {"bidirectional": True}, lengths=[5, 2]))
    # cells
    cases.append(case("RNNCell", "RNN", nn.RNNCell(I, H), torch.randn(B, I), torch.randn(B, H), {}))
    cases.append(case("LSTMCell", "LSTM", nn.LSTMCell(I, H), torch.randn(B, I), (torch.randn(B, H), torch.randn(B, H)), {}))
    cases.append(case("GRUCell", "GRU", nn.GRUCell(I, H), torch.randn(B, I), torch.randn(B, H), {}))
    out = {"version": VERSION, "attention": attention_cases(), "torch": torch.__version__, "generator": "tools/gen_rnn_fixtures.py", "cases": cases}
    path = os.path.join(ROOT, "test/nn/golden/rnn.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", path, len(cases), "cases")


main()
