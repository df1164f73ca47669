/** @file lw.ml.datasets.makeBlobs / makeMoons: scikit-learn's shapes, splits and geometry, reproducible by randomState. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

test("makeMoons puts ⌊N/2⌋ points on the unit upper half circle and the rest on the shifted lower one", () => {
  const { X, y } = lw.ml.datasets.makeMoons({ nSamples: 101, shuffle: false });
  assert.deepEqual(X.shape, [101, 2]);
  const x = X.toTypedArray() as Float64Array, l = y.toTypedArray() as Int32Array;
  assert.equal(l.filter((v) => v === 0).length, 50);
  for (let i = 0; i < 101; i++) {
    const [cx, cy] = l[i] === 0 ? [0, 0] : [1, 0.5];
    assert.ok(Math.abs(Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy) - 1) < 1e-12, `point ${i}`);
  }
  const a = lw.ml.datasets.makeMoons({ nSamples: 50, noise: 0.1, randomState: 3 }), b = lw.ml.datasets.makeMoons({ nSamples: 50, noise: 0.1, randomState: 3 });
  assert.deepEqual(a.X.toTypedArray(), b.X.toTypedArray());
});

test("makeBlobs splits samples evenly over the centers with the requested spread, and checks its options", () => {
  const { X, y } = lw.ml.datasets.makeBlobs({ nSamples: 3000, centers: [[0, 0], [10, 10]], clusterStd: [0.5, 2], randomState: 1 });
  assert.deepEqual(X.shape, [3000, 2]);
  const l = y.toTypedArray() as Int32Array, x = X.toTypedArray() as Float64Array;
  for (const [c, std, mu] of [[0, 0.5, 0], [1, 2, 10]] as const) {
    const v = Array.from(l.keys()).filter((i) => l[i] === c).map((i) => x[2 * i]);
    assert.equal(v.length, 1500);
    const m = v.reduce((s, t) => s + t, 0) / v.length, sd = Math.sqrt(v.reduce((s, t) => s + (t - m) ** 2, 0) / v.length);
    assert.ok(Math.abs(m - mu) < 0.15 && Math.abs(sd - std) < 0.1 * std, `blob ${c}: mean ${m}, std ${sd}`);
  }
  assert.deepEqual(lw.ml.datasets.makeBlobs({ nFeatures: 5, centers: 4 }).X.shape, [100, 5]);
  assert.throws(() => lw.ml.datasets.makeBlobs({ centers: [[0, 0]], clusterStd: [1, 2] }), /makeBlobs: clusterStd has 2 values for 1 centers/);
});
