/**
 * @file Clustering metrics with scikit-learn's results: silhouetteScore (pairwise distances by GEMM blocks, the
 * per-cluster sums as a second GEMM against the one-hot labels), adjustedRandScore (Hubert & Arabie 1985) and
 * clusterPurity (the share of samples in their cluster's majority class, as clustering courses define it).
 */
import { fmtShape } from "../core/shape.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { matmul } from "../ops/linalg.ts";
import { pairwise, type Metric } from "./distance.ts";
import { asLabels, asMatrix, type FloatArray, type LabelsLike, type MatrixLike } from "./input.ts";

/** Dense codes 0..k-1 of arbitrary labels, in order of the sorted distinct values. */
function encode(y: Float64Array): { codes: Int32Array; k: number } {
  const classes = Array.from(new Set(y)).sort((a, b) => a - b);
  const idx = new Map(classes.map((c, i) => [c, i]));
  return { codes: Int32Array.from(y, (v) => idx.get(v)!), k: classes.length };
}

const BLOCK = 1024;

/** Mean silhouette coefficient (b − a) / max(a, b) over all samples; 0 for samples alone in their cluster. */
export function silhouetteScore(X: MatrixLike, labels: LabelsLike, opts: { metric?: Metric } = {}): number {
  const x = asMatrix(X, "silhouetteScore");
  const n = x.shape[0];
  const { codes, k } = encode(asLabels(labels, "silhouetteScore", n, "labels"));
  if (k < 2 || k > n - 1) throw new RangeError(`silhouetteScore: the number of distinct labels must be in [2, nSamples - 1] = [2, ${n - 1}], got ${k} for X of shape ${fmtShape(x.shape)}`);
  const metric = opts.metric ?? "euclidean";
  const oneHot = new (x.dtype === "float32" ? Float32Array : Float64Array)(n * k);
  const size = new Float64Array(k);
  for (let i = 0; i < n; i++) { oneHot[i * k + codes[i]] = 1; size[codes[i]]++; }
  const H = fromTypedArray(oneHot, [n, k]);
  let total = 0;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const rows = Math.min(BLOCK, n - b0);
    const sums = matmul(pairwise(x.narrow(0, b0, rows), x, metric), H).data as FloatArray; // (rows, k) distance sums per cluster
    for (let r = 0; r < rows; r++) {
      const own = codes[b0 + r];
      if (size[own] <= 1) continue;
      const a = sums[r * k + own] / (size[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[r * k + c] / size[c]);
      const m = Math.max(a, b);
      total += m > 0 ? (b - a) / m : 0;
    }
  }
  return total / n;
}

const comb2 = (v: number): number => (v * (v - 1)) / 2;

/** Contingency counts of two labelings (ka × kb, row-major). */
function contingency(a: LabelsLike, b: LabelsLike, who: string): { table: Float64Array; ka: number; kb: number; n: number } {
  const ya = asLabels(a, who, undefined, "labelsTrue");
  const yb = asLabels(b, who, ya.length, "labelsPred");
  const A = encode(ya), B = encode(yb);
  const table = new Float64Array(A.k * B.k);
  for (let i = 0; i < ya.length; i++) table[A.codes[i] * B.k + B.codes[i]]++;
  return { table, ka: A.k, kb: B.k, n: ya.length };
}

/** Rand index adjusted for chance: 1 for identical partitions (up to renaming), about 0 for random ones. */
export function adjustedRandScore(labelsTrue: LabelsLike, labelsPred: LabelsLike): number {
  const { table, ka, kb, n } = contingency(labelsTrue, labelsPred, "adjustedRandScore");
  // One cluster each, or every sample its own cluster on both sides: scikit-learn returns 1.
  if (ka === kb && (ka === 1 || ka === n)) return 1;
  let sumComb = 0;
  const rowSum = new Float64Array(ka), colSum = new Float64Array(kb);
  for (let i = 0; i < ka; i++) for (let j = 0; j < kb; j++) { const v = table[i * kb + j]; sumComb += comb2(v); rowSum[i] += v; colSum[j] += v; }
  const sa = rowSum.reduce((s, v) => s + comb2(v), 0), sb = colSum.reduce((s, v) => s + comb2(v), 0);
  const expected = (sa * sb) / comb2(n), max = (sa + sb) / 2;
  return max === expected ? 1 : (sumComb - expected) / (max - expected);
}

/** Purity: Σ over clusters of the count of their most frequent true class, divided by the number of samples. */
export function clusterPurity(labelsTrue: LabelsLike, labelsPred: LabelsLike): number {
  const { table, ka, kb, n } = contingency(labelsTrue, labelsPred, "clusterPurity");
  let s = 0;
  for (let j = 0; j < kb; j++) { let m = 0; for (let i = 0; i < ka; i++) m = Math.max(m, table[i * kb + j]); s += m; }
  return s / n;
}
