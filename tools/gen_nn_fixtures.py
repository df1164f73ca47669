"""Golden fixtures for lernwerk's nn and optim from PyTorch (Debian python3-torch 1.13).

Run: /usr/bin/python3 tools/gen_nn_fixtures.py
Writes test/nn/golden/losses.json, test/nn/golden/layers.json, test/optim/golden/optimizers.json and
test/optim/golden/schedulers.json. Inputs are stored in the fixtures, so the TS tests need no RNG parity.
"""
import json, math, os
import warnings
import torch
import torch.nn.functional as F
from fixture_io import t2l

VERSION = 1
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
torch.manual_seed(0)
warnings.filterwarnings("ignore", category=UserWarning)


def dump(path, obj):
    obj = {"version": VERSION, "torch": torch.__version__, "generator": "tools/gen_nn_fixtures.py", **obj}
    with open(os.path.join(ROOT, path), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", path)


# ---------------------------------------------------------------- losses
def loss_cases():
    N, C = 6, 5
    logits = (torch.randn(N, C) * 3).float()
    logits[0, 2] = 80.0  # extreme logits: stability
    logits[1, 0] = -90.0
    labels = torch.tensor([2, 0, 4, 1, 3, 2])
    probs_t = torch.softmax(torch.randn(N, C), 1)
    w = torch.tensor([0.5, 1.0, 2.0, 1.5, 0.25])
    x = torch.randn(N, 3)
    y = torch.randn(N, 3)
    p = torch.sigmoid(torch.randn(N, 3))
    bt = (torch.rand(N, 3) > 0.5).float()
    big = torch.tensor([[60.0, -60.0, 0.5], [-200.0, 200.0, -0.5]])
    bigt = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    seq = torch.randn(2, C, 3)  # (N, C, d)
    seq_t = torch.tensor([[0, 4, 2], [1, -100, 3]])
    cases = []

    def add(name, fn, inputs, target, opts, grad_of=0):
        ins = [i.clone().requires_grad_(k == grad_of) for k, i in enumerate(inputs)]
        out = fn(*ins, target, **opts) if target is not None else fn(*ins, **opts)
        g = torch.autograd.grad(out.sum(), ins[grad_of])[0]
        cases.append({"name": name, "inputs": [t2l(i) for i in inputs], "target": t2l(target) if target is not None else None,
                      "targetDtype": "int32" if target is not None and target.dtype == torch.int64 else "float32",
                      "opts": {k: (t2l(v) if torch.is_tensor(v) else v) for k, v in opts.items()},
                      "output": t2l(out), "grad": t2l(g)})

    for red in ["mean", "sum", "none"]:
        add(f"mseLoss/{red}", F.mse_loss, [x], y, {"reduction": red})
        add(f"l1Loss/{red}", F.l1_loss, [x], y, {"reduction": red})
        add(f"huberLoss/{red}", F.huber_loss, [x * 2], y, {"reduction": red, "delta": 0.7})
        add(f"bceLoss/{red}", F.binary_cross_entropy, [p], bt, {"reduction": red})
        add(f"bceWithLogitsLoss/{red}", F.binary_cross_entropy_with_logits, [x * 4], bt, {"reduction": red})
        add(f"crossEntropy/{red}", F.cross_entropy, [logits], labels, {"reduction": red})
        add(f"crossEntropy/weight/{red}", F.cross_entropy, [logits], labels, {"reduction": red, "weight": w})
        add(f"crossEntropy/smoothing/{red}", F.cross_entropy, [logits], labels, {"reduction": red, "label_smoothing": 0.1})
        add(f"crossEntropy/probs/{red}", F.cross_entropy, [logits], probs_t, {"reduction": red})
        add(f"nllLoss/{red}", F.nll_loss, [torch.log_softmax(logits, 1)], labels, {"reduction": red})
        add(f"klDiv/{red}", F.kl_div, [torch.log_softmax(logits, 1)], probs_t, {"reduction": red})
    add("bceWithLogitsLoss/extreme", F.binary_cross_entropy_with_logits, [big], bigt, {})
    add("bceWithLogitsLoss/posWeight", F.binary_cross_entropy_with_logits, [x * 4], bt, {"pos_weight": torch.tensor([1.0, 2.0, 0.5])})
    add("bceLoss/weight", F.binary_cross_entropy, [p], bt, {"weight": torch.tensor([1.0, 2.0, 0.5])})
    add("crossEntropy/ignoreIndex", F.cross_entropy, [logits], torch.tensor([2, -100, 4, 1, -100, 2]), {})
    add("crossEntropy/ignoreIndex/weight/smoothing", F.cross_entropy, [logits], torch.tensor([2, 3, 4, 1, 3, 2]),
        {"weight": w, "label_smoothing": 0.2, "ignore_index": 3})
    add("crossEntropy/probs/weight/smoothing", F.cross_entropy, [logits], probs_t, {"weight": w, "label_smoothing": 0.3})
    add("crossEntropy/seq", F.cross_entropy, [seq], seq_t, {})
    add("crossEntropy/seq/none", F.cross_entropy, [seq], seq_t, {"reduction": "none"})
    add("nllLoss/weight", F.nll_loss, [torch.log_softmax(logits, 1)], labels, {"weight": w})
    add("klDiv/batchmean", F.kl_div, [torch.log_softmax(logits, 1)], probs_t, {"reduction": "batchmean"})
    add("klDiv/logTarget", F.kl_div, [torch.log_softmax(logits, 1)], torch.log(probs_t), {"reduction": "sum", "log_target": True})
    return cases


# ---------------------------------------------------------------- layers
def layer_cases():
    out = {}
    x = torch.randn(5, 4)
    bn = torch.nn.BatchNorm1d(4)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor([1.0, 0.5, 2.0, -1.0]))
        bn.bias.copy_(torch.tensor([0.0, 0.1, -0.2, 0.3]))
    xi = x.clone().requires_grad_()
    y1 = bn(xi)
    (y1 * torch.arange(20.0).reshape(5, 4)).sum().backward()
    y2 = bn(x * 2 + 1)
    bn.eval()
    y3 = bn(x)
    out["batchNorm"] = {"x": t2l(x), "weight": t2l(bn.weight), "bias": t2l(bn.bias), "train1": t2l(y1), "gradX": t2l(xi.grad),
                        "train2": t2l(y2), "eval": t2l(y3), "runningMean": t2l(bn.running_mean), "runningVar": t2l(bn.running_var)}
    x3 = torch.randn(2, 3, 4).requires_grad_()
    ln = torch.nn.LayerNorm([3, 4])
    with torch.no_grad():
        ln.weight.copy_(torch.randn(3, 4))
        ln.bias.copy_(torch.randn(3, 4))
    y = ln(x3)
    (y * y).sum().backward()
    out["layerNorm"] = {"x": t2l(x3), "weight": t2l(ln.weight), "bias": t2l(ln.bias), "y": t2l(y), "gradX": t2l(x3.grad),
                        "gradW": t2l(ln.weight.grad), "gradB": t2l(ln.bias.grad)}
    emb = torch.nn.Embedding(6, 3, padding_idx=1)
    idx = torch.tensor([[1, 2, 5], [0, 1, 2]])
    e = emb(idx)
    (e * e).sum().backward()
    out["embedding"] = {"weight": t2l(emb.weight), "indices": idx.tolist(), "y": t2l(e), "gradW": t2l(emb.weight.grad)}
    lin = torch.nn.Linear(4, 3)
    xl = torch.randn(2, 4).requires_grad_()
    yl = lin(xl)
    (yl ** 2).sum().backward()
    out["linear"] = {"weight": t2l(lin.weight), "bias": t2l(lin.bias), "x": t2l(xl), "y": t2l(yl), "gradX": t2l(xl.grad),
                     "gradW": t2l(lin.weight.grad), "gradB": t2l(lin.bias.grad)}
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    out["stateDictKeys"] = list(model.state_dict().keys())
    model(torch.randn(16, 3) * 2 + 1)  # move the running statistics away from 0 and 1
    model.eval()
    xm = torch.randn(5, 3)
    out["checkpoint"] = {"file": "mlp.safetensors", "x": t2l(xm), "y": t2l(model(xm))}
    write_safetensors(model.state_dict(), os.path.join(ROOT, "test/nn/golden/mlp.safetensors"))
    return out


def write_safetensors(state, path):
    """A PyTorch state dict as safetensors (F32 and I64, as torch stores num_batches_tracked)."""
    import struct
    header, blobs, at = {}, [], 0
    for name, t in state.items():
        t = t.detach().contiguous()
        dtype, b = ("I64", t.numpy().astype("<i8").tobytes()) if t.dtype == torch.int64 else ("F32", t.float().numpy().astype("<f4").tobytes())
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps({"__metadata__": {"format": "pt"}, **header}).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    print("wrote", os.path.relpath(path, ROOT))


# ---------------------------------------------------------------- optimizers
X = torch.randn(8, 3)
Y = torch.randn(8, 2)
W0 = torch.randn(3, 2) * 0.5
B0 = torch.randn(2) * 0.1


def run_opt(make, steps=20):
    w = W0.clone().requires_grad_()
    b = B0.clone().requires_grad_()
    opt = make([w, b])
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((torch.tanh(X @ w + b) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "w": t2l(w), "b": t2l(b)}


OPTS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.1, "maximize": False}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "betas": [0.8, 0.99], "amsgrad": True}),
    ("AdamW", {"lr": 0.05}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.3}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.01}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.1}),
]


def optimizer_cases():
    cases = []
    for name, opts in OPTS:
        kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in opts.items()}
        cases.append({"optimizer": name, "opts": opts, **run_opt(lambda ps: getattr(torch.optim, name)(ps, **kw))})
    # Two parameter groups, and clipping by norm before each step.
    w = W0.clone().requires_grad_(); b = B0.clone().requires_grad_()
    opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.5)
    norms = []
    for _ in range(20):
        opt.zero_grad()
        ((torch.tanh(X @ w + b) - Y) ** 2).mean().backward()
        norms.append(torch.nn.utils.clip_grad_norm_([w, b], 0.1).item())
        opt.step()
    groups = {"w": t2l(w), "b": t2l(b), "norms": norms}
    return {"X": t2l(X), "Y": t2l(Y), "W0": t2l(W0), "B0": t2l(B0), "cases": cases, "groupsAndClipping": groups}


# ---------------------------------------------------------------- schedulers
def sched_seq(make, steps=20, metrics=None, opt_kw=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9, **(opt_kw or {}))
    s = make(opt)
    lrs, moms = [], []
    for i in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"])
        opt.step()
        if metrics is not None:
            s.step(metrics[i])
        else:
            s.step()
    return {"lrs": lrs, "momentums": moms}


def scheduler_cases():
    S = torch.optim.lr_scheduler
    plateau_metrics = [1.0, 0.9, 0.8, 0.8, 0.8, 0.81, 0.79, 0.8, 0.8, 0.8, 0.8, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    return [
        {"scheduler": "StepLR", "args": [5], "opts": {"gamma": 0.5}, **sched_seq(lambda o: S.StepLR(o, 5, gamma=0.5))},
        {"scheduler": "MultiStepLR", "args": [[3, 7, 7, 12]], "opts": {"gamma": 0.3}, **sched_seq(lambda o: S.MultiStepLR(o, [3, 7, 7, 12], gamma=0.3))},
        {"scheduler": "ExponentialLR", "args": [0.9], "opts": {}, **sched_seq(lambda o: S.ExponentialLR(o, 0.9))},
        {"scheduler": "CosineAnnealingLR", "args": [8], "opts": {"eta_min": 0.01}, **sched_seq(lambda o: S.CosineAnnealingLR(o, 8, eta_min=0.01))},
        {"scheduler": "LinearLR", "args": [], "opts": {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 6}, **sched_seq(lambda o: S.LinearLR(o, start_factor=0.1, total_iters=6))},
        {"scheduler": "LambdaLR", "args": ["0.95 ** epoch"], "opts": {}, **sched_seq(lambda o: S.LambdaLR(o, lambda e: 0.95 ** e))},
        {"scheduler": "CyclicLR", "args": [0.01, 0.1], "opts": {"step_size_up": 4}, **sched_seq(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=4))},
        {"scheduler": "CyclicLR", "args": [0.01, 0.1], "opts": {"step_size_up": 3, "step_size_down": 2, "mode": "triangular2"}, **sched_seq(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, step_size_down=2, mode="triangular2"))},
        {"scheduler": "CyclicLR", "args": [0.01, 0.1], "opts": {"step_size_up": 3, "mode": "exp_range", "gamma": 0.9}, **sched_seq(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, mode="exp_range", gamma=0.9))},
        {"scheduler": "OneCycleLR", "args": [1.0], "opts": {"total_steps": 20}, **sched_seq(lambda o: S.OneCycleLR(o, 1.0, total_steps=20))},
        {"scheduler": "OneCycleLR", "args": [0.5], "opts": {"total_steps": 20, "pct_start": 0.4, "anneal_strategy": "linear", "three_phase": True}, **sched_seq(lambda o: S.OneCycleLR(o, 0.5, total_steps=20, pct_start=0.4, anneal_strategy="linear", three_phase=True))},
        {"scheduler": "ReduceLROnPlateau", "args": [], "opts": {"patience": 2, "factor": 0.5, "cooldown": 1}, "metrics": plateau_metrics, **sched_seq(lambda o: S.ReduceLROnPlateau(o, patience=2, factor=0.5, cooldown=1), metrics=plateau_metrics)},
    ]


if __name__ == "__main__":
    dump("test/nn/golden/losses.json", {"cases": loss_cases()})
    dump("test/nn/golden/layers.json", layer_cases())
    dump("test/optim/golden/optimizers.json", optimizer_cases())
    dump("test/optim/golden/schedulers.json", {"cases": scheduler_cases()})
