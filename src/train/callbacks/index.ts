/** @file The callbacks namespace `lw.callbacks`: the Callback base and Keras's callbacks. */
export { Callback, LambdaCallback, toCallback, type CallbackHooks, type CallbackLike, type FitRun, type Logs, type Scheduler } from "./callback.ts";
export { ProgressBar, formatDuration, formatLogs, type ProgressBarOptions } from "./progress.ts";
export { EarlyStopping, type EarlyStoppingOptions } from "./early-stopping.ts";
export { ModelCheckpoint, formatCheckpointPath, type ModelCheckpointOptions } from "./model-checkpoint.ts";
export { CSVLogger } from "./csv-logger.ts";
export { RunLogger, type RunLoggerOptions } from "./run-logger.ts";
export { LearningRateScheduler, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./lr.ts";
export { History } from "../history.ts";
export { Tracking, type TrackingOptions } from "../../track/autolog.ts";
