/** @file The golden comparison itself must fail on real differences: values, shapes, dtypes, NaN/Inf, integers. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { assertMatches } from "./compare.ts";
import type { EncodedTensor } from "./fixture.ts";

const f32 = (values: EncodedTensor["values"], shape = [values.length]): EncodedTensor => ({ shape, dtype: "float32", values });

test("accepts float32 rounding, rejects a relative error of 1e-4", () => {
  const x = lw.tensor([1, -2, 1000]);
  assertMatches(x, f32([1.000001, -2.00002, 1000.005]), "close");
  assert.throws(() => assertMatches(x, f32([1, -2, 1000.1]), "far"), /far\[2\]/);
});

test("rejects a different shape or dtype", () => {
  assert.throws(() => assertMatches(lw.tensor([[1, 2]]), f32([1, 2]), "shape"), /shape/);
  assert.throws(() => assertMatches(lw.tensor([1, 2], { dtype: "float64" }), f32([1, 2]), "dtype"), /dtype/);
});

test("NaN and ±Inf must match as such; integers and booleans exactly", () => {
  assertMatches(lw.tensor([NaN, Infinity, -Infinity]), f32(["nan", "inf", "-inf"]), "special");
  assert.throws(() => assertMatches(lw.tensor([0]), f32(["nan"]), "nan"), /nan\[0\]/);
  assert.throws(() => assertMatches(lw.tensor([-Infinity]), f32(["inf"]), "inf"), /inf\[0\]/);
  assertMatches(lw.tensor([3, 1], { dtype: "int32" }), { shape: [2], dtype: "int64", values: [3, 1] }, "int");
  assert.throws(() => assertMatches(lw.tensor([3, 2], { dtype: "int32" }), { shape: [2], dtype: "int64", values: [3, 1] }, "int"), /int\[1\]/);
  assert.throws(() => assertMatches(lw.tensor([true]), { shape: [1], dtype: "bool", values: [false] }, "bool"), /bool\[0\]/);
});
