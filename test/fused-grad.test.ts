/**
 * @file Double backward through the fused NN primitives: gradcheck (float64) of each backward primitive
 * (softmax, log-softmax, GELU, layer norm) called directly, and of whole gradients taken with createGraph.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as lw from "lernwerk";
import { apply } from "../src/core/autograd.ts";
import { Op, type LayerNormParams } from "../src/core/ops.ts";
import { gradcheck } from "./gradcheck.ts";
import { rand } from "./opdb/make.ts";

const F = lw.nn.functional;
const f64 = (shape: number[], low = -2, high = 2) => rand(shape, low, high);

/** x ↦ ∂/∂x Σ f(x)·u for fixed u, itself differentiable (createGraph). */
function gradOf(f: (xs: lw.Tensor[]) => lw.Tensor, u: lw.Tensor): (xs: lw.Tensor[]) => lw.Tensor[] {
  return (xs) => lw.enableGrad(() => {
    const saved = xs.map((x) => x.grad); // gradcheck's own gradients stay as they were
    xs.forEach((x) => { x.grad = null; });
    f(xs).backward(u, { createGraph: true }); // retainGraph defaults to createGraph, as in PyTorch
    const gs = xs.map((x) => x.grad ?? lw.zerosLike(x));
    xs.forEach((x, i) => { x.grad = saved[i]; });
    return gs;
  });
}

describe("backward primitives gradcheck (the rules double backward uses)", () => {
  for (const dim of [1, 0]) {
    test(`softmax backward (g, y), dim ${dim}`, () => {
      gradcheck(([g, y]) => apply(Op.SoftmaxBackward, [g, y], { dim }), [f64([3, 4]), f64([3, 4], 0.1, 1)]);
    });
    test(`log-softmax backward (g, y), dim ${dim}`, () => {
      gradcheck(([g, y]) => apply(Op.LogSoftmaxBackward, [g, y], { dim }), [f64([3, 4]), f64([3, 4], -3, 0)]);
    });
  }
  for (const approximate of ["none", "tanh"] as const) {
    test(`gelu backward (g, x), ${approximate}`, () => {
      gradcheck(([g, x]) => apply(Op.GeluBackward, [g, x], { approximate }), [f64([2, 5]), f64([2, 5], -4, 4)]);
    });
  }
  const p: LayerNormParams = { normalizedShape: [5], eps: 1e-5 };
  const p2: LayerNormParams = { normalizedShape: [2, 3], eps: 0.01 };
  test("layer norm backward (g, x)", () => gradcheck(([g, x]) => apply(Op.LayerNormBackward, [g, x], p), [f64([3, 5]), f64([3, 5])]));
  test("layer norm backward (g, x, weight)", () => gradcheck(([g, x, w]) => apply(Op.LayerNormBackward, [g, x, w], p), [f64([3, 5]), f64([3, 5]), f64([5])]));
  test("layer norm backward over two dims", () => gradcheck(([g, x, w]) => apply(Op.LayerNormBackward, [g, x, w], p2), [f64([2, 2, 3]), f64([2, 2, 3]), f64([2, 3])]));
  test("layer norm weight gradient (g, x)", () => gradcheck(([g, x]) => apply(Op.LayerNormWeightGrad, [g, x], p), [f64([4, 5]), f64([4, 5])]));
});

describe("second derivatives through the public ops (createGraph)", () => {
  test("softmax and log-softmax", () => {
    gradcheck(gradOf(([x]) => x.softmax(1), f64([2, 4])), [f64([2, 4])]);
    gradcheck(gradOf(([x]) => x.logSoftmax(0), f64([3, 2])), [f64([3, 2])]);
  });
  test("gelu, both formulas", () => {
    gradcheck(gradOf(([x]) => x.gelu(), f64([6])), [f64([6], -3, 3)]);
    gradcheck(gradOf(([x]) => x.gelu({ approximate: "tanh" }), f64([6])), [f64([6], -3, 3)]);
  });
  test("layer norm with weight and bias", () => {
    gradcheck(gradOf(([x, w, b]) => F.layerNorm(x, [4], { weight: w, bias: b }), f64([3, 4])), [f64([3, 4]), f64([4]), f64([4])]);
  });
  test("cross-entropy (log-softmax inside)", () => {
    const target = lw.tensor([1, 0, 3], { dtype: "int32" });
    gradcheck(gradOf(([x]) => F.crossEntropy(x, target).reshape(1), lw.ones([1], { dtype: "float64" })), [f64([3, 4])]);
  });
});

test("createGraph keeps the graph by default: a second backward through softmax works (PyTorch's retain_graph = create_graph)", () => {
  const x = lw.tensor([[0.5, -1, 2]], { dtype: "float64", requiresGrad: true });
  const y = lw.softmax(x, 1).mul(lw.tensor([[1, 2, 3]], { dtype: "float64" })).sum();
  y.backward(undefined, { createGraph: true });
  const g1 = x.grad!;
  x.grad = null;
  y.backward();
  const g2 = x.grad as lw.Tensor | null;
  if (!g2 || g2.sub(g1.detach()).abs().max().item() > 1e-12) throw new Error("second backward differs from the first");
});

describe("fused LSTM cell (gates i, f, g, o)", () => {
  const [B, H] = [2, 3];
  const cellOut = (xs: lw.Tensor[]) => lw.cat(F.lstmCell(xs[0], xs[1], xs[2], xs[3] ?? null), 1);
  /** The unfused chain of ops the layer used before the primitive. */
  function composite([xp, hp, c, b]: lw.Tensor[]): lw.Tensor {
    const [i, f, g, o] = (b ? xp.add(hp).add(b) : xp.add(hp)).chunk(4, 1);
    const c1 = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
    return lw.cat([o.sigmoid().mul(c1.tanh()), c1], 1);
  }
  const inputs = (bias: boolean) => [f64([B, 4 * H]), f64([B, 4 * H]), f64([B, H]), ...(bias ? [f64([4 * H])] : [])];
  test("forward and gradient match the composite chain", () => {
    const xs = inputs(true).map((x) => x.detach().requiresGrad_());
    const u = f64([B, 2 * H]);
    const fused = cellOut(xs), plain = composite(xs);
    if (fused.sub(plain).abs().max().item() > 1e-12) throw new Error("forward differs from the composite");
    const grads = (y: lw.Tensor) => { xs.forEach((x) => { x.grad = null; }); y.mul(u).sum().backward(); return xs.map((x) => x.grad!); };
    const g1 = grads(fused), g2 = grads(plain);
    g1.forEach((g, k) => { if (g.sub(g2[k]).abs().max().item() > 1e-12) throw new Error(`gradient ${k} differs from the composite`); });
  });
  test("gradcheck of the cell, with and without bias", () => {
    gradcheck(cellOut, inputs(true));
    gradcheck(cellOut, inputs(false));
  });
  test("gradcheck of the backward primitive (dY, xp, hp, c[, bias])", () => {
    gradcheck((xs) => apply(Op.LstmCellBackward, xs, {}), [f64([2, B, H]), ...inputs(true)]);
    gradcheck((xs) => apply(Op.LstmCellBackward, xs, {}), [f64([2, B, H]), ...inputs(false)]);
  });
  test("second derivatives (createGraph)", () => {
    gradcheck(gradOf(cellOut, f64([B, 2 * H])), inputs(true));
  });
  test("shape errors name the shapes", () => {
    const [xp, hp, c] = inputs(false);
    assert.throws(() => F.lstmCell(xp, hp, f64([B, H + 1])), /expected xp of shape \[2, 16\]/);
    assert.throws(() => F.lstmCell(xp, hp, c, f64([H])), /expected bias of shape \[12\]/);
  });
});

describe("fused attention (Op.Attention: the inference path of scaledDotProductAttention)", () => {
  const att = (p: { scale: number; causal: boolean }) => (xs: lw.Tensor[]) => apply(Op.Attention, xs, p);
  const qkv = (B: number, H: number, L: number, S: number, E: number, Ev: number) => [f64([B, H, L, E]), f64([B, H, S, E]), f64([B, H, S, Ev])];
  const deadRowMask = lw.tensor([[[[true, false, true], [false, false, false]]]]); // (1, 1, 2, 3): query 1 sees no key

  test("gradcheck: no mask, causal, float mask (its gradient too), bool mask with a query that sees no key", () => {
    gradcheck(att({ scale: 0.4, causal: false }), qkv(1, 2, 3, 4, 3, 2));
    gradcheck(att({ scale: 0.5, causal: true }), qkv(2, 1, 3, 3, 2, 3));
    gradcheck(att({ scale: 0.5, causal: false }), [...qkv(1, 2, 2, 3, 2, 2), f64([1, 1, 2, 3])]);
    gradcheck(att({ scale: 0.7, causal: false }), [...qkv(1, 1, 2, 3, 2, 2), deadRowMask]);
  });

  test("forward and gradients equal the composite path's", () => {
    const [q, k, v] = qkv(2, 2, 3, 5, 4, 3).map((t) => t.requiresGrad_());
    const mask = lw.rand([3, 5]).gt(0.3);
    const composite = F.scaledDotProductAttention(q, k, v, { attnMask: mask }); // inputs need gradients: the composite
    const fused = lw.noGrad(() => F.scaledDotProductAttention(q, k, v, { attnMask: mask }));
    assert.ok(fused.sub(composite.detach()).abs().max().item() < 1e-12);
    const u = f64([2, 2, 3, 3]);
    const viaComposite = gradOf(([a, b, c]) => F.scaledDotProductAttention(a, b, c, { attnMask: mask }), u)([q, k, v]);
    const viaFused = gradOf(([a, b, c]) => apply(Op.Attention, [a, b, c, mask.view(1, 1, 3, 5)], { scale: 0.5, causal: false }), u)([q, k, v]);
    viaComposite.forEach((g, i) => assert.ok(g.sub(viaFused[i]).abs().max().item() < 1e-12, `input ${i}`));
  });
});
