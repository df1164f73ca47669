/** @file The examples double as tests: each runs in its smoke mode and its printed claims are checked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { main as tour } from "./tensor-tour.ts";
import { main as perceptron } from "./perceptron.ts";

const quiet = () => {};

test("tensor tour runs end to end and its gradient is finite", () => {
  const { gradW, loss } = tour(quiet);
  assert.ok(Number.isFinite(loss) && loss > 0);
  assert.equal(gradW.length, 3);
  assert.ok(gradW.flat().every(Number.isFinite));
});

test("perceptron learns AND and OR but not XOR", () => {
  const r = Object.fromEntries(perceptron(100, quiet).map((g) => [g.gate, g]));
  assert.equal(r.AND.accuracy, 1);
  assert.deepEqual(r.AND.predictions, [0, 0, 0, 1]);
  assert.equal(r.OR.accuracy, 1);
  assert.deepEqual(r.OR.predictions, [0, 1, 1, 1]);
  assert.ok(r.XOR.accuracy < 1, "a perceptron must not separate XOR");
  assert.equal(r.XOR.epochs, 100);
});
