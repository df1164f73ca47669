/**
 * @file Native im2col, col2im and max-pool indices against the js reference, bit for bit: varied shapes, strides,
 * asymmetric padding, dilation, ceil mode, every layout of the input (permuted, stepped, negative, broadcast),
 * sizes that split across threads; and bad geometry reaching JavaScript as an Error. Skipped without the addon.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { View } from "../../src/backends/backend.ts";
import { poolOutShape, windowGrid } from "../../src/core/conv-geometry.ts";
import { BINARY_OPS, UNARY_OPS, type PoolParams, type WindowParams } from "../../src/core/ops.ts";
import type { DType } from "../../src/core/dtype.ts";
import { LAYOUTS, makeView, rng } from "./views.ts";
import { EXACT, assertSameArray } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;
const r = rng(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** A random window that fits an H×W image (at least one output position). */
function randomWindow(H: number, W: number): WindowParams | null {
  const p: WindowParams = {
    kernelSize: [int(1, 4), int(1, 4)], stride: [int(1, 3), int(1, 3)], dilation: [int(1, 2), int(1, 2)],
    padding: [[int(0, 2), int(0, 2)], [int(0, 2), int(0, 2)]],
  };
  const [OH, OW] = windowGrid([H, W], p);
  return OH >= 1 && OW >= 1 ? p : null;
}

function randomPool(H: number, W: number): PoolParams | null {
  const k: [number, number] = [int(1, 4), int(1, 4)];
  const p: PoolParams = {
    kernelSize: k, stride: [int(1, 3), int(1, 3)], dilation: [int(1, 2), int(1, 2)],
    padding: [int(0, Math.floor(k[0] / 2)), int(0, Math.floor(k[1] / 2))], ceilMode: r() < 0.5,
  };
  const [OH, OW] = poolOutShape([H, W], p);
  return OH >= 1 && OW >= 1 ? p : null;
}

function checkWindows(what: string, x: View, p: WindowParams, dtype: DType): void {
  const cols = native.im2col(x, p, dtype);
  assertSameArray(cols, jsBackend.im2col(x, p, dtype), EXACT, `im2col ${what}`);
  // col2im of im2col's (dense) output, and of a transposed view of it.
  const [N, C, H, W] = x.shape, [OH, OW] = windowGrid([H, W], p);
  const rows = C * p.kernelSize[0] * p.kernelSize[1], L = N * OH * OW;
  const q = { ...p, imageShape: [N, C, H, W] };
  const dense: View = { data: cols, shape: [rows, L], strides: [L, 1], offset: 0, dtype };
  assertSameArray(native.col2im(dense, q, dtype), jsBackend.col2im(dense, q, dtype), EXACT, `col2im ${what}`);
  const t = makeView([L, rows], dtype, "dense", r);
  const transposed: View = { ...t, shape: [rows, L], strides: [1, rows] };
  assertSameArray(native.col2im(transposed, q, dtype), jsBackend.col2im(transposed, q, dtype), EXACT, `col2im transposed ${what}`);
}

describe("native sliding-window kernels equal the js reference", { skip }, () => {
  test("the native backend has its own im2col, col2im, maxPool2dIndices and maxPool2d", () => {
    for (const k of ["im2col", "col2im", "maxPool2dIndices", "maxPool2d"] as const) assert.notEqual(native[k], jsBackend[k], k);
  });

  test("im2col and col2im: random geometry, every input layout, float32/float64/int32", () => {
    let n = 0;
    while (n < 150) {
      const shape = [int(1, 3), int(1, 4), int(1, 9), int(1, 9)];
      const p = randomWindow(shape[2], shape[3]);
      if (!p) continue;
      const dtype = pick<DType>(["float32", "float64", "int32"]), layout = pick(LAYOUTS);
      checkWindows(`${dtype} ${layout} [${shape}] ${JSON.stringify(p)}`, makeView(shape, dtype, layout, r, dtype !== "int32"), p, dtype);
      n++;
    }
  });

  test("im2col and col2im: the small CNN's shapes, stride 2, and sizes that split over threads", () => {
    const cases: [number[], WindowParams][] = [
      [[64, 1, 28, 28], { kernelSize: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [[0, 0], [0, 0]] }],
      [[16, 32, 13, 13], { kernelSize: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [[0, 0], [0, 0]] }],
      [[8, 16, 24, 24], { kernelSize: [3, 3], stride: [2, 2], dilation: [1, 1], padding: [[1, 1], [1, 1]] }],
      [[3, 5, 31, 17], { kernelSize: [5, 2], stride: [2, 3], dilation: [2, 1], padding: [[2, 0], [1, 3]] }],
    ];
    for (const [shape, p] of cases)
      for (const dtype of ["float32", "float64"] as const)
        for (const layout of ["dense", "permuted", "negative"] as const) checkWindows(`${dtype} ${layout} [${shape}]`, makeView(shape, dtype, layout, r, true), p, dtype);
  });

  test("maxPool2dIndices: random geometry, ceil mode, NaN/±Inf, every layout and dtype", () => {
    let n = 0;
    while (n < 200) {
      const shape = [int(1, 3), int(1, 4), int(1, 9), int(1, 9)];
      const p = randomPool(shape[2], shape[3]);
      if (!p) continue;
      const dtype = pick<DType>(["float32", "float64", "int32", "bool"]), layout = pick(LAYOUTS);
      const x = makeView(shape, dtype, layout, r, true);
      const what = `maxPool ${dtype} ${layout} [${shape}] ${JSON.stringify(p)}`;
      assertSameArray(native.maxPool2dIndices(x, p), jsBackend.maxPool2dIndices(x, p), EXACT, what);
      const [values, indices] = native.maxPool2d(x, p, dtype), [wantValues, wantIndices] = jsBackend.maxPool2d(x, p, dtype);
      assertSameArray(indices, wantIndices, EXACT, `${what}: indices with the values`);
      assertSameArray(values, wantValues, EXACT, `${what}: values`);
      n++;
    }
    for (const shape of [[64, 32, 26, 26], [4, 8, 33, 31]]) {
      const p: PoolParams = { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: shape[2] % 2 === 1 };
      const x = makeView(shape, "float32", "dense", r, true);
      assertSameArray(native.maxPool2dIndices(x, p), jsBackend.maxPool2dIndices(x, p), EXACT, `maxPool [${shape}]`);
      const [values, indices] = native.maxPool2d(x, p, "float32"), [wantValues, wantIndices] = jsBackend.maxPool2d(x, p, "float32");
      assertSameArray(indices, wantIndices, EXACT, `maxPool [${shape}]: indices with the values`);
      assertSameArray(values, wantValues, EXACT, `maxPool [${shape}]: values`); // NaN windows included: the 2×2 path's selects
    }
  });

  test("empty batches and channels give empty results", () => {
    const p: WindowParams = { kernelSize: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [[0, 0], [0, 0]] };
    for (const shape of [[0, 2, 4, 4], [2, 0, 4, 4]]) {
      const x = makeView(shape, "float32", "dense", r);
      assert.equal(native.im2col(x, p, "float32").length, 0);
      assert.equal(native.maxPool2dIndices(x, { ...p, padding: [0, 0], ceilMode: false }).length, 0);
    }
  });

  test("geometry the kernel cannot use is an Error from the addon, never a crash", () => {
    const binding = "binding" in loaded ? loaded.binding : null;
    assert.ok(binding);
    const x = new Float32Array(16), out = new Float32Array(9 * 4);
    // out (9, 4), x (1, 1, 4, 4), then kH kW sh sw dh dw padding×4 ceil
    const meta = (k: number, stride: number) => new Float64Array([2, 9, 4, 4, 1, 0, 4, 1, 1, 4, 4, 16, 16, 4, 1, 0, k, k, stride, stride, 1, 1, 0, 0, 0, 0, 0]);
    binding.im2col(meta(3, 1), out, x); // fits: (1·3·3, 1·2·2)
    assert.throws(() => binding.im2col(meta(3, 0), out, x), /stride and dilation must be ≥ 1/);
    assert.throws(() => binding.im2col(meta(2, 1), out, x), /im2col output has the wrong shape/);
    assert.throws(() => binding.col2im(meta(3, 1), x, out), /col2im/);
    assert.throws(() => binding.maxPool2dIndices(meta(3, 1), new Int32Array(4), x), /maxPool2d/);
  });
});
