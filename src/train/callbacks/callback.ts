/**
 * @file The Callback base (Keras's hooks: onTrainBegin/End, onEpochBegin/End, onBatchBegin/End) and
 * FitRun, what a callback sees of the training in progress (model, optimizer, stopTraining, …).
 */
import type { AnyModule } from "../../nn/module.ts";
import type { Optimizer } from "../../optim/optimizer.ts";
import type { History } from "../history.ts";

/** Scalars of one batch or epoch: `loss`, metric names, `val_loss`, `val_<metric>`, `lr`. */
export type Logs = Record<string, number>;

/** A learning-rate scheduler as the fit loop drives it (torch.optim.lr_scheduler classes fit). */
export interface Scheduler {
  step(metric?: number): void;
  stateDict?(): Record<string, unknown>;
  loadStateDict?(state: Record<string, unknown>): void;
}

/** The training run that fit() drives; callbacks read it and may set `stopTraining`. */
export interface FitRun {
  readonly model: AnyModule;
  readonly optimizer: Optimizer<{ lr: number }>;
  readonly scheduler: Scheduler | null;
  /** Set to true to end training after the current batch (from onBatchEnd) or epoch. */
  stopTraining: boolean;
  /** The current epoch, 0-based. */
  readonly epoch: number;
  /** Optimizer steps taken so far. */
  readonly globalStep: number;
  readonly params: { epochs: number; steps: number; verbose: number; metrics: readonly string[] };
  readonly history: History;
  /** Writes a full training checkpoint (model, optimizer, scheduler, epoch/step, RNG, history, callback states), atomically. */
  saveCheckpoint(path: string): void;
}

/** The hooks a callback may implement; all are optional. */
export interface CallbackHooks {
  onTrainBegin(logs: Logs): void;
  onTrainEnd(logs: Logs): void;
  onEpochBegin(epoch: number, logs: Logs): void;
  onEpochEnd(epoch: number, logs: Logs): void;
  onBatchBegin(batch: number, logs: Logs): void;
  onBatchEnd(batch: number, logs: Logs): void;
}

/**
 * Subclass and override the hooks you need; `this.run` is the training in progress.
 * @example class StopAt extends Callback { onEpochEnd(e: number, logs: Logs) { if (logs.val_accuracy > 0.99) this.run.stopTraining = true; } }
 */
export class Callback implements CallbackHooks {
  #run: FitRun | null = null;
  /** The training run; available from onTrainBegin on. */
  get run(): FitRun {
    if (!this.#run) throw new Error(`${this.constructor.name}: run is only available during fit()`);
    return this.#run;
  }
  setRun(run: FitRun | null): void {
    this.#run = run;
  }
  onTrainBegin(_logs: Logs): void {}
  onTrainEnd(_logs: Logs): void {}
  onEpochBegin(_epoch: number, _logs: Logs): void {}
  onEpochEnd(_epoch: number, _logs: Logs): void {}
  onBatchBegin(_batch: number, _logs: Logs): void {}
  onBatchEnd(_batch: number, _logs: Logs): void {}
  /** State to keep in a training checkpoint (e.g. EarlyStopping's best and wait); none by default. */
  stateDict(): Record<string, unknown> | null {
    return null;
  }
  loadStateDict(_state: Record<string, unknown>): void {}
}

/** A callback made of functions: `new LambdaCallback({ onEpochEnd: (e, logs) => … })`. */
export class LambdaCallback extends Callback {
  constructor(hooks: Partial<CallbackHooks>) {
    super();
    const known = ["onTrainBegin", "onTrainEnd", "onEpochBegin", "onEpochEnd", "onBatchBegin", "onBatchEnd"];
    for (const [k, fn] of Object.entries(hooks)) {
      if (!known.includes(k)) throw new RangeError(`LambdaCallback: unknown hook "${k}"; valid: ${known.join(", ")}`);
      if (typeof fn !== "function") throw new TypeError(`LambdaCallback: ${k} must be a function`);
      (this as unknown as Record<string, unknown>)[k] = fn;
    }
  }
}

/** What `callbacks: [...]` may hold: Callback objects, or plain objects with some hooks. */
export type CallbackLike = Callback | Partial<CallbackHooks>;

export const toCallback = (c: CallbackLike): Callback => (c instanceof Callback ? c : new LambdaCallback(c));
