/** @file toString prints like PyTorch's repr: float formatting, dtype suffixes, empty tensors, grad info, summaries with "...". */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

test("a float32 matrix of integral values", () => {
  assert.equal(lw.tensor([[1, 2], [3, 4]]).toString(), "tensor([[1., 2.],\n        [3., 4.]])");
});

test("fractions get 4 digits, aligned", () => {
  assert.equal(lw.tensor([1.5, -0.25, 10]).toString(), "tensor([ 1.5000, -0.2500, 10.0000])");
});

test("int32 and float64 carry a dtype suffix; bool prints True/False", () => {
  assert.equal(lw.tensor([1, 2, 3], { dtype: "int32" }).toString(), "tensor([1, 2, 3], dtype=int32)");
  assert.equal(lw.tensor([0.5], { dtype: "float64" }).toString(), "tensor([0.5000], dtype=float64)");
  assert.equal(lw.tensor([true, false]).toString(), "tensor([ True, False])");
});

test("0-d, empty, NaN and Inf", () => {
  assert.equal(lw.tensor(3).toString(), "tensor(3.)");
  assert.equal(lw.zeros(0).toString(), "tensor([], size=(0,))");
  assert.equal(lw.tensor([NaN, Infinity, -Infinity, 1]).toString(), "tensor([nan, inf, -inf, 1.])");
});

test("requiresGrad and gradFn show up", () => {
  const x = lw.tensor([1, 2], { requiresGrad: true });
  assert.equal(x.toString(), "tensor([1., 2.], requiresGrad=true)");
  assert.match(x.mul(2).toString(), /^tensor\(\[2\., 4\.\], gradFn=<MulBackward>\)$/);
});

test("large tensors are summarised with ... (edge items 3)", () => {
  assert.equal(lw.arange(2000).toString(), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999], dtype=int32)");
  const s = lw.arange(3000, { dtype: "float32" }).reshape(60, 50).toString();
  const lines = s.split("\n");
  assert.equal(lines[0], "tensor([[   0.,    1.,    2.,  ...,   47.,   48.,   49.],");
  assert.equal(lines[3], "        ...,");
  assert.equal(lines[lines.length - 1], "        [2950., 2951., 2952.,  ..., 2997., 2998., 2999.]])");
});
