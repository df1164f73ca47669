/**
 * @file Initial centers for k-means: scikit-learn's greedy k-means++ (2 + ⌊ln k⌋ candidates per step, the one that
 * lowers the potential most is kept; Arthur & Vassilvitskii 2007) and "random" (k distinct rows). Distances on the GEMM.
 */
import type { Generator } from "../core/random.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { rowSqNorms, sqEuclidean } from "./distance.ts";

/** Row indices of `x` (N, D) picked by greedy k-means++; xNorms are its row squared norms. */
export function kmeansPlusPlus(x: Tensor, k: number, gen: Generator, xNorms: Tensor = rowSqNorms(x), nLocalTrials = 2 + Math.floor(Math.log(k))): Int32Array {
  const n = x.shape[0];
  const picked = new Int32Array(k);
  picked[0] = Math.min(n - 1, Math.floor(gen.uniform(1)[0] * n));
  let closest: Float64Array<ArrayBufferLike> = Float64Array.from(sqEuclidean(x.narrow(0, picked[0], 1), x, undefined, xNorms).data); // (N)
  let pot = sum(closest);
  const cum = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += closest[i];
    const r = gen.uniform(nLocalTrials);
    const cand = new Int32Array(nLocalTrials);
    for (let t = 0; t < nLocalTrials; t++) cand[t] = Math.min(n - 1, searchsortedLeft(cum, r[t] * pot));
    const candT = fromTypedArray(cand);
    const d = sqEuclidean(x.indexSelect(0, candT), x, xNorms.indexSelect(0, candT), xNorms).data; // (trials, N)
    let best = -1, bestPot = Infinity, bestRow: Float64Array | null = null;
    for (let t = 0; t < nLocalTrials; t++) {
      const row = new Float64Array(n);
      let p = 0;
      for (let i = 0; i < n; i++) { const v = Math.min(closest[i], d[t * n + i]); row[i] = v; p += v; }
      if (p < bestPot) { bestPot = p; best = t; bestRow = row; }
    }
    picked[c] = cand[best];
    closest = bestRow!;
    pot = bestPot;
  }
  return picked;
}

/** `k` distinct row indices uniformly at random. */
export function randomRows(n: number, k: number, gen: Generator): Int32Array {
  return gen.permutation(n).slice(0, k);
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** First index i with a[i] >= v (a sorted ascending), a.length when none: numpy's searchsorted(side="left"). */
function searchsortedLeft(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}
