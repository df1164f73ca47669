/**
 * @file Histograms as TensorBoard's HistogramProto wants them, computed as PyTorch's writer does: numpy-style
 * counts over bin edges ("tensorflow": ±1e-12·1.1ᵏ up to 1e20 and 0; a bin count; or explicit edges), then the
 * empty buckets at both ends trimmed to one leading empty bucket.
 */
import type { HistogramData } from "./event-proto.ts";

export type HistogramBins = "tensorflow" | number | readonly number[];

let tensorflowEdges: Float64Array | null = null;
/** The edges PyTorch's SummaryWriter uses for bins="tensorflow" (TensorFlow's default histogram buckets). */
export function tensorflowBins(): Float64Array {
  if (tensorflowEdges) return tensorflowEdges;
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  const edges = new Float64Array(2 * pos.length + 1);
  for (let i = 0; i < pos.length; i++) {
    edges[pos.length - 1 - i] = -pos[i];
    edges[pos.length + 1 + i] = pos[i];
  }
  return (tensorflowEdges = edges);
}

/** numpy.linspace(lo, hi, n + 1) for n equal bins (lo === hi widens to ±0.5, as numpy does). */
function uniformEdges(lo: number, hi: number, n: number): Float64Array {
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const edges = new Float64Array(n + 1), step = (hi - lo) / n;
  for (let i = 0; i <= n; i++) edges[i] = lo + i * step;
  edges[n] = hi;
  return edges;
}

/** Counts per bin [eᵢ, eᵢ₊₁), the last bin closed; values outside the edges are not counted (numpy.histogram). */
function countInto(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const nb = edges.length - 1, counts = new Float64Array(nb), last = edges[nb];
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    if (x < edges[0] || x > last) continue;
    if (x === last) { counts[nb - 1]++; continue; }
    let lo = 0, hi = nb; // largest i with edges[i] <= x
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= x) lo = mid; else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

/** The HistogramProto of `values` (finite numbers, at least one). */
export function makeHistogram(values: ArrayLike<number>, bins: HistogramBins = "tensorflow", maxBins?: number): HistogramData {
  const n = values.length;
  if (n === 0) throw new RangeError("addHistogram: the values are empty");
  let min = Infinity, max = -Infinity, sum = 0, sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) throw new RangeError(`addHistogram: values must be finite, found ${x} at flat index ${i}`);
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    sumSquares += x * x;
  }
  let edges: ArrayLike<number>;
  if (bins === "tensorflow") edges = tensorflowBins();
  else if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`addHistogram: bins must be "tensorflow", a positive integer or increasing edges, got ${bins}`);
    edges = uniformEdges(min, max, bins);
  } else {
    if (bins.length < 2 || bins.some((e, i) => !Number.isFinite(e) || (i > 0 && e < bins[i - 1]))) throw new RangeError(`addHistogram: bin edges must be at least 2 finite increasing numbers`);
    edges = bins;
  }
  let counts = countInto(values, edges), limits = Array.from(edges);
  if (maxBins !== undefined && counts.length > maxBins) [counts, limits] = subsample(counts, limits, maxBins);

  let first = -1, last = -1;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) { if (first < 0) first = i; last = i; }
  if (first < 0) throw new RangeError(`addHistogram: no value lies inside the bin edges [${edges[0]}, ${edges[edges.length - 1]}]`);
  // One empty bucket before the first filled one; bucket i's limit is its right edge.
  const bucket = first > 0 ? Array.from(counts.subarray(first - 1, last + 1)) : [0, ...counts.subarray(0, last + 1)];
  const bucketLimit = limits.slice(first, last + 2);
  return { min, max, num: n, sum, sumSquares, bucketLimit, bucket };
}

/** Merges every ⌊n / maxBins⌋ neighbouring bins (PyTorch's max_bins), padding the tail with empty bins. */
function subsample(counts: Float64Array, limits: number[], maxBins: number): [Float64Array, number[]] {
  if (!Number.isInteger(maxBins) || maxBins < 1) throw new RangeError(`addHistogram: maxBins must be a positive integer, got ${maxBins}`);
  const k = Math.floor(counts.length / maxBins), groups = Math.ceil(counts.length / k);
  const merged = new Float64Array(groups), newLimits: number[] = [];
  for (let g = 0; g < groups; g++) {
    for (let j = g * k; j < Math.min((g + 1) * k, counts.length); j++) merged[g] += counts[j];
    newLimits.push(limits[g * k]);
  }
  newLimits.push(limits[limits.length - 1]);
  return [merged, newLimits];
}
