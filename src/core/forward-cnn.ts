/**
 * @file The forward entries of the fused CNN primitives (ReluBackward, PlaneGather, PlaneScatterAdd), spread into
 * the forward table of core/forward.ts; ReLU's gradient promotes its two inputs to one floating dtype.
 */
import { Op, type OpParams } from "./ops.ts";
import { promotedViews } from "./promoted-views.ts";
import { Storage, Tensor } from "./tensor.ts";
import { backend } from "../backends/backend.ts";

type Forward<K extends Op> = (inputs: Tensor[], p: OpParams[K]) => Tensor;

export const cnnForward: { [K in Op.ReluBackward | Op.PlaneGather | Op.PlaneScatterAdd]: Forward<K> } = {
  [Op.ReluBackward]: (inputs) => {
    const [[g, y], dtype] = promotedViews(inputs);
    return new Tensor(new Storage(backend().reluBackward(g, y, dtype)), y.shape, dtype);
  },
  // (N, C, H, W), index (N, C, OH, OW) → (N, C, OH, OW)
  [Op.PlaneGather]: ([x, index]) => new Tensor(new Storage(backend().planeGather(x, index, x.dtype)), index.shape, x.dtype),
  // g, index (N, C, OH, OW) → imageShape (N, C, H, W)
  [Op.PlaneScatterAdd]: ([g, index], { imageShape }) =>
    new Tensor(new Storage(backend().planeScatterAdd(g, index, imageShape, g.dtype)), imageShape, g.dtype),
};
