/**
 * @file The gradient rules of the fused LSTM cell and sequence, part of the one table in grad-rules.ts: LstmCell's
 * rule calls the fused LstmCellBackward, whose rule is a composite (hand-derived below), so double backward works;
 * LstmSequence's calls LstmSequenceBackward, which has none (as cuDNN's RNN).
 */
import { apply, ifNeeded } from "./autograd.ts";
import { isGradEnabled } from "./grad-mode.ts";
import { Op } from "./ops.ts";
import { add, mul, reshape, sub, unary } from "./prims.ts";
import type { Tensor } from "./tensor.ts";
import type { VjpRule } from "./grad-rules.ts";


/** Columns [start, start + size) of a (B, N) tensor, as a view. */
const cols = (x: Tensor, start: number, size: number): Tensor =>
  apply(Op.Slice, [x], { starts: [0, start], sizes: [x.shape[0], size], steps: [1, 1] });
/** Half k of a (2, B, H) tensor: (B, H). */
const half = (x: Tensor, k: number): Tensor =>
  reshape(apply(Op.Slice, [x], { starts: [k, 0, 0], sizes: [1, x.shape[1], x.shape[2]], steps: [1, 1, 1] }), x.shape.slice(1));
const sigmoid = (x: Tensor): Tensor => unary(Op.Sigmoid, x);
const tanh = (x: Tensor): Tensor => unary(Op.Tanh, x);
/** σ'(a) from s = σ(a): s(1 − s); tanh'(a) from t = tanh(a): 1 − t². */
const dSigmoid = (s: Tensor): Tensor => mul(s, sub(1, s));
const dTanh = (t: Tensor): Tensor => sub(1, mul(t, t));
const sum = (...xs: Tensor[]): Tensor => xs.reduce((a, b) => add(a, b));

/** Elements [start, start + numel(shape)) of a flat tensor as `shape`. */
const part = (flat: Tensor, start: number, shape: number[]): Tensor =>
  reshape(apply(Op.Slice, [flat], { starts: [start], sizes: [shape.reduce((a, b) => a * b, 1)], steps: [1] }), shape);

export const rnnVjp: { [K in Op.LstmCell | Op.LstmCellBackward | Op.LstmSequence | Op.LstmSequenceBackward]: VjpRule<K> } = {
  // The fused backward returns [d xp | d h0 | d c0 | d W_hh] in one flat array; each input takes its part as a view.
  [Op.LstmSequence]: (g, y, [xp, h0, c0, whh]) => {
    if (isGradEnabled()) throw new Error("backward: nn.LSTM's fused sequence (LstmSequence) has no double backward; run the layer under setFastPathEnabled(false) to differentiate its gradient");
    const d = apply(Op.LstmSequenceBackward, [g, xp, whh, y], {});
    const [T, B, G] = xp.shape, H = whh.shape[1], n = T * B * G;
    return [
      ifNeeded(xp, () => part(d, 0, [T, B, G])), ifNeeded(h0, () => part(d, n, [B, H])),
      ifNeeded(c0, () => part(d, n + B * H, [B, H])), ifNeeded(whh, () => part(d, n + 2 * B * H, [G, H])),
    ];
  },
  [Op.LstmSequenceBackward]: () => {
    throw new Error("backward: nn.LSTM's fused sequence (LstmSequenceBackward) has no double backward");
  },
  // The gates' gradient da reaches xp, hp and bias alike (backward sums it over the rows for the bias).
  [Op.LstmCell]: (g, _o, [xp, hp, c, b]) => {
    const d = apply(Op.LstmCellBackward, b ? [g, xp, hp, c, b] : [g, xp, hp, c], {}); // (B, 5H)
    const H = c.shape[1], da = () => cols(d, 0, 4 * H);
    return [ifNeeded(xp, da), ifNeeded(hp, da), ifNeeded(c, () => cols(d, 4 * H, H)), ifNeeded(b, da)];
  },
  // Outputs, per element: with i, f, o = σ(a_·), g = tanh(a_g), T = tanh(c'), D = dc + dh·o·(1 − T²):
  // D_i = D·g·i', D_f = D·c·f', D_g = D·i·g', D_o = dh·T·o', D_c = D·f (x' the activation's derivative).
  // For cotangents u_· of those: W = ∂/∂D = u_i·g·i' + u_f·c·f' + u_g·i·g' + u_c·f, and through c' (∂c'/∂a_i = g·i', …)
  // K = ∂/∂c' = (u_o·dh·o' − 2·W·dh·o·T)(1 − T²); the rest is the product rule on each output.
  [Op.LstmCellBackward]: (u, _o, [dy, xp, hp, c, b]) => {
    const H = c.shape[1];
    const a = b ? add(add(xp, hp), b) : add(xp, hp); // (B, 4H)
    const [i, f, g, o] = [sigmoid(cols(a, 0, H)), sigmoid(cols(a, H, H)), tanh(cols(a, 2 * H, H)), sigmoid(cols(a, 3 * H, H))];
    const [si, sf, tg, so] = [dSigmoid(i), dSigmoid(f), dTanh(g), dSigmoid(o)];
    const T = tanh(add(mul(f, c), mul(i, g))), tT = dTanh(T);
    const dh = half(dy, 0), D = add(half(dy, 1), mul(mul(dh, o), tT));
    const [ui, uf, ug, uo, uc] = [0, 1, 2, 3, 4].map((k) => cols(u, k * H, H));
    const W = sum(mul(mul(ui, g), si), mul(mul(uf, c), sf), mul(mul(ug, i), tg), mul(uc, f));
    const K = mul(sub(mul(mul(uo, dh), so), mul(mul(mul(W, dh), mul(o, T)), 2)), tT);
    const oneMinus2 = (s: Tensor) => sub(1, mul(s, 2));
    const gradA = () => {
      const dai = sum(mul(mul(mul(ui, D), mul(g, si)), oneMinus2(i)), mul(mul(ug, D), mul(tg, si)), mul(K, mul(g, si)));
      const daf = sum(mul(mul(mul(uf, D), mul(c, sf)), oneMinus2(f)), mul(mul(uc, D), sf), mul(K, mul(c, sf)));
      const dag = sum(mul(mul(ui, D), mul(si, tg)), mul(mul(mul(ug, D), mul(i, tg)), mul(g, -2)), mul(K, mul(i, tg)));
      const dao = add(mul(mul(W, dh), mul(tT, so)), mul(mul(mul(uo, dh), mul(T, so)), oneMinus2(o)));
      return apply(Op.Cat, [dai, daf, dag, dao], { dim: 1 });
    };
    const gradDy = () => {
      const ddh = add(mul(W, mul(o, tT)), mul(uo, mul(T, so)));
      const [B] = c.shape;
      return apply(Op.Cat, [reshape(ddh, [1, B, H]), reshape(W, [1, B, H])], { dim: 0 });
    };
    const da = xp.requiresGrad || hp.requiresGrad || b?.requiresGrad ? gradA() : null;
    return [
      ifNeeded(dy, gradDy), da, da,
      ifNeeded(c, () => add(mul(mul(uf, D), sf), mul(K, f))),
      b ? da : null,
    ];
  },
};
