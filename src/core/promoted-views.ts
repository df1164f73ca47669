/** @file The inputs of a fused kernel as views of their promoted floating dtype, for the forward tables. */
import { type DType, promoteTypes } from "./dtype.ts";
import { contiguousStrides } from "./shape.ts";
import type { Tensor } from "./tensor.ts";
import { backend, type View } from "../backends/backend.ts";

/** The tensors as views of their promoted dtype (a converted dense copy where one differs), and that dtype. */
export function promotedViews(xs: readonly Tensor[]): [View[], DType] {
  const dtype = xs.map((x) => x.dtype).reduce(promoteTypes);
  const conv = (x: Tensor): View =>
    x.dtype === dtype ? x : { data: backend().copy(x, dtype), shape: x.shape, strides: contiguousStrides(x.shape), offset: 0, dtype };
  return [xs.map(conv), dtype];
}
