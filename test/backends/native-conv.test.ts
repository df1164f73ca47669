/**
 * @file The native per-image convolution (native/kernels/conv_gemm.cc) and its two gradients against the js reference:
 * shapes that take several runs of positions per image and both threads, groups, strides, dilation, asymmetric
 * padding, every layout of the operands, float32 and float64; one result for one thread count; bad operands. Skipped without the addon.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { View } from "../../src/backends/backend.ts";
import { windowGrid } from "../../src/core/conv-geometry.ts";
import { BINARY_OPS, UNARY_OPS, type ConvParams } from "../../src/core/ops.ts";
import { LAYOUTS, makeView, rng, type Layout } from "./views.ts";
import { assertSameArray } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;
const r = rng(23);

interface Case { x: [number, number, number, number]; O: number; k: [number, number]; stride?: [number, number]; pad?: [[number, number], [number, number]]; dil?: [number, number]; groups?: number }

const CASES: Case[] = [
  { x: [64, 1, 28, 28], O: 32, k: [3, 3] }, // the bench CNN's first layer: K = 9, one run per image
  { x: [8, 32, 13, 13], O: 64, k: [3, 3] }, // its second: K = 288
  { x: [3, 64, 14, 14], O: 16, k: [3, 3], pad: [[1, 1], [1, 1]] }, // K = 576: two runs of positions per image
  { x: [2, 48, 20, 17], O: 12, k: [3, 2], stride: [2, 1], pad: [[2, 0], [1, 1]], dil: [1, 2] },
  { x: [1, 32, 5, 260], O: 8, k: [3, 3], pad: [[1, 0], [1, 2]] }, // rows wider than a run: runs start mid-row
  { x: [4, 8, 9, 9], O: 12, k: [3, 3], groups: 4, stride: [2, 2], pad: [[1, 1], [1, 1]] },
  { x: [1, 96, 16, 16], O: 8, k: [5, 5], pad: [[2, 2], [2, 2]], dil: [1, 1] }, // one image: the runs share the threads
  { x: [3, 2, 4, 4], O: 3, k: [4, 4], pad: [[0, 0], [0, 0]] }, // a single position
  { x: [2, 3, 5, 5], O: 4, k: [2, 2], stride: [3, 3] }, // pixels no window reaches
];

const paramsOf = (c: Case): ConvParams => ({
  kernelSize: c.k, stride: c.stride ?? [1, 1], padding: c.pad ?? [[0, 0], [0, 0]], dilation: c.dil ?? [1, 1], groups: c.groups ?? 1,
});
/** Products of Kg terms of magnitude ≤ 9 summed in float32: the tolerance grows with Kg. */
const tolOf = (dt: "float32" | "float64", Kg: number) => (dt === "float32" ? { atol: 2e-6 * Kg * 9, rtol: 1e-5 } : { atol: 1e-12 * Kg, rtol: 1e-12 });

describe("native convolution equals the js reference", { skip }, () => {
  test("the addon has it (else it would silently run on js)", () => {
    assert.notEqual(native.conv2d, jsBackend.conv2d);
    assert.notEqual(native.conv2dInputGrad, jsBackend.conv2dInputGrad);
    assert.notEqual(native.conv2dWeightGrad, jsBackend.conv2dWeightGrad);
  });

  for (const c of CASES) {
    const p = paramsOf(c), G = p.groups, [N, C] = c.x, Kg = (C / G) * c.k[0] * c.k[1];
    const [OH, OW] = windowGrid(c.x.slice(2), p), wShape = [c.O, C / G, ...c.k], gShape = [N, c.O, OH, OW];
    test(`x (${c.x}), w (${wShape}), stride ${p.stride}, padding ${p.padding.join("|")}, dilation ${p.dilation}, groups ${G}`, () => {
      for (const dt of ["float32", "float64"] as const) {
        const tol = tolOf(dt, Kg);
        const layouts: Layout[] = ["dense", ...LAYOUTS.filter((l) => l !== "dense" && r() < 0.5)];
        for (const layout of layouts) {
          const other = () => LAYOUTS[Math.floor(r() * LAYOUTS.length)];
          const x = makeView(c.x, dt, layout, r), w = makeView(wShape, dt, other(), r), b = makeView([c.O], dt, other(), r);
          const g = makeView(gShape, dt, other(), r);
          const what = `${dt} ${layout}`;
          for (const bias of [b, null])
            assertSameArray(native.conv2d(x, w, bias, p, dt), jsBackend.conv2d(x, w, bias, p, dt), tol, `conv2d ${what}${bias ? " with bias" : ""}`);
          assertSameArray(native.conv2dInputGrad(g, w, p, c.x, dt), jsBackend.conv2dInputGrad(g, w, p, c.x, dt), { ...tol, atol: tol.atol * c.O / Kg * 4 + tol.atol }, `conv2dInputGrad ${what}`);
          assertSameArray(native.conv2dWeightGrad(g, x, p, wShape, dt), jsBackend.conv2dWeightGrad(g, x, p, wShape, dt), { ...tol, atol: tol.atol * N * OH * OW / Kg + tol.atol }, `conv2dWeightGrad ${what}`);
        }
      }
    });
  }

  test("the weight gradient is the same array on every call (partial sums added in task order)", () => {
    const p = paramsOf(CASES[1]);
    const g = makeView([8, 64, 11, 11], "float32", "dense", r), x = makeView([8, 32, 13, 13], "float32", "dense", r);
    const first = native.conv2dWeightGrad(g, x, p, [64, 32, 3, 3], "float32");
    for (let i = 0; i < 5; i++) assert.deepEqual(native.conv2dWeightGrad(g, x, p, [64, 32, 3, 3], "float32"), first);
  });

  test("NaN and ±Inf in the image reach exactly the outputs whose windows hold them", () => {
    const p = paramsOf({ x: [1, 1, 4, 4], O: 1, k: [2, 2] });
    const x: View = { data: new Float32Array([1, NaN, 2, 3, 4, 5, 6, 7, 8, 9, Infinity, 1, 2, 3, 4, 5]), shape: [1, 1, 4, 4], strides: [16, 16, 4, 1], offset: 0, dtype: "float32" };
    const w: View = { data: new Float32Array([1, 1, 1, 1]), shape: [1, 1, 2, 2], strides: [4, 4, 2, 1], offset: 0, dtype: "float32" };
    assertSameArray(native.conv2d(x, w, null, p, "float32"), jsBackend.conv2d(x, w, null, p, "float32"), { atol: 0, rtol: 0 }, "conv2d with NaN/Inf");
  });

  test("operands that do not fit are errors, not reads out of bounds", () => {
    const nb = "binding" in loaded ? loaded.binding : null;
    assert.ok(nb?.conv2d);
    const p = paramsOf({ x: [1, 2, 5, 5], O: 3, k: [3, 3] });
    const x = makeView([1, 2, 5, 5], "float32", "dense", r), w = makeView([3, 2, 3, 3], "float32", "dense", r);
    assert.throws(() => native.conv2d(x, { ...w, shape: [3, 3, 3, 3], strides: [27, 9, 3, 1], data: new Float32Array(81) }, null, p, "float32"), /weight \(O, C\/groups, kH, kW\) does not match/);
    assert.throws(() => native.conv2dInputGrad(makeView([1, 3, 2, 2], "float32", "dense", r), w, p, [1, 2, 5, 5], "float32"), /output gradient must be \(N, O, OH, OW\)/);
    assert.throws(() => native.conv2d({ ...x, data: new Float32Array(10) }, w, null, p, "float32"), /reaches outside its array/);
    assert.throws(() => native.conv2d(x, w, null, { ...p, groups: 3 }, "float32"), /does not match the input channels, groups/);
  });
});
