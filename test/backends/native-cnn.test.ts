/**
 * @file Native ReLU gradient and the gather / scatter-add within planes against the js reference, bit for bit: every layout
 * of the operands (permuted, stepped, negative, broadcast), edge values, repeated indices, sizes across the thread split. Skipped without the addon.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { View } from "../../src/backends/backend.ts";
import { BINARY_OPS, UNARY_OPS } from "../../src/core/ops.ts";
import { LAYOUTS, makeView, rng } from "./views.ts";
import { EXACT, assertSameArray } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;
const r = rng(11);
const FLOATS = ["float32", "float64"] as const;

/** An int32 index (N, C, OH, OW) of plane positions < H·W laid out as `layout` (repeats included). */
function indexView(shape: readonly number[], HW: number, layout: (typeof LAYOUTS)[number]): View {
  const v = makeView(shape, "int32", layout, r);
  for (let i = 0; i < v.data.length; i++) v.data[i] = Math.floor(r() * HW);
  return v;
}

describe("native CNN kernels equal the js reference", { skip }, () => {
  test("the addon has them (else they would silently run on js)", () => {
    assert.notEqual(native.reluBackward, jsBackend.reluBackward);
    assert.notEqual(native.planeGather, jsBackend.planeGather);
    assert.notEqual(native.planeScatterAdd, jsBackend.planeScatterAdd);
  });

  test("reluBackward: every layout of g and y, NaN / ±0 / ±Inf outputs", () => {
    for (const dt of FLOATS)
      for (const shape of [[7], [4, 5], [2, 3, 4], [3, 0, 2], [64, 32, 40]])
        for (const lg of LAYOUTS) {
          const g = makeView(shape, dt, lg, r, true), y = makeView(shape, dt, LAYOUTS[Math.floor(r() * LAYOUTS.length)], r, true);
          assertSameArray(native.reluBackward(g, y, dt), jsBackend.reluBackward(g, y, dt), EXACT, `reluBackward ${dt} ${lg} [${shape}]`);
        }
  });

  test("planeGather and planeScatterAdd: strided x, g and index, repeated indices", () => {
    const cases = [[1, 1, 3, 4, 2, 2], [2, 3, 5, 5, 3, 3], [3, 2, 1, 6, 1, 4], [16, 32, 26, 26, 13, 13], [2, 2, 4, 4, 0, 2]];
    for (const dt of [...FLOATS, "int32"] as const)
      for (const [N, C, H, W, OH, OW] of cases)
        for (const layout of LAYOUTS) {
          const what = `${dt} ${layout} (${N}, ${C}, ${H}, ${W}) → (${OH}, ${OW})`;
          const index = indexView([N, C, OH, OW], H * W, LAYOUTS[Math.floor(r() * LAYOUTS.length)]);
          const x = makeView([N, C, H, W], dt, layout, r, true);
          assertSameArray(native.planeGather(x, index, dt), jsBackend.planeGather(x, index, dt), EXACT, `planeGather ${what}`);
          const g = makeView([N, C, OH, OW], dt, layout, r, dt !== "int32");
          const img = [N, C, H, W];
          assertSameArray(native.planeScatterAdd(g, index, img, dt), jsBackend.planeScatterAdd(g, index, img, dt), EXACT, `planeScatterAdd ${what}`);
        }
  });

  test("an index outside its plane is a RangeError naming the plane", () => {
    const x = makeView([1, 2, 2, 3], "float32", "dense", r), bad = indexView([1, 2, 1, 2], 6, "dense");
    bad.data[3] = 6;
    for (const b of [native, jsBackend]) {
      assert.throws(() => b.planeGather(x, bad, "float32"), /planeGather: index 6 is out of bounds for a plane of 2×3 pixels/);
      assert.throws(() => b.planeScatterAdd(makeView([1, 2, 1, 2], "float32", "dense", r), bad, [1, 2, 2, 3], "float32"), /planeScatterAdd: index 6 is out of bounds/);
    }
  });
});
