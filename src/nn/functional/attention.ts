/**
 * @file Scaled dot-product attention, PyTorch 2.x semantics (`F.scaled_dot_product_attention`), composed from
 * primitives so gradients come from the rule table; a fully masked row gives zeros, as PyTorch ≥ 2.5's math path.
 */
import { noGrad } from "../../core/grad-mode.ts";
import type { Generator } from "../../core/random.ts";
import { broadcastShapes, fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { ones } from "../../ops/creation.ts";
import { assertFloat, assertTensor } from "../../ops/check.ts";
import { maskedFill } from "../../ops/elementwise.ts";
import { tril } from "../../ops/movement.ts";
import { softmax } from "../../ops/nn-functional.ts";
import { dropout } from "./layers.ts";

export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcastable to (..., L, S). Bool: true = the key takes part (PyTorch's bool mask), false = masked out.
   * Float: added to the scores (use −Infinity to mask).
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights, applied whenever > 0 (as PyTorch; pass 0 in eval mode). */
  dropoutP?: number;
  /** Query i sees keys 0..i (top-left aligned lower triangle of (L, S)); not together with attnMask. */
  isCausal?: boolean;
  /** Multiplies the scores; default 1/√E. */
  scale?: number | null;
  /** Generator of the dropout mask. */
  generator?: Generator;
}

/** Bool (L, S) mask, true on and below the diagonal: query i may attend to keys 0..i. */
export function causalMask(L: number, S: number = L): Tensor {
  return tril(ones([L, S])).gt(0); // NOTE: tril of a bool tensor does not stay bool (where with 0 promotes)
}

// The negated causal masks of the last few (L, S) shapes: a training loop asks for the same one every call.
const causalMaskedOut = new Map<string, Tensor>();

/** Bool (L, S), true above the diagonal (the keys query i may not see); cached, never written to. */
function causalMaskedOutOf(L: number, S: number): Tensor {
  const key = `${L},${S}`;
  let m = causalMaskedOut.get(key);
  if (!m) {
    m = noGrad(() => causalMask(L, S).logicalNot());
    if (causalMaskedOut.size >= 16) causalMaskedOut.delete(causalMaskedOut.keys().next().value!);
    causalMaskedOut.set(key, m);
  }
  return m;
}

/**
 * softmax(Q Kᵀ · scale + mask) V and the weights that multiplied V (after dropout), as `[output, weights]`.
 * query (..., L, E), key (..., S, E), value (..., S, Ev) → output (..., L, Ev), weights (..., L, S).
 * A row whose keys are all masked gets all-zero weights (output 0, finite zero gradients), not NaN.
 */
export function scaledDotProductAttentionWithWeights(query: Tensor, key: Tensor, value: Tensor, opts: ScaledDotProductAttentionOptions = {}): [Tensor, Tensor] {
  const op = "scaledDotProductAttention";
  for (const [t, n] of [[query, "query"], [key, "key"], [value, "value"]] as const) {
    assertTensor(t, op, n);
    assertFloat(t, op);
    if (t.ndim < 2) throw new RangeError(`${op}: ${n} must have at least 2 dims (..., seq, features), got shape ${fmtShape(t.shape)}`);
  }
  const E = query.shape[query.ndim - 1], L = query.shape[query.ndim - 2], S = key.shape[key.ndim - 2];
  if (key.shape[key.ndim - 1] !== E) throw new RangeError(`${op}: query and key must have the same last dim, got ${fmtShape(query.shape)} and ${fmtShape(key.shape)}`);
  if (value.shape[value.ndim - 2] !== S) throw new RangeError(`${op}: key and value must have the same sequence length, got ${fmtShape(key.shape)} and ${fmtShape(value.shape)}`);
  const { attnMask = null, dropoutP = 0, isCausal = false } = opts;
  if (isCausal && attnMask) throw new TypeError(`${op}: pass either attnMask or isCausal, not both`);
  if (!(dropoutP >= 0 && dropoutP <= 1)) throw new RangeError(`${op}: dropoutP must be in [0, 1], got ${dropoutP}`);
  const scale = opts.scale ?? 1 / Math.sqrt(E);

  // The scale goes onto the queries (..., L, E) rather than the scores (..., L, S): fewer elements when E < S.
  let scores = (E < S ? query.mul(scale).matmul(key.transpose(-2, -1)) : query.matmul(key.transpose(-2, -1)).mul(scale)); // (..., L, S)
  const mask = isCausal ? null : attnMask;
  if (isCausal) scores = maskedFill(scores, causalMaskedOutOf(L, S), -Infinity);
  else if (mask) {
    broadcastShapes(op, mask.shape, scores.shape);
    if (mask.dtype === "bool") scores = maskedFill(scores, mask.logicalNot(), -Infinity);
    else scores = scores.add(mask);
  }
  // A row with every score −∞ would be NaN: softmax a zero row instead and zero its weights (gradient 0 there).
  // A causal mask leaves every query key 0 (when there are keys), so only explicit masks are checked.
  const dead = mask || (isCausal && S === 0) ? noGrad(() => scores.eq(-Infinity).all(-1, { keepdim: true })) : null; // (..., L, 1)
  const hasDead = dead !== null && noGrad(() => dead.any().item() !== 0);
  if (hasDead) scores = maskedFill(scores, dead, 0);
  let weights = softmax(scores, -1); // (..., L, S)
  if (hasDead) weights = maskedFill(weights, dead, 0);
  if (dropoutP > 0) weights = dropout(weights, dropoutP, { generator: opts.generator });
  return [weights.matmul(value), weights]; // (..., L, Ev)
}

/**
 * softmax(Q Kᵀ · scale + mask) V as torch.nn.functional.scaled_dot_product_attention:
 * query (..., L, E), key (..., S, E), value (..., S, Ev) → (..., L, Ev).
 * @example F.scaledDotProductAttention(q, k, v, { isCausal: true })
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts: ScaledDotProductAttentionOptions = {}): Tensor {
  return scaledDotProductAttentionWithWeights(query, key, value, opts)[0];
}
