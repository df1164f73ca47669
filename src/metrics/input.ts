/** @file Turning what the metrics accept (tensors, typed arrays, plain arrays) into plain JS arrays, with clear errors. */
import { Tensor } from "../core/tensor.ts";
import { fmtShape } from "../core/shape.ts";

/** Numbers as a tensor, a typed array or a plain array. */
export type NumericInput = Tensor | ArrayLike<number>;
/** A class label: an integer index or a name. */
export type Label = number | string;
/** Labels as a tensor of class indices or an array of numbers or names. */
export type LabelInput = Tensor | ArrayLike<Label>;
/** Scores (N, C): a 2-D tensor or an array of rows. */
export type MatrixInput = Tensor | readonly ArrayLike<number>[];

/** A 1-D array of numbers; a tensor must be 1-D (or (N, 1)). */
export function toNumbers(x: NumericInput, what: string, fn: string): number[] {
  if (x instanceof Tensor) {
    if (x.ndim > 2 || (x.ndim === 2 && x.shape[1] !== 1)) throw new RangeError(`${fn}: ${what} must be 1-D, got a tensor of shape ${fmtShape(x.shape)}`);
    return Array.from(x.toTypedArray());
  }
  if (x === null || typeof x !== "object" || typeof (x as ArrayLike<number>).length !== "number") throw new TypeError(`${fn}: ${what} must be a tensor or an array of numbers, got ${x === null ? "null" : typeof x}`);
  const out = Array.from(x as ArrayLike<number>);
  const bad = out.findIndex((v) => typeof v !== "number");
  if (bad >= 0) throw new TypeError(`${fn}: ${what}[${bad}] is not a number (got ${JSON.stringify(out[bad])})`);
  return out;
}

/** Labels as numbers or strings (one kind only). */
export function toLabels(x: LabelInput, what: string, fn: string): Label[] {
  if (x instanceof Tensor) return toNumbers(x, what, fn);
  if (x === null || typeof x !== "object" || typeof (x as ArrayLike<unknown>).length !== "number") throw new TypeError(`${fn}: ${what} must be a tensor or an array of labels, got ${x === null ? "null" : typeof x}`);
  const out = Array.from(x as ArrayLike<Label>);
  if (out.length && typeof out[0] === "string") {
    const bad = out.findIndex((v) => typeof v !== "string");
    if (bad >= 0) throw new TypeError(`${fn}: ${what} mixes strings and numbers (element ${bad} is ${JSON.stringify(out[bad])})`);
    return out;
  }
  return toNumbers(out as number[], what, fn);
}

/** Rows of a (N, C) matrix. */
export function toRows(x: MatrixInput, what: string, fn: string): number[][] {
  if (x instanceof Tensor) {
    if (x.ndim !== 2) throw new RangeError(`${fn}: ${what} must be 2-D (samples, classes), got a tensor of shape ${fmtShape(x.shape)}`);
    const flat = x.toTypedArray(), [n, c] = x.shape;
    return Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * c, (i + 1) * c)));
  }
  if (!Array.isArray(x)) throw new TypeError(`${fn}: ${what} must be a 2-D tensor or an array of rows`);
  const rows = x.map((r, i) => toNumbers(r, `${what}[${i}]`, fn));
  if (rows.some((r) => r.length !== rows[0].length)) throw new RangeError(`${fn}: the rows of ${what} have different lengths`);
  return rows;
}

/** Throws unless a and b have the same length. */
export function checkSameLength(a: { length: number }, b: { length: number }, names: [string, string], fn: string): void {
  if (a.length !== b.length) throw new RangeError(`${fn}: ${names[0]} and ${names[1]} must have the same length, got ${a.length} and ${b.length}`);
  if (a.length === 0) throw new RangeError(`${fn}: ${names[0]} and ${names[1]} are empty`);
}

/** The sorted distinct labels (numbers numerically, strings by code unit), as scikit-learn's unique_labels. */
export function uniqueLabels(...lists: Label[][]): Label[] {
  const set = new Set<Label>();
  for (const l of lists) for (const v of l) set.add(v);
  const out = [...set];
  if (out.some((v) => typeof v === "string") && out.some((v) => typeof v === "number")) throw new TypeError("metrics: the labels mix strings and numbers");
  return out.sort((a, b) => (typeof a === "number" ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0));
}
