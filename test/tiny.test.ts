/** @file Smoke tests a newcomer runs first: the tensor API of the README, end to end, in seconds. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

test("tensor, matmul, relu, sum, backward", () => {
  const x = lw.tensor([[1, 2], [3, 4]]);
  const w = lw.tensor([[1, -1], [0.5, 2]], { requiresGrad: true });
  const y = x.matmul(w).relu().sum();
  assert.equal(y.item(), 2 + 3 + 5 + 5);
  y.backward();
  assert.deepEqual(w.grad!.tolist(), [[4, 4], [6, 6]]);
});
