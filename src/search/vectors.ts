/**
 * @file Input checks of lw.search: vectors as (n, dim) float32 with the index's dim (errors name the index, the call
 * and both dims), finite values, ids as int32; and the metrics' shared pieces (unit rows for cosine).
 */
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { tensor } from "../ops/creation.ts";

export type SearchMetric = "l2" | "ip" | "cosine";
export type VectorsLike = Tensor | number[][] | number[];

/** (n, dim) contiguous float32 rows; a 1-D input is one vector. */
export function asVectors(v: VectorsLike, dim: number, who: string, arg = "vectors"): Float32Array {
  let t: Tensor;
  if (v instanceof Tensor) t = v;
  else if (Array.isArray(v)) t = tensor(v as number[][], { dtype: "float32" });
  else throw new TypeError(`${who}: ${arg} must be a Tensor or number arrays, got ${v === null ? "null" : typeof v}`);
  if (t.ndim === 1) t = t.reshape([1, t.shape[0]]);
  if (t.ndim !== 2) throw new RangeError(`${who}: ${arg} must be (n, ${dim}), got shape ${fmtShape(t.shape)}`);
  if (t.shape[1] !== dim) throw new RangeError(`${who}: ${arg} have dimension ${t.shape[1]} (shape ${fmtShape(t.shape)}), the index has dim ${dim}`);
  const data = (t.dtype === "float32" ? t : t.to("float32")).toTypedArray() as Float32Array; // a copy: callers may normalise it
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x - x !== 0) throw new RangeError(`${who}: ${arg} row ${Math.floor(i / dim)} has ${Number.isNaN(x) ? "NaN" : "an infinite value"} at column ${i % dim}; vectors must be finite`);
  }
  return data;
}

/** Ids for n new vectors: given (checked) or start, start + 1, … */
export function asIds(ids: Tensor | ArrayLike<number> | undefined, n: number, start: number, who: string): Int32Array {
  if (ids === undefined) return Int32Array.from({ length: n }, (_, i) => start + i);
  const a = ids instanceof Tensor ? ids.toTypedArray() : ids;
  if (a.length !== n) throw new RangeError(`${who}: ${a.length} ids for ${n} vectors`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new RangeError(`${who}: ids[${i}] = ${v}; ids must be integers in [0, 2^31)`);
    out[i] = v;
  }
  return out;
}

/** Scales each row of data (n, dim) to unit length in place (zero rows stay zero). */
export function normalizeRows(data: Float32Array, dim: number): Float32Array {
  for (let o = 0; o < data.length; o += dim) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += data[o + k] * data[o + k];
    if (s > 0) { const inv = 1 / Math.sqrt(s); for (let k = 0; k < dim; k++) data[o + k] *= inv; }
  }
  return data;
}

export function checkMetric(metric: string, who: string): SearchMetric {
  if (metric !== "l2" && metric !== "ip" && metric !== "cosine") throw new RangeError(`${who}: metric must be "l2", "ip" or "cosine", got ${String(metric)}`);
  return metric;
}

export function checkK(k: number, who: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${who}: k must be an integer >= 1, got ${k}`);
}
