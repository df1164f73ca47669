/**
 * @file MiniBatchKMeans as scikit-learn's (Sculley 2010): centers moved towards each random batch's means with
 * per-center learning rates 1 / count, low-count centers reassigned to batch samples now and then, early stop when
 * the smoothed batch inertia has not improved for maxNoImprovement batches; labels and inertia on the whole data.
 */
import { defaultGenerator, Generator } from "../core/random.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { rowSqNorms, sqEuclidean } from "./distance.ts";
import { asMatrix, checkInt, checkPositive, fitted, type FloatArray, type MatrixLike } from "./input.ts";
import { CentroidClusterer } from "./centroid-clusterer.ts";
import { kmeansPlusPlus, randomRows } from "./kmeans-init.ts";
import { inertiaOf, nearest } from "./kmeans-lloyd.ts";

export interface MiniBatchKMeansOptions {
  nClusters?: number;
  init?: "k-means++" | "random";
  /** Passes over the data (default 100). */
  maxIter?: number;
  /** Samples per batch (default 1024). */
  batchSize?: number;
  /** Candidate initialisations on a subset (default "auto": 1 for k-means++, 3 for random). */
  nInit?: number | "auto";
  /** Batches without a lower smoothed inertia before stopping (default 10). */
  maxNoImprovement?: number;
  /** Centers with fewer than this share of the largest count are reassigned (default 0.01). */
  reassignmentRatio?: number;
  randomState?: number;
}

export class MiniBatchKMeans extends CentroidClusterer {
  protected readonly estimatorName = "MiniBatchKMeans";
  readonly nClusters: number;
  readonly o: Required<Omit<MiniBatchKMeansOptions, "randomState">> & { randomState?: number };
  /** Batches processed. */
  nSteps = 0;

  constructor(opts: MiniBatchKMeansOptions = {}) {
    super();
    this.o = { nClusters: 8, init: "k-means++", maxIter: 100, batchSize: 1024, nInit: "auto", maxNoImprovement: 10, reassignmentRatio: 0.01, ...opts };
    this.nClusters = this.o.nClusters;
    checkInt(this.nClusters, "MiniBatchKMeans", "nClusters", 1);
    checkInt(this.o.maxIter, "MiniBatchKMeans", "maxIter", 1);
    checkInt(this.o.batchSize, "MiniBatchKMeans", "batchSize", 1);
    checkPositive(this.o.reassignmentRatio, "MiniBatchKMeans", "reassignmentRatio", true);
    if (this.o.nInit !== "auto") checkInt(this.o.nInit, "MiniBatchKMeans", "nInit", 1);
  }

  fit(X: MatrixLike): this {
    const x = asMatrix(X, "MiniBatchKMeans.fit");
    const [n, d] = x.shape, k = this.nClusters;
    if (k > n) throw new RangeError(`MiniBatchKMeans.fit: nClusters=${k} must be <= nSamples=${n} (X of shape ${fmtShape(x.shape)})`);
    const gen = this.o.randomState === undefined ? defaultGenerator : new Generator(this.o.randomState);
    const bs = Math.min(this.o.batchSize, n);
    const initSize = Math.min(n, Math.max(3 * bs, 3 * k));
    const runs = this.o.nInit === "auto" ? (this.o.init === "random" ? 3 : 1) : this.o.nInit;
    const validation = x.indexSelect(0, fromTypedArray(Int32Array.from(gen.integers(initSize, 0, n))));
    let centers: Tensor | null = null, bestInertia = Infinity;
    for (let r = 0; r < runs; r++) {
      const sub = x.indexSelect(0, fromTypedArray(Int32Array.from(gen.integers(initSize, 0, n))));
      const rows = this.o.init === "random" ? randomRows(initSize, k, gen) : kmeansPlusPlus(sub, k, gen);
      const c = sub.indexSelect(0, fromTypedArray(rows));
      const inertia = inertiaOf(validation, c, nearest(validation, c));
      if (inertia < bestInertia) { bestInertia = inertia; centers = c; }
    }
    const C = Float64Array.from(centers!.data as FloatArray); // (k, d)
    const counts = new Float64Array(k);
    const xs = x.data as FloatArray;
    const steps = Math.floor((this.o.maxIter * n) / bs);
    const alpha = Math.min(1, (2 * bs) / (n + 1));
    let ewa = NaN, ewaMin = Infinity, noImprovement = 0, sinceReassign = 0, s = 0;
    const wrap = (c: Float64Array): Tensor => fromTypedArray(x.dtype === "float32" ? Float32Array.from(c) : c, [k, d]);
    for (; s < steps; s++) {
      const idx = Int32Array.from(gen.integers(bs, 0, n));
      const batch = x.indexSelect(0, fromTypedArray(idx));
      const dist = sqEuclidean(batch, wrap(C), rowSqNorms(batch));
      const lab = dist.argmin(1).data as Int32Array;
      const dd = dist.data as FloatArray;
      let batchInertia = 0;
      for (let i = 0; i < bs; i++) batchInertia += dd[i * k + lab[i]];
      batchInertia /= bs;
      // Incremental means: c ← (c·count + Σ batch points) / (count + batch count).
      const sums = new Float64Array(k * d), bc = new Float64Array(k);
      for (let i = 0; i < bs; i++) { const j = lab[i], p = idx[i] * d; bc[j]++; for (let f = 0; f < d; f++) sums[j * d + f] += xs[p + f]; }
      for (let j = 0; j < k; j++) {
        if (bc[j] === 0) continue;
        const w = counts[j] + bc[j];
        for (let f = 0; f < d; f++) C[j * d + f] = (C[j * d + f] * counts[j] + sums[j * d + f]) / w;
        counts[j] = w;
      }
      sinceReassign += bs;
      if (this.o.reassignmentRatio > 0 && (counts.some((c) => c === 0) || sinceReassign >= 10 * k)) {
        sinceReassign = 0;
        const limit = this.o.reassignmentRatio * Math.max(...counts);
        const low = Array.from(counts.keys()).filter((j) => counts[j] < limit).slice(0, Math.floor(0.5 * bs));
        if (low.length > 0 && low.length < k) {
          const pick = gen.permutation(bs);
          const keep = Math.min(...Array.from(counts).filter((c) => c >= limit));
          low.forEach((j, t) => { const p = idx[pick[t]] * d; for (let f = 0; f < d; f++) C[j * d + f] = xs[p + f]; counts[j] = keep; });
        }
      }
      ewa = Number.isNaN(ewa) ? batchInertia : ewa * (1 - alpha) + batchInertia * alpha;
      if (ewa < ewaMin) { ewaMin = ewa; noImprovement = 0; } else if (++noImprovement >= this.o.maxNoImprovement) { s++; break; }
    }
    this.clusterCenters = wrap(C);
    const labels = nearest(x, this.clusterCenters);
    this.labels = fromTypedArray(labels);
    this.inertia = inertiaOf(x, this.clusterCenters, labels);
    this.nSteps = s;
    this.nFeaturesIn = d;
    return this;
  }
}
