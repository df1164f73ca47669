/**
 * @file The gradient rules of the fused neural-network primitives (softmax, GELU, layer norm, attention), part of
 * the one table in grad-rules.ts. Each forward's rule calls its fused backward primitive or, for attention, recomputes
 * the weights; those rules are composites, so double backward works.
 */
import { apply, ifNeeded } from "./autograd.ts";
import { noGrad } from "./grad-mode.ts";
import { Op, type GeluApproximate, type LayerNormParams, type OpParams } from "./ops.ts";
import { add, arangeInt, div, eq, exp, expand, gt, matmul3, mT, mul, neg, reshape, sub, sum, sumTo, unary, where } from "./prims.ts";
import type { Tensor } from "./tensor.ts";
import type { VjpRule } from "./grad-rules.ts";

type NnOp = Op.Softmax | Op.LogSoftmax | Op.SoftmaxBackward | Op.LogSoftmaxBackward | Op.Gelu | Op.GeluBackward
  | Op.LayerNorm | Op.LayerNormBackward | Op.LayerNormWeightGrad | Op.Attention;


const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI), KAPPA = 0.044715, INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** gelu''(x) as a composite (the derivative of GeluBackward in x). */
function geluSecond(x: Tensor, approximate: GeluApproximate): Tensor {
  const x2 = mul(x, x);
  // exact: gelu = x·Φ(x), gelu'' = φ(x)·(2 − x²)
  if (approximate === "none") return mul(mul(exp(mul(x2, -0.5)), INV_SQRT_2PI), sub(2, x2));
  // tanh: gelu = ½x(1 + t), t = tanh u, u = k(x + κx³): gelu'' = (1 − t²)(u' − x·t·u'² + 3kκx²), u' = k(1 + 3κx²)
  const t = unary(Op.Tanh, mul(add(x, mul(mul(x2, x), KAPPA)), SQRT_2_OVER_PI));
  const du = mul(add(mul(x2, 3 * KAPPA), 1), SQRT_2_OVER_PI);
  const inner = add(sub(du, mul(mul(x, t), mul(du, du))), mul(x2, 3 * SQRT_2_OVER_PI * KAPPA));
  return mul(sub(1, mul(t, t)), inner);
}

/** Sums over the trailing normalised dims, keeping them (size 1). */
const rowSum = (t: Tensor, p: LayerNormParams): Tensor =>
  sum(t, p.normalizedShape.map((_, i) => t.ndim - p.normalizedShape.length + i), true);
const rowSize = (p: LayerNormParams): number => p.normalizedShape.reduce((a, b) => a * b, 1);
/** 1/√(biased variance + eps) per row, as a composite. */
function rstdOf(x: Tensor, p: LayerNormParams): Tensor {
  const centred = sub(x, div(rowSum(x, p), rowSize(p)));
  return unary(Op.Rsqrt, add(div(rowSum(mul(centred, centred), p), rowSize(p)), p.eps));
}
const normalized = (x: Tensor, p: LayerNormParams): Tensor => apply(Op.LayerNorm, [x], p);
/** J·h, J = ∂x̂/∂x per row (symmetric): layer norm's backward without weight. */
const jacobianTimes = (h: Tensor, x: Tensor, p: LayerNormParams): Tensor => apply(Op.LayerNormBackward, [h, x], p);

/**
 * Attention's scores (n = B·H, L, S) as composites of q and k seen as (n, L, E), (n, S, E): q·kᵀ·scale, masked (−∞ where a bool mask is
 * false or above a causal diagonal) or plus a float mask.
 */
function attentionScores(q3: Tensor, k3: Tensor, m: Tensor | undefined, p: OpParams[Op.Attention], [B, H]: readonly number[]): Tensor {
  const n = B * H, L = q3.shape[1], S = k3.shape[1];
  let s = mul(matmul3(q3, mT(k3)), p.scale);
  if (m) {
    const m3 = reshape(expand(m, [B, H, L, S]), [n, L, S]);
    s = m.dtype === "bool" ? where(m3, s, -Infinity) : add(s, m3);
  }
  if (p.causal) s = where(gt(reshape(arangeInt(S), [1, 1, S]), reshape(arangeInt(L), [1, L, 1])), -Infinity, s);
  return s;
}

export const nnVjp: { [K in NnOp]: VjpRule<K> } = {
  // d softmax = y ⊙ (dx − Σ y ⊙ dx), so gx = y ⊙ (g − Σ g ⊙ y)
  [Op.Softmax]: (g, out, _x, p) => [apply(Op.SoftmaxBackward, [g, out], p)],
  // d logSoftmax = dx − Σ softmax ⊙ dx, so gx = g − e^y Σ g
  [Op.LogSoftmax]: (g, out, _x, p) => [apply(Op.LogSoftmaxBackward, [g, out], p)],
  // y(g − Σ g·y) is linear in g with a symmetric Jacobian (its own VJP); in y: h(g − Σ g·y) − g Σ h·y
  [Op.SoftmaxBackward]: (h, _o, [g, y], p) => [
    ifNeeded(g, () => apply(Op.SoftmaxBackward, [h, y], p)),
    ifNeeded(y, () => sub(mul(h, sub(g, sum(mul(g, y), [p.dim], true))), mul(g, sum(mul(h, y), [p.dim], true)))),
  ],
  // g − e^y Σ g: in g, h − Σ h·e^y; in y, −h·e^y Σ g
  [Op.LogSoftmaxBackward]: (h, _o, [g, y], p) => [
    ifNeeded(g, () => sub(h, sum(mul(h, exp(y)), [p.dim], true))),
    ifNeeded(y, () => neg(mul(mul(h, exp(y)), sum(g, [p.dim], true)))),
  ],

  // d gelu = gelu'(x) dx
  [Op.Gelu]: (g, _o, [x], p) => [apply(Op.GeluBackward, [g, x], p)],
  // g·gelu'(x): in g, h·gelu'(x) (itself); in x, h·g·gelu''(x)
  [Op.GeluBackward]: (h, _o, [g, x], p) => [
    ifNeeded(g, () => apply(Op.GeluBackward, [h, x], p)),
    ifNeeded(x, () => mul(mul(h, g), geluSecond(x, p.approximate))),
  ],

  // y = x̂·w + b: gx = J(g·w), gw = Σ_rows g·x̂, gb = g (backward sums it over the rows)
  [Op.LayerNorm]: (g, _o, [x, w, b], p) => [
    ifNeeded(x, () => apply(Op.LayerNormBackward, w ? [g, x, w] : [g, x], p)),
    ifNeeded(w, () => apply(Op.LayerNormWeightGrad, [g, x], p)),
    ifNeeded(b, () => g),
  ],
  // y = P·v with P = softmax(s) (rows that see no key: 0), s = q·kᵀ·scale (+ mask), P recomputed here (not kept
  // by the forward): gv = Pᵀg, gs = softmax'(gP = g·vᵀ), gq = gs·k·scale, gk = gsᵀ·q·scale, g(float mask) = gs
  [Op.Attention]: (g, _o, [q, k, v, m], p) => {
    const [B, H, L, E] = q.shape, S = k.shape[2], Ev = v.shape[3], n = B * H;
    const q3 = reshape(q, [n, L, E]), k3 = reshape(k, [n, S, E]); // (n, L, E), (n, S, E): each reshaped (maybe copied) once
    const s = attentionScores(q3, k3, m, p, q.shape); // (n, L, S)
    const dead = noGrad(() => eq(apply(Op.Amax, [s], { dims: [2], keepdim: true }), -Infinity)); // (n, L, 1)
    const soft = apply(Op.Softmax, [where(dead, 0, s)], { dim: 2 });
    const g3 = reshape(g, [n, L, Ev]);
    let gsMemo: Tensor | null = null;
    const gs = (): Tensor => (gsMemo ??= apply(Op.SoftmaxBackward, [where(dead, 0, matmul3(g3, mT(reshape(v, [n, S, Ev])))), soft], { dim: 2 }));
    return [
      ifNeeded(q, () => reshape(mul(matmul3(gs(), k3), p.scale), q.shape)),
      ifNeeded(k, () => reshape(mul(matmul3(mT(gs()), q3), p.scale), k.shape)),
      ifNeeded(v, () => reshape(matmul3(mT(where(dead, 0, soft)), g3), v.shape)),
      ifNeeded(m, () => sumTo(reshape(gs(), [B, H, L, S]), m!.shape)),
    ];
  },
  // out = J·G, G = g·w, per row of N: with r = rstd, c = mean(G·x̂), ∂c/∂x = out/N and ∂r/∂x = −r²x̂/N:
  // in G, J·h (J symmetric); in x, −(r/N)(x̂ Σ h·out + out Σ h·x̂) − r·c·J·h; in w, Σ_rows g·J·h
  [Op.LayerNormBackward]: (h, out, [g, x, w], p) => {
    const jh = jacobianTimes(h, x, p);
    return [
      ifNeeded(g, () => (w ? mul(jh, w) : jh)),
      ifNeeded(x, () => {
        const xh = normalized(x, p), r = rstdOf(x, p), n = rowSize(p);
        const c = div(rowSum(mul(w ? mul(g, w) : g, xh), p), n);
        const spread = div(add(mul(xh, rowSum(mul(h, out), p)), mul(out, rowSum(mul(h, xh), p))), n);
        return neg(mul(r, add(spread, mul(c, jh))));
      }),
      ifNeeded(w, () => mul(g, jh)),
    ];
  },
  // Σ_rows g·x̂: in g, h·x̂ (layer norm with weight h); in x, J(g·h) (its backward with weight h)
  [Op.LayerNormWeightGrad]: (h, _o, [g, x], p) => [
    ifNeeded(g, () => apply(Op.LayerNorm, [x, h], p)),
    ifNeeded(x, () => apply(Op.LayerNormBackward, [g, x, h], p)),
  ],
};
