/**
 * @file TunePruningCallback: reports a monitored metric to a trial after every epoch (Keras fit and the Trainer
 * loop) and ends training with a TrialPruned error when the trial's pruner says so (Optuna's KerasPruningCallback).
 */
import { Callback, type Logs } from "../train/callbacks/callback.ts";
import { monitored } from "../train/callbacks/monitor.ts";
import { TrialPruned } from "./trial.ts";

/** What the callback needs of a trial: lw.tune's Trial has both. */
export interface PrunableTrial {
  report(value: number, step: number): void;
  shouldPrune(): boolean;
}

export { TrialPruned };

export interface TunePruningCallbackOptions {
  /** Report every `interval` epochs (default 1). */
  interval?: number;
}

export class TunePruningCallback extends Callback {
  readonly trial: PrunableTrial;
  readonly monitor: string;
  readonly interval: number;
  #warned = { done: false };

  /** `monitor` is the log key reported as the trial's intermediate value, e.g. "val_loss" or "val_accuracy". */
  constructor(trial: PrunableTrial, monitor: string, opts: TunePruningCallbackOptions = {}) {
    super();
    if (!trial || typeof trial.report !== "function" || typeof trial.shouldPrune !== "function") {
      throw new TypeError("TunePruningCallback: the first argument must be a trial with report(value, step) and shouldPrune()");
    }
    if (typeof monitor !== "string" || !monitor) throw new TypeError(`TunePruningCallback: monitor must be a log key such as "val_loss", got ${JSON.stringify(monitor)}`);
    const interval = opts.interval ?? 1;
    if (!Number.isInteger(interval) || interval < 1) throw new RangeError(`TunePruningCallback: interval must be an integer ≥ 1, got ${opts.interval}`);
    this.trial = trial;
    this.monitor = monitor;
    this.interval = interval;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if ((epoch + 1) % this.interval !== 0) return;
    const value = monitored(logs, this.monitor, "TunePruningCallback", this.#warned);
    if (value === undefined) return;
    this.trial.report(value, epoch);
    if (this.trial.shouldPrune()) throw new TrialPruned(`TunePruningCallback: trial pruned at epoch ${epoch} (${this.monitor} = ${value})`);
  }
}
