"""The reference side of bench/ann.ts: hnswlib (Debian python3-hnswlib, 2 threads) on Fashion-MNIST-784 at the same
M / efConstruction / efSearch values, recall@10 against lernwerk's exact neighbours, and scikit-learn's KMeans
(k=10, n_init=1, same max_iter) for time and inertia. Prints one JSON object.

Run by bench/ann.ts: /usr/bin/python3 bench/ann_sklearn_hnswlib.py GT_FILE NBASE NQUERIES M EFC EFS(comma) KMEANS_MAXITER
"""
import gzip
import json
import sys
import time

import numpy as np

ROOT = "/usr/share/datasets/fashion-mnist"


def idx_images(name):
    with gzip.open(f"{ROOT}/{name}.gz", "rb") as f:
        raw = f.read()
    n, r, c = (int.from_bytes(raw[4 * i + 4: 4 * i + 8], "big") for i in range(3))
    return (np.frombuffer(raw, np.uint8, offset=16).reshape(n, r * c).astype(np.float32) / np.float32(255))


def main():
    gt_file, nbase, nq, M, efc, efs, km_iter = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), [int(e) for e in sys.argv[6].split(",")], int(sys.argv[7])
    base = idx_images("train-images-idx3-ubyte")[:nbase]
    queries = idx_images("t10k-images-idx3-ubyte")[:nq]
    gt = np.fromfile(gt_file, dtype=np.int32).reshape(nq, 10)
    out = {}
    try:
        import hnswlib
        p = hnswlib.Index(space="l2", dim=base.shape[1])
        p.init_index(max_elements=nbase, ef_construction=efc, M=M, random_seed=100)
        p.set_num_threads(2)
        t = time.perf_counter(); p.add_items(base, np.arange(nbase)); build = time.perf_counter() - t
        rows = []
        for ef in efs:
            p.set_ef(ef)
            t = time.perf_counter(); labels, _ = p.knn_query(queries, k=10); dt = time.perf_counter() - t
            hit = sum(len(set(labels[i]) & set(gt[i])) for i in range(nq))
            rows.append({"ef": ef, "recall": hit / (10 * nq), "qps": nq / dt})
        out["hnswlib"] = {"build_s": build, "threads": 2, "version": getattr(hnswlib, "__version__", "0.6.2"), "rows": rows}
    except ImportError as e:
        out["hnswlib"] = {"error": f"{e} (apt-get install python3-hnswlib)"}
    from sklearn.cluster import KMeans
    t = time.perf_counter()
    km = KMeans(n_clusters=10, n_init=1, max_iter=km_iter, random_state=0).fit(base)
    out["sklearn_kmeans"] = {"s": time.perf_counter() - t, "inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
    print(json.dumps(out))


main()
