/** @file The optim namespace: optimizers, learning-rate schedulers, gradient clipping, L1/L2 penalties. */
export { Optimizer, type ParamGroup, type ParamState, type Params, type OptimizerStateDict } from "./optimizer.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
export { Adam, AdamW, type AdamOptions } from "./adam.ts";
export { RMSprop, Adagrad, type RMSpropOptions, type AdagradOptions } from "./rmsprop.ts";
export { clipGradNorm, clipGradValue, l1Penalty, l2Penalty } from "./clip.ts";
export * as lrScheduler from "./lr-schedulers.ts";
