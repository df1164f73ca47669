/**
 * @file KMeans with scikit-learn's names, defaults and results: greedy k-means++ or random or given centers, the
 * best of nInit Lloyd runs by inertia, tol relative to the mean feature variance. `algorithm: "elkan"` runs
 * Elkan's bounded iteration (kmeans-elkan.ts), which gives Lloyd's partition with fewer distance computations.
 */
import { defaultGenerator, Generator } from "../core/random.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { rowSqNorms, sqEuclidean } from "./distance.ts";
import { asMatrix, checkInt, checkPositive, fitted, type MatrixLike } from "./input.ts";
import { CentroidClusterer } from "./centroid-clusterer.ts";
import { kmeansPlusPlus, randomRows } from "./kmeans-init.ts";
import { inertiaOf, lloyd, nearest, scaledTol } from "./kmeans-lloyd.ts";
import { elkan } from "./kmeans-elkan.ts";

export type KMeansInit = "k-means++" | "random" | MatrixLike;

export interface KMeansOptions {
  /** Number of clusters (default 8). */
  nClusters?: number;
  /** "k-means++" (default), "random", or the (nClusters, features) starting centers. */
  init?: KMeansInit;
  /** Runs with different seeds, the lowest inertia kept; "auto" (default, scikit-learn ≥ 1.4): 1 for k-means++ or given centers, 10 for random. */
  nInit?: number | "auto";
  /** Iterations per run (default 300). */
  maxIter?: number;
  /** Stop when the squared center shift is <= tol × mean feature variance (default 1e-4). */
  tol?: number;
  /** "lloyd" (default, GEMM assignment) or "elkan" (triangle-inequality bounds, same result). */
  algorithm?: "lloyd" | "elkan";
  /** Seed of the runs' generator; without it the global generator (lw.manualSeed) is used. */
  randomState?: number;
}

/** k-means clustering (scikit-learn's sklearn.cluster.KMeans). */
export class KMeans extends CentroidClusterer {
  protected readonly estimatorName = "KMeans";
  readonly nClusters: number;
  readonly init: KMeansInit;
  readonly nInit: number | "auto";
  readonly maxIter: number;
  readonly tol: number;
  readonly algorithm: "lloyd" | "elkan";
  readonly randomState: number | undefined;
  /** Lloyd iterations of the best run. */
  nIter = 0;

  constructor(opts: KMeansOptions = {}) {
    super();
    this.nClusters = opts.nClusters ?? 8;
    this.init = opts.init ?? "k-means++";
    this.nInit = opts.nInit ?? "auto";
    this.maxIter = opts.maxIter ?? 300;
    this.tol = opts.tol ?? 1e-4;
    this.algorithm = opts.algorithm ?? "lloyd";
    this.randomState = opts.randomState;
    checkInt(this.nClusters, "KMeans", "nClusters", 1);
    checkInt(this.maxIter, "KMeans", "maxIter", 1);
    checkPositive(this.tol, "KMeans", "tol", true);
    if (this.nInit !== "auto") checkInt(this.nInit, "KMeans", "nInit", 1);
    if (this.algorithm !== "lloyd" && this.algorithm !== "elkan") throw new RangeError(`KMeans: algorithm must be "lloyd" or "elkan", got ${String(this.algorithm)}`);
    if (typeof this.init === "string" && this.init !== "k-means++" && this.init !== "random") throw new RangeError(`KMeans: init must be "k-means++", "random" or an array of centers, got "${this.init}"`);
  }

  fit(X: MatrixLike): this {
    const x = asMatrix(X, "KMeans.fit");
    const [n, d] = x.shape;
    if (this.nClusters > n) throw new RangeError(`KMeans.fit: nClusters=${this.nClusters} must be <= nSamples=${n} (X of shape ${fmtShape(x.shape)})`);
    const given = typeof this.init === "string" ? null : asMatrix(this.init, "KMeans.fit", "init");
    if (given && (given.shape[0] !== this.nClusters || given.shape[1] !== d)) {
      throw new RangeError(`KMeans.fit: init must have shape [${this.nClusters}, ${d}] (nClusters, features of X ${fmtShape(x.shape)}), got ${fmtShape(given.shape)}`);
    }
    const runs = this.nInit === "auto" ? (this.init === "random" ? 10 : 1) : given ? 1 : this.nInit;
    const gen = this.randomState === undefined ? defaultGenerator : new Generator(this.randomState);
    // Centered data, as scikit-learn: the distances lose less to rounding; centers are shifted back at the end.
    const mean = x.mean(0);
    const xc = x.sub(mean).contiguous();
    const norms = rowSqNorms(xc);
    const tolAbs = scaledTol(x, this.tol);
    let best: ReturnType<typeof lloyd> | null = null;
    for (let r = 0; r < runs; r++) {
      let init: Tensor;
      if (given) init = given.to(x.dtype).sub(mean);
      else {
        const rows = this.init === "random" ? randomRows(n, this.nClusters, gen) : kmeansPlusPlus(xc, this.nClusters, gen, norms);
        init = xc.indexSelect(0, fromTypedArray(rows));
      }
      const res = this.algorithm === "elkan" && this.nClusters > 1 ? elkan(xc, init, this.maxIter, tolAbs) : lloyd(xc, init, this.maxIter, tolAbs, norms);
      if (!best || res.inertia < best.inertia) best = res;
    }
    this.clusterCenters = best!.centers.add(mean);
    this.labels = fromTypedArray(best!.labels);
    this.inertia = best!.inertia;
    this.nIter = best!.nIter;
    this.nFeaturesIn = d;
    return this;
  }

}
