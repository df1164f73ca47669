/** @file Keras loss names → loss functions (prediction, target); the cross-entropies take probabilities, as Keras's with fromLogits false. */
import type { Tensor } from "../../core/tensor.ts";
import { Module } from "../../nn/module.ts";
import { huberLoss, l1Loss, mseLoss } from "../../nn/functional/losses.ts";

/** A loss: (prediction, target) → 0-d tensor. */
export type LossFn = (prediction: Tensor, target: Tensor) => Tensor;
const EPS = 1e-7; // Keras's backend epsilon

const probs = (p: Tensor): Tensor => p.clamp(EPS, 1 - EPS);

const LOSSES: Record<string, LossFn> = {
  /** −Σ y log p over classes, mean over samples; y one-hot (N, C), p probabilities (rows rescaled to sum 1). */
  categorical_crossentropy: (p, y) => {
    if (y.shape.join() !== p.shape.join()) throw new RangeError(`categorical_crossentropy: targets must be one-hot rows shaped as the predictions [${p.shape.join(", ")}], got [${y.shape.join(", ")}] (for class indices use sparse_categorical_crossentropy)`);
    const q = probs(p.div(p.sum(-1, { keepdim: true })));
    return y.mul(q.log()).sum(-1).mean().neg();
  },
  /** −log p[y] mean over samples; y class indices (N), p probabilities (N, C). */
  sparse_categorical_crossentropy: (p, y) => {
    const idx = y.reshape([-1, 1]);
    if (idx.shape[0] !== p.shape[0]) throw new RangeError(`sparse_categorical_crossentropy: ${y.shape[0]} targets for ${p.shape[0]} predictions`);
    return probs(p).log().gather(1, idx.dtype === "int32" ? idx : idx.int()).mean().neg();
  },
  /** −mean(y log p + (1 − y) log(1 − p)); p probabilities. */
  binary_crossentropy: (p, y) => {
    const q = probs(p), t = y.reshape(q.shape).to(q.dtype);
    return t.mul(q.log()).add(t.neg().add(1).mul(q.neg().add(1).log())).mean().neg();
  },
  mse: (p, y) => mseLoss(p, y.reshape(p.shape).to(p.dtype)),
  mae: (p, y) => l1Loss(p, y.reshape(p.shape).to(p.dtype)),
  huber: (p, y) => huberLoss(p, y.reshape(p.shape).to(p.dtype)),
};
LOSSES.mean_squared_error = LOSSES.mse;
LOSSES.mean_absolute_error = LOSSES.mae;
export const LOSS_NAMES = Object.keys(LOSSES);

/** A loss by name, a loss module (nn.CrossEntropyLoss for logits, …) or a function; an unknown name lists the valid ones. */
export function getLoss(spec: string | LossFn | Module<[Tensor, Tensor], Tensor>): LossFn {
  if (spec instanceof Module) return (p, y) => spec.forward(p, y);
  if (typeof spec === "function") return spec;
  if (typeof spec === "string") {
    const fn = LOSSES[spec];
    if (!fn) throw new RangeError(`compile: unknown loss "${spec}"; valid names: ${LOSS_NAMES.join(", ")} (or a loss module such as new nn.CrossEntropyLoss(), or a function (prediction, target) => Tensor)`);
    return fn;
  }
  throw new TypeError(`compile: loss must be a name (${LOSS_NAMES.join(", ")}), a loss module or a function; got ${typeof spec}`);
}
