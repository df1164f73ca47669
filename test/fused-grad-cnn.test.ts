/**
 * @file The fused CNN primitives (the convolution and its two gradients, ReLU's gradient, the gather / scatter-add within
 * planes of max pooling): gradcheck (float64) of each called directly, second derivatives through conv2d, relu and
 * maxPool2d, and PyTorch's edge rules.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { apply } from "../src/core/autograd.ts";
import { Op, type ConvParams, type PoolParams } from "../src/core/ops.ts";
import { gradcheck } from "./gradcheck.ts";
import { rand } from "./opdb/make.ts";

/** Values in ±[0.2, 2]: away from ReLU's kink, where a central difference would straddle it. */
const offKink = (shape: number[]) => rand(shape, 0.2, 2).mul(rand(shape, -1, 1).sign());
/** x ↦ ∂/∂x Σ f(x)·u, itself differentiable (createGraph). */
function gradOf(f: (x: lw.Tensor) => lw.Tensor, u: lw.Tensor): (xs: lw.Tensor[]) => lw.Tensor[] {
  return ([x]) => lw.enableGrad(() => {
    const saved = x.grad;
    x.grad = null;
    f(x).backward(u, { createGraph: true });
    const g = x.grad ?? lw.zerosLike(x);
    x.grad = saved;
    return [g];
  });
}
const pool: PoolParams = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false };
const indicesOf = (x: lw.Tensor): lw.Tensor => apply(Op.MaxPool2dIndices, [x], pool); // overlapping windows: repeated indices

// Groups, stride, dilation and asymmetric padding at once: x (2, 4, 5, 6) ⋆ w (4, 2, 2, 3) → (2, 4, 3, 4).
const conv: ConvParams = { kernelSize: [2, 3], stride: [2, 1], padding: [[1, 0], [1, 1]], dilation: [1, 2], groups: 2 };

describe("CNN backward primitives gradcheck (the rules double backward uses)", () => {
  test("conv2d (x, w, bias)", () => gradcheck(([x, w, b]) => apply(Op.Conv2d, [x, w, b], conv), [rand([2, 4, 5, 6]), rand([4, 2, 2, 3]), rand([4])]));
  test("conv2d's input gradient (g, w)", () =>
    gradcheck(([g, w]) => apply(Op.Conv2dInputGrad, [g, w], { ...conv, imageShape: [2, 4, 5, 6] }), [rand([2, 4, 3, 4]), rand([4, 2, 2, 3])]));
  test("conv2d's weight gradient (g, x)", () =>
    gradcheck(([g, x]) => apply(Op.Conv2dWeightGrad, [g, x], { ...conv, weightShape: [4, 2, 2, 3] }), [rand([2, 4, 3, 4]), rand([2, 4, 5, 6])]));
  test("relu backward (g, y)", () => gradcheck(([g, y]) => apply(Op.ReluBackward, [g, y], {}), [rand([3, 5]), offKink([3, 5])]));
  test("plane gather (x at max-pool indices)", () => {
    const x = rand([2, 3, 5, 5]);
    gradcheck(([xs]) => apply(Op.PlaneGather, [xs, indicesOf(x)], {}), [x]);
  });
  test("plane scatter-add (its adjoint)", () => {
    const index = indicesOf(rand([2, 3, 5, 5]));
    gradcheck(([g]) => apply(Op.PlaneScatterAdd, [g, index], { imageShape: [2, 3, 5, 5] }), [rand([2, 3, 3, 3])]);
  });
});

describe("second derivatives through conv2d, relu and maxPool2d (createGraph)", () => {
  test("conv2d(x, w)² in x, and in w", () => {
    const x = rand([2, 4, 5, 6]), w = rand([4, 2, 2, 3]), u = rand([2, 4, 3, 4]);
    const opts = { stride: [2, 1] as [number, number], padding: [1, 1] as [number, number], dilation: [1, 2] as [number, number], groups: 2 };
    gradcheck(gradOf((t) => lw.conv2d(t, w, null, opts).pow(2), u), [x]);
    gradcheck(gradOf((t) => lw.conv2d(x, t, null, opts).pow(2), u), [w]);
  });
  test("relu(x)³", () => gradcheck(gradOf((x) => x.relu().pow(3), rand([6])), [offKink([6])]));
  test("maxPool2d(x)², overlapping windows", () => {
    const x = rand([1, 2, 5, 5]);
    gradcheck(gradOf((t) => lw.maxPool2d(t, 3, { stride: 2, padding: 1 }).pow(2), rand([1, 2, 3, 3])), [x]);
  });
});

test("relu's gradient follows PyTorch's threshold_backward: 0 at 0 and below, g at NaN", () => {
  const x = lw.tensor([NaN, 0, -0, -1, 2, Infinity], { requiresGrad: true });
  x.relu().mul(lw.tensor([1, 2, 3, 4, 5, 6])).sum().backward();
  assert.deepEqual([...(x.grad!.data as Float32Array)], [1, 0, 0, 0, 5, 6]);
});

test("maxPool2d's gradient lands on each window's maximum, summed where windows share it", () => {
  const x = lw.tensor([[[[1, 9, 2], [3, 4, 5], [8, 7, 6]]]], { requiresGrad: true });
  lw.maxPool2d(x, 2, { stride: 1 }).sum().backward(); // windows' maxima: 9, 9, 8, 7
  assert.deepEqual([...(x.grad!.data as Float32Array)], [0, 2, 0, 0, 0, 0, 1, 1, 0]);
});
