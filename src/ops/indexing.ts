/** @file Indexing: gather/scatter, indexSelect/indexAdd, and NumPy-style `index(...)` with ints, slices, null (new axis) and "...". */
import { apply } from "../core/autograd.ts";
import { Op } from "../core/ops.ts";
import { cast, filled, reshape as reshapePrim } from "../core/prims.ts";
import { fmtShape, normDim } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { assertIndexTensor, assertTensor } from "./check.ts";
import { select, slice, unsqueeze } from "./movement.ts";

function checkGatherShapes(x: Tensor, d: number, index: Tensor, op: string, src?: Tensor): void {
  if (index.ndim !== x.ndim && !(x.ndim === 0 && index.ndim <= 1)) {
    throw new RangeError(`${op}: index must have as many dims as the input: input ${fmtShape(x.shape)}, index ${fmtShape(index.shape)}`);
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > (x.shape[i] ?? 1)) {
      throw new RangeError(`${op}: index size ${s} exceeds the input size ${x.shape[i]} in dim ${i} (input ${fmtShape(x.shape)}, index ${fmtShape(index.shape)})`);
    }
    if (src && s > (src.shape[i] ?? 1)) {
      throw new RangeError(`${op}: index size ${s} exceeds the src size ${src.shape[i]} in dim ${i} (src ${fmtShape(src.shape)}, index ${fmtShape(index.shape)})`);
    }
  });
  if (src && src.ndim !== index.ndim) throw new RangeError(`${op}: src ${fmtShape(src.shape)} must have as many dims as index ${fmtShape(index.shape)}`);
}

/** out[i][j] = x[index[i][j]][j] for dim 0 (and so on): values picked along dim. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  assertTensor(x, "gather");
  assertIndexTensor(index, "gather");
  const d = normDim(dim, x.ndim, "gather");
  checkGatherShapes(x, d, index, "gather");
  return apply(Op.Gather, [x, index], { dim: d });
}

function scatterLike(op: Op.Scatter | Op.ScatterAdd, name: string, x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  assertTensor(x, name);
  assertIndexTensor(index, name);
  const d = normDim(dim, x.ndim, name);
  const s = typeof src === "number" ? filled(index.shape, src, x.dtype) : src;
  assertTensor(s, name, "src");
  checkGatherShapes(x, d, index, name, s);
  return apply(op, [x, index, cast(s, x.dtype)], { dim: d });
}

/** Copy of x with src written at index along dim (out[index[i][j]][j] = src[i][j] for dim 0). */
export const scatter = (x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor =>
  scatterLike(Op.Scatter, "scatter", x, dim, index, src);
/** Copy of x with src added at index along dim; repeated indices accumulate. */
export const scatterAdd = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor =>
  scatterLike(Op.ScatterAdd, "scatterAdd", x, dim, index, src);

function indexVector(index: Tensor, op: string): Tensor {
  assertIndexTensor(index, op);
  if (index.ndim > 1) throw new RangeError(`${op}: index must be 0-D or 1-D, got shape ${fmtShape(index.shape)}`);
  return index.ndim === 0 ? reshapePrim(index, [1]) : index;
}

/** The slices of x at the positions `index` (1-D int32) along dim. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  assertTensor(x, "indexSelect");
  const d = normDim(dim, x.ndim, "indexSelect");
  const idx = indexVector(index, "indexSelect");
  if (x.ndim === 0) return apply(Op.IndexSelect, [reshapePrim(x, [1]), idx], { dim: 0 });
  return apply(Op.IndexSelect, [x, idx], { dim: d });
}

/** Copy of x with src's slices added at positions `index` along dim. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  assertTensor(x, "indexAdd");
  assertTensor(src, "indexAdd", "src");
  const d = normDim(dim, x.ndim, "indexAdd");
  const idx = indexVector(index, "indexAdd");
  const want = x.shape.map((s, i) => (i === d ? idx.shape[0] : s));
  if (src.ndim !== x.ndim || src.shape.some((s, i) => s !== want[i])) {
    throw new RangeError(`indexAdd: src must have shape ${fmtShape(want)}, got ${fmtShape(src.shape)}`);
  }
  return apply(Op.IndexAdd, [x, idx, cast(src, x.dtype)], { dim: d });
}

/** A slice spec for `index`: start (inclusive), end (exclusive), step; as Python's start:end:step. */
export interface SliceSpec { readonly kind: "slice"; readonly start: number | null; readonly end: number | null; readonly step: number }
/** @example x.index(lw.slice(1, 3), 0) // x[1:3, 0] */
export const sliceSpec = (start: number | null = null, end: number | null = null, step = 1): SliceSpec => ({ kind: "slice", start, end, step });

/** One position of `index`: an int selects, a slice (object or "a:b:c" string) ranges, null inserts a dim, "..." fills. */
export type IndexSpec = number | SliceSpec | string | null | Tensor;

function parseSpec(s: string): IndexSpec {
  const t = s.trim();
  if (t === "..." || t === "None" || t === "null") return t === "..." ? "..." : null;
  if (/^-?\d+$/.test(t)) return Number(t);
  const parts = t.split(":");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() !== "" && !/^-?\d+$/.test(p.trim()))) {
    throw new SyntaxError(`index: cannot read ${JSON.stringify(s)}; expected an integer, "a:b", "a:b:step", "..." or "None"`);
  }
  const num = (p: string | undefined) => (p === undefined || p.trim() === "" ? null : Number(p));
  return sliceSpec(num(parts[0]), num(parts[1]), num(parts[2]) ?? 1);
}

/**
 * NumPy/PyTorch basic indexing. Each argument is an int (select, negative from the end), a
 * slice (`lw.slice(a, b, step)` or the string "a:b:step"), null (new dim), "..." (all remaining
 * dims) or a 1-D int32 tensor (indexSelect). A single string may hold all of them: `x.index("1:, ::2, -1")`.
 */
export function index(x: Tensor, ...specs: IndexSpec[]): Tensor {
  assertTensor(x, "index");
  if (specs.length === 1 && typeof specs[0] === "string" && specs[0].includes(",")) specs = specs[0].split(",").map(parseSpec);
  const parsed = specs.map((s) => (typeof s === "string" ? parseSpec(s) : s));
  const ellipses = parsed.filter((s) => s === "...").length;
  if (ellipses > 1) throw new SyntaxError("index: an index can only have a single ellipsis ('...')");
  const consuming = parsed.filter((s) => s !== null && s !== "...").length;
  if (consuming > x.ndim) throw new RangeError(`index: too many indices (${consuming}) for a tensor of shape ${fmtShape(x.shape)}`);
  const full: IndexSpec[] = [];
  for (const s of parsed) {
    if (s === "...") for (let i = 0; i < x.ndim - consuming; i++) full.push(sliceSpec());
    else full.push(s);
  }
  let out = x;
  let dim = 0; // the output dim the next spec applies to
  let inDim = 0; // the input dim it consumes (for messages)
  for (const s of full) {
    if (s === null) { out = unsqueeze(out, dim); dim++; continue; }
    if (typeof s === "number") {
      const n = out.shape[dim];
      if (!Number.isInteger(s) || s < -n || s >= n) throw new RangeError(`index: index ${s} is out of range for dim ${inDim} with size ${n}`);
      out = select(out, dim, s);
    } else if (s instanceof Tensor) {
      out = indexSelect(out, dim, s);
      dim++;
    } else if (typeof s === "object" && s.kind === "slice") {
      out = slice(out, dim, s.start, s.end, s.step);
      dim++;
    } else {
      throw new TypeError(`index: unsupported index ${JSON.stringify(s)}`);
    }
    inDim++;
  }
  return out;
}
