/** @file Seq2SeqGRU: padding does not change a sentence's logits, decoding returns attention rows over the source, bad input is named. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { assertClose, type Nested } from "../nn/close.ts";

const make = (): lw.models.Seq2SeqGRU => {
  lw.manualSeed(0);
  return new lw.models.Seq2SeqGRU({ srcVocabSize: 12, tgtVocabSize: 9, embeddingDim: 5, hiddenSize: 6 }).eval();
};

test("a padded source batch gives each sentence the logits it gets alone (packing + attention mask)", () => {
  const m = make();
  const src = lw.tensor([[4, 5, 6, 7], [8, 9, 0, 0]], { dtype: "int32" });
  const tgtIn = lw.tensor([[1, 3, 4], [1, 5, 6]], { dtype: "int32" });
  const logits = m.forward(src, [4, 2], tgtIn); // (2, 3, 9)
  assert.deepEqual([...logits.shape], [2, 3, 9]);
  const alone = m.forward(lw.tensor([[8, 9]], { dtype: "int32" }), [2], tgtIn.narrow(0, 1, 1));
  assertClose(logits.index(1), alone.index(0).tolist() as Nested, "second sentence", { rtol: 1e-5, atol: 1e-6 });
});

test("translate: greedy equals beam width 1; one attention row per decoding step, each a distribution over the source", () => {
  const m = make();
  const opts = { startId: 1, endId: 2, maxLength: 6 };
  const g = m.translate([4, 5, 6], opts);
  const b1 = m.translate([4, 5, 6], { ...opts, beamWidth: 1 });
  assert.deepEqual(g.tokens, b1.tokens);
  assert.ok(g.attention.length === g.tokens.length + 1 || g.attention.length === opts.maxLength, "one row per step, the end token's included");
  for (const row of g.attention) {
    assert.equal(row.length, 3);
    assert.ok(Math.abs(row.reduce((a, c) => a + c, 0) - 1) < 1e-5);
  }
  const beam = m.translate([4, 5, 6], { ...opts, beamWidth: 3, lengthPenalty: 0 });
  assert.ok(Number.isFinite(beam.logProb) && beam.logProb < 0 && beam.tokens.every((t) => t >= 0 && t < 9 && t !== 2));
  assert.equal(m.training, false);
  assert.throws(() => m.translate([], opts), /Seq2SeqGRU.translate: the source sentence is empty/);
});
