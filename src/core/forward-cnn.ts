/**
 * @file The forward entries of the fused CNN primitives (ReluBackward, PlaneGather, PlaneScatterAdd), spread into
 * the forward table of core/forward.ts; ReLU's gradient promotes its two inputs to one floating dtype.
 */
import { promoteTypes } from "./dtype.ts";
import { Op, type OpParams } from "./ops.ts";
import { contiguousStrides } from "./shape.ts";
import { Storage, Tensor } from "./tensor.ts";
import { backend, type View } from "../backends/backend.ts";

type Forward<K extends Op> = (inputs: Tensor[], p: OpParams[K]) => Tensor;

/** x as a view of `dtype` (a converted dense copy where it differs). */
const as = (x: Tensor, dtype: Tensor["dtype"]): View =>
  x.dtype === dtype ? x : { data: backend().copy(x, dtype), shape: x.shape, strides: contiguousStrides(x.shape), offset: 0, dtype };

export const cnnForward: { [K in Op.ReluBackward | Op.PlaneGather | Op.PlaneScatterAdd]: Forward<K> } = {
  [Op.ReluBackward]: ([g, y]) => {
    const dtype = promoteTypes(g.dtype, y.dtype);
    return new Tensor(new Storage(backend().reluBackward(as(g, dtype), as(y, dtype), dtype)), y.shape, dtype);
  },
  // (N, C, H, W), index (N, C, OH, OW) → (N, C, OH, OW)
  [Op.PlaneGather]: ([x, index]) => new Tensor(new Storage(backend().planeGather(x, index, x.dtype)), index.shape, x.dtype),
  // g, index (N, C, OH, OW) → imageShape (N, C, H, W)
  [Op.PlaneScatterAdd]: ([g, index], { imageShape }) =>
    new Tensor(new Storage(backend().planeScatterAdd(g, index, imageShape, g.dtype)), imageShape, g.dtype),
};
