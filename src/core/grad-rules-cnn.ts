/**
 * @file The gradient rules of the fused CNN primitives, part of the one table in grad-rules.ts: Conv2d is bilinear in
 * (x, w) and its two gradients are bilinear in (g, w) and (g, x), so the three are each other's VJPs; ReLU's gradient
 * is linear in g (its own VJP); the plane gather and scatter-add are each other's adjoints. Double backward works.
 */
import { apply, ifNeeded } from "./autograd.ts";
import { Op, type ConvParams } from "./ops.ts";
import type { Tensor } from "./tensor.ts";
import type { VjpRule } from "./grad-rules.ts";

type CnnOp = Op.Conv2d | Op.Conv2dInputGrad | Op.Conv2dWeightGrad | Op.ReluBackward | Op.PlaneGather | Op.PlaneScatterAdd;
type Four = [number, number, number, number];
const four = (t: Tensor): Four => [t.shape[0], t.shape[1], t.shape[2], t.shape[3]];
const conv = (p: ConvParams): ConvParams => ({ kernelSize: p.kernelSize, stride: p.stride, padding: p.padding, dilation: p.dilation, groups: p.groups });

export const cnnVjp: { [K in CnnOp]: VjpRule<K> } = {
  // y = conv(x, w) + b: x gets Wᵀ·g summed onto the pixels, w gets Σ g·patches(x)ᵀ, b the sum of g over (N, OH, OW)
  [Op.Conv2d]: (g, _o, [x, w, b], p) => [
    ifNeeded(x, () => apply(Op.Conv2dInputGrad, [g, w], { ...conv(p), imageShape: four(x) })),
    ifNeeded(w, () => apply(Op.Conv2dWeightGrad, [g, x], { ...conv(p), weightShape: four(w) })),
    ifNeeded(b, () => apply(Op.Sum, [g], { dims: [0, 2, 3], keepdim: false })),
  ],
  // dx = inputGrad(g, w): ⟨h, dx⟩ = ⟨conv(h, w), g⟩ = ⟨w, weightGrad(g, h)⟩
  [Op.Conv2dInputGrad]: (h, _o, [g, w], p) => [
    ifNeeded(g, () => apply(Op.Conv2d, [h, w], conv(p))),
    ifNeeded(w, () => apply(Op.Conv2dWeightGrad, [g, h], { ...conv(p), weightShape: four(w) })),
  ],
  // dw = weightGrad(g, x): ⟨h, dw⟩ = ⟨conv(x, h), g⟩ = ⟨x, inputGrad(g, h)⟩
  [Op.Conv2dWeightGrad]: (h, _o, [g, x], p) => [
    ifNeeded(g, () => apply(Op.Conv2d, [x, h], conv(p))),
    ifNeeded(x, () => apply(Op.Conv2dInputGrad, [g, h], { ...conv(p), imageShape: four(x) })),
  ],
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
