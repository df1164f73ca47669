/**
 * @file The forward entries of the fused CNN primitives (Conv2d and its two gradients, ReluBackward, PlaneGather,
 * PlaneScatterAdd), spread into the forward table of core/forward.ts; the convolutions and ReLU's gradient promote their
 * inputs to one floating dtype.
 */
import { poolOutShape, windowGrid } from "./conv-geometry.ts";
import { Op, type OpParams, type PoolParams } from "./ops.ts";
import { promotedViews } from "./promoted-views.ts";
import { Storage, Tensor } from "./tensor.ts";
import { backend } from "../backends/backend.ts";

type Forward<K extends Op> = (inputs: Tensor[], p: OpParams[K]) => Tensor;

type CnnOp = Op.Conv2d | Op.Conv2dInputGrad | Op.Conv2dWeightGrad | Op.ReluBackward | Op.PlaneGather | Op.PlaneScatterAdd;

export const cnnForward: { [K in CnnOp]: Forward<K> } = {
  // x (N, C, H, W), w (O, C/groups, kH, kW)[, bias (O)] → (N, O, OH, OW)
  [Op.Conv2d]: (inputs, p) => {
    const [[x, w, b], dtype] = promotedViews(inputs);
    const shape = [x.shape[0], w.shape[0], ...windowGrid(x.shape.slice(2), p)];
    return new Tensor(new Storage(backend().conv2d(x, w, b ?? null, p, dtype)), shape, dtype);
  },
  // g (N, O, OH, OW), w → imageShape (N, C, H, W)
  [Op.Conv2dInputGrad]: (inputs, p) => {
    const [[g, w], dtype] = promotedViews(inputs);
    return new Tensor(new Storage(backend().conv2dInputGrad(g, w, p, p.imageShape, dtype)), p.imageShape, dtype);
  },
  // g (N, O, OH, OW), x (N, C, H, W) → weightShape (O, C/groups, kH, kW)
  [Op.Conv2dWeightGrad]: (inputs, p) => {
    const [[g, x], dtype] = promotedViews(inputs);
    return new Tensor(new Storage(backend().conv2dWeightGrad(g, x, p, p.weightShape, dtype)), p.weightShape, dtype);
  },
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

/**
 * Max pooling's two primitives in one kernel pass: the indices (MaxPool2dIndices(x)) and the values (PlaneGather(x,
 * indices)); ops/pool.ts records the values as that gather, so the gradient is the gather's.
 */
export function maxPool2dValuesAndIndices(x: Tensor, p: PoolParams): [Tensor, Tensor] {
  const shape = [x.shape[0], x.shape[1], ...poolOutShape(x.shape.slice(2), p)];
  const [values, indices] = backend().maxPool2d(x, p, x.dtype);
  return [new Tensor(new Storage(values), shape, x.dtype), new Tensor(new Storage(indices), shape, "int32")];
}
