/** @file Reductions over dims with keepdim: sum, mean, prod, max/min (with indices), var/std, norms, logsumexp, cumsum, all/any. */
import { type DType, isFloat } from "../core/dtype.ts";
import { apply } from "../core/autograd.ts";
import { Op } from "../core/ops.ts";
import { cast, reshape, scalar, where as wherePrim } from "../core/prims.ts";
import { fmtShape, normDim, normDims } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertTensor } from "./check.ts";
import { abs, add, div, eq, exp, log, logicalNot, maximum, minimum, mul, ne, pow, sqrt, sub } from "./elementwise.ts";

export type Dims = number | readonly number[];
export interface ReduceOptions { keepdim?: boolean }

/** A tuple [values, indices] that also has .values and .indices, like torch's named tuple. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

function reducePrim(op: Op.Sum | Op.Prod | Op.Amax | Op.Amin, x: Tensor, dim: Dims | undefined, opts: ReduceOptions | undefined, name: string): Tensor {
  assertTensor(x, name);
  const dims = normDims(dim, x.ndim, name);
  return apply(op, [x], { dims, keepdim: opts?.keepdim ?? false });
}

/** Sum over `dim` (all dims when omitted). @example x.sum(1, { keepdim: true }) */
export function sum(x: Tensor, dim?: Dims, opts?: ReduceOptions & { dtype?: DType }): Tensor {
  const s = reducePrim(Op.Sum, x, dim, opts, "sum");
  return opts?.dtype ? cast(s, opts.dtype) : s;
}

/** Arithmetic mean over `dim`; floating-point tensors only, as in PyTorch. */
export function mean(x: Tensor, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "mean");
  if (!isFloat(x.dtype)) throw new TypeError(`mean: input dtype must be floating point, got ${x.dtype} (use .float() first)`);
  const dims = normDims(dim, x.ndim, "mean");
  const n = dims.reduce((acc, d) => acc * x.shape[d], 1);
  return div(reducePrim(Op.Sum, x, dims, opts, "mean"), n);
}

export function prod(x: Tensor, dim?: number, opts?: ReduceOptions): Tensor {
  return reducePrim(Op.Prod, x, dim, opts, "prod");
}

function nonEmpty(x: Tensor, dims: number[], op: string): void {
  if (x.numel === 0 && (dims.length === 0 || dims.some((d) => x.shape[d] === 0) || x.ndim === 0)) {
    throw new RangeError(`${op}: cannot reduce an empty tensor of shape ${fmtShape(x.shape)} (the maximum of nothing is undefined)`);
  }
}

/** The largest value over dims (gradient shared among ties). */
export function amax(x: Tensor, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "amax");
  nonEmpty(x, normDims(dim, x.ndim, "amax"), "amax");
  return reducePrim(Op.Amax, x, dim, opts, "amax");
}
export function amin(x: Tensor, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "amin");
  nonEmpty(x, normDims(dim, x.ndim, "amin"), "amin");
  return reducePrim(Op.Amin, x, dim, opts, "amin");
}

function argReduce(op: Op.Argmax | Op.Argmin, x: Tensor, dim: number | undefined, opts: ReduceOptions | undefined, name: string): Tensor {
  assertTensor(x, name);
  if (dim === undefined) {
    nonEmpty(x, [], name);
    const flat = reshape(x, [x.numel]);
    const r = apply(op, [flat], { dim: 0, keepdim: false });
    return opts?.keepdim ? reshape(r, x.shape.map(() => 1)) : r;
  }
  const d = normDim(dim, x.ndim, name);
  nonEmpty(x, [d], name);
  return apply(op, [x.ndim === 0 ? reshape(x, [1]) : x], { dim: x.ndim === 0 ? 0 : d, keepdim: (opts?.keepdim ?? false) && x.ndim > 0 });
}

/** Index of the largest value (first one on ties; over the flattened tensor when dim is omitted). */
export const argmax = (x: Tensor, dim?: number, opts?: ReduceOptions): Tensor => argReduce(Op.Argmax, x, dim, opts, "argmax");
export const argmin = (x: Tensor, dim?: number, opts?: ReduceOptions): Tensor => argReduce(Op.Argmin, x, dim, opts, "argmin");

function extreme(isMax: boolean, x: Tensor, dimOrOther: number | Tensor | undefined, opts: ReduceOptions | undefined): Tensor | ValuesIndices {
  const name = isMax ? "max" : "min";
  assertTensor(x, name);
  if (dimOrOther === undefined) return isMax ? amax(x) : amin(x);
  if (typeof dimOrOther !== "number") return isMax ? maximum(x, dimOrOther) : minimum(x, dimOrOther);
  const d = normDim(dimOrOther, x.ndim, name);
  const keepdim = opts?.keepdim ?? false;
  const idx = argReduce(isMax ? Op.Argmax : Op.Argmin, x, d, { keepdim: true }, name);
  // Values gathered at the indices: the gradient goes to that one element, as torch.max(dim).
  let values = x.ndim === 0 ? x : apply(Op.Gather, [x, idx], { dim: d });
  let indices = idx;
  if (!keepdim && x.ndim > 0) {
    const shape = x.shape.filter((_, i) => i !== d);
    values = reshape(values, shape);
    indices = reshape(indices, shape);
  }
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

/** max(x): the largest value; max(x, dim): [values, indices]; max(x, other): element-wise maximum. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim: number, opts?: ReduceOptions): ValuesIndices;
export function max(x: Tensor, dimOrOther?: number | Tensor, opts?: ReduceOptions): Tensor | ValuesIndices {
  return extreme(true, x, dimOrOther, opts);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim: number, opts?: ReduceOptions): ValuesIndices;
export function min(x: Tensor, dimOrOther?: number | Tensor, opts?: ReduceOptions): Tensor | ValuesIndices {
  return extreme(false, x, dimOrOther, opts);
}

export interface VarOptions extends ReduceOptions {
  /** Divide by N − 1 (Bessel's correction; the default, as PyTorch) or by N. */
  unbiased?: boolean;
  /** Explicit degrees-of-freedom correction; overrides `unbiased`. */
  correction?: number;
}

/** Variance over dims; unbiased (N − 1) by default. */
export function variance(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  assertTensor(x, "var");
  assertFloat(x, "var");
  const dims = normDims(dim, x.ndim, "var");
  const n = dims.reduce((acc, d) => acc * x.shape[d], 1);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const centred = sub(x, mean(x, dims, { keepdim: true }));
  return div(sum(mul(centred, centred), dims, { keepdim: opts.keepdim }), Math.max(n - correction, 0));
}

/** Standard deviation: sqrt(var). */
export function std(x: Tensor, dim?: Dims, opts?: VarOptions): Tensor {
  assertTensor(x, "std");
  assertFloat(x, "std");
  normDims(dim, x.ndim, "std");
  return sqrt(variance(x, dim, opts));
}

/** log Σ exp(x) over dims, computed stably (shifted by the detached maximum). */
export function logsumexp(x: Tensor, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "logsumexp");
  assertFloat(x, "logsumexp");
  const dims = normDims(dim, x.ndim, "logsumexp");
  // An empty input has no maximum to shift by; its sums are 0 and the result -inf, as PyTorch.
  const m = x.numel === 0 ? scalar(0, x.dtype) : amax(x.detach(), dims, { keepdim: true });
  const shift = wherePrim(eq(abs(m), Infinity), scalar(0, x.dtype), m); // ±inf rows: no shift (avoids inf − inf)
  const out = add(log(sum(exp(sub(x, shift)), dims, { keepdim: true })), shift);
  return opts?.keepdim ? out : reshape(out, x.shape.filter((_, i) => !dims.includes(i)));
}

/**
 * Vector p-norm over dims (all elements by default): p = 2 (also "fro"), 1, Infinity, -Infinity, 0, or any p.
 * NOTE: the 2-norm's gradient at the zero vector is 0 (a subgradient), as in PyTorch.
 */
export function norm(x: Tensor, p: number | "fro" = 2, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "norm");
  assertFloat(x, "norm");
  normDims(dim, x.ndim, "norm");
  const pp = p === "fro" ? 2 : p;
  if (typeof pp !== "number" || Number.isNaN(pp)) throw new TypeError(`norm: p must be a number or "fro", got ${String(p)}`);
  const o = { keepdim: opts?.keepdim };
  if (pp === Infinity) return amax(abs(x), dim, o);
  if (pp === -Infinity) return amin(abs(x), dim, o);
  if (pp === 0) return sum(cast(ne(x, 0), x.dtype), dim, o);
  if (pp === 1) return sum(abs(x), dim, o);
  if (pp === 2) {
    const s = sum(mul(x, x), dim, o);
    const isZero = eq(s, 0);
    return wherePrim(isZero, scalar(0, x.dtype), sqrt(wherePrim(isZero, scalar(1, x.dtype), s)));
  }
  return pow(sum(pow(abs(x), pp), dim, o), 1 / pp);
}

/** Running sum along dim. */
export function cumsum(x: Tensor, dim: number): Tensor {
  assertTensor(x, "cumsum");
  const d = normDim(dim, x.ndim, "cumsum");
  if (x.ndim === 0) return reshape(apply(Op.Cumsum, [reshape(x, [1])], { dim: 0 }), []);
  return apply(Op.Cumsum, [x], { dim: d });
}

/** True where every element over dims is non-zero. */
export function all(x: Tensor, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "all");
  normDims(dim, x.ndim, "all");
  return eq(sum(cast(logicalNot(x), "int32"), dim, opts), 0);
}

/** True where any element over dims is non-zero. */
export function any(x: Tensor, dim?: Dims, opts?: ReduceOptions): Tensor {
  assertTensor(x, "any");
  normDims(dim, x.ndim, "any");
  return ne(sum(cast(ne(x, 0), "int32"), dim, opts), 0);
}
