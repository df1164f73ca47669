"""Golden fixtures for lw.ml from scikit-learn 1.2 (Debian python3-sklearn): KMeans given its initial
centers (lloyd and elkan), DBSCAN (euclidean, manhattan, cosine), PCA (full solver, whiten, float
nComponents), LogisticRegression (lbfgs, binary and multinomial), silhouette_score, adjusted_rand_score,
AgglomerativeClustering (4 linkages, distance_threshold), NearestNeighbors and KNeighborsClassifier (brute).

Run: /usr/bin/python3 tools/gen_ml_fixtures.py
Writes test/ml/fixtures/ml.json (small: the data sets are a few hundred numbers each).
"""
import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

OUT = Path(__file__).resolve().parent.parent / "test" / "ml" / "fixtures" / "ml.json"
rng = np.random.default_rng(20261207)


def r(a):
    return np.round(np.asarray(a, dtype=np.float64), 10).tolist()


fx = {"sklearn": sklearn.__version__}

# ---------------------------------------------------------------- KMeans from given centers
X, _ = make_blobs(n_samples=120, centers=4, n_features=3, cluster_std=1.5, random_state=3)
X = np.round(X, 4)
init = X[[0, 1, 2, 3]]
cases = []
for algorithm in ("lloyd", "elkan"):
    km = KMeans(n_clusters=4, init=init, n_init=1, algorithm=algorithm, max_iter=300, tol=1e-4).fit(X)
    cases.append({"algorithm": algorithm, "centers": r(km.cluster_centers_), "labels": km.labels_.tolist(),
                  "inertia": float(km.inertia_), "nIter": int(km.n_iter_),
                  "transform": r(km.transform(X[:5])), "score": float(km.score(X))})
km2 = KMeans(n_clusters=4, init=init, n_init=1, max_iter=2, tol=0).fit(X)
fx["kmeans"] = {"X": r(X), "init": r(init), "cases": cases,
                "maxIter2": {"centers": r(km2.cluster_centers_), "labels": km2.labels_.tolist(), "inertia": float(km2.inertia_), "nIter": int(km2.n_iter_)}}

# Well separated blobs for k-means++ (the partition must match; the RNG differs).
Xb, yb = make_blobs(n_samples=300, centers=5, n_features=4, cluster_std=0.6, random_state=7)
kmb = KMeans(n_clusters=5, n_init=10, random_state=0).fit(Xb)
fx["kmeansPP"] = {"X": r(np.round(Xb, 5)), "labels": kmb.labels_.tolist(), "inertia": float(kmb.inertia_)}

# ---------------------------------------------------------------- DBSCAN
Xm, _ = make_moons(n_samples=150, noise=0.08, random_state=1)
Xm = np.round(Xm, 5)
db = []
for metric, eps, ms in (("euclidean", 0.2, 5), ("manhattan", 0.15, 4), ("cosine", 0.002, 5), ("euclidean", 0.12, 6)):
    d = DBSCAN(eps=eps, min_samples=ms, metric=metric).fit(Xm)
    db.append({"metric": metric, "eps": eps, "minSamples": ms, "labels": d.labels_.tolist(), "core": d.core_sample_indices_.tolist()})
fx["dbscan"] = {"X": r(Xm), "cases": db}

# ---------------------------------------------------------------- PCA (full)
A = rng.normal(size=(60, 6)) @ rng.normal(size=(6, 6)) + rng.normal(size=6) * 3
A = np.round(A, 5)
pcas = []
for nc, whiten in ((3, False), (6, False), (2, True), (0.9, False)):
    p = PCA(n_components=nc, svd_solver="full", whiten=whiten).fit(A)
    pcas.append({"nComponents": nc, "whiten": whiten, "components": r(p.components_), "explainedVariance": r(p.explained_variance_),
                 "explainedVarianceRatio": r(p.explained_variance_ratio_), "singularValues": r(p.singular_values_), "mean": r(p.mean_),
                 "noiseVariance": float(p.noise_variance_), "nComponentsFitted": int(p.n_components_), "transform": r(p.transform(A[:4])),
                 "inverse": r(p.inverse_transform(p.transform(A[:2])))})
prand = PCA(n_components=2, svd_solver="randomized", random_state=0).fit(A)
fx["pca"] = {"X": r(A), "cases": pcas, "randomized": {"components": r(prand.components_), "explainedVariance": r(prand.explained_variance_)}}

# ---------------------------------------------------------------- LogisticRegression (lbfgs)
Xl, yl = make_blobs(n_samples=90, centers=3, n_features=4, cluster_std=2.5, random_state=5)
Xl = np.round(Xl, 4)
logs = []
for name, y, C, fi in (("multinomial", yl, 1.0, True), ("binary", (yl == 1).astype(int), 1.0, True), ("multinomialC0.1", yl, 0.1, True), ("noIntercept", yl, 1.0, False)):
    m = LogisticRegression(C=C, fit_intercept=fi, max_iter=1000, tol=1e-10).fit(Xl, y)
    logs.append({"name": name, "y": y.tolist(), "C": C, "fitIntercept": fi, "coef": r(m.coef_), "intercept": r(m.intercept_),
                 "proba": r(m.predict_proba(Xl[:6])), "predict": m.predict(Xl).tolist(), "score": float(m.score(Xl, y))})
fx["logistic"] = {"X": r(Xl), "cases": logs}

# ---------------------------------------------------------------- metrics
lab = KMeans(n_clusters=3, n_init=3, random_state=0).fit_predict(Xl)
yt = rng.integers(0, 4, size=40).tolist()
yp = rng.integers(0, 3, size=40).tolist()
fx["metrics"] = {
    "silhouette": {"X": r(Xl), "labels": lab.tolist(), "euclidean": float(silhouette_score(Xl, lab)),
                   "manhattan": float(silhouette_score(Xl, lab, metric="manhattan")), "cosine": float(silhouette_score(Xl, lab, metric="cosine"))},
    "ari": [{"a": yt, "b": yp, "ari": float(adjusted_rand_score(yt, yp))},
            {"a": [0, 0, 1, 1, 2, 2], "b": [1, 1, 0, 0, 2, 2], "ari": float(adjusted_rand_score([0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2]))},
            {"a": [0, 0, 0, 1, 1, 1], "b": [0, 1, 2, 0, 1, 2], "ari": float(adjusted_rand_score([0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]))}],
}

# ---------------------------------------------------------------- AgglomerativeClustering
Xa, _ = make_blobs(n_samples=80, centers=[[0, 0], [4, 1], [1, 5], [6, 6]], cluster_std=[0.9, 1.2, 0.7, 1.5], random_state=11)
Xa = np.round(Xa, 5)
agg = []
for linkage in ("ward", "average", "complete", "single"):
    for k in (2, 3, 4, 6):
        a = AgglomerativeClustering(n_clusters=k, linkage=linkage, compute_distances=True).fit(Xa)
        agg.append({"linkage": linkage, "nClusters": k, "labels": a.labels_.tolist(), "distances": r(np.sort(a.distances_))})
for linkage, metric in (("average", "manhattan"), ("complete", "cosine")):
    a = AgglomerativeClustering(n_clusters=3, linkage=linkage, metric=metric).fit(Xa)
    agg.append({"linkage": linkage, "metric": metric, "nClusters": 3, "labels": a.labels_.tolist()})
thr = AgglomerativeClustering(n_clusters=None, distance_threshold=6.0, linkage="ward").fit(Xa)
fx["agglomerative"] = {"X": r(Xa), "cases": agg, "threshold": {"distanceThreshold": 6.0, "nClusters": int(thr.n_clusters_), "labels": thr.labels_.tolist()}}

# ---------------------------------------------------------------- NearestNeighbors / KNeighborsClassifier
Xk, yk = make_blobs(n_samples=90, centers=3, n_features=3, cluster_std=2.0, random_state=5)
Xk = np.round(Xk, 5)
Qk = np.round(rng.normal(size=(12, 3)) * 4, 5)
nn = NearestNeighbors(n_neighbors=4, algorithm="brute").fit(Xk)
dq, iq = nn.kneighbors(Qk)
ds, is_ = nn.kneighbors()
nnc = NearestNeighbors(n_neighbors=3, algorithm="brute", metric="manhattan").fit(Xk)
dm, im = nnc.kneighbors(Qk)
knn = []
for weights in ("uniform", "distance"):
    c = KNeighborsClassifier(n_neighbors=7, weights=weights, algorithm="brute").fit(Xk, yk)
    knn.append({"weights": weights, "proba": r(c.predict_proba(Qk)), "predict": c.predict(Qk).tolist(), "score": float(c.score(Xk, yk))})
fx["neighbors"] = {"X": r(Xk), "y": yk.tolist(), "Q": r(Qk), "query": {"distances": r(dq), "indices": iq.tolist()},
                   "self": {"distances": r(ds), "indices": is_.tolist()}, "manhattan": {"distances": r(dm), "indices": im.tolist()}, "knn": knn}

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps(fx, separators=(",", ":")) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
