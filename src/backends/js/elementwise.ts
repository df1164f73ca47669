/** @file Reference element-wise kernels: one scalar function per op, plain loops over strided views. */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { Op, type BinaryOp, type UnaryOp } from "../../core/ops.ts";
import type { View } from "../backend.ts";
import { viewOffsets, numel } from "./iterate.ts";
import { erf, roundHalfEven } from "./math.ts";

type F1 = (x: number) => number;
type F2 = (a: number, b: number) => number;

export const unaryFns: { [K in UnaryOp]: F1 } = {
  [Op.Neg]: (x) => -x,
  [Op.Abs]: Math.abs,
  [Op.Exp]: Math.exp,
  [Op.Log]: Math.log,
  [Op.Log1p]: Math.log1p,
  [Op.Sqrt]: Math.sqrt,
  [Op.Rsqrt]: (x) => 1 / Math.sqrt(x),
  [Op.Sin]: Math.sin,
  [Op.Cos]: Math.cos,
  [Op.Tanh]: Math.tanh,
  [Op.Sigmoid]: (x) => 1 / (1 + Math.exp(-x)),
  [Op.Relu]: (x) => (x > 0 || x !== x ? x : 0),
  [Op.Erf]: erf,
  // NOTE: sign(NaN) = 0 and sign(-0) = 0, as torch.sign.
  [Op.Sign]: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  [Op.Floor]: Math.floor,
  [Op.Ceil]: Math.ceil,
  [Op.Round]: roundHalfEven,
  [Op.LogicalNot]: (x) => (x === 0 ? 1 : 0),
};

export const binaryFns: { [K in BinaryOp]: F2 } = {
  [Op.Add]: (a, b) => a + b,
  [Op.Sub]: (a, b) => a - b,
  [Op.Mul]: (a, b) => a * b,
  [Op.Div]: (a, b) => a / b,
  [Op.Pow]: Math.pow,
  [Op.Maximum]: (a, b) => (a > b || a !== a ? a : b),
  [Op.Minimum]: (a, b) => (a < b || a !== a ? a : b),
  [Op.Eq]: (a, b) => (a === b ? 1 : 0),
  [Op.Ne]: (a, b) => (a !== b ? 1 : 0),
  [Op.Lt]: (a, b) => (a < b ? 1 : 0),
  [Op.Le]: (a, b) => (a <= b ? 1 : 0),
  [Op.Gt]: (a, b) => (a > b ? 1 : 0),
  [Op.Ge]: (a, b) => (a >= b ? 1 : 0),
  [Op.LogicalAnd]: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  [Op.LogicalOr]: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  [Op.LogicalXor]: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

export function map1(x: View, f: F1, dtype: DType): TypedArray {
  const n = numel(x.shape);
  const out = allocate(dtype, n);
  const xd = x.data, offs = viewOffsets(x);
  if (offs === null) for (let i = 0, o = x.offset; i < n; i++) out[i] = f(xd[o + i]);
  else for (let i = 0; i < n; i++) out[i] = f(xd[offs[i]]);
  return out;
}

export function map2(a: View, b: View, f: F2, dtype: DType): TypedArray {
  const n = numel(a.shape);
  const out = allocate(dtype, n);
  const ad = a.data, bd = b.data;
  const ao = viewOffsets(a), bo = viewOffsets(b);
  if (ao === null && bo === null) {
    for (let i = 0, oa = a.offset, ob = b.offset; i < n; i++) out[i] = f(ad[oa + i], bd[ob + i]);
  } else if (ao === null && bo !== null) {
    for (let i = 0, oa = a.offset; i < n; i++) out[i] = f(ad[oa + i], bd[bo[i]]);
  } else if (ao !== null && bo === null) {
    for (let i = 0, ob = b.offset; i < n; i++) out[i] = f(ad[ao[i]], bd[ob + i]);
  } else {
    for (let i = 0; i < n; i++) out[i] = f(ad[ao![i]], bd[bo![i]]);
  }
  return out;
}

export function where(c: View, a: View, b: View, dtype: DType): TypedArray {
  const n = numel(c.shape);
  const out = allocate(dtype, n);
  const co = viewOffsets(c), ao = viewOffsets(a), bo = viewOffsets(b);
  for (let i = 0; i < n; i++) {
    const cv = c.data[co ? co[i] : c.offset + i];
    out[i] = cv !== 0 ? a.data[ao ? ao[i] : a.offset + i] : b.data[bo ? bo[i] : b.offset + i];
  }
  return out;
}

/** Copy with dtype conversion: to bool means "non-zero"; float → int truncates toward zero. */
export function copy(x: View, dtype: DType): TypedArray {
  if (dtype === "bool" && x.dtype !== "bool") return map1(x, (v) => (v !== 0 ? 1 : 0), dtype);
  if (dtype === "int32" && (x.dtype === "float32" || x.dtype === "float64")) {
    return map1(x, (v) => (Number.isFinite(v) ? Math.trunc(v) : 0), dtype);
  }
  return map1(x, (v) => v, dtype);
}

export function clamp(x: View, min: number | null, max: number | null, dtype: DType): TypedArray {
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  // min(max(v, lo), hi) as torch.clamp: hi wins where lo > hi; NaN stays NaN.
  return map1(x, (v) => {
    const m = v < lo ? lo : v;
    return m > hi ? hi : m;
  }, dtype);
}

/** into[i] += g[i] in place; `into` is dense with g's shape and dtype. */
export function accumulate(into: TypedArray, g: View): void {
  const go = viewOffsets(g), gd = g.data;
  if (go === null) for (let i = 0, o = g.offset; i < into.length; i++) into[i] += gd[o + i];
  else for (let i = 0; i < into.length; i++) into[i] += gd[go[i]];
}
