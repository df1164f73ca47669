/** @file The shape of an op database entry (PyTorch's OpInfo): samples, reference, dtypes, tolerances, expected errors. */
import type * as lw from "lernwerk";
import type { Nd } from "./nd.ts";

export type DType = lw.DType;
export type Tensor = lw.Tensor;
export type Out = Tensor | readonly Tensor[];

export interface Tol { atol: number; rtol: number }

/** One call of the op: tensor inputs (float64 where floating) and the op's other arguments. */
export interface Sample<P> {
  desc: string;
  inputs: Tensor[];
  params: P;
  /** Views applied to the inputs before the call (transpose, expand, slice …): gradients flow through them. */
  prep?: (inputs: Tensor[]) => Tensor[];
  /** Skip the int32 forward run (values such as NaN, ±Inf and 1e30 mean nothing there). */
  floatOnly?: boolean;
  /** false where a gradcheck makes no sense (NaN, ±Inf, kinks such as relu at 0). */
  grad?: boolean;
}

export interface ErrorCase {
  desc: string;
  call: () => unknown;
  /** The message must match; it should name the op and the offending shapes, dims or dtypes. */
  message: RegExp;
}

export interface OpInfo<P = unknown> {
  /** The public name (an export of src/index.ts or a Tensor method). */
  name: string;
  /** Other public names this entry also covers (e.g. `variance` for `var`). */
  aliases?: string[];
  fn: (inputs: Tensor[], p: P) => Out;
  /** Independent float64 reference on the input values; omitted for random ops, which use `check`. */
  ref?: (inputs: Nd[], p: P) => Nd | Nd[];
  /** Property checks for ops without a reference (random ops). */
  check?: (out: Tensor[], p: P) => void;
  samples: () => Sample<P>[];
  /** Differentiable: every sample not marked grad: false is gradchecked. */
  grad: boolean;
  /** Dtypes the floating inputs are cast to for the forward test (default float64 and float32). */
  dtypes?: DType[];
  /** The expected dtype of each output given the floating input dtype (default: that dtype). */
  outDType?: (d: DType, p: P) => DType | DType[];
  tol?: Partial<Record<DType, Tol>>;
  /** false for ops that only accept contiguous inputs (view). */
  noncontig?: boolean;
  errors?: ErrorCase[];
}

/** Erases the params type so entries of different ops fit in one array. */
export const op = <P>(info: OpInfo<P>): OpInfo<unknown> => info as unknown as OpInfo<unknown>;
