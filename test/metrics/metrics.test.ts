/** @file lw.metrics on hand-checked cases and bad input: the errors name what was wrong and what is valid. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

const M = lw.metrics;

test("hand-checked values: accuracy 3/4, a 2×2 confusion matrix, perfect AUC, R² = 1, BLEU = 1 for an identical sentence", () => {
  assert.equal(M.accuracy([0, 1, 1, 0], [0, 1, 0, 0]), 0.75);
  assert.deepEqual(M.confusionMatrix([0, 1, 1, 0], [0, 1, 0, 0]), [[2, 0], [1, 1]]);
  assert.equal(M.rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
  assert.equal(M.r2Score([1, 2, 3], [1, 2, 3]), 1);
  assert.equal(M.sentenceBleu(["the cat sat on the mat"], "the cat sat on the mat"), 1);
  assert.equal(M.rouge("the cat sat down", "the cat sat").rouge1.recall, 0.75);
  assert.ok(Math.abs(M.perplexity(Math.log(10)) - 10) < 1e-12);
  // labels from tensors: int32 class indices and float predictions mix freely
  assert.equal(M.accuracy(lw.tensor([1, 2, 3], { dtype: "int32" }), lw.tensor([1, 2, 0])), 2 / 3);
});

test("bad input: mismatched lengths, unknown averages, multiclass for binary, unknown posLabel, non-probabilities for one-vs-rest", () => {
  assert.throws(() => M.accuracy([0, 1, 1], [0, 1]), /yTrue and yPred must have the same length, got 3 and 2/);
  assert.throws(() => M.precision([0, 1, 2], [0, 1, 2]), /multiclass \(3 labels: 0, 1, 2\); choose average "macro", "micro", "weighted" or null/);
  assert.throws(() => M.precision([0, 1], [0, 1], { average: "mean" as never }), /average must be one of binary, macro, micro, weighted or null, got "mean"/);
  assert.throws(() => M.recall([0, 2], [2, 0], { posLabel: 1 }), /posLabel=1 is not a valid label; the labels are 0, 2/);
  assert.throws(() => M.rocAuc([0, 1, 2], [[0.5, 0.5, 0.5], [1, 0, 0], [0, 0, 1]]), /probabilities summing to 1 per row; row 0 sums to 1.5/);
  assert.throws(() => M.rocCurve([0, 1, 2], [0.1, 0.2, 0.3]), /yTrue must be binary, got 3 labels/);
  assert.throws(() => M.classificationReport([0, 1], [0, 1], { targetNames: ["a"] }), /1 targetNames for 2 classes \(0, 1\)/);
  assert.throws(() => M.corpusBleu([["a b"]], ["a b", "c d"]), /1 reference lists for 2 hypotheses/);
  assert.throws(() => M.corpusBleu([["a b"]], ["a b"], { smoothing: "laplace" as never }), /smoothing must be one of none, floor, add-one, exp/);
  assert.throws(() => M.rouge("a", "b", { types: ["rougeX" as never] }), /unknown type "rougeX"; valid: rouge1, rouge2, …, rougeN, rougeL/);
  assert.throws(() => M.accuracy([0, "a"] as never, [0, 1]), /yTrue\[1\] is not a number \(got "a"\)/);
  assert.throws(() => M.meanSquaredError([[1, 2], [3, 4]], [1, 2]), /yTrue has 2 outputs, yPred 1/);
  assert.throws(() => M.topKAccuracy([5], [[0.1, 0.9]]), /yTrue\[0\] = 5 is not a class index in 0\.\.1/);
});
