/**
 * @file The Philox uniform kernels: Random123's known answer, the js reference's float64/float32 formulas, native
 * equal to js bit for bit (odd lengths, counters past 2³², thread-splitting sizes), and rand/dropout on both backends.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import { BINARY_OPS, UNARY_OPS } from "../../src/core/ops.ts";
import { Generator, philoxUniform } from "../../src/core/random.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;

test("Philox4x32-10 gives Random123's known answer for counter 0 under key 0", () => {
  // Random123 kat_vectors: philox4x32 10 rounds, ctr 0 0 0 0, key 0 0 → 6627e8d5 e169c58d bc57ac4c 9b00dbd8.
  const u = new Generator(0).uint32(4);
  assert.deepEqual([...u].map((w) => w.toString(16)), ["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"]);
  const [a, b] = [0x6627e8d5, 0xe169c58d];
  const s = { k0: 0, k1: 0, counter: 0 };
  assert.equal(philoxUniform(s, 1, "float64")[0], ((a >>> 5) * 2 ** 26 + (b >>> 6)) / 2 ** 53);
  assert.equal(philoxUniform(s, 1, "float32")[0], (a >>> 8) / 2 ** 24);
});

test("float32 uniforms are float64's rounded down to 24 bits, and never 1", () => {
  const s = { k0: 7, k1: 3, counter: 41 };
  const d = philoxUniform(s, 1001, "float64"), f = philoxUniform(s, 1001, "float32");
  for (let i = 0; i < d.length; i++) assert.equal(f[i], Math.floor(d[i] * 2 ** 24) / 2 ** 24);
  assert.ok(f.every((v) => v >= 0 && v < 1));
});

test("native uniform equals the js reference bit for bit", { skip }, () => {
  for (const n of [0, 1, 2, 7, 8193, 100_003]) {
    for (const counter of [0, 5, 2 ** 32 - 3, 2 ** 40 + 11]) {
      for (const dtype of ["float32", "float64"] as const) {
        const s = { k0: 0x9e3779b9, k1: 12345, counter };
        assert.deepEqual(native.uniform(s, n, dtype), jsBackend.uniform(s, n, dtype), `n=${n} counter=${counter} ${dtype}`);
      }
    }
  }
});

test("rand and dropout draw the same numbers on js and native, and advance the generator alike", { skip }, () => {
  const draw = (name: "js" | "native") => {
    lw.setBackend(name);
    try {
      const g = new lw.Generator(99);
      const r = lw.rand([3, 5], { generator: g }).tolist();
      const d = lw.nn.functional.dropout(lw.ones([64]), 0.3, { generator: g }).tolist();
      return { r, d, state: g.getState() };
    } finally {
      lw.setBackend("native");
    }
  };
  assert.deepEqual(draw("native"), draw("js"));
});

test("the native kernel rejects a key or counter it cannot represent", { skip }, () => {
  const nb = "binding" in loaded ? loaded.binding : null;
  const meta = new Float64Array([1, 4, 1, 0]);
  assert.throws(() => nb!.philoxUniform(meta, -1, 0, 0, new Float32Array(4)), /key words must be uint32/);
  assert.throws(() => nb!.philoxUniform(meta, 0, 0, 2 ** 60, new Float32Array(4)), /counter/);
});
