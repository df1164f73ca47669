"""PyTorch golden fixtures for lernwerk's core: writes test/golden/core.json, which
test/golden/core.test.ts replays through the public API (forward values and gradients).

Regenerate with `npm run fixtures` (Debian's python3-torch: /usr/bin/python3 tools/gen_core_fixtures.py).
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

FORMAT = "lernwerk-golden-core"
VERSION = 1
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "golden", "core.json")

# torch dtype -> the name written to the fixture (lernwerk stores int64 indices as int32).
DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}


def encode_value(v, dtype):
    """One element as JSON: shortest round-trip repr for floats, strings for non-finite values."""
    if dtype == torch.bool:
        return bool(v)
    if dtype == torch.int64:
        return int(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    # str(np.float32) is the shortest decimal that rounds back to the same float32.
    return float(str(np.float32(v))) if dtype == torch.float32 else float(v)


def encode(t):
    t = t.detach()
    return {
        "shape": list(t.shape),
        "dtype": DTYPE_NAMES[t.dtype],
        "values": [encode_value(v, t.dtype) for v in t.reshape(-1).tolist()],
    }


def rounded(*shape, scale=1.0, dtype=torch.float32):
    """randn values rounded to 4 decimals: short in JSON, exact in float32 after rounding."""
    return (torch.randn(shape, dtype=torch.float64) * scale * 1e4).round().div(1e4).to(dtype)


def positive(*shape, lo=0.1, dtype=torch.float32):
    return (torch.rand(shape, dtype=torch.float64) * 2 + lo).mul(1e4).round().div(1e4).to(dtype)


def f32(values):
    return torch.tensor(values, dtype=torch.float32)


def idx(values):
    return torch.tensor(values, dtype=torch.int64)


def norm_p(p):
    return {"inf": math.inf, "-inf": -math.inf}.get(p, p)


# op name -> how PyTorch computes it from (params, *tensors). test/golden/replay.ts holds the same names for lernwerk.
TORCH = {
    "neg": lambda p, x: -x,
    "abs": lambda p, x: x.abs(),
    "exp": lambda p, x: x.exp(),
    "log": lambda p, x: x.log(),
    "log1p": lambda p, x: x.log1p(),
    "sqrt": lambda p, x: x.sqrt(),
    "rsqrt": lambda p, x: x.rsqrt(),
    "sin": lambda p, x: x.sin(),
    "cos": lambda p, x: x.cos(),
    "tanh": lambda p, x: x.tanh(),
    "sigmoid": lambda p, x: x.sigmoid(),
    "relu": lambda p, x: x.relu(),
    "erf": lambda p, x: x.erf(),
    "square": lambda p, x: x.square(),
    "sign": lambda p, x: x.sign(),
    "floor": lambda p, x: x.floor(),
    "ceil": lambda p, x: x.ceil(),
    "round": lambda p, x: x.round(),
    "leakyRelu": lambda p, x: F.leaky_relu(x, p["negativeSlope"]),
    "elu": lambda p, x: F.elu(x, p["alpha"]),
    "selu": lambda p, x: F.selu(x),
    "gelu": lambda p, x: F.gelu(x, approximate=p["approximate"]),
    "softplus": lambda p, x: F.softplus(x, beta=p["beta"], threshold=p["threshold"]),
    "clamp": lambda p, x: x.clamp(p["min"], p["max"]),
    "add": lambda p, a, b: torch.add(a, b, alpha=p.get("alpha", 1)),
    "sub": lambda p, a, b: torch.sub(a, b, alpha=p.get("alpha", 1)),
    "mul": lambda p, a, b: a * b,
    "div": lambda p, a, b: a / b,
    "pow": lambda p, a, b: a**b,
    "powScalar": lambda p, x: x ** p["exponent"],
    "scalarPow": lambda p, x: p["base"] ** x,
    "mulScalar": lambda p, x: x * p["scalar"],
    "maximum": lambda p, a, b: torch.maximum(a, b),
    "minimum": lambda p, a, b: torch.minimum(a, b),
    "eq": lambda p, a, b: a == b,
    "ne": lambda p, a, b: a != b,
    "lt": lambda p, a, b: a < b,
    "le": lambda p, a, b: a <= b,
    "gt": lambda p, a, b: a > b,
    "ge": lambda p, a, b: a >= b,
    "where": lambda p, c, a, b: torch.where(c, a, b),
    "maskedFill": lambda p, x, m: x.masked_fill(m, p["value"]),
    "sum": lambda p, x: x.sum() if "dim" not in p else x.sum(p["dim"], keepdim=p["keepdim"]),
    "mean": lambda p, x: x.mean() if "dim" not in p else x.mean(p["dim"], keepdim=p["keepdim"]),
    "prod": lambda p, x: x.prod() if "dim" not in p else x.prod(p["dim"], keepdim=p["keepdim"]),
    "maxAll": lambda p, x: x.max(),
    "maxDim": lambda p, x: tuple(x.max(p["dim"], keepdim=p["keepdim"])),
    "minDim": lambda p, x: tuple(x.min(p["dim"], keepdim=p["keepdim"])),
    "amax": lambda p, x: x.amax(p["dim"], keepdim=p["keepdim"]),
    "amin": lambda p, x: x.amin(p["dim"], keepdim=p["keepdim"]),
    "argmax": lambda p, x: x.argmax() if "dim" not in p else x.argmax(p["dim"], keepdim=p["keepdim"]),
    "argmin": lambda p, x: x.argmin(p["dim"], keepdim=p["keepdim"]),
    "var": lambda p, x: x.var(p["dim"], unbiased=p["unbiased"], keepdim=p["keepdim"]),
    "std": lambda p, x: x.std(p["dim"], unbiased=p["unbiased"], keepdim=p["keepdim"]),
    "logsumexp": lambda p, x: x.logsumexp(p["dim"], keepdim=p["keepdim"]),
    "norm": lambda p, x: torch.linalg.vector_norm(x, norm_p(p["p"]), dim=p.get("dim"), keepdim=p.get("keepdim", False)),
    "cumsum": lambda p, x: x.cumsum(p["dim"]),
    "softmax": lambda p, x: x.softmax(p["dim"]),
    "logSoftmax": lambda p, x: x.log_softmax(p["dim"]),
    "matmul": lambda p, a, b: a @ b,
    "bmm": lambda p, a, b: torch.bmm(a, b),
    "mm": lambda p, a, b: torch.mm(a, b),
    "dot": lambda p, a, b: torch.dot(a, b),
    "outer": lambda p, a, b: torch.outer(a, b),
    "transposeContiguous": lambda p, x: x.transpose(p["dim0"], p["dim1"]).contiguous(),
    "permute": lambda p, x: x.permute(*p["dims"]),
    "reshape": lambda p, x: x.reshape(*p["shape"]),
    "T": lambda p, x: x.permute(*reversed(range(x.dim()))),
    "transposeReshape": lambda p, x: x.T.reshape(*p["shape"]),
    "flatten": lambda p, x: x.flatten(p["startDim"], p["endDim"]),
    "squeeze": lambda p, x: x.squeeze(p["dim"]),
    "unsqueeze": lambda p, x: x.unsqueeze(p["dim"]),
    "cat": lambda p, *ts: torch.cat(ts, p["dim"]),
    "stack": lambda p, *ts: torch.stack(ts, p["dim"]),
    "split": lambda p, x: tuple(x.split(p["splitSize"], p["dim"])),
    "chunk": lambda p, x: tuple(x.chunk(p["chunks"], p["dim"])),
    "flip": lambda p, x: x.flip(p["dims"]),
    "pad": lambda p, x: F.pad(x, p["padding"], value=p["value"]),
    "repeat": lambda p, x: x.repeat(*p["repeats"]),
    "tril": lambda p, x: x.tril(p["diagonal"]),
    "triu": lambda p, x: x.triu(p["diagonal"]),
    "expand": lambda p, x: x.expand(*p["shape"]),
    "narrow": lambda p, x: x.narrow(p["dim"], p["start"], p["length"]),
    "select": lambda p, x: x.select(p["dim"], p["index"]),
    "index": lambda p, x: x[eval("np.s_[" + p["spec"] + "]", {"np": np})],  # the spec is our own literal
    "gather": lambda p, x, i: x.gather(p["dim"], i),
    "scatter": lambda p, x, i, s: x.scatter(p["dim"], i, s),
    "scatterValue": lambda p, x, i: x.scatter(p["dim"], i, p["value"]),
    "scatterAdd": lambda p, x, i, s: x.scatter_add(p["dim"], i, s),
    "indexSelect": lambda p, x, i: x.index_select(p["dim"], i),
    "indexAdd": lambda p, x, i, s: x.index_add(p["dim"], i, s),
}

CASES = []


def case(name, op, inputs, tol=None, why=None, **params):
    """Runs TORCH[op] on the inputs, then backward of Σ (out · w) with a recorded random w per float output."""
    outs = TORCH[op](params, *inputs)
    outs = list(outs) if isinstance(outs, tuple) else [outs]
    weights = [rounded(*o.shape, dtype=o.dtype) if o.requires_grad else None for o in outs]
    if any(w is not None for w in weights):
        sum(((o * w).sum() for o, w in zip(outs, weights) if w is not None)).backward()
    entry = {
        "name": name,
        "op": op,
        "params": params,
        "inputs": [dict(encode(t), requiresGrad=t.requires_grad) for t in inputs],
        "outputs": [encode(o) for o in outs],
        "gradWeights": [None if w is None else encode(w) for w in weights],
        "grads": [encode(t.grad) if t.requires_grad and t.grad is not None else None for t in inputs],
    }
    if tol:
        entry["tol"] = dict(tol, why=why)
    CASES.append(entry)


def g(t):
    """A fresh leaf that requires grad."""
    return t.detach().clone().requires_grad_(True)


def add_elementwise_cases():
    x = rounded(3, 4)
    with_zeros = f32([[-1.5, 0.0, 0.5, 2.0], [0.0, -0.25, 3.0, -2.0]])
    case("neg", "neg", [g(x)])
    case("abs at zero has gradient 0", "abs", [g(with_zeros)])
    case("exp", "exp", [g(x)])
    case("log", "log", [g(positive(3, 4))])
    case("log1p", "log1p", [g(positive(3, 4, lo=-0.9))])
    case("sqrt", "sqrt", [g(positive(3, 4))])
    case("rsqrt", "rsqrt", [g(positive(3, 4))])
    case("sin", "sin", [g(rounded(3, 4, scale=3))])
    case("cos", "cos", [g(rounded(3, 4, scale=3))])
    case("tanh", "tanh", [g(rounded(3, 4, scale=2))])
    case("sigmoid", "sigmoid", [g(rounded(3, 4, scale=3))])
    case("relu: relu'(0) = 0", "relu", [g(with_zeros)])
    case("erf", "erf", [g(x)])
    case("square", "square", [g(x)])
    case("sign", "sign", [g(with_zeros)])
    case("floor", "floor", [g(rounded(3, 4, scale=3))])
    case("ceil", "ceil", [g(rounded(3, 4, scale=3))])
    case("round half to even", "round", [g(f32([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.51, 3.7]))])
    case("leakyRelu at zero takes the slope", "leakyRelu", [g(with_zeros)], negativeSlope=0.1)
    case("elu alpha 0.5", "elu", [g(with_zeros)], alpha=0.5)
    case("selu at zero takes scale * alpha", "selu", [g(with_zeros)])
    case("gelu exact", "gelu", [g(rounded(3, 4, scale=2))], approximate="none")
    case("gelu tanh", "gelu", [g(rounded(3, 4, scale=2))], approximate="tanh")
    case("softplus", "softplus", [g(rounded(3, 4, scale=3))], beta=1, threshold=20)
    case("softplus beta 2 across the threshold", "softplus", [g(f32([-4.0, -1.0, 0.0, 1.0, 2.4, 2.5, 2.6, 6.0]))], beta=2, threshold=5)
    bounds = f32([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])
    case("clamp bounds are inclusive", "clamp", [g(bounds)], min=-1.0, max=1.0)
    case("clamp min only", "clamp", [g(bounds)], min=-0.5, max=None)
    case("clamp max only", "clamp", [g(bounds)], min=None, max=0.5)


def add_binary_cases():
    case("add broadcast (3,1)+(4)", "add", [g(rounded(3, 1)), g(rounded(4))])
    case("add alpha 2 broadcast (2,3,4)+(3,1)", "add", [g(rounded(2, 3, 4)), g(rounded(3, 1))], alpha=2)
    case("sub broadcast (2,1,4)-(3,1)", "sub", [g(rounded(2, 1, 4)), g(rounded(3, 1))])
    case("mul broadcast (3,4)*(1,4)", "mul", [g(rounded(3, 4)), g(rounded(1, 4))])
    case("div broadcast (3,4)/(3,1)", "div", [g(rounded(3, 4)), g(positive(3, 1, lo=0.5))])
    case("pow tensor exponent", "pow", [g(positive(3, 4)), g(rounded(3, 4))])
    case("pow with zero base", "pow", [g(f32([0.0, 0.0, 0.0, 2.0, 3.0])), g(f32([2.0, 0.0, 1.0, 0.5, 0.0]))])
    case("pow scalar exponent 3 (negative base)", "powScalar", [g(rounded(3, 4))], exponent=3)
    case("pow scalar exponent 2 at zero", "powScalar", [g(with_zero_row())], exponent=2)
    case("scalar base 2 ** x", "scalarPow", [g(rounded(3, 4))], base=2)
    case("mul by a scalar", "mulScalar", [g(rounded(3, 4))], scalar=-1.5)
    ties = f32([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    other = f32([[1.0, 3.0, 2.0], [4.0, 0.0, 6.0]])
    case("maximum splits the gradient of ties", "maximum", [g(ties), g(other)])
    case("minimum splits the gradient of ties", "minimum", [g(ties), g(other)])
    a, b = f32([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), f32([[2.0], [5.0]])
    for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
        case(f"{op} broadcast with ties", op, [a, b])
    cond = torch.tensor([[True, False, True], [False, False, True]])
    case("where broadcast", "where", [cond, g(rounded(2, 3)), g(rounded(1, 3))])
    mask = torch.tensor([[True], [False], [True]])
    case("maskedFill broadcast mask", "maskedFill", [g(rounded(3, 4)), mask], value=-1e9)


def with_zero_row():
    return f32([[0.0, -1.5, 2.0], [0.0, 0.0, 0.5]])


def add_reduction_cases():
    x3 = rounded(2, 3, 4)
    case("sum all", "sum", [g(x3)])
    case("sum dim 1 keepdim", "sum", [g(x3)], dim=1, keepdim=True)
    case("sum dims (0, 2)", "sum", [g(x3)], dim=[0, 2], keepdim=False)
    case("mean all", "mean", [g(x3)])
    case("mean dim -1 keepdim", "mean", [g(x3)], dim=-1, keepdim=True)
    case("prod dim 1 with a zero", "prod", [g(f32([[1.5, 0.0, -2.0], [0.5, 2.0, 3.0]]))], dim=1, keepdim=False)
    case("prod all", "prod", [g(positive(2, 3, lo=0.5))])
    ties = f32([[1.0, 3.0, 3.0, -2.0], [0.5, 0.5, -1.0, 0.25], [-1.0, -1.0, -1.0, -1.0]])
    case("max all with ties shares the gradient", "maxAll", [g(f32([1.0, 3.0, -2.0, 3.0, 0.0]))])
    case("max dim with ties: first index gets the gradient", "maxDim", [g(ties)], dim=1, keepdim=False)
    case("max dim 0 keepdim", "maxDim", [g(rounded(3, 4))], dim=0, keepdim=True)
    case("min dim with ties", "minDim", [g(ties)], dim=1, keepdim=True)
    case("amax with ties shares the gradient", "amax", [g(ties)], dim=1, keepdim=False)
    case("amax over all dims", "amax", [g(ties)], dim=[0, 1], keepdim=False)
    case("amin with ties keepdim", "amin", [g(ties)], dim=0, keepdim=True)
    case("argmax with ties: first index", "argmax", [ties], dim=1, keepdim=False)
    case("argmax flattened", "argmax", [ties])
    case("argmin keepdim", "argmin", [ties], dim=0, keepdim=True)
    x = rounded(3, 5)
    case("var unbiased", "var", [g(x)], dim=1, unbiased=True, keepdim=False)
    case("var biased keepdim", "var", [g(x)], dim=0, unbiased=False, keepdim=True)
    case("std unbiased over dims", "std", [g(x3)], dim=[0, 2], unbiased=True, keepdim=False)
    case("std biased", "std", [g(x)], dim=1, unbiased=False, keepdim=True)
    case("logsumexp", "logsumexp", [g(rounded(3, 5, scale=3))], dim=1, keepdim=False)
    case("logsumexp huge values", "logsumexp", [g(f32([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]]))], dim=1, keepdim=True,
         tol={"rtol": 5e-5}, why="PyTorch's gradient exp(x - result) uses the result rounded to float32 near 1000 (ulp 6e-5): off by 1.3e-5 from the exact value")
    case("norm p=2 all", "norm", [g(x)], p=2)
    case("norm p=1 dim 1", "norm", [g(x)], p=1, dim=1, keepdim=False)
    case("norm p=inf dim 0 keepdim", "norm", [g(x)], p="inf", dim=0, keepdim=True)
    case("norm p=3", "norm", [g(x)], p=3, dim=1, keepdim=False)
    case("cumsum dim 1", "cumsum", [g(x)], dim=1)
    case("cumsum dim 0 of 3-d", "cumsum", [g(x3)], dim=0)


def add_softmax_cases():
    x = rounded(3, 5, scale=2)
    huge = f32([[1000.0, 1001.0, 999.0, 1000.5], [-1e4, 0.0, 1e4, 1e4 - 1], [0.0, float("-inf"), 1.0, float("-inf")]])
    case("softmax dim 1", "softmax", [g(x)], dim=1)
    case("softmax dim 0", "softmax", [g(x)], dim=0)
    case("softmax huge logits and -inf", "softmax", [g(huge)], dim=-1)
    case("logSoftmax dim 1", "logSoftmax", [g(x)], dim=1)
    case("logSoftmax huge logits and -inf", "logSoftmax", [g(huge)], dim=1)


def add_matmul_cases():
    case("matmul 1-D . 1-D", "matmul", [g(rounded(4)), g(rounded(4))])
    case("matmul 2-D @ 2-D", "matmul", [g(rounded(3, 4)), g(rounded(4, 5))])
    case("matmul 1-D @ 2-D", "matmul", [g(rounded(4)), g(rounded(4, 3))])
    case("matmul 2-D @ 1-D", "matmul", [g(rounded(3, 4)), g(rounded(4))])
    case("matmul batched @ 2-D", "matmul", [g(rounded(2, 3, 4)), g(rounded(4, 5))])
    case("matmul broadcast batch dims", "matmul", [g(rounded(2, 1, 3, 4)), g(rounded(3, 4, 2))])
    case("matmul 1-D @ 3-D", "matmul", [g(rounded(4)), g(rounded(2, 4, 3))])
    case("matmul 3-D @ 1-D", "matmul", [g(rounded(2, 3, 4)), g(rounded(4))])
    case("bmm", "bmm", [g(rounded(2, 3, 4)), g(rounded(2, 4, 2))])
    case("mm", "mm", [g(rounded(2, 3)), g(rounded(3, 4))])
    case("dot", "dot", [g(rounded(5)), g(rounded(5))])
    case("outer", "outer", [g(rounded(3)), g(rounded(4))])


def add_movement_cases():
    x = rounded(3, 4)
    x3 = rounded(2, 3, 4)
    case("transpose then contiguous", "transposeContiguous", [g(x3)], dim0=0, dim1=2)
    case("permute", "permute", [g(x3)], dims=[2, 0, 1])
    case("reshape of a transposed view", "transposeReshape", [g(x)], shape=[2, 6])
    case("T of 3-d reverses dims", "T", [g(x3)])
    case("reshape with -1", "reshape", [g(x3)], shape=[4, -1])
    case("flatten 1..2", "flatten", [g(x3)], startDim=1, endDim=2)
    case("squeeze dim", "squeeze", [g(rounded(3, 1, 2))], dim=1)
    case("unsqueeze -1", "unsqueeze", [g(x)], dim=-1)
    case("cat dim 1 of three", "cat", [g(rounded(2, 1)), g(rounded(2, 3)), g(rounded(2, 2))], dim=1)
    case("stack dim 1", "stack", [g(rounded(3, 2)), g(rounded(3, 2))], dim=1)
    case("split sizes", "split", [g(rounded(5, 2))], splitSize=[1, 3, 1], dim=0)
    case("split by size, last smaller", "split", [g(rounded(2, 7))], splitSize=3, dim=1)
    case("chunk", "chunk", [g(rounded(7, 2))], chunks=3, dim=0)
    case("flip two dims", "flip", [g(x3)], dims=[0, 2])
    case("pad constant", "pad", [g(x)], padding=[1, 2, 0, 1], value=0.5)
    case("pad negative crops", "pad", [g(x)], padding=[-1, 1], value=0.0)
    case("repeat with a new dim", "repeat", [g(rounded(2, 3))], repeats=[2, 1, 2])
    case("tril diagonal -1", "tril", [g(rounded(4, 5))], diagonal=-1)
    case("triu diagonal 1 batched", "triu", [g(rounded(2, 3, 4))], diagonal=1)
    case("expand sums the gradient", "expand", [g(rounded(3, 1))], shape=[2, 3, 4])
    case("narrow", "narrow", [g(x)], dim=1, start=1, length=2)
    case("select negative index", "select", [g(x3)], dim=1, index=-1)
    case("index with steps", "index", [g(rounded(5, 6))], spec="1:, ::2")
    case("index int, None, ellipsis", "index", [g(x3)], spec="-1, None, ..., 1:3")


def add_indexing_cases():
    x = rounded(3, 4)
    case("gather dim 1", "gather", [g(x), idx([[0, 0, 3], [1, 2, 1], [3, 3, 0]])], dim=1)
    case("gather dim 0", "gather", [g(x), idx([[2, 0, 1, 1], [0, 0, 2, 1]])], dim=0)
    case("scatter dim 1", "scatter", [g(x), idx([[3, 0], [1, 2], [0, 3]]), g(rounded(3, 2))], dim=1)
    case("scatter a value", "scatterValue", [g(x), idx([[2], [0], [1]])], dim=1, value=7.5)
    case("scatterAdd with repeated indices", "scatterAdd", [g(x), idx([[0, 0, 1, 0], [2, 2, 2, 1]]), g(rounded(2, 4))], dim=0)
    case("indexSelect repeats rows", "indexSelect", [g(x), idx([2, 0, 2])], dim=0)
    case("indexSelect dim 1", "indexSelect", [g(x), idx([3, 1])], dim=1)
    case("indexAdd", "indexAdd", [g(x), idx([0, 2, 0]), g(rounded(3, 4))], dim=0)


def add_edge_value_cases():
    special = f32([float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 1.0])
    case("exp of NaN and ±Inf", "exp", [g(special)])
    case("relu of NaN and ±Inf", "relu", [g(special)])
    case("sigmoid of NaN and ±Inf", "sigmoid", [g(special)])
    case("tanh of NaN and ±Inf", "tanh", [g(special)])
    far = f32([-100.0, -30.0, -1e-6, 1e-6, 30.0, 100.0])
    case("sigmoid far from zero", "sigmoid", [g(far)])
    case("tanh far from zero", "tanh", [g(far)])
    case("exp underflows to 0", "exp", [g(f32([-120.0, -87.0, -50.0, 80.0, 88.0]))])
    case("log1p of tiny values", "log1p", [g(f32([1e-10, -1e-7, 1e-4, 3e-8]))])
    case("softplus far from zero", "softplus", [g(far)], beta=1, threshold=20)
    case("maximum propagates NaN", "maximum", [f32([float("nan"), 1.0, 2.0]), f32([0.0, float("nan"), 3.0])])
    case("amax propagates NaN", "amax", [f32([[1.0, float("nan"), 3.0], [1.0, 2.0, 0.0]])], dim=1, keepdim=False)
    case("sum over an empty dim", "sum", [g(torch.zeros(0, 3))], dim=0, keepdim=False)
    case("int64 * float32 promotes to float32", "mul", [idx([[1, -2, 3]]), g(rounded(2, 3))])
    case("sum of bool counts", "sum", [torch.tensor([[True, False, True], [True, True, False]])], dim=1, keepdim=False)


def add_float64_cases():
    d = torch.float64
    case("float64 exp", "exp", [g(rounded(3, 4, dtype=d))])
    case("float64 matmul", "matmul", [g(rounded(3, 4, dtype=d)), g(rounded(4, 2, dtype=d))])
    case("float64 softmax", "softmax", [g(rounded(3, 5, scale=3, dtype=d))], dim=1)
    case("float64 var", "var", [g(rounded(4, 6, dtype=d))], dim=1, unbiased=True, keepdim=False)
    case("float32 + float64 promotes", "add", [g(rounded(2, 3)), g(rounded(2, 3, dtype=d))])


def two_layer_network():
    """x (8, 5) -> Linear(5, 7) -> tanh -> Linear(7, 3) -> cross-entropy (logSoftmax + gather + mean), then SGD steps."""
    x = rounded(8, 5)
    y = torch.randint(0, 3, (8,))
    params = {
        "w1": rounded(7, 5, scale=0.4),
        "b1": rounded(7, scale=0.1),
        "w2": rounded(3, 7, scale=0.4),
        "b2": rounded(3, scale=0.1),
    }
    initial = {k: encode(v) for k, v in params.items()}
    leaves = {k: g(v) for k, v in params.items()}
    xg = g(x)

    def loss_of(p, inp):
        h = torch.tanh(inp @ p["w1"].T + p["b1"])
        logits = h @ p["w2"].T + p["b2"]
        return -logits.log_softmax(1).gather(1, y[:, None]).mean(), logits

    loss, logits = loss_of(leaves, xg)
    loss.backward()
    grads = {k: encode(v.grad) for k, v in leaves.items()}
    grads["x"] = encode(xg.grad)
    lr, losses = 0.5, []
    for _ in range(5):
        for v in leaves.values():
            v.grad = None
        step_loss, _ = loss_of(leaves, x)
        step_loss.backward()
        losses.append(encode_value(step_loss.item(), torch.float32))
        with torch.no_grad():
            for v in leaves.values():
                v -= lr * v.grad
    return {
        "x": encode(x),
        "targets": encode(y),
        "params": initial,
        "logits": encode(logits),
        "loss": encode(loss),
        "grads": grads,
        "sgd": {"lr": lr, "losses": losses},
    }


def main():
    torch.manual_seed(0)
    add_elementwise_cases()
    add_binary_cases()
    add_reduction_cases()
    add_softmax_cases()
    add_matmul_cases()
    add_movement_cases()
    add_indexing_cases()
    add_edge_value_cases()
    add_float64_cases()
    network = two_layer_network()
    header = {
        "format": FORMAT,
        "version": VERSION,
        "regenerate": "npm run fixtures  (/usr/bin/python3 tools/gen_core_fixtures.py, Debian python3-torch)",
        "torch": torch.__version__,
    }
    # One case per line keeps diffs readable.
    lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in CASES]
    with open(OUT, "w") as f:
        f.write("{\n")
        for k, v in header.items():
            f.write(f"{json.dumps(k)}: {json.dumps(v)},\n")
        f.write('"network": ' + json.dumps(network, separators=(",", ":"), allow_nan=False) + ",\n")
        f.write('"cases": [\n' + ",\n".join(lines) + "\n]\n}\n")
    print(f"wrote {len(CASES)} cases and the network to {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
