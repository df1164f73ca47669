/**
 * @file Input checks shared by the lw.ml estimators: 2-D finite float matrices and label vectors, with errors
 * that name the estimator, the argument and the shape (`KMeans.fit: X contains NaN at row 3, column 1 of shape [120, 3]`).
 */
import { isFloat } from "../core/dtype.ts";
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { fromTypedArray, tensor } from "../ops/creation.ts";

/** A (samples, features) matrix: a Tensor or nested numbers (read as float64). */
export type MatrixLike = Tensor | number[][];
/** One label per sample: a Tensor or plain numbers. */
export type LabelsLike = Tensor | ArrayLike<number>;
/** Float matrix data: float32 or float64 rows, row-major. */
export type FloatArray = Float32Array | Float64Array;

/** A contiguous float (samples, features) tensor: integer tensors and nested arrays become float64; NaN/±Inf are refused. */
export function asMatrix(x: MatrixLike, who: string, arg = "X", features?: number): Tensor {
  let t: Tensor;
  if (x instanceof Tensor) t = x;
  else if (Array.isArray(x)) t = tensor(x, { dtype: "float64" });
  else throw new TypeError(`${who}: ${arg} must be a Tensor or number[][], got ${x === null ? "null" : typeof x}`);
  if (t.ndim !== 2) throw new RangeError(`${who}: ${arg} must be 2-D (samples, features), got shape ${fmtShape(t.shape)}`);
  if (t.shape[0] === 0) throw new RangeError(`${who}: ${arg} has no samples (shape ${fmtShape(t.shape)})`);
  if (features !== undefined && t.shape[1] !== features) {
    throw new RangeError(`${who}: ${arg} has ${t.shape[1]} features (shape ${fmtShape(t.shape)}), the estimator was fitted on ${features}`);
  }
  if (!isFloat(t.dtype)) t = t.to("float64");
  if (t.dtype !== "float32" && t.dtype !== "float64") t = t.to("float32");
  t = exact(t);
  assertFinite(t.data as FloatArray, t.shape[1], who, arg, t.shape);
  return t;
}

/** A tensor whose storage holds exactly its elements in row-major order (`.data` is then the values). */
export function exact(t: Tensor): Tensor {
  if (t.isContiguous() && t.offset === 0 && t.data.length === t.numel) return t;
  return fromTypedArray(t.toTypedArray(), t.shape);
}

/** Throws at the first NaN or ±Inf, naming its row and column. */
export function assertFinite(data: FloatArray, cols: number, who: string, arg: string, shape: readonly number[]): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      const what = Number.isNaN(v) ? "NaN" : "an infinite value";
      throw new RangeError(`${who}: ${arg} contains ${what} at row ${Math.floor(i / cols)}, column ${i % cols} of shape ${fmtShape(shape)}; remove or impute it first`);
    }
  }
}

/** Labels as plain numbers, one per sample (`n` checked when given). */
export function asLabels(y: LabelsLike, who: string, n?: number, arg = "y"): Float64Array {
  let out: Float64Array;
  if (y instanceof Tensor) {
    if (y.ndim !== 1) throw new RangeError(`${who}: ${arg} must be 1-D (samples), got shape ${fmtShape(y.shape)}`);
    out = Float64Array.from(y.toTypedArray() as ArrayLike<number>);
  } else if (y !== null && typeof y === "object" && typeof (y as ArrayLike<number>).length === "number") {
    out = Float64Array.from(y as ArrayLike<number>);
  } else throw new TypeError(`${who}: ${arg} must be a Tensor or an array of numbers, got ${typeof y}`);
  if (n !== undefined && out.length !== n) throw new RangeError(`${who}: ${arg} has ${out.length} labels, X has ${n} samples`);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) throw new RangeError(`${who}: ${arg}[${i}] is ${out[i]}, labels must be finite numbers`);
  return out;
}

/** Checks an integer option in [min, max]. */
export function checkInt(v: number, who: string, name: string, min: number, max = Infinity): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${who}: ${name} must be an integer ${max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`}, got ${v}`);
  }
}

/** Checks a number option > 0 (or >= 0 with `orZero`). */
export function checkPositive(v: number, who: string, name: string, orZero = false): void {
  if (typeof v !== "number" || !(orZero ? v >= 0 : v > 0) || !Number.isFinite(v)) throw new RangeError(`${who}: ${name} must be a finite number ${orZero ? ">= 0" : "> 0"}, got ${v}`);
}

/** Throws when `field` was never set by fit(). */
export function fitted<T>(field: T | null | undefined, who: string): T {
  if (field === null || field === undefined) throw new Error(`${who}: this estimator is not fitted yet; call fit() first`);
  return field;
}
