/**
 * @file Loss functions with PyTorch's formulas and `reduction` ("mean" | "sum" | "none"): regression
 * (MSE, L1, Huber), binary (BCE, BCE with logits), multi-class (cross-entropy, NLL) and KL divergence.
 */
import { noGrad } from "../../core/grad-mode.ts";
import { fmtShape, shapeEquals } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { assertFloat, assertTensor } from "../../ops/check.ts";
import { where } from "../../ops/elementwise.ts";
import { logSoftmax } from "../../ops/nn-functional.ts";

export type Reduction = "mean" | "sum" | "none";

function reduce(loss: Tensor, reduction: Reduction | undefined, op: string): Tensor {
  switch (reduction ?? "mean") {
    case "mean": return loss.mean();
    case "sum": return loss.sum();
    case "none": return loss;
    default: throw new RangeError(`${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
  }
}

function checkPair(input: Tensor, target: Tensor, op: string): void {
  assertTensor(input, op, "input");
  assertTensor(target, op, "target");
  assertFloat(input, op);
  if (!shapeEquals(input.shape, target.shape)) {
    throw new RangeError(`${op}: input shape ${fmtShape(input.shape)} and target shape ${fmtShape(target.shape)} differ (reshape one of them; silent broadcasting is a classic bug)`);
  }
}

export interface ReductionOptions { reduction?: Reduction }

/** mean((input − target)²) */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkPair(input, target, "mseLoss");
  return reduce(input.sub(target).square(), opts.reduction, "mseLoss");
}

/** mean(|input − target|) */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkPair(input, target, "l1Loss");
  return reduce(input.sub(target).abs(), opts.reduction, "l1Loss");
}

/** ½d² where |d| < delta, delta·(|d| − ½delta) elsewhere. */
export function huberLoss(input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number } = {}): Tensor {
  checkPair(input, target, "huberLoss");
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new RangeError(`huberLoss: delta must be positive, got ${delta}`);
  const d = input.sub(target), a = d.abs();
  return reduce(where(a.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta)), opts.reduction, "huberLoss");
}

export interface WeightOptions extends ReductionOptions { weight?: Tensor | null }

/** −[t·log p + (1 − t)·log(1 − p)] on probabilities p ∈ [0, 1]; logs are clamped at −100 as in PyTorch. */
export function bceLoss(input: Tensor, target: Tensor, opts: WeightOptions = {}): Tensor {
  checkPair(input, target, "bceLoss");
  const v = input.toTypedArray();
  const bad = v.findIndex((p) => !(p >= 0 && p <= 1));
  if (bad >= 0) throw new RangeError(`bceLoss: input must be probabilities in [0, 1], got ${v[bad]} at flat index ${bad} (use bceWithLogitsLoss on raw scores)`);
  // The value and the gradient are PyTorch's: a log is clamped at −100, and d/dp = (p − t) / max(p(1 − p), 1e-12),
  // which stays finite where p is exactly 0 or 1 (a saturated sigmoid); the plain composite would give NaN there.
  const value = noGrad(() => {
    const logP = input.log().clamp(-100), log1mP = input.neg().log1p().clamp(-100);
    return target.mul(logP).add(target.neg().add(1).mul(log1mP)).neg();
  });
  const slope = noGrad(() => input.sub(target).div(input.mul(input.neg().add(1)).clamp(1e-12)));
  let loss = input.sub(input.detach()).mul(slope).add(value); // = value, with gradient slope
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction, "bceLoss");
}

/** BCE on raw scores x, stable for any x: (1 − t)·x + (1 + (pw − 1)·t)·(log(1 + e^−|x|) + max(−x, 0)). */
export function bceWithLogitsLoss(input: Tensor, target: Tensor, opts: WeightOptions & { posWeight?: Tensor | null } = {}): Tensor {
  checkPair(input, target, "bceWithLogitsLoss");
  const softplusNeg = input.abs().neg().exp().log1p().add(input.neg().relu()); // log(1 + e^−x), stable
  const coef = opts.posWeight ? target.mul(opts.posWeight.sub(1)).add(1) : null;
  let loss = target.neg().add(1).mul(input).add(coef ? coef.mul(softplusNeg) : softplusNeg);
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction, "bceWithLogitsLoss");
}

export interface ClassLossOptions extends WeightOptions {
  /** Targets equal to this class index count neither in the loss nor in the mean (default −100). */
  ignoreIndex?: number;
}

/** (N, C, d…) or (C,) scores → (M, C) rows with the classes last. */
function classesLast(x: Tensor, op: string): Tensor {
  if (x.ndim === 0) throw new RangeError(`${op}: input must have a class dimension, got a scalar`);
  if (x.ndim <= 2) return x.ndim === 1 ? x.unsqueeze(0) : x;
  const perm = [0, ...x.shape.slice(2).map((_, i) => i + 2), 1];
  return x.permute(perm).reshape(-1, x.shape[1]);
}

function checkIndexTarget(input: Tensor, target: Tensor, ignoreIndex: number, op: string): void {
  if (target.dtype !== "int32") throw new TypeError(`${op}: class-index targets must have dtype int32, got ${target.dtype} (use target.int(), or pass probabilities of the input's shape)`);
  const want = input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
  if (!shapeEquals(target.shape, want)) throw new RangeError(`${op}: expected a target of shape ${fmtShape(want)} for input ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`);
  const C = input.ndim === 1 ? input.shape[0] : input.shape[1];
  const t = target.toTypedArray();
  const bad = t.findIndex((c) => c !== ignoreIndex && (c < 0 || c >= C));
  if (bad >= 0) throw new RangeError(`${op}: target ${t[bad]} (at flat index ${bad}) is out of range for ${C} classes (valid: 0 to ${C - 1}${ignoreIndex < 0 || ignoreIndex >= C ? `, or ignoreIndex ${ignoreIndex}` : ""})`);
}

/** Per-row −w[t]·logp[t] and the per-row weights (0 where ignored), for (M, C) log-probabilities. */
function pickedNll(logp: Tensor, t: Tensor, weight: Tensor | null | undefined, ignoreIndex: number): [Tensor, Tensor] {
  const valid = t.ne(ignoreIndex);
  const safe = where(valid, t, 0);
  const w = (weight ? weight.indexSelect(0, safe) : valid.to(logp.dtype)).mul(valid.to(logp.dtype));
  return [logp.gather(1, safe.unsqueeze(1)).squeeze(1).neg().mul(w), w];
}

function finishClassLoss(perRow: Tensor, weightSum: Tensor, target: Tensor, reduction: Reduction | undefined, op: string): Tensor {
  switch (reduction ?? "mean") {
    case "mean": return perRow.sum().div(weightSum);
    case "sum": return perRow.sum();
    case "none": return perRow.reshape(target.shape);
    default: throw new RangeError(`${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
  }
}

/** Negative log-likelihood of class indices given log-probabilities (N, C) or (N, C, d…). */
export function nllLoss(input: Tensor, target: Tensor, opts: ClassLossOptions = {}): Tensor {
  assertTensor(input, "nllLoss");
  assertTensor(target, "nllLoss", "target");
  const ignoreIndex = opts.ignoreIndex ?? -100;
  checkIndexTarget(input, target, ignoreIndex, "nllLoss");
  const logp = classesLast(input, "nllLoss"), t = target.reshape(-1);
  const [loss, w] = pickedNll(logp, t, opts.weight, ignoreIndex);
  return finishClassLoss(loss, w.sum(), target, opts.reduction, "nllLoss");
}

/**
 * log-softmax + NLL on raw scores (N, C) or (N, C, d…), stable for huge logits. The target is
 * class indices (int32) or class probabilities (the input's shape). `labelSmoothing` ε mixes the
 * target with the uniform distribution, as in PyTorch.
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: ClassLossOptions & { labelSmoothing?: number } = {}): Tensor {
  const op = "crossEntropy";
  assertTensor(input, op);
  assertTensor(target, op, "target");
  assertFloat(input, op);
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  const C = input.ndim === 1 ? input.shape[0] : input.shape[1];
  const w = opts.weight ?? null;
  if (w && (w.ndim !== 1 || w.shape[0] !== C)) throw new RangeError(`${op}: weight must have shape [${C}] (one per class), got ${fmtShape(w.shape)}`);
  const logp0 = logSoftmax(input, input.ndim === 1 ? 0 : 1);

  if (target.dtype !== "int32" && shapeEquals(target.shape, input.shape)) {
    // Class probabilities: −Σ_c w_c · t'_c · logp_c with t' = (1 − ε)·t + ε/C; the mean is over samples.
    const logp = classesLast(logp0, op);
    let probs = classesLast(target, op).to(input.dtype);
    if (eps > 0) probs = probs.mul(1 - eps).add(eps / C);
    const terms = w ? logp.mul(probs).mul(w) : logp.mul(probs);
    const perRow = terms.sum(1).neg();
    const outShape = input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
    if ((opts.reduction ?? "mean") === "none") return perRow.reshape(outShape);
    return reduce(perRow, opts.reduction, op);
  }

  const ignoreIndex = opts.ignoreIndex ?? -100;
  checkIndexTarget(input, target, ignoreIndex, op);
  const logp = classesLast(logp0, op), t = target.reshape(-1);
  const [nll, wRows] = pickedNll(logp, t, w, ignoreIndex);
  if (eps === 0) return finishClassLoss(nll, wRows.sum(), target, opts.reduction, op);
  // Smoothing term: −Σ_c w_c · logp_c per row (0 on ignored rows), scaled by ε/C.
  const valid = t.ne(ignoreIndex).to(logp.dtype);
  const smooth = (w ? logp.mul(w) : logp).sum(1).neg().mul(valid);
  return finishClassLoss(nll.mul(1 - eps).add(smooth.mul(eps / C)), wRows.sum(), target, opts.reduction, op);
}

/**
 * KL(target ‖ input) with `input` as log-probabilities: target·(log target − input), 0 where target is 0.
 * `logTarget: true` takes the target as log-probabilities too. Use reduction "batchmean" for the true KL.
 */
export function klDiv(input: Tensor, target: Tensor, opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {}): Tensor {
  checkPair(input, target, "klDiv");
  const loss = opts.logTarget
    ? target.exp().mul(target.sub(input))
    : where(target.gt(0), target.mul(where(target.gt(0), target, 1).log().sub(input)), 0);
  if (opts.reduction === "batchmean") return loss.sum().div(input.ndim ? input.shape[0] : 1);
  return reduce(loss, opts.reduction ?? "mean", "klDiv");
}
