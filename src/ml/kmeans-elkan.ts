/**
 * @file One run of Elkan's k-means (Elkan 2003) as scikit-learn 1.2's _kmeans_single_elkan: an upper bound per sample
 * and a lower bound per (sample, center) skip the distances that cannot change an assignment; the centers, the empty
 * cluster relocation and the stopping rule are Lloyd's, so the partition is Lloyd's (up to exact ties).
 */
import type { Tensor } from "../core/tensor.ts";
import { clusterMeans, inertiaOf, relocateEmpty, sameLabels, type LloydResult } from "./kmeans-lloyd.ts";
import { sqEuclidean } from "./distance.ts";
import type { FloatArray } from "./input.ts";

export interface ElkanResult extends LloydResult {
  /** Sample–center distances computed after the initial bounds (Lloyd computes nIter × N × K). */
  distanceEvals: number;
}

/** Elkan iterations from `init` (K, D) on x (N, D); tolAbs is already scaled by the data's variance. */
export function elkan(x: Tensor, init: Tensor, maxIter: number, tolAbs: number): ElkanResult {
  const [n, d] = x.shape, k = init.shape[0];
  const xs = x.data as FloatArray;
  let centers = init.contiguous();
  // Initial bounds: every distance once, by the GEMM.
  const lower = Float64Array.from(sqEuclidean(x, centers).sqrt().data as FloatArray); // (N, K)
  const upper = new Float64Array(n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < k; c++) if (lower[i * k + c] < lower[i * k + b]) b = c;
    labels[i] = b; upper[i] = lower[i * k + b];
  }
  const stale = new Uint8Array(n);
  const counts = new Float64Array(k), half = new Float64Array(k);
  let labelsOld = new Int32Array(n).fill(-1);
  let evals = 0, it = 0, strict = false;
  for (; it < maxIter; it++) {
    const cs = centers.data as FloatArray;
    const cc = sqEuclidean(centers, centers).sqrt().data as FloatArray; // (K, K)
    for (let c = 0; c < k; c++) {
      let m = Infinity;
      for (let c2 = 0; c2 < k; c2++) if (c2 !== c && cc[c * k + c2] < m) m = cc[c * k + c2];
      half[c] = m / 2;
    }
    const dist = (i: number, c: number): number => {
      evals++;
      let s = 0;
      for (let f = 0, a = i * d, b = c * d; f < d; f++) { const t = xs[a + f] - cs[b + f]; s += t * t; }
      return Math.sqrt(s);
    };
    if (it > 0) for (let i = 0; i < n; i++) {
      let a = labels[i], u = upper[i];
      if (u <= half[a]) continue;
      for (let c = 0; c < k; c++) {
        if (c === a || u <= lower[i * k + c] || u <= cc[a * k + c] / 2) continue;
        if (stale[i]) { u = dist(i, a); lower[i * k + a] = u; stale[i] = 0; if (u <= lower[i * k + c] || u <= cc[a * k + c] / 2) continue; }
        const dc = dist(i, c);
        lower[i * k + c] = dc;
        if (dc < u) { a = c; u = dc; }
      }
      labels[i] = a; upper[i] = u;
    }
    let next = clusterMeans(x, labels, k, counts);
    next = relocateEmpty(x, centers, next, labels, counts).contiguous();
    const shiftSq = next.sub(centers).square().sum(1).data as FloatArray; // (K)
    let shift = 0;
    for (let c = 0; c < k; c++) shift += shiftSq[c];
    centers = next;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) lower[i * k + c] = Math.max(lower[i * k + c] - Math.sqrt(shiftSq[c]), 0);
      upper[i] += Math.sqrt(shiftSq[labels[i]]); stale[i] = 1;
    }
    if (sameLabels(labels, labelsOld)) { strict = true; break; }
    if (shift <= tolAbs) break;
    labelsOld = Int32Array.from(labels);
  }
  let finalLabels = labels;
  if (!strict) {
    // Lloyd's final step after a tol stop: labels for the final centers.
    finalLabels = Int32Array.from(labels);
    const all = sqEuclidean(x, centers).data as FloatArray;
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let c = 1; c < k; c++) if (all[i * k + c] < all[i * k + b]) b = c;
      finalLabels[i] = b;
    }
  }
  return { centers, labels: finalLabels, inertia: inertiaOf(x, centers, finalLabels), nIter: Math.min(it + 1, maxIter), distanceEvals: evals };
}
