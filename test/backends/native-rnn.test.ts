/**
 * @file The fused LSTM cell kernels of `native` (forward and gradient) against the `js` reference on random
 * strided views, with and without bias, edge values, sizes across the thread split. Skipped without the addon.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { Backend, View } from "../../src/backends/backend.ts";
import type { TypedArray } from "../../src/core/dtype.ts";
import { BINARY_OPS, UNARY_OPS } from "../../src/core/ops.ts";
import { LAYOUTS, makeView, rng } from "./views.ts";
import { assertSameArray, type Tol } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;

// float32 runs fast_math.h's exp and tanh (≤ 1.4 ulp each), a few of them chained per element
const TOL = { float32: { atol: 1e-6, rtol: 2e-5 }, float64: { atol: 1e-14, rtol: 1e-12 } } satisfies Record<string, Tol>;

describe("native fused LSTM cell equals the js reference", { skip }, () => {
  const r = rng(11);
  const sizes = [[1, 1], [3, 2], [2, 9], [5, 17], [70, 129]]; // (B, H); 70 × 129 splits across threads

  test("the addon has the kernels (else they would silently run on js)", () => {
    assert.notEqual(native.lstmCell, jsBackend.lstmCell);
    assert.notEqual(native.lstmCellBackward, jsBackend.lstmCellBackward);
  });

  test("forward and backward, every layout, with and without bias, edge values", () => {
    for (const dt of ["float32", "float64"] as const)
      for (const [B, H] of sizes)
        for (const layout of LAYOUTS)
          for (const withBias of [true, false]) {
            const edges = B * H < 100;
            const pick = () => LAYOUTS[Math.floor(r() * LAYOUTS.length)];
            const xp = makeView([B, 4 * H], dt, layout, r, edges), hp = makeView([B, 4 * H], dt, pick(), r, edges);
            const c = makeView([B, H], dt, pick(), r, edges), dy = makeView([2, B, H], dt, pick(), r, edges);
            const b1 = makeView([4 * H], dt, pick(), r);
            const bias: View | null = withBias ? { ...b1, shape: [B, 4 * H], strides: [0, b1.strides[0]] } : null;
            const what = `${dt} ${layout} (${B}, ${H}) ${withBias ? "bias" : "no bias"}`;
            const same = (name: string, fn: (be: Backend) => TypedArray) => assertSameArray(fn(native), fn(jsBackend), TOL[dt], `${name} ${what}`);
            same("lstmCell", (be) => be.lstmCell(xp, hp, c, bias, dt));
            same("lstmCellBackward", (be) => be.lstmCellBackward(dy, xp, hp, c, bias, dt));
          }
  });

  test("operands of another dtype are converted; an empty batch gives empty outputs", () => {
    const xp = makeView([2, 8], "float64", "dense", r), hp = makeView([2, 8], "float32", "permuted", r), c = makeView([2, 2], "float64", "stepped", r);
    assertSameArray(native.lstmCell(xp, hp, c, null, "float32"), jsBackend.lstmCell(xp, hp, c, null, "float32"), TOL.float32, "mixed dtypes");
    const e = makeView([0, 8], "float32", "dense", r), ec = makeView([0, 2], "float32", "dense", r);
    assert.equal(native.lstmCell(e, e, ec, null, "float32").length, 0);
    assert.equal(native.lstmCellBackward(makeView([2, 0, 2], "float32", "dense", r), e, e, ec, null, "float32").length, 0);
  });
});
