"""Golden fixtures for lernwerk's convolution, pooling, resizing and BatchNorm2d from PyTorch (Debian python3-torch 1.13).

Run: /usr/bin/python3 tools/gen_conv_fixtures.py
Writes test/nn/golden/conv.json (forward and gradients in float64 of every option the layers take) and
test/nn/golden/tiny-cnn.safetensors (a PyTorch state dict, written in the safetensors format by hand) with its
outputs in conv.json. Each case's loss is sum(out * upstream) with a stored random upstream gradient.
"""
import json, os, struct
import warnings
import torch
import torch.nn as nn
import torch.nn.functional as F
from fixture_io import save_safetensors, t2l

VERSION = 1
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
torch.manual_seed(0)
warnings.filterwarnings("ignore", category=UserWarning)


def rnd(*shape):
    return torch.randn(*shape, dtype=torch.float64)


CASES = []


def case(name, op, fn, inputs, params, grad=True):
    """Runs fn(*inputs) in float64, stores inputs, output, upstream and the gradient of every input."""
    ins = {k: v.clone().requires_grad_(grad) for k, v in inputs.items()}
    out = fn(**ins)
    rec = {"name": name, "op": op, "params": params, "inputs": {k: t2l(v) for k, v in inputs.items()}, "out": t2l(out)}
    if grad:
        up = rnd(*out.shape)
        (out * up).sum().backward()
        rec["upstream"] = t2l(up)
        rec["grads"] = {k: t2l(v.grad) for k, v in ins.items()}
    CASES.append(rec)


def conv_cases():
    def c2(name, x, w, b, **kw):
        params = {k: v for k, v in kw.items()}
        fn = lambda x, w, b=None: F.conv2d(x, w, b, **kw)
        case(name, "conv2d", fn, {"x": x, "w": w, **({"b": b} if b is not None else {})}, params)

    c2("3x3, bias", rnd(2, 3, 7, 6), rnd(4, 3, 3, 3), rnd(4))
    c2("stride 2, padding 1", rnd(2, 3, 7, 6), rnd(4, 3, 3, 3), rnd(4), stride=2, padding=1)
    c2("stride (2,1), padding (1,2), dilation (1,2)", rnd(2, 3, 7, 8), rnd(5, 3, 3, 2), rnd(5), stride=(2, 1), padding=(1, 2), dilation=(1, 2))
    c2("groups 2", rnd(2, 4, 6, 6), rnd(6, 2, 3, 3), rnd(6), groups=2)
    c2("depthwise (groups = channels), multiplier 2", rnd(1, 3, 5, 5), rnd(6, 1, 3, 3), rnd(6), groups=3, padding=1)
    c2("padding same, even kernel 4x2, dilation (1,2)", rnd(2, 3, 6, 7), rnd(2, 3, 4, 2), rnd(2), padding="same", dilation=(1, 2))
    c2("padding valid, 1x1 kernel", rnd(2, 3, 4, 5), rnd(4, 3, 1, 1), rnd(4), padding="valid")
    c2("no bias, kernel 2x5, stride (3,2)", rnd(2, 2, 8, 9), rnd(3, 2, 2, 5), None, stride=(3, 2))
    case("unbatched (C, H, W) input", "conv2d", lambda x, w, b: F.conv2d(x, w, b, padding=1), {"x": rnd(3, 5, 6), "w": rnd(2, 3, 3, 3), "b": rnd(2)}, {"padding": 1})

    case("conv1d stride 2, padding 1, dilation 2", "conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=2),
         {"x": rnd(2, 3, 11), "w": rnd(4, 3, 3), "b": rnd(4)}, {"stride": 2, "padding": 1, "dilation": 2})
    case("conv1d padding same, kernel 4, groups 3", "conv1d", lambda x, w: F.conv1d(x, w, padding="same", groups=3),
         {"x": rnd(2, 3, 9), "w": rnd(6, 1, 4)}, {"padding": "same", "groups": 3})

    case("convTranspose2d stride 2, padding 1, outputPadding 1", "convTranspose2d",
         lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
         {"x": rnd(2, 4, 3, 4), "w": rnd(4, 3, 3, 3), "b": rnd(3)}, {"stride": 2, "padding": 1, "outputPadding": 1})
    case("convTranspose2d DCGAN 4x4, stride 2, padding 1", "convTranspose2d",
         lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1),
         {"x": rnd(2, 5, 4, 4), "w": rnd(5, 3, 4, 4)}, {"stride": 2, "padding": 1})
    case("convTranspose2d groups 2, dilation 2, stride (2,3), outputPadding (1,2)", "convTranspose2d",
         lambda x, w, b: F.conv_transpose2d(x, w, b, stride=(2, 3), dilation=2, groups=2, output_padding=(1, 2)),
         {"x": rnd(1, 4, 3, 3), "w": rnd(4, 3, 2, 3), "b": rnd(6)}, {"stride": [2, 3], "dilation": 2, "groups": 2, "outputPadding": [1, 2]})
    case("convTranspose1d stride 3", "convTranspose1d", lambda x, w, b: F.conv_transpose1d(x, w, b, stride=3),
         {"x": rnd(2, 3, 5), "w": rnd(3, 2, 4), "b": rnd(2)}, {"stride": 3})


def pool_cases():
    def mp(name, x, k, **kw):
        fn = lambda x: F.max_pool2d(x, k, **kw)
        params = {{"ceil_mode": "ceilMode"}.get(k, k): v for k, v in kw.items()}
        case(name, "maxPool2d", fn, {"x": x}, {"kernelSize": k, **params})
        CASES[-1]["indices"] = F.max_pool2d(x, k, return_indices=True, **kw)[1].tolist()

    mp("max 2x2", rnd(2, 3, 6, 7), 2)
    mp("max 3x3, stride 2, padding 1", rnd(2, 2, 7, 7), 3, stride=2, padding=1)
    mp("max (2,3), stride (1,2), dilation 2, ceilMode", rnd(1, 2, 7, 9), [2, 3], stride=[1, 2], dilation=2, ceil_mode=True)
    ties = torch.tensor([[[[1.0, 1.0, 0.0, 2.0], [1.0, 0.5, 2.0, 2.0], [-1e9, -1e9, 3.0, 3.0], [-1e9, -1e9, 3.0, 0.0]]]], dtype=torch.float64)
    mp("ties: the first maximum wins", ties, 2)
    x1 = rnd(2, 3, 10)
    case("max1d 3, stride 2, padding 1, ceilMode", "maxPool1d", lambda x: F.max_pool1d(x, 3, stride=2, padding=1, ceil_mode=True),
         {"x": x1}, {"kernelSize": 3, "stride": 2, "padding": 1, "ceilMode": True})
    CASES[-1]["indices"] = F.max_pool1d(x1, 3, stride=2, padding=1, ceil_mode=True, return_indices=True)[1].tolist()

    def ap(name, x, k, **kw):
        names = {"ceil_mode": "ceilMode", "count_include_pad": "countIncludePad", "divisor_override": "divisorOverride"}
        case(name, "avgPool2d", lambda x: F.avg_pool2d(x, k, **kw), {"x": x}, {"kernelSize": k, **{names.get(a, a): v for a, v in kw.items()}})

    ap("avg 2x2", rnd(2, 3, 6, 7), 2)
    ap("avg 3x3, stride 2, padding 1, countIncludePad", rnd(2, 2, 7, 8), 3, stride=2, padding=1)
    ap("avg 3x3, stride 2, padding 1, no countIncludePad, ceilMode", rnd(2, 2, 8, 7), 3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)
    ap("avg (2,3), divisorOverride 4", rnd(1, 2, 6, 6), [2, 3], divisor_override=4)
    case("avg1d 3, stride 2, padding 1", "avgPool1d", lambda x: F.avg_pool1d(x, 3, stride=2, padding=1), {"x": rnd(2, 3, 9)}, {"kernelSize": 3, "stride": 2, "padding": 1})

    case("adaptive avg (5,7) -> (3,4)", "adaptiveAvgPool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), {"x": rnd(2, 3, 5, 7)}, {"outputSize": [3, 4]})
    case("adaptive avg global -> 1", "adaptiveAvgPool2d", lambda x: F.adaptive_avg_pool2d(x, 1), {"x": rnd(2, 3, 5, 7)}, {"outputSize": 1})
    case("adaptive avg (None, 2)", "adaptiveAvgPool2d", lambda x: F.adaptive_avg_pool2d(x, (None, 2)), {"x": rnd(1, 2, 4, 5)}, {"outputSize": [None, 2]})
    case("adaptive avg 1d 7 -> 3", "adaptiveAvgPool1d", lambda x: F.adaptive_avg_pool1d(x, 3), {"x": rnd(2, 2, 7)}, {"outputSize": 3})


def interpolate_cases():
    def ip(name, x, **kw):
        params = {{"scale_factor": "scaleFactor", "align_corners": "alignCorners"}.get(k, k): v for k, v in kw.items()}
        case(name, "interpolate", lambda x: F.interpolate(x, **kw), {"x": x}, params)

    ip("nearest, scale 2", rnd(2, 2, 3, 4), scale_factor=2, mode="nearest")
    ip("nearest, size (5, 7) from (3, 4)", rnd(1, 2, 3, 4), size=(5, 7), mode="nearest")
    ip("nearest, scale 1.5", rnd(1, 1, 4, 5), scale_factor=1.5, mode="nearest")
    ip("nearest, downscale to (2, 3)", rnd(1, 2, 7, 8), size=(2, 3), mode="nearest")
    ip("bilinear, scale 2", rnd(2, 2, 3, 4), scale_factor=2, mode="bilinear", align_corners=False)
    ip("bilinear, size (5, 3), alignCorners", rnd(1, 2, 4, 6), size=(5, 3), mode="bilinear", align_corners=True)
    ip("bilinear, downscale (3, 2)", rnd(1, 1, 7, 5), size=(3, 2), mode="bilinear")
    ip("linear 1-D, size 7", rnd(2, 2, 4), size=7, mode="linear")


def batchnorm2d():
    bn = nn.BatchNorm2d(3).double()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor([1.5, 0.5, -1.0]))
        bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
    x = rnd(4, 3, 5, 6) * 2 + 1
    xg = x.clone().requires_grad_(True)
    y1 = bn(xg)
    up = rnd(*y1.shape)
    (y1 * up).sum().backward()
    y2 = bn(x * 0.5 - 2)
    bn.eval()
    xe = x.clone().requires_grad_(True)
    ye = bn(xe)
    (ye * up).sum().backward()
    return {
        "x": t2l(x), "weight": t2l(bn.weight), "bias": t2l(bn.bias), "upstream": t2l(up),
        "train1": t2l(y1), "gradX": t2l(xg.grad), "train2": t2l(y2),
        "runningMean": t2l(bn.running_mean), "runningVar": t2l(bn.running_var),
        "eval": t2l(ye), "gradXEval": t2l(xe.grad),
    }


class TinyCnn(nn.Module):
    """The state-dict fixture: every parametrised spatial layer once, PyTorch's names."""
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, groups=2, bias=False), nn.ReLU(), nn.AdaptiveAvgPool2d(2),
        )
        self.up = nn.ConvTranspose2d(6, 2, 2, stride=2)
        self.classifier = nn.Linear(2 * 4 * 4, 3)

    def forward(self, x):
        return self.classifier(torch.flatten(self.up(self.features(x)), 1))


def tiny_cnn():
    m = TinyCnn()
    m.train()
    for _ in range(2):  # move the running statistics away from their initial values
        m(torch.randn(8, 1, 8, 8))
    m.eval()
    save_safetensors(os.path.join(ROOT, "test/nn/golden/tiny-cnn.safetensors"), m.state_dict())
    print("wrote test/nn/golden/tiny-cnn.safetensors")
    x = torch.randn(2, 1, 8, 8)
    return {"keys": list(m.state_dict().keys()), "x": t2l(x), "out": t2l(m(x))}


conv_cases()
pool_cases()
interpolate_cases()
fixture = {"version": VERSION, "torch": torch.__version__, "generator": "tools/gen_conv_fixtures.py",
           "cases": CASES, "batchNorm2d": batchnorm2d(), "tinyCnn": tiny_cnn()}
with open(os.path.join(ROOT, "test/nn/golden/conv.json"), "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
print("wrote test/nn/golden/conv.json with", len(CASES), "cases")
