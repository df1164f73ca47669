/** @file HNSWIndex: recall against FlatIndex on seeded clusters, deletion, save/load round trip and damaged files, bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";

/** 5,000 base + 200 query vectors: 32-D gaussian clusters around 50 random centers. */
function clusters(): { base: lw.Tensor; queries: lw.Tensor } {
  const g = new lw.Generator(11), n = 5000, nq = 200;
  const centers = lw.randn([50, 32], { generator: g }).mul(2);
  const x = centers.indexSelect(0, lw.randint(0, 50, [n + nq], { generator: g })).add(lw.randn([n + nq, 32], { generator: g }));
  return { base: x.narrow(0, 0, n), queries: x.narrow(0, n, nq) };
}

function recall(exact: lw.Tensor, approx: lw.Tensor, k: number): number {
  const E = exact.toTypedArray() as Int32Array, A = approx.toTypedArray() as Int32Array, rows = E.length / k;
  let hit = 0;
  for (let i = 0; i < rows; i++) { const s = new Set(E.subarray(i * k, i * k + k)); for (let j = 0; j < k; j++) if (s.has(A[i * k + j])) hit++; }
  return hit / (rows * k);
}

const { base, queries } = clusters();
const exact = new lw.search.FlatIndex({ dim: 32 }).add(base).search(queries, 10);
const index = new lw.search.HNSWIndex({ dim: 32, M: 12, efConstruction: 100, maxElements: 5000, randomSeed: 5 }).add(base);

test("HNSW recall@10 >= 0.95 against the exact FlatIndex on 5,000 × 32 seeded gaussian clusters (200 queries); higher ef does not lower it", () => {
  const r50 = recall(exact.labels, index.search(queries, 10).labels, 10);
  const r10 = recall(exact.labels, index.search(queries, 10, { ef: 10 }).labels, 10);
  const r200 = recall(exact.labels, index.search(queries, 10, { ef: 200 }).labels, 10);
  assert.ok(r50 >= 0.95, `recall@10 at ef=50: ${r50}`);
  assert.ok(r200 >= r50 && r200 >= 0.99, `recall@10 at ef=200: ${r200}`);
  assert.ok(r10 <= r200, `ef=10 ${r10} vs ef=200 ${r200}`);
  const got = index.search(queries.narrow(0, 0, 1), 3);
  const want = new lw.search.FlatIndex({ dim: 32 }).add(base).search(queries.narrow(0, 0, 1), 3);
  (want.distances.toTypedArray() as Float32Array).forEach((d, i) => assert.ok(Math.abs((got.distances.toTypedArray() as Float32Array)[i] - d) < 1e-3 * d));
});

test("HNSW markDeleted/delete hides a vector from results, unmarkDeleted brings it back; cosine finds the exact top-1", () => {
  const ix = new lw.search.HNSWIndex({ dim: 2, maxElements: 10 }).add([[0, 0], [1, 0], [2, 0], [3, 0]], [7, 8, 9, 10]);
  assert.deepEqual(Array.from(ix.search([[0.1, 0]], 1).labels.toTypedArray()), [7]);
  ix.markDeleted(7);
  assert.deepEqual(Array.from(ix.search([[0.1, 0]], 2).labels.toTypedArray()), [8, 9]);
  assert.equal(ix.ntotal, 3);
  ix.unmarkDeleted(7);
  assert.deepEqual(Array.from(ix.search([[0.1, 0]], 1).labels.toTypedArray()), [7]);
  ix.delete(8);
  assert.deepEqual(Array.from(ix.search([[0.9, 0]], 5).labels.toTypedArray()), [7, 9, 10, -1, -1], "k past the live count pads with −1");
  assert.throws(() => ix.markDeleted(99), /HNSWIndex\.markDeleted: id 99 is not in the index/);
  const cos = new lw.search.HNSWIndex({ dim: 2, metric: "cosine", maxElements: 3 }).add([[1, 0], [0, 3], [-2, -2]]);
  assert.deepEqual(Array.from(cos.search([[0, 0.5]], 1).labels.toTypedArray()), [1]);
  assert.ok(Math.abs((cos.search([[0, 0.5]], 1).distances.toTypedArray() as Float32Array)[0]) < 1e-6);
});

test("HNSW errors: dimension mismatch on add and search (names both), NaN vectors, duplicate ids, a full index, an empty index", () => {
  const ix = new lw.search.HNSWIndex({ dim: 4, maxElements: 2 });
  assert.deepEqual(Array.from(ix.search([[0, 0, 0, 0]], 2).labels.toTypedArray()), [-1, -1], "empty index");
  assert.throws(() => ix.add([[1, 2, 3]]), /HNSWIndex\.add: vectors have dimension 3 \(shape \[1, 3\]\), the index has dim 4/);
  assert.throws(() => ix.search([[1, 2]], 1), /HNSWIndex\.search: queries have dimension 2 \(shape \[1, 2\]\), the index has dim 4/);
  assert.throws(() => ix.add([[1, 2, NaN, 4]]), /HNSWIndex\.add: vectors row 0 has NaN at column 2/);
  ix.add([[1, 2, 3, 4]], [5]);
  assert.throws(() => ix.add([[1, 2, 3, 5]], [5]), /HNSWIndex\.add: id 5 is already in the index/);
  assert.throws(() => ix.add([[1, 1, 1, 1], [2, 2, 2, 2]]), /HNSWIndex\.add: 2 vectors do not fit: 1 of maxElements=2 used; call resizeIndex\(\) first/);
  ix.resizeIndex(3);
  ix.add([[1, 1, 1, 1], [2, 2, 2, 2]], [1, 2]);
  assert.equal(ix.size, 3);
  assert.throws(() => new lw.search.HNSWIndex({ dim: 4, maxElements: 0 }), /HNSWIndex: maxElements must be an integer >= 1, got 0/);
});

test("HNSW save/load round-trips (same results, can keep adding); truncated, corrupted, foreign and other-dim files are refused clearly", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-hnsw-"));
  try {
    const path = join(dir, "index.hnsw");
    index.markDeleted(3);
    index.save(path);
    const back = lw.search.HNSWIndex.load(path, { dim: 32, metric: "l2" });
    const a = index.search(queries, 10), b = back.search(queries, 10);
    assert.deepEqual(b.labels.toTypedArray(), a.labels.toTypedArray());
    assert.deepEqual(b.distances.toTypedArray(), a.distances.toTypedArray());
    assert.equal(back.ntotal, 4999);
    index.unmarkDeleted(3);
    const bytes = readFileSync(path);
    assert.throws(() => lw.search.HNSWIndex.load(path, { dim: 64 }), /the file holds vectors of dim 32, expected dim 64/);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    assert.throws(() => lw.search.HNSWIndex.load(path), /the file is truncated or padded: \d+ bytes, its header announces \d+/);
    writeFileSync(path, bytes.subarray(0, 20));
    assert.throws(() => lw.search.HNSWIndex.load(path), /the file is truncated: 20 bytes, the header alone has 64/);
    const bad = Buffer.from(bytes); bad[bad.length - 7] ^= 0xff;
    writeFileSync(path, bad);
    assert.throws(() => lw.search.HNSWIndex.load(path), /checksum mismatch, the file is corrupted/);
    const foreign = Buffer.from(bytes); foreign.write("NOTHNSW!", 0);
    writeFileSync(path, foreign);
    assert.throws(() => lw.search.HNSWIndex.load(path), /not a lernwerk HNSW file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
