/** @file VectorStore: texts + vectors + metadata in SQLite, exact and HNSW search, filters, delete, reopen, bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import * as lw from "../../src/index.ts";
import type { EmbeddingFunction } from "../../src/search/index.ts";

const { VectorStore } = lw.search;

// A bag-of-letters embedding: texts sharing letters are close, computable by hand.
const ALPHA = "abcdefgh";
const embed: EmbeddingFunction = (texts) => texts.map((t) => [...ALPHA].map((c) => [...t].filter((x) => x === c).length));
const dir = () => mkdtempSync(join(tmpdir(), "lw-vstore-"));
const TEXTS = ["aaa", "aab", "bbb", "ccc", "abc", "hhh"];
const METAS = TEXTS.map((t, i) => ({ i, kind: i % 2 ? "odd" : "even" }));

test("similaritySearch: cosine scores best first with texts and metadata, equal to a hand computation", () => {
  const store = VectorStore.open(":memory:", { dim: 8, embed });
  const ids = store.addTexts(TEXTS, METAS);
  assert.equal(ids.length, 6); assert.equal(store.count, 6);
  const hits = store.similaritySearch("aa", 3);
  assert.deepEqual(hits.map((h) => h.text), ["aaa", "aab", "abc"]);
  assert.ok(Math.abs(hits[0].score - 1) < 1e-6);
  assert.ok(Math.abs(hits[1].score - 2 / Math.sqrt(5)) < 1e-6, `${hits[1].score}`);
  assert.ok(Math.abs(hits[2].score - 1 / Math.sqrt(3)) < 1e-6);
  assert.deepEqual(hits[1].metadata, { i: 1, kind: "odd" });
  assert.ok(Math.abs(hits[1].distance - (1 - hits[1].score)) < 1e-6);
  const byVector = store.similaritySearch([1, 0, 0, 0, 0, 0, 0, 0], 1);
  assert.equal(byVector[0].text, "aaa");
  assert.equal(store.similaritySearch("aa", 100).length, 6, "k past the size gives every document");
  store.close();
});

test("filters are applied before k is counted: equality, $in, $ne and predicates", () => {
  const store = VectorStore.open(":memory:", { dim: 8, embed });
  store.addTexts(TEXTS, METAS);
  const odd = store.similaritySearch("aa", 2, { filter: { kind: "odd" } });
  assert.equal(odd.length, 2);
  assert.ok(odd.every((h) => h.metadata.kind === "odd"));
  assert.equal(odd[0].text, "aab");
  assert.deepEqual(store.similaritySearch("hh", 5, { filter: { i: { $in: [3, 5] } } }).map((h) => h.text), ["hhh", "ccc"]);
  assert.ok(store.similaritySearch("aa", 6, { filter: { kind: { $ne: "even" } } }).every((h) => h.metadata.kind === "odd"));
  assert.deepEqual(store.similaritySearch("aa", 3, { filter: (m) => (m.i as number) >= 4 }).map((h) => h.text), ["abc", "hhh"]);
  assert.throws(() => store.similaritySearch("aa", 1, { filter: { kind: { $gt: 1 } as never } }), /similaritySearch: filter\.kind must be a value/);
  store.close();
});

for (const kind of ["flat", "hnsw"] as const) {
  test(`${kind}: delete removes documents from results; reopening the file gives the same results`, () => {
    const path = join(dir(), "store.sqlite");
    const store = VectorStore.open(path, { dim: 8, embed, index: { kind } });
    const ids = store.addTexts(TEXTS, METAS);
    const before = store.similaritySearch("ab", 4);
    assert.equal(store.delete([ids[0], 999]), 1);
    const after = store.similaritySearch("ab", 4);
    assert.ok(!after.some((h) => h.text === "aaa"));
    assert.equal(after.length, 4);
    assert.deepEqual(store.get([ids[0], ids[1]]).map((d) => d.text), ["aab"]);
    store.close();
    const again = VectorStore.open(path, { embed, index: { kind } });
    assert.equal(again.dim, 8); assert.equal(again.metric, "cosine"); assert.equal(again.count, 5);
    assert.deepEqual(again.similaritySearch("ab", 4), after);
    assert.notDeepEqual(before.map((h) => h.text), after.map((h) => h.text));
    assert.deepEqual([...again.getVector(ids[1])], [2, 1, 0, 0, 0, 0, 0, 0]);
    again.close();
  });
}

test("hnsw agrees with flat on a random set (recall@10 ≥ 0.95)", () => {
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const n = 500, dim = 16;
  const vecs = Array.from({ length: n }, () => Array.from({ length: dim }, rnd));
  const texts = vecs.map((_, i) => `doc ${i}`);
  const flat = VectorStore.open(":memory:", { dim }), hnsw = VectorStore.open(":memory:", { dim, index: { kind: "hnsw" } });
  flat.addVectors(texts, vecs); hnsw.addVectors(texts, vecs);
  let hit = 0;
  for (let q = 0; q < 20; q++) {
    const query = Array.from({ length: dim }, rnd);
    const exact = new Set(flat.similaritySearch(query, 10).map((h) => h.id));
    hit += hnsw.similaritySearch(query, 10).filter((h) => exact.has(h.id)).length;
  }
  assert.ok(hit / 200 >= 0.95, `recall ${hit / 200}`);
});

test("bad input: dimension mismatch, NaN, missing file, another dim, not a database, no embed function", () => {
  const d = dir();
  const store = VectorStore.open(join(d, "a.sqlite"), { dim: 8, embed });
  assert.throws(() => store.addVectors(["x"], [[1, 2, 3]]), /VectorStore\.addVectors: row 0 has dimension 3, the store has dim 8/);
  assert.throws(() => store.addVectors(["x"], [[NaN, 0, 0, 0, 0, 0, 0, 0]]), /vector 0 has NaN at column 0/);
  assert.throws(() => store.similaritySearch([1, 2], 1), /similaritySearch: expected 1 vector\(s\) of dim 8 .* \(dimension 2\)/);
  assert.throws(() => store.similaritySearch("a", 0), /k must be an integer >= 1/);
  assert.throws(() => store.addTexts(["a", "b"], [{}]), /1 metadatas for 2 texts/);
  const bad = VectorStore.open(":memory:", { dim: 3, embed });
  assert.throws(() => bad.addTexts(["a"]), /addTexts \(embed\): row 0 has dimension 8, the store has dim 3/);
  assert.equal(store.count, 0, "nothing was stored by the failed calls");
  store.close();
  assert.throws(() => VectorStore.open(join(d, "a.sqlite"), { dim: 4 }), /holds vectors of dim 8, options\.dim is 4/);
  assert.throws(() => VectorStore.open(join(d, "a.sqlite"), { metric: "l2" }), /created with metric "cosine"/);
  assert.throws(() => VectorStore.open(join(d, "missing.sqlite"), { create: false }), /missing\.sqlite does not exist/);
  assert.throws(() => VectorStore.open(join(d, "new.sqlite")), /does not exist; a new store needs options\.dim/);
  writeFileSync(join(d, "junk.sqlite"), "this is not sqlite, just some text that is long enough to be read as a header ........");
  assert.throws(() => VectorStore.open(join(d, "junk.sqlite"), { dim: 8 }), /junk\.sqlite is not a readable VectorStore database/);
  mkdirSync(join(d, "folder"));
  assert.throws(() => VectorStore.open(join(d, "folder"), { dim: 8 }), /is a directory/);
  const plain = VectorStore.open(":memory:", { dim: 8 });
  assert.throws(() => plain.addTexts(["a"]), /no embed function/);
  // A damaged vector blob is named on reopen.
  const p = join(d, "b.sqlite");
  const s2 = VectorStore.open(p, { dim: 8, embed }); s2.addTexts(["abc"]); s2.close();
  const raw = new Database(p); raw.prepare("UPDATE documents SET vector = ?").run(Buffer.alloc(12)); raw.close();
  assert.throws(() => VectorStore.open(p), /document 1 has a vector of 12 bytes, expected 32 \(dim 8\)/);
});
