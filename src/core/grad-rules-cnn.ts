/**
 * @file The gradient rules of the fused CNN primitives, part of the one table in grad-rules.ts: ReLU's gradient is linear
 * in g (its own VJP), and the plane gather and scatter-add are each other's adjoints, so double backward works.
 */
import { apply, ifNeeded } from "./autograd.ts";
import { Op } from "./ops.ts";
import type { VjpRule } from "./grad-rules.ts";

type CnnOp = Op.ReluBackward | Op.PlaneGather | Op.PlaneScatterAdd;


export const cnnVjp: { [K in CnnOp]: VjpRule<K> } = {
  // y ≤ 0 ? 0 : g masks g: in g, the same mask on h; in y, zero almost everywhere (no gradient)
  [Op.ReluBackward]: (h, _o, [g, y]) => [ifNeeded(g, () => apply(Op.ReluBackward, [h, y], {})), null],
  // out = x at the plane indices: the gradient is added back there
  [Op.PlaneGather]: (g, _o, [x, index]) => [
    ifNeeded(x, () => apply(Op.PlaneScatterAdd, [g, index], { imageShape: [x.shape[0], x.shape[1], x.shape[2], x.shape[3]] })),
    null,
  ],
  // linear in g: its adjoint gathers h at the same indices
  [Op.PlaneScatterAdd]: (h, _o, [g, index]) => [ifNeeded(g, () => apply(Op.PlaneGather, [h, index], {})), null],
};
