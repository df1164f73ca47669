/** @file FlatIndex: exact neighbours equal a brute-force loop for l2 / ip / cosine, ids, k past the size, bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

const arr = (t: lw.Tensor): number[] => Array.from(t.toTypedArray() as ArrayLike<number>);

test("FlatIndex finds the same neighbours and distances as a brute-force loop (l2 squared, ip largest first, cosine 1 − cos)", () => {
  const g = new lw.Generator(3);
  const base = lw.randn([300, 12], { generator: g }), q = lw.randn([7, 12], { generator: g });
  const B = base.toTypedArray() as Float32Array, Q = q.toTypedArray() as Float32Array;
  for (const metric of ["l2", "ip", "cosine"] as const) {
    const res = new lw.search.FlatIndex({ dim: 12, metric }).add(base).search(q, 5);
    assert.deepEqual(res.labels.shape, [7, 5]);
    for (let i = 0; i < 7; i++) {
      const score = (j: number): number => {
        let dot = 0, l2 = 0, nq = 0, nb = 0;
        for (let k = 0; k < 12; k++) { const a = Q[i * 12 + k], b = B[j * 12 + k]; dot += a * b; l2 += (a - b) ** 2; nq += a * a; nb += b * b; }
        return metric === "l2" ? l2 : metric === "ip" ? -dot : 1 - dot / Math.sqrt(nq * nb);
      };
      const want = Array.from({ length: 300 }, (_, j) => j).sort((a, b) => score(a) - score(b)).slice(0, 5);
      assert.deepEqual(arr(res.labels).slice(i * 5, i * 5 + 5), want, `${metric} query ${i}`);
      arr(res.distances).slice(i * 5, i * 5 + 5).forEach((d, r) => {
        const w = metric === "ip" ? -score(want[r]) : score(want[r]);
        assert.ok(Math.abs(d - w) < 1e-4 * Math.max(1, Math.abs(w)), `${metric} distance ${d} vs ${w}`);
      });
    }
  }
});

test("FlatIndex: custom ids, k larger than the index pads with −1, empty index, dimension and NaN errors", () => {
  const ix = new lw.search.FlatIndex({ dim: 2 });
  const empty = ix.search([[0, 0]], 2);
  assert.deepEqual(arr(empty.labels), [-1, -1]);
  assert.deepEqual(arr(empty.distances), [Infinity, Infinity]);
  ix.add([[0, 0], [1, 0], [5, 5]], [10, 20, 30]);
  assert.equal(ix.ntotal, 3);
  const r = ix.search([[0.9, 0]], 5);
  assert.deepEqual(arr(r.labels), [20, 10, 30, -1, -1]);
  assert.ok(Math.abs(arr(r.distances)[0] - 0.01) < 1e-6);
  assert.throws(() => ix.add([[1, 2, 3]]), /FlatIndex\.add: vectors have dimension 3 \(shape \[1, 3\]\), the index has dim 2/);
  assert.throws(() => ix.search([[1, 2, 3]], 1), /FlatIndex\.search: queries have dimension 3 \(shape \[1, 3\]\), the index has dim 2/);
  assert.throws(() => ix.add([[NaN, 1]]), /FlatIndex\.add: vectors row 0 has NaN at column 0/);
  assert.throws(() => ix.search([[0, 0]], 0), /FlatIndex\.search: k must be an integer >= 1, got 0/);
  assert.throws(() => new lw.search.FlatIndex({ dim: 2, metric: "hamming" as "l2" }), /metric must be "l2", "ip" or "cosine"/);
});
