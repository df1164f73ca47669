/**
 * @file DBSCAN (Ester et al. 1996) as scikit-learn's: neighbourhoods within eps (inclusive, the point itself counted),
 * core points with >= minSamples neighbours, clusters grown from core points in sample order, noise labelled −1.
 * Neighbourhoods come from blocks of GEMM distances (Euclidean, cosine) or the Manhattan loop; Euclidean pairs near
 * the eps boundary are decided by the exact difference, not the expansion.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { pairwise, rowSqNorms, sqEuclidean, type Metric } from "./distance.ts";
import { asMatrix, checkInt, checkPositive, fitted, type FloatArray, type MatrixLike } from "./input.ts";

export interface DBSCANOptions {
  /** Neighbourhood radius (default 0.5). */
  eps?: number;
  /** Neighbours (the point included) that make a core point (default 5). */
  minSamples?: number;
  /** "euclidean" (default), "manhattan" or "cosine". */
  metric?: Metric;
}

const BLOCK = 1024;

/** Density-based clustering (scikit-learn's sklearn.cluster.DBSCAN). */
export class DBSCAN {
  readonly eps: number;
  readonly minSamples: number;
  readonly metric: Metric;
  /** (samples) int32: the cluster of each sample, −1 for noise. */
  labels: Tensor | null = null;
  /** (cores) int32 indices of the core samples, ascending. */
  coreSampleIndices: Tensor | null = null;
  /** (cores, features) the core samples. */
  components: Tensor | null = null;

  constructor(opts: DBSCANOptions = {}) {
    this.eps = opts.eps ?? 0.5;
    this.minSamples = opts.minSamples ?? 5;
    this.metric = opts.metric ?? "euclidean";
    checkPositive(this.eps, "DBSCAN", "eps");
    checkInt(this.minSamples, "DBSCAN", "minSamples", 1);
    if (!["euclidean", "manhattan", "cosine"].includes(this.metric)) throw new RangeError(`DBSCAN: metric must be "euclidean", "manhattan" or "cosine", got ${String(this.metric)}`);
  }

  fit(X: MatrixLike): this {
    const x = asMatrix(X, "DBSCAN.fit");
    const n = x.shape[0];
    const neighbours = this.neighbourhoods(x);
    const core = new Uint8Array(n);
    for (let i = 0; i < n; i++) core[i] = neighbours[i].length >= this.minSamples ? 1 : 0;
    const labels = new Int32Array(n).fill(-1);
    const stack: number[] = [];
    let cluster = 0;
    for (let start = 0; start < n; start++) {
      if (labels[start] !== -1 || !core[start]) continue;
      let i = start;
      for (;;) {
        if (labels[i] === -1) {
          labels[i] = cluster;
          if (core[i]) for (const j of neighbours[i]) if (labels[j] === -1) stack.push(j);
        }
        if (stack.length === 0) break;
        i = stack.pop()!;
      }
      cluster++;
    }
    const cores = Int32Array.from({ length: n }, (_, i) => i).filter((i) => core[i] === 1);
    this.labels = fromTypedArray(labels);
    this.coreSampleIndices = fromTypedArray(cores);
    this.components = x.indexSelect(0, this.coreSampleIndices);
    return this;
  }

  fitPredict(X: MatrixLike): Tensor {
    return fitted(this.fit(X).labels, "DBSCAN.fitPredict");
  }

  /** For each sample, the indices of the samples within eps (itself included), in index order. */
  private neighbourhoods(x: Tensor): Int32Array[] {
    const [n, d] = x.shape;
    const out: Int32Array[] = new Array(n);
    const eps = this.eps, eps2 = eps * eps;
    const xs = x.data as FloatArray;
    const norms = this.metric === "euclidean" ? rowSqNorms(x) : null;
    // The GEMM expansion is off by a few ulps of |x|²: pairs inside this band around eps² are recomputed exactly.
    const band = 1e-6 * (1 + (norms ? (norms.max().item() as number) : 0));
    const row: number[] = [];
    for (let b0 = 0; b0 < n; b0 += BLOCK) {
      const rows = Math.min(BLOCK, n - b0);
      const blk = x.narrow(0, b0, rows);
      const dist = (this.metric === "euclidean" ? sqEuclidean(blk, x, norms!.narrow(0, b0, rows), norms!) : pairwise(blk, x, this.metric)).data as FloatArray; // (rows, N)
      for (let r = 0; r < rows; r++) {
        row.length = 0;
        const i = b0 + r, base = r * n;
        for (let j = 0; j < n; j++) {
          const v = dist[base + j];
          if (this.metric !== "euclidean") { if (v <= eps) row.push(j); continue; }
          if (v < eps2 - band) row.push(j);
          else if (v <= eps2 + band && exactSq(xs, i, j, d) <= eps2) row.push(j);
        }
        out[i] = Int32Array.from(row);
      }
    }
    return out;
  }
}

/** |x_i − x_j|² summed in order over the features. */
function exactSq(xs: FloatArray, i: number, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) { const t = xs[i * d + k] - xs[j * d + k]; s += t * t; }
  return s;
}
