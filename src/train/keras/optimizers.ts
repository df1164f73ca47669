/** @file Keras optimizer names → lw.optim optimizers with Keras's default learning rates, created once the model's weights exist. */
import type { Tensor } from "../../core/tensor.ts";
import { Optimizer } from "../../optim/optimizer.ts";
import { SGD } from "../../optim/sgd.ts";
import { Adam, AdamW } from "../../optim/adam.ts";
import { RMSprop, Adagrad } from "../../optim/rmsprop.ts";

type LrOptimizer = Optimizer<{ lr: number }>;
/** What compile() accepts: a name, an optimizer over the model's parameters, or a factory of one. */
export type OptimizerSpec = string | LrOptimizer | ((params: Tensor[]) => LrOptimizer);

const OPTIMIZERS: Record<string, (params: Tensor[]) => LrOptimizer> = {
  adam: (p) => new Adam(p, { lr: 1e-3, eps: 1e-7 }),
  adamw: (p) => new AdamW(p, { lr: 1e-3, eps: 1e-7, weightDecay: 0.004 }),
  sgd: (p) => new SGD(p, { lr: 0.01 }),
  rmsprop: (p) => new RMSprop(p, { lr: 1e-3, alpha: 0.9, eps: 1e-7 }),
  adagrad: (p) => new Adagrad(p, { lr: 1e-3, initialAccumulatorValue: 0.1, eps: 1e-7 }),
};
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS);

/** Checks a spec at compile() time, so a typo fails there and not at fit(). */
export function checkOptimizerSpec(spec: OptimizerSpec): void {
  if (typeof spec === "string" && !OPTIMIZERS[spec]) throw new RangeError(`compile: unknown optimizer "${spec}"; valid names: ${OPTIMIZER_NAMES.join(", ")} (or an lw.optim optimizer, or a function params => optimizer)`);
  if (typeof spec !== "string" && typeof spec !== "function" && !(spec instanceof Optimizer)) throw new TypeError(`compile: optimizer must be a name (${OPTIMIZER_NAMES.join(", ")}), an lw.optim optimizer or a function params => optimizer`);
}

export function makeOptimizer(spec: OptimizerSpec, params: Tensor[]): LrOptimizer {
  checkOptimizerSpec(spec);
  if (spec instanceof Optimizer) return spec;
  if (typeof spec === "string") return OPTIMIZERS[spec](params);
  return spec(params);
}
