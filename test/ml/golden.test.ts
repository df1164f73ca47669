/** @file lw.ml against scikit-learn 1.2 goldens (tools/gen_ml_fixtures.py → test/ml/fixtures/ml.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "../../src/index.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fixture is untyped JSON
const fx: any = JSON.parse(readFileSync(new URL("./fixtures/ml.json", import.meta.url), "utf8"));
const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flat(4) as number[] : [a as number]);
function close(got: lw.Tensor | ArrayLike<number> | number, want: unknown, what: string, tol: number): void {
  const g = typeof got === "number" ? [got] : got instanceof lw.Tensor ? Array.from(got.toTypedArray() as ArrayLike<number>) : Array.from(got);
  const w = flat(want);
  assert.equal(g.length, w.length, `${what}: ${g.length} values, scikit-learn has ${w.length}`);
  g.forEach((v, i) => assert.ok(Math.abs(v - w[i]) <= tol * Math.max(1, Math.abs(w[i])), `${what}[${i}]: got ${v}, scikit-learn ${w[i]}`));
}
const ints = (t: lw.Tensor): number[] => Array.from(t.toTypedArray() as Int32Array);

test("KMeans from the same initial centers equals scikit-learn (lloyd and elkan): centers, labels, inertia, nIter, transform, score", () => {
  const X = lw.tensor(fx.kmeans.X, { dtype: "float64" });
  for (const c of fx.kmeans.cases) {
    const km = new lw.ml.KMeans({ nClusters: 4, init: fx.kmeans.init, algorithm: c.algorithm }).fit(X);
    close(km.clusterCenters!, c.centers, `${c.algorithm} centers`, 1e-9);
    assert.deepEqual(ints(km.labels!), c.labels);
    close(km.inertia, c.inertia, "inertia", 1e-9);
    assert.equal(km.nIter, c.nIter);
    close(km.transform(fx.kmeans.X.slice(0, 5)), c.transform, "transform", 1e-9);
    close(km.score(X), c.score, "score", 1e-9);
    assert.deepEqual(ints(km.predict(X)), c.labels);
  }
  const m2 = fx.kmeans.maxIter2;
  const km = new lw.ml.KMeans({ nClusters: 4, init: fx.kmeans.init, maxIter: 2, tol: 0 }).fit(X);
  assert.equal(km.nIter, m2.nIter);
  assert.deepEqual(ints(km.labels!), m2.labels);
  close(km.clusterCenters!, m2.centers, "maxIter=2 centers", 1e-9);
  close(km.inertia, m2.inertia, "maxIter=2 inertia", 1e-9);
});

test("KMeans with k-means++ finds scikit-learn's partition of well separated blobs (labels up to renaming, same inertia)", () => {
  const km = new lw.ml.KMeans({ nClusters: 5, randomState: 0, nInit: 3 }).fit(fx.kmeansPP.X);
  assert.equal(lw.ml.adjustedRandScore(km.labels!, fx.kmeansPP.labels), 1);
  close(km.inertia, fx.kmeansPP.inertia, "inertia", 1e-6);
});

test("DBSCAN equals scikit-learn for euclidean, manhattan and cosine: labels with noise −1 and core sample indices", () => {
  for (const c of fx.dbscan.cases) {
    const d = new lw.ml.DBSCAN({ eps: c.eps, minSamples: c.minSamples, metric: c.metric }).fit(fx.dbscan.X);
    assert.deepEqual(ints(d.labels!), c.labels, `${c.metric} eps=${c.eps} labels`);
    assert.deepEqual(ints(d.coreSampleIndices!), c.core, `${c.metric} eps=${c.eps} core samples`);
    assert.equal(d.components!.shape[0], c.core.length);
  }
});

test("PCA (full solver) equals scikit-learn: components with svd_flip signs, variances, singular values, mean, whiten, float nComponents", () => {
  for (const c of fx.pca.cases) {
    const p = new lw.ml.PCA({ nComponents: c.nComponents, svdSolver: "full", whiten: c.whiten }).fit(fx.pca.X);
    const what = `PCA(${c.nComponents}${c.whiten ? ", whiten" : ""})`;
    assert.equal(p.nComponents, c.nComponentsFitted, `${what} nComponents`);
    close(p.components!, c.components, `${what} components`, 1e-8);
    close(p.explainedVariance!, c.explainedVariance, `${what} explainedVariance`, 1e-8);
    close(p.explainedVarianceRatio!, c.explainedVarianceRatio, `${what} explainedVarianceRatio`, 1e-8);
    close(p.singularValues!, c.singularValues, `${what} singularValues`, 1e-8);
    close(p.mean!, c.mean, `${what} mean`, 1e-10);
    close(p.noiseVariance, c.noiseVariance, `${what} noiseVariance`, 1e-8);
    close(p.transform(fx.pca.X.slice(0, 4)), c.transform, `${what} transform`, 1e-8);
    close(p.inverseTransform(p.transform(fx.pca.X.slice(0, 2))), c.inverse, `${what} inverseTransform`, 1e-8);
  }
  const r = new lw.ml.PCA({ nComponents: 2, svdSolver: "randomized", randomState: 0 }).fit(fx.pca.X);
  close(r.components!, fx.pca.randomized.components, "randomized components", 1e-6);
  close(r.explainedVariance!, fx.pca.randomized.explainedVariance, "randomized explainedVariance", 1e-6);
});

test("LogisticRegression (lbfgs, L2) equals scikit-learn to ~1e-4: binary and multinomial coef, intercept, predictProba, predict, score", () => {
  for (const c of fx.logistic.cases) {
    const m = new lw.ml.LogisticRegression({ C: c.C, fitIntercept: c.fitIntercept, maxIter: 1000, tol: 1e-10 }).fit(fx.logistic.X, c.y);
    close(m.coef!, c.coef, `${c.name} coef`, 2e-4);
    close(m.intercept!, c.intercept, `${c.name} intercept`, 3e-4);
    close(m.predictProba(fx.logistic.X.slice(0, 6)), c.proba, `${c.name} predictProba`, 1e-5);
    assert.deepEqual(Array.from(m.predict(fx.logistic.X).toTypedArray() as Float64Array), c.predict);
    close(m.score(fx.logistic.X, c.y), c.score, `${c.name} score`, 1e-12);
  }
});

test("silhouetteScore (euclidean, manhattan, cosine) and adjustedRandScore equal scikit-learn", () => {
  const s = fx.metrics.silhouette;
  for (const metric of ["euclidean", "manhattan", "cosine"] as const) close(lw.ml.silhouetteScore(s.X, s.labels, { metric }), s[metric], `silhouette ${metric}`, 1e-9);
  for (const c of fx.metrics.ari) close(lw.ml.adjustedRandScore(c.a, c.b), c.ari, "ARI", 1e-12);
});

test("AgglomerativeClustering equals scikit-learn: labels up to renaming and merge distances for ward/average/complete/single, metrics, distanceThreshold", () => {
  const X = lw.tensor(fx.agglomerative.X, { dtype: "float64" });
  for (const c of fx.agglomerative.cases) {
    const a = new lw.ml.AgglomerativeClustering({ nClusters: c.nClusters, linkage: c.linkage, metric: c.metric }).fit(X);
    const what = `${c.linkage}/${c.metric ?? "euclidean"} k=${c.nClusters}`;
    assert.equal(lw.ml.adjustedRandScore(ints(a.labels!), c.labels), 1, what);
    if (c.distances) close(a.distances!, c.distances, `${what} distances`, 1e-8);
  }
  const t = fx.agglomerative.threshold;
  const a = new lw.ml.AgglomerativeClustering({ distanceThreshold: t.distanceThreshold }).fit(X);
  assert.equal(a.nClusters_, t.nClusters);
  assert.equal(lw.ml.adjustedRandScore(ints(a.labels!), t.labels), 1);
  assert.deepEqual(a.children!.shape, [fx.agglomerative.X.length - 1, 2]);
});

test("NearestNeighbors.kneighbors and KNeighborsClassifier equal scikit-learn (brute): distances, indices, self-query, manhattan, proba", () => {
  const f = fx.neighbors;
  const nn = new lw.ml.NearestNeighbors({ nNeighbors: 4 }).fit(f.X);
  const q = nn.kneighbors(f.Q);
  close(q.distances, f.query.distances, "distances", 1e-8);
  assert.deepEqual(ints(q.indices), f.query.indices.flat());
  const s = nn.kneighbors();
  close(s.distances, f.self.distances, "self distances", 1e-7);
  assert.deepEqual(ints(s.indices), f.self.indices.flat());
  const m = new lw.ml.NearestNeighbors({ nNeighbors: 3, metric: "manhattan" }).fit(f.X).kneighbors(f.Q);
  close(m.distances, f.manhattan.distances, "manhattan distances", 1e-10);
  assert.deepEqual(ints(m.indices), f.manhattan.indices.flat());
  for (const c of f.knn) {
    const clf = new lw.ml.KNeighborsClassifier({ nNeighbors: 7, weights: c.weights }).fit(f.X, f.y);
    close(clf.predictProba(f.Q), c.proba, `${c.weights} proba`, 1e-8);
    assert.deepEqual(Array.from(clf.predict(f.Q).toTypedArray() as Float64Array), c.predict);
    close(clf.score(f.X, f.y), c.score, `${c.weights} score`, 1e-12);
  }
});
