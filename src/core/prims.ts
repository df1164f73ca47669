/**
 * @file Thin typed calls of the primitives, used by gradient rules and the ops layer.
 * A JS number operand becomes a 0-d tensor of the dtype PyTorch's scalar rule gives.
 */
import { allocate, castScalar, promoteWithScalar, type DType } from "./dtype.ts";
import { apply } from "./autograd.ts";
import { fromData } from "./forward.ts";
import { Op, type UnaryOp, type BinaryOp } from "./ops.ts";
import { shapeEquals } from "./shape.ts";
import type { Tensor } from "./tensor.ts";

export type Operand = Tensor | number;

/** A 0-d tensor holding v. */
export function scalar(v: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = castScalar(v, dtype);
  return fromData(data, [], dtype);
}

/** A tensor of `shape` filled with v (one allocation, no graph). */
export function filled(shape: readonly number[], v: number, dtype: DType): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = allocate(dtype, n);
  if (v !== 0) data.fill(castScalar(v, dtype));
  return fromData(data, shape, dtype);
}

/** The int32 tensor [start, start + step, …] of n elements. */
export function arangeInt(n: number, start = 0, step = 1): Tensor {
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return fromData(data, [n], "int32");
}

export const zerosOf = (t: Tensor): Tensor => filled(t.shape, 0, t.dtype);

const scalarType = (v: number): DType => (Number.isInteger(v) ? "int32" : "float32");

/** Both operands as tensors; a number takes its dtype from the tensor beside it. */
export function operands(a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === "number" && typeof b === "number") return [scalar(a, scalarType(a)), scalar(b, scalarType(b))];
  if (typeof a === "number") return [scalar(a, promoteWithScalar((b as Tensor).dtype, a)), b as Tensor];
  if (typeof b === "number") return [a, scalar(b, promoteWithScalar(a.dtype, b))];
  return [a, b];
}

export const unary = (op: UnaryOp, x: Tensor): Tensor => apply(op, [x], {});
export const binary = (op: BinaryOp, a: Operand, b: Operand): Tensor => apply(op, operands(a, b), {});

export const add = (a: Operand, b: Operand) => binary(Op.Add, a, b);
export const sub = (a: Operand, b: Operand) => binary(Op.Sub, a, b);
export const mul = (a: Operand, b: Operand) => binary(Op.Mul, a, b);
export const div = (a: Operand, b: Operand) => binary(Op.Div, a, b);
export const pow = (a: Operand, b: Operand) => binary(Op.Pow, a, b);
export const eq = (a: Operand, b: Operand) => binary(Op.Eq, a, b);
export const gt = (a: Operand, b: Operand) => binary(Op.Gt, a, b);
export const ge = (a: Operand, b: Operand) => binary(Op.Ge, a, b);
export const le = (a: Operand, b: Operand) => binary(Op.Le, a, b);
export const logicalAnd = (a: Operand, b: Operand) => binary(Op.LogicalAnd, a, b);
export const neg = (x: Tensor) => unary(Op.Neg, x);
export const exp = (x: Tensor) => unary(Op.Exp, x);
export const log = (x: Tensor) => unary(Op.Log, x);
export const sin = (x: Tensor) => unary(Op.Sin, x);
export const cos = (x: Tensor) => unary(Op.Cos, x);
export const sign = (x: Tensor) => unary(Op.Sign, x);

export const cast = (x: Tensor, dtype: DType): Tensor => (x.dtype === dtype ? x : apply(Op.Cast, [x], { dtype }));
export const where = (c: Tensor, a: Operand, b: Operand): Tensor => {
  const [ta, tb] = operands(a, b);
  return apply(Op.Where, [c, ta, tb], {});
};
export const reshape = (x: Tensor, shape: readonly number[]): Tensor =>
  shapeEquals(x.shape, shape) ? x : apply(Op.Reshape, [x], { shape: [...shape] });
export const permute = (x: Tensor, perm: readonly number[]): Tensor =>
  perm.every((p, i) => p === i) ? x : apply(Op.Permute, [x], { perm: [...perm] });
export const expand = (x: Tensor, shape: readonly number[]): Tensor =>
  shapeEquals(x.shape, shape) ? x : apply(Op.Expand, [x], { shape: [...shape] });
export const sum = (x: Tensor, dims: number[], keepdim: boolean): Tensor => apply(Op.Sum, [x], { dims, keepdim });
export const matmul3 = (a: Tensor, b: Tensor): Tensor => apply(Op.MatMul, [a, b], {});
/** Swaps the last two dims of a 3-D tensor. */
export const mT = (x: Tensor): Tensor => permute(x, [0, 2, 1]);

/** Sums a broadcast result back down to `shape` (the reverse of broadcasting). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapeEquals(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  return reshape(sum(g, dims, true), shape);
}

/** A reduced tensor broadcast back to the input shape, re-inserting reduced dims when keepdim was false. */
export function unreduce(g: Tensor, inShape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  const kept = keepdim ? g : reshape(g, inShape.map((s, i) => (dims.includes(i) ? 1 : s)));
  return expand(kept, inShape);
}
