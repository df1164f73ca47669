/**
 * @file The fused NN kernels of `native` (softmax, GELU, layer norm and their gradients, attention) against the `js`
 * reference on random strided views with edge values, sizes across the thread split. Skipped without the addon.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { Backend, View } from "../../src/backends/backend.ts";
import type { DType, TypedArray } from "../../src/core/dtype.ts";
import { BINARY_OPS, UNARY_OPS } from "../../src/core/ops.ts";
import { contiguousStrides } from "../../src/core/shape.ts";
import { LAYOUTS, makeView, rng } from "./views.ts";
import { assertSameArray, type Tol } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;

// native computes float32 in float32 (libm), sums in double; float64 differs only in summation order
const TOL: Record<"float32" | "float64", Tol> = { float32: { atol: 2e-6, rtol: 2e-5 }, float64: { atol: 1e-13, rtol: 1e-12 } };
const FLOATS = ["float32", "float64"] as const;

function same(what: string, dtype: DType, fn: (b: Backend) => TypedArray): void {
  assertSameArray(fn(native), fn(jsBackend), TOL[dtype as "float32"], what);
}

describe("native fused NN kernels equal the js reference", { skip }, () => {
  const r = rng(7);
  const shapes = [[1], [7], [4, 5], [2, 3, 4], [3, 1, 4, 2], [3, 0, 2], [3, 300], [70, 129]];

  test("the addon has the fused kernels (else they would silently run on js)", () => {
    assert.notEqual(native.softmax, jsBackend.softmax);
    assert.notEqual(native.layerNorm, jsBackend.layerNorm);
    assert.notEqual(native.gelu, jsBackend.gelu);
  });

  test("softmax and log-softmax along every dim, every layout, edge values", () => {
    for (const dt of FLOATS)
      for (const shape of shapes)
        for (let dim = 0; dim < shape.length; dim++)
          for (const layout of LAYOUTS) {
            const x = makeView(shape, dt, layout, r, shape.length < 3 || layout !== "dense");
            for (const log of [false, true]) same(`${log ? "log" : ""}softmax ${dt} ${layout} [${shape}] dim ${dim}`, dt, (b) => b.softmax(x, dim, log, dt));
          }
  });

  test("softmax gradients from the output, strided and broadcast upstream gradients", () => {
    for (const dt of FLOATS)
      for (const shape of shapes)
        for (let dim = 0; dim < shape.length; dim++) {
          const g = makeView(shape, dt, LAYOUTS[Math.floor(r() * LAYOUTS.length)], r, true);
          const x = makeView(shape, dt, "permuted", r);
          for (const log of [false, true]) {
            const y: View = { data: native.softmax(x, dim, log, dt), shape, strides: contiguousStrides(shape), offset: 0, dtype: dt };
            same(`${log ? "log" : ""}softmaxBackward ${dt} [${shape}] dim ${dim}`, dt, (b) => b.softmaxBackward(g, y, dim, log, dt));
          }
        }
  });

  test("all −∞ lines are NaN, a line with one finite value is one-hot", () => {
    for (const dt of FLOATS) {
      const x: View = { data: Float64Array.from([-Infinity, -Infinity, -Infinity, 2]), shape: [2, 2], strides: [2, 1], offset: 0, dtype: "float64" };
      const xv = { ...x, data: dt === "float32" ? Float32Array.from(x.data) : x.data, dtype: dt };
      assert.deepEqual(Array.from(native.softmax(xv, 1, false, dt)), [NaN, NaN, 0, 1]);
      assert.deepEqual(Array.from(native.softmax(xv, 1, true, dt)), [NaN, NaN, -Infinity, 0]);
    }
  });

  test("gelu and its derivative, both formulas, every layout, edge values", () => {
    for (const dt of FLOATS)
      for (const approximate of ["none", "tanh"] as const)
        for (const shape of shapes)
          for (const layout of LAYOUTS) {
            const x = makeView(shape, dt, layout, r, true), g = makeView(shape, dt, LAYOUTS[Math.floor(r() * LAYOUTS.length)], r);
            same(`gelu(${approximate}) ${dt} ${layout} [${shape}]`, dt, (b) => b.gelu(x, approximate, dt));
            same(`geluBackward(${approximate}) ${dt} ${layout} [${shape}]`, dt, (b) => b.geluBackward(g, x, approximate, dt));
          }
  });

  test("layer norm forward and gradients over one and two trailing dims, with and without weight and bias", () => {
    for (const dt of FLOATS)
      for (const [shape, k] of [[[5], 1], [[3, 4], 1], [[2, 3, 8], 2], [[0, 4], 1], [[257, 130], 1], [[3, 1], 1]] as const)
        for (const layout of LAYOUTS) {
          const tail: number[] = shape.slice(shape.length - k), size = tail.reduce((a, b) => a * b, 1);
          const x = makeView(shape, dt, layout, r, layout === "mixed"), g = makeView(shape, dt, LAYOUTS[Math.floor(r() * LAYOUTS.length)], r);
          const w = makeView(tail, dt, layout, r), bias = makeView(tail, dt, "stepped", r);
          for (const eps of [1e-5, 0]) {
            const what = `${dt} ${layout} [${shape}] size ${size} eps ${eps}`;
            same(`layerNorm ${what}`, dt, (b) => b.layerNorm(x, null, null, size, eps, dt));
            same(`layerNorm affine ${what}`, dt, (b) => b.layerNorm(x, w, bias, size, eps, dt));
            same(`layerNorm weight only ${what}`, dt, (b) => b.layerNorm(x, w, null, size, eps, dt));
            same(`layerNormBackward ${what}`, dt, (b) => b.layerNormBackward(g, x, null, size, eps, dt));
            same(`layerNormBackward weight ${what}`, dt, (b) => b.layerNormBackward(g, x, w, size, eps, dt));
            same(`layerNormWeightGrad ${what}`, dt, (b) => b.layerNormWeightGrad(g, x, size, eps, dt));
          }
        }
  });

  test("attention: decoding and prefill shapes, causal, bool and float masks, every layout, edge values", () => {
    assert.notEqual(native.attention, jsBackend.attention);
    // (B, H, L, S, E, Ev): one-element, batch-1 decoding, odd sizes, rows across the thread split, no keys
    const sizes = [[1, 1, 1, 1, 1, 1], [1, 4, 1, 9, 8, 8], [2, 3, 4, 6, 5, 3], [1, 2, 33, 70, 16, 16], [1, 1, 3, 0, 2, 2]];
    const pick = () => LAYOUTS[Math.floor(r() * LAYOUTS.length)];
    for (const dt of FLOATS)
      for (const [B, H, L, S, E, Ev] of sizes)
        for (const layout of LAYOUTS) {
          // Edge values in float64 only: 1e30·1e30 overflows float32 scores, where the reference's float64 does not.
          const edges = dt === "float64" && L * S < 100;
          const q = makeView([B, H, L, E], dt, layout, r, edges), k = makeView([B, H, S, E], dt, pick(), r, edges), v = makeView([B, H, S, Ev], dt, pick(), r, edges);
          const masks = [null, makeView([B, H, L, S], "bool", pick(), r), makeView([B, H, L, S], dt, pick(), r, edges)];
          for (const mask of masks)
            for (const causal of [false, true]) {
              const what = `attention ${dt} ${layout} (${B}, ${H}, ${L}, ${S}, ${E}, ${Ev}) mask ${mask?.dtype ?? "none"} causal ${causal}`;
              same(what, dt, (b) => b.attention(q, k, v, mask, causal, 0.37, dt));
            }
        }
  });
});
