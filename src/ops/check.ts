/** @file Argument checks shared by the public ops; messages name the op, the shapes and the dtypes. */
import { type DType, isFloat } from "../core/dtype.ts";
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";

export function assertTensor(x: unknown, op: string, arg = "input"): asserts x is Tensor {
  if (!(x instanceof Tensor)) {
    const got = x === null ? "null" : Array.isArray(x) ? "an array (wrap it with lw.tensor)" : typeof x;
    throw new TypeError(`${op}: ${arg} must be a Tensor, got ${got}`);
  }
}

export function assertOperand(x: unknown, op: string, arg: string): asserts x is Tensor | number {
  if (typeof x !== "number") assertTensor(x, op, arg);
}

export function assertFloat(x: Tensor, op: string): void {
  if (!isFloat(x.dtype)) throw new TypeError(`${op}: expected a floating-point tensor, got dtype ${x.dtype} (convert with .float())`);
}

export function assertIndexTensor(index: unknown, op: string): asserts index is Tensor {
  assertTensor(index, op, "index");
  if (index.dtype !== "int32") throw new TypeError(`${op}: index must have dtype int32, got ${index.dtype}`);
}

export function assertRank(x: Tensor, ranks: number[], op: string, arg = "input"): void {
  if (!ranks.includes(x.ndim)) {
    throw new RangeError(`${op}: ${arg} must be ${ranks.map((r) => `${r}-D`).join(" or ")}, got shape ${fmtShape(x.shape)}`);
  }
}

export function assertInt(v: unknown, op: string, what: string): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${op}: ${what} must be an integer, got ${String(v)}`);
}

export { assertNotBool } from "../core/dtype.ts";

export function assertSameDType(a: DType, b: DType, op: string): void {
  if (a !== b) throw new TypeError(`${op}: expected tensors of the same dtype, got ${a} and ${b}`);
}
