/** @file The train namespace `lw.train`: the Trainer for nn.Modules, the fit loop it shares with lw.keras, History, training checkpoints; callbacks are `lw.callbacks` (also `lw.train.callbacks`). */
export { Trainer, type TrainerOptions, type TrainerFitOptions, type LossLike } from "./trainer.ts";
export { fitLoop, evaluateLoop, predictLoop, type Batch, type BatchSource, type FitSetup, type FitLoopOptions } from "./loop.ts";
export { History } from "./history.ts";
export { saveTrainingCheckpoint, loadTrainingCheckpoint, CHECKPOINT_FORMAT, type TrainingCheckpoint } from "./checkpoint.ts";
export { atomicWrite } from "../io/atomic.ts";
export * as callbacks from "./callbacks/index.ts";
