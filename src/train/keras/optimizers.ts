/**
 * @file Keras optimizers: `lw.keras.optimizers.Adam({ learningRate })`, SGD, RMSprop, AdamW, Adagrad with Keras 3's
 * option names and defaults, and the names compile() accepts ("adam", …); each becomes an lw.optim optimizer once the weights exist.
 */
import type { Tensor } from "../../core/tensor.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";
import { Optimizer } from "../../optim/optimizer.ts";
import { SGD as TorchSGD } from "../../optim/sgd.ts";
import { Adam as TorchAdam, AdamW as TorchAdamW } from "../../optim/adam.ts";
import { RMSprop as TorchRMSprop, Adagrad as TorchAdagrad } from "../../optim/rmsprop.ts";

type LrOptimizer = Optimizer<{ lr: number }>;

/** A Keras optimizer's settings; compile() turns it into an lw.optim optimizer over the model's weights. */
export class KerasOptimizer {
  constructor(readonly name: string, readonly config: Readonly<Record<string, unknown>>, readonly create: (params: Tensor[]) => LrOptimizer) {}
}

/** What compile() accepts: a name, a keras.optimizers.*() result, an optimizer over the model's parameters, or a factory of one. */
export type OptimizerSpec = string | KerasOptimizer | LrOptimizer | ((params: Tensor[]) => LrOptimizer);

export interface AdamOptions { learningRate?: number; beta1?: number; beta2?: number; epsilon?: number; amsgrad?: boolean; /** Decoupled, as Keras 3 (then it runs as AdamW). */ weightDecay?: number }
const ADAM_KEYS = optionKeys<AdamOptions>({ learningRate: 1, beta1: 1, beta2: 1, epsilon: 1, amsgrad: 1, weightDecay: 1 });
/** keras.optimizers.Adam: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export function Adam(opts: AdamOptions = {}): KerasOptimizer {
  checkOptions("keras.optimizers.Adam", opts, ADAM_KEYS);
  const c = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, weightDecay: 0, ...opts };
  const o = { lr: c.learningRate, betas: [c.beta1, c.beta2] as [number, number], eps: c.epsilon, amsgrad: c.amsgrad, weightDecay: c.weightDecay };
  return new KerasOptimizer("adam", c, (p) => (c.weightDecay ? new TorchAdamW(p, o) : new TorchAdam(p, { ...o, weightDecay: 0 })));
}

/** keras.optimizers.AdamW: as Adam with weightDecay 0.004 (decoupled). */
export function AdamW(opts: AdamOptions = {}): KerasOptimizer {
  checkOptions("keras.optimizers.AdamW", opts, ADAM_KEYS);
  const c = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, weightDecay: 0.004, ...opts };
  return new KerasOptimizer("adamw", c, (p) => new TorchAdamW(p, { lr: c.learningRate, betas: [c.beta1, c.beta2], eps: c.epsilon, amsgrad: c.amsgrad, weightDecay: c.weightDecay }));
}

export interface SGDOptions { learningRate?: number; momentum?: number; nesterov?: boolean }
const SGD_KEYS = optionKeys<SGDOptions>({ learningRate: 1, momentum: 1, nesterov: 1 });
/** keras.optimizers.SGD: learningRate 0.01, momentum 0, nesterov false (Keras's velocity form equals PyTorch's at a fixed rate). */
export function SGD(opts: SGDOptions = {}): KerasOptimizer {
  checkOptions("keras.optimizers.SGD", opts, SGD_KEYS);
  const c = { learningRate: 0.01, momentum: 0, nesterov: false, ...opts };
  if (c.nesterov && !(c.momentum > 0)) throw new RangeError("keras.optimizers.SGD: nesterov needs a momentum > 0");
  return new KerasOptimizer("sgd", c, (p) => new TorchSGD(p, { lr: c.learningRate, momentum: c.momentum, nesterov: c.nesterov }));
}

export interface RMSpropOptions { learningRate?: number; rho?: number; momentum?: number; epsilon?: number; centered?: boolean }
const RMSPROP_KEYS = optionKeys<RMSpropOptions>({ learningRate: 1, rho: 1, momentum: 1, epsilon: 1, centered: 1 });
/** keras.optimizers.RMSprop: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7 (added after the square root, as PyTorch). */
export function RMSprop(opts: RMSpropOptions = {}): KerasOptimizer {
  checkOptions("keras.optimizers.RMSprop", opts, RMSPROP_KEYS);
  const c = { learningRate: 1e-3, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, ...opts };
  return new KerasOptimizer("rmsprop", c, (p) => new TorchRMSprop(p, { lr: c.learningRate, alpha: c.rho, momentum: c.momentum, eps: c.epsilon, centered: c.centered }));
}

export interface AdagradOptions { learningRate?: number; initialAccumulatorValue?: number; epsilon?: number }
const ADAGRAD_KEYS = optionKeys<AdagradOptions>({ learningRate: 1, initialAccumulatorValue: 1, epsilon: 1 });
/** keras.optimizers.Adagrad: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7. */
export function Adagrad(opts: AdagradOptions = {}): KerasOptimizer {
  checkOptions("keras.optimizers.Adagrad", opts, ADAGRAD_KEYS);
  const c = { learningRate: 1e-3, initialAccumulatorValue: 0.1, epsilon: 1e-7, ...opts };
  return new KerasOptimizer("adagrad", c, (p) => new TorchAdagrad(p, { lr: c.learningRate, initialAccumulatorValue: c.initialAccumulatorValue, eps: c.epsilon }));
}

const BY_NAME: Record<string, () => KerasOptimizer> = { adam: Adam, adamw: AdamW, sgd: SGD, rmsprop: RMSprop, adagrad: Adagrad };
export const OPTIMIZER_NAMES = Object.keys(BY_NAME);

/** Checks a spec at compile() time, so a typo fails there and not at fit(). */
export function checkOptimizerSpec(spec: OptimizerSpec): void {
  if (typeof spec === "string" && !BY_NAME[spec.toLowerCase()]) throw new RangeError(`compile: unknown optimizer "${spec}"; valid names: ${OPTIMIZER_NAMES.join(", ")} (or lw.keras.optimizers.Adam({ … }), an lw.optim optimizer, or a function params => optimizer)`);
  if (typeof spec !== "string" && typeof spec !== "function" && !(spec instanceof Optimizer) && !(spec instanceof KerasOptimizer)) {
    throw new TypeError(`compile: optimizer must be a name (${OPTIMIZER_NAMES.join(", ")}), lw.keras.optimizers.Adam({ … }) and the like, an lw.optim optimizer or a function params => optimizer`);
  }
}

export function makeOptimizer(spec: OptimizerSpec, params: Tensor[]): LrOptimizer {
  checkOptimizerSpec(spec);
  if (spec instanceof Optimizer) return spec;
  if (spec instanceof KerasOptimizer) return spec.create(params);
  if (typeof spec === "string") return BY_NAME[spec.toLowerCase()]().create(params);
  return spec(params);
}
