/** @file safetensors: round trip of every dtype, PyTorch-written files, and each header check rejecting a malformed file. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { f32, rawSafetensors } from "./raw-safetensors.ts";

const { serialize, deserialize } = lw.io;

/** A file from a header object and data bytes, as a writer would lay it out. */
const fileOf = (header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array => rawSafetensors(headerText, data);

test("save/load round-trips float32, float64, int32 and bool tensors and the metadata", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-st-"));
  try {
    const sd = {
      "layer.weight": lw.tensor([[1.5, -2], [3, 4.25]]),
      "layer.bias": lw.tensor([0.1, 0.2], { dtype: "float64" }),
      steps: lw.tensor([7, -3], { dtype: "int32" }),
      mask: lw.tensor([true, false, true]),
      scalar: lw.tensor(3),
      empty: lw.zeros(0, 4),
      view: lw.arange(6).float().reshape(2, 3).T,
    };
    const path = join(dir, "m.safetensors");
    lw.save(sd, path, { metadata: { format: "pt" } });
    const back = lw.io.loadFile(path);
    assert.deepEqual({ ...back.metadata }, { format: "pt" }); // the records have no prototype
    for (const [k, t] of Object.entries(sd)) {
      assert.equal(back.tensors[k].dtype, t.dtype, k);
      assert.deepEqual(back.tensors[k].shape, t.shape, k);
      assert.deepEqual(back.tensors[k].tolist(), t.tolist(), k);
    }
    assert.equal((8 + Number(new DataView(readFileSync(path).buffer).getBigUint64(0, true))) % 8, 0, "data is 8-byte aligned");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("reads F16, BF16, I64 and U8 (as PyTorch or NumPy write them) into float32 / int32", () => {
  const data = new Uint8Array(2 * 2 + 2 * 2 + 8 * 2 + 2);
  const v = new DataView(data.buffer);
  v.setUint16(0, 0x3c00, true); v.setUint16(2, 0xc000, true); // F16 1, −2
  v.setUint16(4, 0x3f80, true); v.setUint16(6, 0x4040, true); // BF16 1, 3
  v.setBigInt64(8, 5n, true); v.setBigInt64(16, -1n, true);
  data[24] = 200; data[25] = 7;
  const bytes = fileOf({
    h: { dtype: "F16", shape: [2], data_offsets: [0, 4] }, b: { dtype: "BF16", shape: [2], data_offsets: [4, 8] },
    l: { dtype: "I64", shape: [2], data_offsets: [8, 24] }, u: { dtype: "U8", shape: [2], data_offsets: [24, 26] },
  }, data);
  const t = deserialize(bytes).tensors;
  assert.deepEqual(t.h.tolist(), [1, -2]);
  assert.deepEqual(t.b.tolist(), [1, 3]);
  assert.deepEqual(t.l.tolist(), [5, -1]);
  assert.equal(t.l.dtype, "int32");
  assert.deepEqual(t.u.tolist(), [200, 7]);
});

test("a malformed file is rejected before any data is read, naming the failed check", () => {
  const ok = { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Uint8Array, RegExp][] = [
    ["too short", new Uint8Array(5), /\(header length\).*fewer than the 8/],
    ["huge header length", (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true); return b; })(), /\(header length\).*exceeds/],
    ["header past the end", (() => { const b = fileOf(ok, f32(2)); new DataView(b.buffer).setBigUint64(0, 10_000n, true); return b; })(), /\(header length\).*does not fit/],
    ["not JSON", fileOf(null, f32(2), "{nope"), /\(header JSON\)/],
    ["JSON array", fileOf([], f32(2)), /\(header JSON\).*not a JSON object/],
    ["unknown dtype", fileOf({ a: { dtype: "F8", shape: [2], data_offsets: [0, 8] } }, f32(2)), /\(dtype\): "a" has dtype "F8"/],
    ["bad shape", fileOf({ a: { dtype: "F32", shape: [-2], data_offsets: [0, 8] } }, f32(2)), /\(shape\)/],
    ["size mismatch", fileOf({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32(2)), /\(offsets\).*needs 12 bytes, its offsets span 8/],
    ["past the data", fileOf({ a: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, f32(2)), /\(offsets\).*past the 8 bytes of data \(truncated file\?\)/],
    ["overlap", fileOf({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32(2)), /\(overlap\)/],
    ["gap", fileOf({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32(2)), /\(gap\): 4 unused bytes/],
    ["trailing bytes", fileOf(ok, f32(3)), /\(trailing bytes\): 4 bytes after the last tensor/],
    ["extra field", fileOf({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8], x: 1 } }, f32(2)), /\(tensor entry\).*unknown fields x/],
    ["bad metadata", fileOf({ __metadata__: { n: 3 }, ...ok }, f32(2)), /\(metadata\)/],
  ];
  for (const [what, bytes, re] of cases) assert.throws(() => deserialize(bytes, "x.safetensors"), re, what);
  assert.deepEqual(deserialize(fileOf(ok, f32(2))).tensors.a.tolist(), [1.5, 1.5]);
});

test("a truncated file on disk is reported with its path, never half-read", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-st-"));
  try {
    const path = join(dir, "cut.safetensors");
    const whole = serialize({ w: lw.ones(10) });
    writeFileSync(path, whole.subarray(0, whole.length - 4));
    assert.throws(() => lw.load(path), new RegExp(`${path.replace(/[.]/g, "\\.")} is not a valid safetensors file \\(offsets\\)`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
