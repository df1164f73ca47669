/**
 * @file One run of Lloyd's k-means as scikit-learn 1.2's _kmeans_single_lloyd: assignment by GEMM distances and
 * argmin, centers by index-add sums, empty clusters moved to the farthest points, stop on unchanged labels or when
 * the squared center shift is <= tol; the labels are recomputed for the final centers when it stopped on tol.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray, zeros } from "../ops/creation.ts";
import { argmin } from "../ops/reduce.ts";
import { rowSqNorms, sqEuclidean } from "./distance.ts";
import type { FloatArray } from "./input.ts";

export interface LloydResult { centers: Tensor; labels: Int32Array; inertia: number; nIter: number }

/** Index of each row's nearest center (N) for x (N, D) and centers (K, D). */
export function nearest(x: Tensor, centers: Tensor, xNorms?: Tensor): Int32Array {
  return argmin(sqEuclidean(x, centers, xNorms), 1).data as Int32Array;
}

/** Σ |x_i − c_{label_i}|², summed exactly (not from the GEMM expansion). */
export function inertiaOf(x: Tensor, centers: Tensor, labels: Int32Array): number {
  const diff = x.sub(centers.indexSelect(0, fromTypedArray(labels)));
  return diff.square().sum(undefined, { dtype: "float64" }).item();
}

/** Per-cluster means of x's rows (K, D); `counts` receives the sizes. Empty clusters come back as null rows to fill. */
export function clusterMeans(x: Tensor, labels: Int32Array, k: number, counts: Float64Array): Tensor {
  counts.fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const sums = zeros([k, x.shape[1]], { dtype: x.dtype }).indexAdd(0, fromTypedArray(labels), x);
  const inv = new (x.dtype === "float32" ? Float32Array : Float64Array)(k);
  for (let j = 0; j < k; j++) inv[j] = counts[j] > 0 ? 1 / counts[j] : 0;
  return sums.mul(fromTypedArray(inv, [k, 1]));
}

/** Empty clusters take the points farthest from their old center (scikit-learn's _relocate_empty_clusters_dense). */
export function relocateEmpty(x: Tensor, oldCenters: Tensor, centers: Tensor, labels: Int32Array, counts: Float64Array): Tensor {
  const empty: number[] = [];
  counts.forEach((c, j) => { if (c === 0) empty.push(j); });
  if (empty.length === 0) return centers;
  const far = x.sub(oldCenters.indexSelect(0, fromTypedArray(labels))).square().sum(1).data as FloatArray;
  const order = Array.from(far.keys()).sort((a, b) => far[b] - far[a]).slice(0, empty.length);
  const d = x.shape[1];
  const c = Float64Array.from(centers.data as FloatArray), xs = x.data as FloatArray;
  empty.forEach((j, t) => {
    const p = order[t], from = labels[p];
    // Moving point p out of its old cluster shifts that mean: m' = (m·n − x_p) / (n − 1).
    if (counts[from] > 1) for (let f = 0; f < d; f++) c[from * d + f] = (c[from * d + f] * counts[from] - xs[p * d + f]) / (counts[from] - 1);
    counts[from]--; counts[j] = 1;
    for (let f = 0; f < d; f++) c[j * d + f] = xs[p * d + f];
  });
  return fromTypedArray(x.dtype === "float32" ? Float32Array.from(c) : c, centers.shape);
}

/** Lloyd iterations from `init` (K, D) on x (N, D); tolAbs is already scaled by the data's variance. */
export function lloyd(x: Tensor, init: Tensor, maxIter: number, tolAbs: number, xNorms: Tensor = rowSqNorms(x)): LloydResult {
  const k = init.shape[0], n = x.shape[0];
  let centers = init;
  let labelsOld: Int32Array<ArrayBufferLike> = new Int32Array(n).fill(-1);
  let labels = labelsOld;
  const counts = new Float64Array(k);
  let strict = false, it = 0;
  for (; it < maxIter; it++) {
    labels = nearest(x, centers, xNorms);
    let next = clusterMeans(x, labels, k, counts);
    next = relocateEmpty(x, centers, next, labels, counts);
    const shift = next.sub(centers).square().sum(undefined, { dtype: "float64" }).item();
    centers = next;
    if (sameLabels(labels, labelsOld)) { strict = true; break; }
    if (shift <= tolAbs) break;
    labelsOld = labels;
  }
  if (!strict) labels = nearest(x, centers, xNorms);
  return { centers, labels, inertia: inertiaOf(x, centers, labels), nIter: Math.min(it + 1, maxIter) };
}

export function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** scikit-learn's _tolerance: tol × the mean of the per-feature variances. */
export function scaledTol(x: Tensor, tol: number): number {
  if (tol === 0) return 0;
  return x.var(0, { correction: 0 }).mean().item() * tol;
}
