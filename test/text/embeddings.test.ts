/**
 * @file word2vec (skip-gram and CBOW) learns topic structure on a synthetic corpus and answers
 * neighbour and analogy queries; GloVe text vectors load into a [V, D] float32 weight tensor.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const A = ["cat", "dog", "mouse", "horse", "cow"], B = ["red", "blue", "green", "pink", "gray"];
function corpus(): string[][] {
  let s = 3;
  const r = () => { s = (s * 1103515245 + 12345) >>> 0; return s / 2 ** 32; };
  return Array.from({ length: 1500 }, (_, i) => Array.from({ length: 8 }, () => (i % 2 ? A : B)[Math.floor(r() * 5)]));
}

for (const mode of ["skipgram", "cbow"] as const) {
  test(`word2vec ${mode}: words of one topic are neighbours, the other topic is far`, () => {
    const kv = lw.text.trainWord2Vec(corpus(), { dim: 16, epochs: 3, minCount: 1, sample: 0, mode, seed: 7 });
    assert.equal(kv.size, 10);
    assert.ok(kv.similarity("cat", "dog") > kv.similarity("cat", "red") + 0.3, `${kv.similarity("cat", "dog")} vs ${kv.similarity("cat", "red")}`);
    const near = kv.mostSimilar("blue", { topn: 4 }).map(([w]) => w);
    assert.deepEqual(near.sort(), ["gray", "green", "pink", "red"]);
    const again = lw.text.trainWord2Vec(corpus(), { dim: 16, epochs: 3, minCount: 1, sample: 0, mode, seed: 7 });
    assert.deepEqual(again.vector("cat"), kv.vector("cat"), "same seed, same vectors");
  });
}

test("analogy and mostSimilar with positive/negative words; weight tensor; errors", () => {
  // a hand-made space: king − man + woman = queen
  const kv = new lw.text.KeyedVectors(["man", "woman", "king", "queen", "apple"], Float32Array.from([1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, -1]), 3);
  assert.equal(kv.analogy("man", "king", "woman", { topn: 1 })[0][0], "queen");
  assert.equal(kv.mostSimilar({ positive: ["king", "woman"], negative: ["man"] }, { topn: 1 })[0][0], "queen");
  const w = kv.toTensor();
  assert.deepEqual(w.shape, [5, 3]);
  assert.equal(w.dtype, "float32");
  assert.throws(() => kv.vector("pear"), /"pear" is not in the vocabulary/);
  assert.throws(() => lw.text.trainWord2Vec([["a"]], { minCount: 2 }), /lower minCount/);
  // @ts-expect-error an unknown mode
  assert.throws(() => lw.text.trainWord2Vec([["a"]], { mode: "glove" }), /mode must be/);
});

test("GloVe text format loads into vocabulary + [V, D] weights; word2vec header skipped; bad lines named", () => {
  const text = "3 4\nthe 0.1 0.2 0.3 0.4\nwhale -1 0 1 2.5e-1\nsea 0 0 0 1\n";
  const kv = lw.text.parseGloveText(text);
  assert.deepEqual(kv.words, ["the", "whale", "sea"]);
  assert.equal(kv.dim, 4);
  assert.deepEqual(Array.from(kv.vector("whale")), [-1, 0, 1, 0.25]);
  assert.deepEqual((kv.toTensor().tolist() as number[][])[2], [0, 0, 0, 1]);
  assert.equal(lw.text.parseGloveText(text, { limit: 1 }).size, 1);
  assert.throws(() => lw.text.parseGloveText("a 1 2\nb 1\n"), /line 2 \("b"\) has 1 numbers/);
  assert.throws(() => lw.text.parseGloveText("a 1 x\n"), /holds "x", not a number/);
});
