/** @file The lrScheduler namespace (`lw.optim.lrScheduler.StepLR`), as torch.optim.lr_scheduler. */
export { LRScheduler, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, type LrOptimizer } from "./lr-scheduler.ts";
export { CyclicLR, OneCycleLR, type CyclicLROptions, type OneCycleLROptions } from "./lr-cyclic.ts";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./lr-plateau.ts";
