/** @file lw.ml behaviour beyond the goldens: bad input errors, MiniBatchKMeans, Pipeline, clusterPurity, PCA's Gram route. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

const blobs = (n: number, seed = 1): [lw.Tensor, lw.Tensor] => lw.data.makeBlobs(n, { centers: 4, nFeatures: 5, clusterStd: 0.5, generator: new lw.Generator(seed) });

test("bad input gets errors naming the estimator, the parameter and the shape", () => {
  const x = lw.tensor([[0, 1], [2, 3], [4, 5]]);
  assert.throws(() => new lw.ml.KMeans({ nClusters: 5 }).fit(x), /KMeans\.fit: nClusters=5 must be <= nSamples=3 \(X of shape \[3, 2\]\)/);
  assert.throws(() => new lw.ml.KMeans({ nClusters: 0 }), /KMeans: nClusters must be an integer >= 1, got 0/);
  assert.throws(() => new lw.ml.KMeans({ nClusters: 2, init: [[0, 0, 0], [1, 1, 1]] }).fit(x), /KMeans\.fit: init must have shape \[2, 2\].*got \[2, 3\]/);
  assert.throws(() => new lw.ml.DBSCAN({ eps: 0 }), /DBSCAN: eps must be a finite number > 0, got 0/);
  assert.throws(() => new lw.ml.DBSCAN({ eps: -1 }), /DBSCAN: eps/);
  assert.throws(() => new lw.ml.KMeans({ nClusters: 2 }).fit(lw.tensor([[0, 1], [NaN, 3], [4, 5]])), /KMeans\.fit: X contains NaN at row 1, column 0 of shape \[3, 2\]/);
  assert.throws(() => new lw.ml.PCA().fit(lw.tensor([[0, Infinity], [1, 2]])), /PCA\.fit: X contains an infinite value at row 0, column 1/);
  assert.throws(() => new lw.ml.DBSCAN().fit(lw.tensor([1, 2, 3])), /DBSCAN\.fit: X must be 2-D \(samples, features\), got shape \[3\]/);
  const km = new lw.ml.KMeans({ nClusters: 2, randomState: 0 }).fit(x);
  assert.throws(() => km.predict(lw.tensor([[1, 2, 3]])), /KMeans\.predict: X has 3 features \(shape \[1, 3\]\), the estimator was fitted on 2/);
  assert.throws(() => new lw.ml.KMeans().predict(x), /KMeans\.predict: this estimator is not fitted yet/);
  assert.throws(() => new lw.ml.PCA({ nComponents: 3 }).fit(x), /PCA\.fit: nComponents=3 must be <= min\(nSamples, nFeatures\)=2/);
  assert.throws(() => new lw.ml.LogisticRegression().fit(x, [1, 1, 1]), /LogisticRegression\.fit: y needs at least 2 classes, got 1/);
  assert.throws(() => new lw.ml.LogisticRegression().fit(x, [0, 1]), /LogisticRegression\.fit: y has 2 labels, X has 3 samples/);
  assert.throws(() => lw.ml.silhouetteScore(x, [0, 0, 0]), /silhouetteScore: the number of distinct labels must be in \[2, nSamples - 1\]/);
});

test("KMeans: random init with nInit runs keeps the lowest inertia; fitPredict, transform distances, score is minus inertia", () => {
  const [x, y] = blobs(400);
  const km = new lw.ml.KMeans({ nClusters: 4, init: "random", randomState: 3 });
  const labels = km.fitPredict(x);
  assert.equal(lw.ml.adjustedRandScore(labels, y), 1);
  assert.ok(Math.abs(km.score(x) + km.inertia) < 1e-3 * km.inertia);
  const t = km.transform(x.narrow(0, 0, 3)); // (3, 4)
  assert.deepEqual(t.shape, [3, 4]);
  const c = km.clusterCenters!.toTypedArray() as Float32Array, r = x.toTypedArray() as Float32Array;
  let d2 = 0;
  for (let f = 0; f < 5; f++) d2 += (r[f] - c[f]) ** 2;
  assert.ok(Math.abs((t.toTypedArray() as Float32Array)[0] - Math.sqrt(d2)) < 1e-4);
  assert.equal(km.clusterCenters!.dtype, "float32", "float32 data stays float32, as scikit-learn");
});

test("MiniBatchKMeans recovers well separated blobs and is repeatable for a randomState", () => {
  const [x, y] = blobs(3000, 2);
  const a = new lw.ml.MiniBatchKMeans({ nClusters: 4, batchSize: 256, randomState: 0 }).fit(x);
  const b = new lw.ml.MiniBatchKMeans({ nClusters: 4, batchSize: 256, randomState: 0 }).fit(x);
  assert.ok(lw.ml.adjustedRandScore(a.labels!, y) > 0.99, `ARI ${lw.ml.adjustedRandScore(a.labels!, y)}`);
  assert.equal(a.inertia, b.inertia);
  const full = new lw.ml.KMeans({ nClusters: 4, randomState: 0 }).fit(x);
  assert.ok(a.inertia <= full.inertia * 1.01, `mini-batch inertia ${a.inertia} vs full ${full.inertia}`);
  assert.deepEqual(Array.from(a.predict(x).toTypedArray() as Int32Array), Array.from(a.labels!.toTypedArray() as Int32Array));
});

test("Pipeline([scaler, clf]) equals fitting the steps by hand; lw.ml.StandardScaler is lw.data's", () => {
  assert.equal(lw.ml.StandardScaler, lw.data.StandardScaler);
  const [x, y] = lw.data.makeClassification(200, { nFeatures: 6, nClasses: 3, nInformative: 4, generator: new lw.Generator(4) });
  const xs = x.mul(lw.tensor([1, 10, 100, 0.1, 1, 5])).add(3);
  const pipe = new lw.ml.Pipeline([["scaler", new lw.ml.StandardScaler()], ["clf", new lw.ml.LogisticRegression()]]).fit(xs, y);
  const scaler = new lw.ml.StandardScaler().fit(xs), clf = new lw.ml.LogisticRegression().fit(scaler.transform(xs), y);
  assert.deepEqual(pipe.predictProba(xs).toTypedArray(), clf.predictProba(scaler.transform(xs)).toTypedArray());
  assert.equal(pipe.score(xs, y), clf.score(scaler.transform(xs), y));
  assert.ok(pipe.score(xs, y) > 0.6, "well above chance (1/3)");
  assert.ok(pipe.namedSteps.clf instanceof lw.ml.LogisticRegression);
  assert.throws(() => pipe.transform(xs), /Pipeline\.transform: the last step "clf" has no transform\(\)/);
  assert.throws(() => new lw.ml.Pipeline([["a", new lw.ml.LogisticRegression()], ["b", new lw.ml.KMeans()]]), /step "a" is not the last, so it needs a transform\(\) method/);
});

test("clusterPurity counts each cluster's majority class; PCA on more features than samples (Gram route) reconstructs the data", () => {
  assert.equal(lw.ml.clusterPurity([0, 0, 1, 1, 2, 2], [5, 5, 5, 7, 7, 7]), 4 / 6);
  assert.equal(lw.ml.clusterPurity([0, 1, 2], [0, 1, 2]), 1);
  const x = lw.randn([6, 20], { generator: new lw.Generator(9), dtype: "float64" });
  const p = new lw.ml.PCA().fit(x);
  assert.equal(p.nComponents, 6);
  const back = p.inverseTransform(p.transform(x));
  assert.ok((back.sub(x).abs().max().item() as number) < 1e-9);
  // Components are orthonormal.
  const g = p.components!.narrow(0, 0, 5).matmul(p.components!.narrow(0, 0, 5).transpose(0, 1));
  assert.ok((g.sub(lw.eye(5).double()).abs().max().item() as number) < 1e-9);
});

test("AgglomerativeClustering and the neighbour estimators reject bad input with the estimator's name", () => {
  assert.throws(() => new lw.ml.AgglomerativeClustering({ linkage: "ward", metric: "cosine" }), /AgglomerativeClustering: ward linkage needs metric "euclidean"/);
  assert.throws(() => new lw.ml.AgglomerativeClustering({ nClusters: 2, distanceThreshold: 1 }), /give exactly one of nClusters and distanceThreshold/);
  assert.throws(() => new lw.ml.AgglomerativeClustering({ nClusters: 5 }).fit([[0, 0], [1, 1]]), /nClusters=5 must be <= nSamples=2/);
  const nn = new lw.ml.NearestNeighbors({ nNeighbors: 2 }).fit([[0, 0], [1, 1], [3, 3]]);
  assert.throws(() => nn.kneighbors([[0, 0, 0]]), /NearestNeighbors.kneighbors: X has 3 features/);
  assert.throws(() => nn.kneighbors(undefined, 3), /nNeighbors=3 must be <= nSamplesFit − 1=2/);
  assert.throws(() => new lw.ml.KNeighborsClassifier().predict([[0, 0]]), /KNeighborsClassifier.predict: this estimator is not fitted/);
  assert.throws(() => new lw.ml.KNeighborsClassifier().fit([[0, 0]], [1, 2]), /y has 2 labels, X has 1 samples/);
});
