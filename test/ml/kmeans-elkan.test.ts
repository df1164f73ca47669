/** @file KMeans algorithm "elkan": the same run as Lloyd's (centers, labels, inertia, nIter) with fewer distance computations. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { elkan } from "../../src/ml/kmeans-elkan.ts";
import { lloyd, scaledTol } from "../../src/ml/kmeans-lloyd.ts";

test("Elkan's k-means equals Lloyd's on 2,000 × 8 blobs and skips most of the distances", () => {
  const { X } = lw.ml.datasets.makeBlobs({ nSamples: 2000, nFeatures: 8, centers: 6, clusterStd: 1.5, randomState: 4 });
  const x = X.sub(X.mean(0)).contiguous();
  const init = x.narrow(0, 0, 6).contiguous();
  const tol = scaledTol(x, 1e-4);
  const a = lloyd(x, init, 300, tol), b = elkan(x, init, 300, tol);
  assert.deepEqual(Array.from(b.labels), Array.from(a.labels));
  assert.equal(b.nIter, a.nIter);
  assert.ok(Math.abs(b.inertia - a.inertia) <= 1e-9 * a.inertia, `inertia ${b.inertia} vs ${a.inertia}`);
  assert.ok((b.centers.sub(a.centers).abs().max().item() as number) < 1e-9);
  const lloydEvals = 2000 * 6 * (a.nIter - 1);
  assert.ok(a.nIter > 2, `needs several iterations, got ${a.nIter}`);
  assert.ok(b.distanceEvals < 0.5 * lloydEvals, `elkan computed ${b.distanceEvals} distances, lloyd ${lloydEvals}`);
  const km = new lw.ml.KMeans({ nClusters: 6, algorithm: "elkan", randomState: 1 }).fit(X);
  const kl = new lw.ml.KMeans({ nClusters: 6, algorithm: "lloyd", randomState: 1 }).fit(X);
  assert.ok(Math.abs(km.inertia - kl.inertia) <= 1e-9 * kl.inertia);
});
