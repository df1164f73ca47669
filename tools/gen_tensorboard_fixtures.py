"""Golden fixtures for lw.track's SummaryWriter from PyTorch's own torch.utils.tensorboard code.

Debian has no `tensorboard` package, so this builds the TensorBoard message modules PyTorch imports from
tools/tensorboard_proto (protoc --python_out, Debian's python3-protobuf and libprotobuf-dev), loads
torch/utils/tensorboard/{summary,writer}.py against them, and replaces only the event-file writer by one that
records what PyTorch's SummaryWriter hands it (and PIL's PNG step by one that keeps the raw pixels). The Events are
serialized by protobuf itself, so the test compares lernwerk's bytes with protobuf's for PyTorch's messages.

Run: /usr/bin/python3 tools/gen_tensorboard_fixtures.py   (needs python3-torch, python3-protobuf, libprotobuf-dev, protobuf-compiler)
Writes test/track/fixtures/tensorboard-pytorch.json.
"""
import importlib
import json
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
PROTO = ROOT / "tools" / "tensorboard_proto"
OUT = ROOT / "test" / "track" / "fixtures" / "tensorboard-pytorch.json"

gen = Path(tempfile.mkdtemp(prefix="lw-tb-proto-"))
subprocess.run(["protoc", f"--python_out={gen}", "-I", str(PROTO), "-I", "/usr/include",
                *[str(p.relative_to(PROTO)) for p in PROTO.rglob("*.proto")]], cwd=PROTO, check=True)
sys.path.insert(0, str(gen))


def stub(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


# Modules PyTorch imports that lernwerk's writer does not need: empty stand-ins.
stub("tensorboard.compat", tf=None, __path__=[str(gen / "tensorboard" / "compat")])
stub("tensorboard.summary", __path__=[])
stub("tensorboard.summary.writer", __path__=[])
stub("tensorboard.summary.writer.event_file_writer", EventFileWriter=object)
stub("tensorboard.plugins.projector", __path__=[])
stub("tensorboard.plugins.projector.projector_config_pb2", ProjectorConfig=object, EmbeddingInfo=object)
stub("tensorboard.plugins.hparams.metadata", PLUGIN_NAME="hparams", PLUGIN_DATA_VERSION=0,
     EXPERIMENT_TAG="_hparams_/experiment", SESSION_START_INFO_TAG="_hparams_/session_start_info",
     SESSION_END_INFO_TAG="_hparams_/session_end_info")
# The package torch.utils.tensorboard without its __init__ (which insists on an installed tensorboard).
pkg = stub("torch.utils.tensorboard", __path__=[str(Path(torch.__file__).parent / "utils" / "tensorboard")])
for graph_mod in ("_onnx_graph", "_pytorch_graph"):
    stub(f"torch.utils.tensorboard.{graph_mod}", load_onnx_graph=None, graph=None)
summary = importlib.import_module("torch.utils.tensorboard.summary")
writer = importlib.import_module("torch.utils.tensorboard.writer")
from tensorboard.compat.proto.event_pb2 import Event  # noqa: E402
from tensorboard.compat.proto.summary_pb2 import Summary  # noqa: E402

records = []


class RecordingFileWriter:
    """Stands in for tensorboard's FileWriter: keeps each Event as protobuf serializes it."""

    def __init__(self, log_dir, *args, **kwargs):
        self.log_dir = log_dir

    def get_logdir(self):
        return self.log_dir

    def add_event(self, event, step=None, walltime=None):
        pass

    def add_summary(self, s, global_step=None, walltime=None):
        ev = Event(summary=s, wall_time=walltime if walltime is not None else 0.0)
        if global_step is not None:
            ev.step = int(global_step)
        records.append({"logdir": self.log_dir, "event": ev.SerializeToString().hex(), "summary": s.SerializeToString().hex()})

    def flush(self):
        pass

    def close(self):
        pass


def raw_pixels(tensor, rescale=1, rois=None, labels=None):
    """PIL's PNG step replaced: the (H, W, C) uint8 pixels PyTorch would encode."""
    h, w, c = tensor.shape
    return Summary.Image(height=h, width=w, colorspace=c, encoded_image_string=np.ascontiguousarray(tensor).tobytes())


class NumpyWithOldGreater(types.ModuleType):
    """numpy as torch 1.13's make_histogram expects it: np.greater(..., dtype=np.int32) fails on numpy 1.24
    (no such loop), so the comparison is made as bool and then cast, which is what it meant."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def greater(a, b, dtype=None):
        out = np.greater(a, b)
        return out if dtype is None else out.astype(dtype)


summary.np = NumpyWithOldGreater("numpy")
writer.FileWriter = RecordingFileWriter
summary.make_image = raw_pixels
rng = np.random.default_rng(20261207)
cases = []


def case(name, inputs, call):
    records.clear()
    call()
    cases.append({"name": name, "inputs": inputs, "records": list(records)})


w = writer.SummaryWriter("logs/run")
case("scalar", {"tag": "loss/train", "value": 0.1, "step": 3, "walltime": 1700000000.25},
     lambda: w.add_scalar("loss/train", 0.1, 3, walltime=1700000000.25))
case("scalar-step0-nan", {"tag": "x", "value": "nan", "step": 0, "walltime": 12.5},
     lambda: w.add_scalar("x", float("nan"), 0, walltime=12.5))
case("scalar-negative-step", {"tag": "neg", "value": -2.5, "step": -7, "walltime": 1.0},
     lambda: w.add_scalar("neg", -2.5, -7, walltime=1.0))
case("scalars", {"mainTag": "run/loss", "dict": {"train": 1.5, "val": 2.25}, "step": 9, "walltime": 99.0},
     lambda: w.add_scalars("run/loss", {"train": 1.5, "val": 2.25}, 9, walltime=99.0))

exact = (rng.integers(-40, 40, size=200) / 8.0)  # sums are exact in any order
normal = rng.standard_normal(1000)
wide = np.concatenate([rng.standard_normal(50) * 1e6, [0.0, 0.0, 1e-13, -3e-13]])
for name, values, bins, max_bins in [
    ("histogram-tensorflow", exact, "tensorflow", None),
    ("histogram-normal", normal, "tensorflow", None),
    ("histogram-wide", wide, "tensorflow", None),
    ("histogram-int-bins", exact, 10, None),
    ("histogram-edges", exact, [-2.0, -1.0, 0.0, 0.5, 1.0, 3.0], None),
    ("histogram-max-bins", normal, "tensorflow", 30),
    ("histogram-constant", np.full(5, 3.0), 4, None),
]:
    case(name, {"values": values.tolist(), "bins": bins, "maxBins": max_bins, "step": 5, "walltime": 3.5},
         lambda: w.add_histogram("weights/" + name, torch.tensor(values, dtype=torch.float64), 5, bins=bins, walltime=3.5, max_bins=max_bins))

chw = rng.random((3, 5, 7)).astype(np.float32)
chw[0, 0, 0], chw[1, 0, 0], chw[2, 0, 0] = 0.5, 1.0, 0.0  # 127.5 truncates to 127
hwc4 = rng.random((4, 6, 4)).astype(np.float32)
hw = rng.random((3, 2)).astype(np.float32)
gray = rng.random((1, 4, 4)).astype(np.float32)
ints = rng.integers(0, 256, size=(3, 4, 5)).astype(np.uint8)
batch = rng.random((10, 3, 2, 3)).astype(np.float32)
for name, arr, fmt in [("image-chw", chw, "CHW"), ("image-hwc-rgba", hwc4, "HWC"), ("image-hw", hw, "HW"), ("image-gray", gray, "CHW"), ("image-uint8", ints, "CHW")]:
    case(name, {"values": arr.astype(np.float64).tolist(), "dtype": str(arr.dtype), "dataformats": fmt, "step": 2, "walltime": 7.0},
         lambda: w.add_image("img/" + name, torch.from_numpy(arr), 2, walltime=7.0, dataformats=fmt))
case("images-nchw", {"values": batch.astype(np.float64).tolist(), "dataformats": "NCHW", "step": 1, "walltime": 8.0},
     lambda: w.add_images("batch", torch.from_numpy(batch), 1, walltime=8.0))

case("text", {"tag": "notes", "text": "**Hello** wörld\nline 2", "step": 4, "walltime": 10.0},
     lambda: w.add_text("notes", "**Hello** wörld\nline 2", 4, walltime=10.0))
# (no bool hparam here: PyTorch tests isinstance(v, int) first, and Python's True is an int, so it writes
# number_value 1.0 / DATA_TYPE_FLOAT64; lernwerk writes bool_value / DATA_TYPE_BOOL as the hparams plugin defines)
case("hparams", {"hparams": {"lr": 0.01, "optimizer": "adam", "layers": 3}, "metrics": {"hparam/accuracy": 0.875}, "runName": "trial-1"},
     lambda: w.add_hparams({"lr": 0.01, "optimizer": "adam", "layers": 3}, {"hparam/accuracy": 0.875}, run_name="trial-1"))

default_bins = w.default_bins
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"generator": "tools/gen_tensorboard_fixtures.py", "torch": torch.__version__,
                           "defaultBins": {"count": len(default_bins), "first": default_bins[:3], "last": default_bins[-3:]},
                           "cases": cases}, indent=1) + "\n")
print(f"wrote {OUT} ({len(cases)} cases)")
