"""Shared helpers of the fixture generators: a safetensors writer (no `safetensors` package in
Debian) and tensor → nested float list for JSON fixtures."""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int32: "I32", torch.int64: "I64"}


def t2l(t):
    """A tensor as nested Python floats (float64), for JSON fixtures."""
    return t.detach().double().tolist()


def save_safetensors(path, state, metadata=None):
    """Writes `state` (name → tensor) as a safetensors file: 8-byte header length, JSON header padded to 8, raw data."""
    header, blobs, at = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for k, v in state.items():
        a = v.detach().contiguous()
        raw = a.numpy().tobytes()
        header[k] = {"dtype": DTYPES[a.dtype], "shape": list(a.shape), "data_offsets": [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
