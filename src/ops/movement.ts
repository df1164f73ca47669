/** @file Shape and movement ops: reshape/view, squeeze, transpose, expand, slicing, cat/stack/split, flip, pad, repeat, tril/triu. */
import { apply } from "../core/autograd.ts";
import { promoteTypes } from "../core/dtype.ts";
import { Op } from "../core/ops.ts";
import { cast, expand as expandPrim, permute as permutePrim, reshape as reshapePrim, where as wherePrim, arangeInt, scalar } from "../core/prims.ts";
import { fmtShape, inferShape, normDim, normDims, shapeEquals, type Shape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { viewStrides } from "../core/views.ts";
import { assertInt, assertTensor } from "./check.ts";
import { ge, le, sub } from "./elementwise.ts";

/** Shape arguments as an array or spread: f([2, 3]) or f(2, 3). */
export type ShapeLike = [Shape] | number[];
const shapeArg = (args: ShapeLike): number[] => (args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]));

/** A tensor with the same data in a new shape (one dim may be -1); a view when strides allow. */
export function reshape(x: Tensor, ...shape: ShapeLike): Tensor {
  assertTensor(x, "reshape");
  return reshapePrim(x, inferShape(shapeArg(shape), x.numel, "reshape", x.shape));
}

/** Like reshape, but only as a view: errors when the memory layout does not allow one. */
export function view(x: Tensor, ...shape: ShapeLike): Tensor {
  assertTensor(x, "view");
  const target = inferShape(shapeArg(shape), x.numel, "view", x.shape);
  if (!viewStrides(x.shape, x.strides, target)) {
    throw new RangeError(`view: shape ${fmtShape(target)} is not compatible with the input's size ${fmtShape(x.shape)} and strides ${fmtShape(x.strides)}; use .reshape(...) instead`);
  }
  return reshapePrim(x, target);
}

/** Flattens dims startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  assertTensor(x, "flatten");
  if (x.ndim === 0) return reshapePrim(x, [1]);
  const s = normDim(startDim, x.ndim, "flatten"), e = normDim(endDim, x.ndim, "flatten");
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshapePrim(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Removes dims of size 1 (all of them, or those named). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  assertTensor(x, "squeeze");
  const dims = dim === undefined ? x.shape.map((_, i) => i) : normDims(dim, x.ndim, "squeeze");
  return reshapePrim(x, x.shape.filter((s, i) => !(s === 1 && dims.includes(i))));
}

/** Inserts a dim of size 1 at `dim` (in the output's numbering). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  assertTensor(x, "unsqueeze");
  const d = normDim(dim, x.ndim + 1, "unsqueeze");
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshapePrim(x, shape);
}

/** Reorders dims: out.shape[i] = x.shape[dims[i]]. */
export function permute(x: Tensor, ...dims: ShapeLike): Tensor {
  assertTensor(x, "permute");
  const perm = shapeArg(dims);
  if (perm.length !== x.ndim) throw new RangeError(`permute: got ${perm.length} dims [${perm.join(", ")}] for a tensor of shape ${fmtShape(x.shape)}`);
  const p = perm.map((d) => normDim(d, x.ndim, "permute"));
  if (new Set(p).size !== p.length) throw new RangeError(`permute: dims [${perm.join(", ")}] repeat a dim`);
  return permutePrim(x, p);
}

/** Swaps two dims. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  assertTensor(x, "transpose");
  const perm = x.shape.map((_, i) => i);
  if (x.ndim === 0) return x;
  const a = normDim(dim0, x.ndim, "transpose"), b = normDim(dim1, x.ndim, "transpose");
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return permutePrim(x, perm);
}

/** All dims reversed (the matrix transpose for 2-D). */
export const reverseDims = (x: Tensor): Tensor => permutePrim(x, x.shape.map((_, i) => x.ndim - 1 - i));

/** A broadcast view to a larger shape; -1 keeps a dim, new dims are added in front. */
export function expand(x: Tensor, ...sizes: ShapeLike): Tensor {
  assertTensor(x, "expand");
  const target = shapeArg(sizes);
  if (target.length < x.ndim) throw new RangeError(`expand: the target ${fmtShape(target)} has fewer dims than the input ${fmtShape(x.shape)}`);
  const lead = target.length - x.ndim;
  const shape = target.map((s, i) => {
    const cur = i < lead ? undefined : x.shape[i - lead];
    if (s === -1) {
      if (cur === undefined) throw new RangeError(`expand: -1 is not allowed for the new leading dim ${i} in ${fmtShape(target)}`);
      return cur;
    }
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`expand: invalid size ${s} in ${fmtShape(target)}`);
    if (cur !== undefined && cur !== 1 && cur !== s) {
      throw new RangeError(`expand: the size of dim ${i} (${cur}) must match the target ${s} or be 1; input ${fmtShape(x.shape)}, target ${fmtShape(target)}`);
    }
    return s;
  });
  return expandPrim(lead ? reshapePrim(x, [...new Array<number>(lead).fill(1), ...x.shape]) : x, shape);
}

/** A dense copy when the tensor is not already laid out row-major. */
export function contiguous(x: Tensor): Tensor {
  assertTensor(x, "contiguous");
  return x.isContiguous() ? x : apply(Op.Contiguous, [x], {});
}

/** A copy with its own storage (differentiable). */
export function clone(x: Tensor): Tensor {
  assertTensor(x, "clone");
  return apply(Op.Contiguous, [x], {});
}

/** A view of elements start, start + step, … before end along dim (Python slice rules, negatives count from the end). */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  assertTensor(x, "slice");
  const d = normDim(dim, x.ndim, "slice");
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`slice: step must be a positive integer, got ${step}`);
  const n = x.shape[d];
  const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = start == null ? 0 : clampIdx(start);
  const e = end == null ? n : clampIdx(end);
  const size = e > s ? Math.ceil((e - s) / step) : 0;
  return sliceDims(x, d, s, size, step);
}

function sliceDims(x: Tensor, d: number, start: number, size: number, step: number): Tensor {
  if (start === 0 && size === x.shape[d] && step === 1) return x;
  const starts = x.shape.map((_, i) => (i === d ? start : 0));
  const sizes = x.shape.map((s, i) => (i === d ? size : s));
  const steps = x.shape.map((_, i) => (i === d ? step : 1));
  return apply(Op.Slice, [x], { starts, sizes, steps });
}

/** `length` elements of dim starting at `start` (a view). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  assertTensor(x, "narrow");
  const d = normDim(dim, x.ndim, "narrow");
  const n = x.shape[d];
  assertInt(start, "narrow", "start");
  assertInt(length, "narrow", "length");
  const s = start < 0 ? start + n : start;
  if (s < 0 || s > n) throw new RangeError(`narrow: start ${start} is out of range for dim ${d} with size ${n}`);
  if (length < 0 || s + length > n) throw new RangeError(`narrow: start ${start} + length ${length} exceeds dim ${d} of size ${n}`);
  return sliceDims(x, d, s, length, 1);
}

/** The sub-tensor at `index` along dim, with that dim removed (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  assertTensor(x, "select");
  if (x.ndim === 0) throw new RangeError("select: cannot index a 0-d tensor");
  const d = normDim(dim, x.ndim, "select");
  const n = x.shape[d];
  assertInt(index, "select", "index");
  if (index < -n || index >= n) throw new RangeError(`select: index ${index} is out of range for dim ${d} with size ${n}`);
  const s = sliceDims(x, d, index < 0 ? index + n : index, 1, 1);
  return reshapePrim(s, x.shape.filter((_, i) => i !== d));
}

/** Joins tensors along an existing dim (dtypes promoted). */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!tensors?.length) throw new RangeError("cat: expected a non-empty array of tensors");
  tensors.forEach((t, i) => assertTensor(t, "cat", `tensors[${i}]`));
  // Legacy rule kept by PyTorch: 1-D empty tensors are skipped.
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  if (parts.length === 0) return tensors[0];
  const ref = parts[0];
  if (ref.ndim === 0) throw new RangeError("cat: zero-dimensional tensors cannot be concatenated; use stack");
  const d = normDim(dim, ref.ndim, "cat");
  for (const t of parts) {
    if (t.ndim !== ref.ndim || t.shape.some((s, i) => i !== d && s !== ref.shape[i])) {
      throw new RangeError(`cat: shapes ${fmtShape(ref.shape)} and ${fmtShape(t.shape)} must match except in dim ${d}`);
    }
  }
  const dtype = parts.map((t) => t.dtype).reduce(promoteTypes);
  return apply(Op.Cat, parts.map((t) => cast(t, dtype)), { dim: d });
}

/** Joins equally shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!tensors?.length) throw new RangeError("stack: expected a non-empty array of tensors");
  tensors.forEach((t, i) => assertTensor(t, "stack", `tensors[${i}]`));
  const ref = tensors[0];
  for (const t of tensors) {
    if (!shapeEquals(t.shape, ref.shape)) throw new RangeError(`stack: all tensors must have the same shape, got ${fmtShape(ref.shape)} and ${fmtShape(t.shape)}`);
  }
  const d = normDim(dim, ref.ndim + 1, "stack");
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/** Views of consecutive pieces along dim: of size `splitSize` each (the last may be smaller), or of the given sizes. */
export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  assertTensor(x, "split");
  const d = normDim(dim, x.ndim, "split");
  const n = x.shape[d];
  let sizes: number[];
  if (typeof splitSize === "number") {
    if (!Number.isInteger(splitSize) || splitSize <= 0) throw new RangeError(`split: splitSize must be a positive integer, got ${splitSize}`);
    sizes = [];
    for (let at = 0; at < n; at += splitSize) sizes.push(Math.min(splitSize, n - at));
    if (n === 0) sizes.push(0);
  } else {
    sizes = [...splitSize];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new RangeError(`split: sizes [${sizes.join(", ")}] must be non-negative and add up to ${n} (dim ${d} of ${fmtShape(x.shape)})`);
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const piece = sliceDims(x, d, at, s, 1);
    at += s;
    return piece;
  });
}

/** Up to `chunks` pieces of size ceil(n / chunks) along dim. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  assertTensor(x, "chunk");
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normDim(dim, x.ndim, "chunk");
  return split(x, Math.max(1, Math.ceil(x.shape[d] / chunks)), d);
}

/** Reverses the order of elements along dims. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  assertTensor(x, "flip");
  return apply(Op.Flip, [x], { dims: normDims(dims, x.ndim, "flip") });
}

/**
 * Constant padding as torch.nn.functional.pad: `pad` lists (before, after) pairs starting
 * from the last dim, e.g. [1, 1, 2, 2] pads the last dim by 1 and the one before by 2.
 * Negative values crop.
 */
export function pad(x: Tensor, padding: readonly number[], opts: { mode?: "constant"; value?: number } = {}): Tensor {
  assertTensor(x, "pad");
  if (opts.mode !== undefined && opts.mode !== "constant") throw new TypeError(`pad: mode ${JSON.stringify(opts.mode)} is not supported yet; only "constant"`);
  if (padding.length % 2 !== 0 || padding.length / 2 > x.ndim) {
    throw new RangeError(`pad: padding length ${padding.length} must be even and at most 2 × ${x.ndim} (input shape ${fmtShape(x.shape)})`);
  }
  padding.forEach((p) => assertInt(p, "pad", "each padding"));
  const widths = x.shape.map((): [number, number] => [0, 0]);
  for (let i = 0; i < padding.length / 2; i++) widths[x.ndim - 1 - i] = [padding[2 * i], padding[2 * i + 1]];
  widths.forEach(([b, a], d) => {
    if (x.shape[d] + b + a < 0) throw new RangeError(`pad: padding (${b}, ${a}) makes dim ${d} of size ${x.shape[d]} negative`);
  });
  return apply(Op.Pad, [x], { widths, value: opts.value ?? 0 });
}

/** Tiles the tensor: out.shape[i] = x.shape[i] · repeats[i] (with leading dims added as needed). */
export function repeat(x: Tensor, ...repeats: ShapeLike): Tensor {
  assertTensor(x, "repeat");
  const r = shapeArg(repeats);
  if (r.length < x.ndim) throw new RangeError(`repeat: ${r.length} repeat counts for a tensor of ${x.ndim} dims`);
  r.forEach((v) => { if (!Number.isInteger(v) || v < 0) throw new RangeError(`repeat: counts must be non-negative integers, got [${r.join(", ")}]`); });
  const shape = [...new Array<number>(r.length - x.ndim).fill(1), ...x.shape];
  const interleaved = shape.flatMap((s) => [1, s]);
  const expanded = shape.flatMap((s, i) => [r[i], s]);
  return reshapePrim(expandPrim(reshapePrim(x, interleaved), expanded), shape.map((s, i) => s * r[i]));
}

function triangle(x: Tensor, diagonal: number, lower: boolean, op: string): Tensor {
  assertTensor(x, op);
  if (x.ndim < 2) throw new RangeError(`${op}: input must be at least 2-D, got shape ${fmtShape(x.shape)}`);
  assertInt(diagonal, op, "diagonal");
  const [m, n] = x.shape.slice(-2);
  const offset = sub(reshapePrim(arangeInt(n), [1, n]), reshapePrim(arangeInt(m), [m, 1])); // j - i, (m, n)
  const keep = lower ? le(offset, diagonal) : ge(offset, diagonal);
  return wherePrim(keep, x, scalar(0, x.dtype)); // keeps x's dtype (bool stays bool)
}

/** The lower triangle (j − i ≤ diagonal) of the last two dims; the rest zero. */
export const tril = (x: Tensor, diagonal = 0): Tensor => triangle(x, diagonal, true, "tril");
/** The upper triangle (j − i ≥ diagonal) of the last two dims; the rest zero. */
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle(x, diagonal, false, "triu");
