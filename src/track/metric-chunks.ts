/**
 * @file Metric histories as packed chunks: n points become one Float64 blob [steps | values | timestamps]
 * (NaN and ±Infinity survive as they are); reading concatenates a run's chunks into columns ordered by
 * step, then timestamp.
 */
import type { MetricColumns, MetricPoint } from "./types.ts";

/** One blob of points (all of one key). */
export function packChunk(points: readonly MetricPoint[]): Buffer {
  const n = points.length, out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    out[i] = p.step;
    out[n + i] = p.value;
    out[2 * n + i] = p.timestamp;
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** A Float64Array over a blob's bytes (copied when they are not 8-byte aligned). */
function float64s(blob: Uint8Array): Float64Array {
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8);
  return new Float64Array(blob.slice().buffer);
}

/** Concatenates chunks (in insertion order) into columns sorted by (step, timestamp); a stable sort keeps insertion order for ties. */
export function unpackChunks(chunks: readonly { n: number; data: Uint8Array }[]): MetricColumns {
  let total = 0;
  for (const c of chunks) total += c.n;
  const step = new Float64Array(total), value = new Float64Array(total), timestamp = new Float64Array(total);
  let at = 0;
  for (const c of chunks) {
    const f = float64s(c.data), n = c.n;
    if (f.length !== 3 * n) throw new Error(`metric chunk holds ${f.length} numbers, expected 3 × ${n}: the database is damaged`);
    step.set(f.subarray(0, n), at);
    value.set(f.subarray(n, 2 * n), at);
    timestamp.set(f.subarray(2 * n, 3 * n), at);
    at += n;
  }
  let sorted = true;
  for (let i = 1; i < total && sorted; i++) sorted = step[i - 1] < step[i] || (step[i - 1] === step[i] && timestamp[i - 1] <= timestamp[i]);
  if (sorted) return { step, value, timestamp };
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => step[a] - step[b] || timestamp[a] - timestamp[b] || a - b);
  const pick = (col: Float64Array): Float64Array => Float64Array.from(order, (i) => col[i]);
  return { step: pick(step), value: pick(value), timestamp: pick(timestamp) };
}

/** The point MLflow calls latest: the largest step, then the latest timestamp, then the largest value. */
export function isNewer(a: { step: number; timestamp: number; value: number }, b: { step: number; timestamp: number; value: number }): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value || (Number.isNaN(b.value) && !Number.isNaN(a.value)) || a.value === b.value;
}
