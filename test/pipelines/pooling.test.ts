/** @file Sentence embeddings from the tiny BERT: mean pooling over the attention mask, [CLS], normalisation, checked by hand against the hidden states. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { BertModel } from "../../src/models/bert.ts";

const BERT = join(import.meta.dirname, "..", "models", "bert-tiny");
const tok = lw.AutoTokenizer.fromPretrained(BERT);
const model = BertModel.fromPretrained(BERT);
const hidden = (t: string) => lw.noGrad(() => model.forward(tok.encode(t)).lastHiddenState).tolist() as number[][][]; // (1, T, H)

test("mean pooling averages the unpadded token rows only; padding in a batch does not change it", () => {
  const short = "she ran", long = "the cat sat on the mat.";
  const h = hidden(short)[0], H = h[0].length;
  const byHand = Array.from({ length: H }, (_, d) => h.reduce((s, r) => s + r[d], 0) / h.length);
  const X = lw.pipelines.bertSentenceEmbeddings(model, tok, [long, short]); // short is padded to long's length
  for (let d = 0; d < H; d++) assert.ok(Math.abs(X[H + d] - byHand[d]) < 1e-5, `dim ${d}: ${X[H + d]} vs ${byHand[d]}`);
  const fe = lw.pipeline("feature-extraction", { model, tokenizer: tok });
  const [, pooled] = fe([long, short], { pooling: "mean" });
  assert.equal(pooled.length, 1); assert.equal(pooled[0].length, 1);
  for (let d = 0; d < H; d++) assert.ok(Math.abs(pooled[0][0][d] - byHand[d]) < 1e-5);
  // Averaging padded rows too would differ: the check above can fail.
  const withPad = lw.noGrad(() => model.forward(tok.encodeBatch([long, short], { padding: true })).lastHiddenState).tolist() as number[][][];
  const padMean = withPad[1][0].map((_, d) => withPad[1].reduce((s, r) => s + r[d], 0) / withPad[1].length);
  assert.ok(padMean.some((v, d) => Math.abs(v - byHand[d]) > 1e-4));
});

test("cls pooling is the first row; normalize gives unit rows pointing the same way", () => {
  const h = hidden("the cat sat")[0], H = h[0].length;
  const fe = lw.pipeline("feature-extraction", { model, tokenizer: tok });
  const cls = fe("the cat sat", { pooling: "cls" })[0][0];
  assert.deepEqual(cls.map((v) => Math.fround(v)), h[0].map((v) => Math.fround(v)));
  const unit = fe("the cat sat", { pooling: "cls", normalize: true })[0][0];
  const len = Math.hypot(...h[0]);
  assert.ok(Math.abs(Math.hypot(...unit) - 1) < 1e-5);
  for (let d = 0; d < H; d++) assert.ok(Math.abs(unit[d] - h[0][d] / len) < 1e-5);
  const X = lw.pipelines.bertSentenceEmbeddings(model, tok, ["a", "the cat sat on the mat"], { normalize: true });
  assert.ok(Math.abs(Math.hypot(...X.subarray(H, 2 * H)) - 1) < 1e-5);
});

test("bad pooling options are named", () => {
  const fe = lw.pipeline("feature-extraction", { model, tokenizer: tok });
  assert.throws(() => fe("x", { pooling: "max" as never }), /feature-extraction.*pooling must be one of none, mean, cls, got "max"/);
  assert.throws(() => fe("x", { pool: "mean" } as never), /pool/);
  assert.throws(() => lw.pipelines.bertSentenceEmbeddings(model, tok, ["x"], { pooling: "none" as never }), /bertSentenceEmbeddings: pooling must be "mean" or "cls"/);
});
