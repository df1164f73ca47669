/**
 * @file Downsampling of metric series for charts: Largest-Triangle-Three-Buckets (keeps the visual
 * shape of a curve) and min/max buckets (keeps every spike). Both return the indices of the kept points.
 */

/** Which points to keep: LTTB (shape-preserving) or the min and max of each bucket (extreme-preserving). */
export type DownsampleMethod = "lttb" | "minmax";

function checkInputs(fn: string, x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): void {
  if (x.length !== y.length) throw new Error(`${fn}: x has ${x.length} points but y has ${y.length}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 0) throw new Error(`${fn}: maxPoints must be an integer >= 0, got ${maxPoints}`);
}

function allIndices(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, from each of
 * `maxPoints - 2` equal buckets between them, the point forming the largest triangle with the point kept
 * before it and the mean of the next bucket. `x` must be non-decreasing. A non-finite y (NaN, ±Infinity:
 * a diverged run) always wins its bucket so divergence stays visible. Returns sorted indices.
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Int32Array {
  checkInputs("lttb", x, y, maxPoints);
  const n = x.length;
  if (maxPoints >= n || n <= 2) return allIndices(n);
  if (maxPoints === 0) return new Int32Array(0);
  if (maxPoints === 1) return Int32Array.of(n - 1);
  if (maxPoints === 2) return Int32Array.of(0, n - 1);
  const out = new Int32Array(maxPoints);
  const bucketSize = (n - 2) / (maxPoints - 2);
  let kept = 0;
  out[0] = 0;
  for (let b = 0; b < maxPoints - 2; b++) {
    const start = Math.floor(b * bucketSize) + 1;
    const end = Math.min(Math.floor((b + 1) * bucketSize) + 1, n - 1);
    // mean of the next bucket (the last point alone for the last bucket), finite values only
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((b + 2) * bucketSize) + 1, n);
    let meanX = 0, meanY = 0, count = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      const yi = y[i];
      if (Number.isFinite(yi)) { meanX += x[i]; meanY += yi; count++; }
    }
    if (count > 0) { meanX /= count; meanY /= count; } else { meanX = x[n - 1]; meanY = Number.isFinite(y[n - 1]) ? y[n - 1] : 0; }
    const ax = x[kept], ay = Number.isFinite(y[kept]) ? y[kept] : meanY;
    let best = start, bestArea = -1;
    for (let i = start; i < end; i++) {
      const yi = y[i];
      const area = Number.isFinite(yi) ? Math.abs((ax - meanX) * (yi - ay) - (ax - x[i]) * (meanY - ay)) : Infinity;
      if (area > bestArea) { bestArea = area; best = i; if (area === Infinity) break; }
    }
    out[b + 1] = best;
    kept = best;
  }
  out[maxPoints - 1] = n - 1;
  return out;
}

/**
 * Min/max buckets: splits the points into `floor(maxPoints / 2)` buckets and keeps the smallest and the
 * largest y of each (in x order; one point when they coincide), plus the first and last point. Nothing
 * extreme is lost, which LTTB cannot promise. Non-finite y values count as extremes. Returns sorted indices.
 */
export function minMaxBuckets(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Int32Array {
  checkInputs("minMaxBuckets", x, y, maxPoints);
  const n = x.length;
  if (maxPoints >= n || n <= 2) return allIndices(n);
  if (maxPoints < 4) return lttb(x, y, maxPoints);
  const buckets = Math.floor((maxPoints - 2) / 2);
  const picked: number[] = [0];
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size) + 1;
    const end = Math.min(Math.floor((b + 1) * size) + 1, n - 1);
    let lo = -1, hi = -1, odd = -1;
    for (let i = start; i < end; i++) {
      const yi = y[i];
      if (Number.isNaN(yi)) { if (odd < 0) odd = i; continue; }
      if (lo < 0 || yi < y[lo]) lo = i;
      if (hi < 0 || yi > y[hi]) hi = i;
    }
    if (odd >= 0) { // a NaN in the bucket: keep it and the larger-magnitude extreme
      const other = hi >= 0 ? (Math.abs(y[hi]) >= Math.abs(y[lo]) ? hi : lo) : -1;
      if (other >= 0 && other < odd) picked.push(other, odd); else if (other >= 0) picked.push(odd, other); else picked.push(odd);
    } else if (lo >= 0) {
      if (lo === hi) picked.push(lo); else if (lo < hi) picked.push(lo, hi); else picked.push(hi, lo);
    }
  }
  picked.push(n - 1);
  return Int32Array.from(picked);
}

/** Runs `method` on (x, y) for at most `maxPoints` points. */
export function downsample(method: DownsampleMethod, x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Int32Array {
  if (method === "lttb") return lttb(x, y, maxPoints);
  if (method === "minmax") return minMaxBuckets(x, y, maxPoints);
  throw new Error(`downsample: method must be "lttb" or "minmax", got ${JSON.stringify(method)}`);
}
