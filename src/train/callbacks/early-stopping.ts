/** @file EarlyStopping: stop when a monitored metric has not improved for `patience` epochs; optionally restore the best weights (Keras semantics). */
import type { StateDict } from "../../nn/module.ts";
import { Callback, type Logs } from "./callback.ts";
import { improves, monitored, resolveMode, type MonitorMode } from "./monitor.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const EARLY_STOPPING_OPTIONS = optionKeys<EarlyStoppingOptions>({ monitor: 1, mode: 1, patience: 1, minDelta: 1, restoreBestWeights: 1, baseline: 1, startFromEpoch: 1, verbose: 1 });

export interface EarlyStoppingOptions {
  /** The log key watched (default "val_loss"). */
  monitor?: string;
  mode?: MonitorMode;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Load the weights of the best epoch when stopping (default false). */
  restoreBestWeights?: boolean;
  /** Keep training until the metric beats this value. */
  baseline?: number;
  /** Epochs to wait before watching at all (default 0). */
  startFromEpoch?: number;
  /** Print a line when stopping (default true). */
  verbose?: boolean;
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  readonly baseline: number | undefined;
  readonly startFromEpoch: number;
  readonly verbose: boolean;
  wait = 0;
  best = Infinity;
  bestEpoch = -1;
  /** The epoch (0-based) at which training was stopped, or -1. */
  stoppedEpoch = -1;
  #bestWeights: StateDict | null = null;
  #warned = { done: false };

  constructor(opts: EarlyStoppingOptions = {}) {
    super();
    checkOptions("EarlyStopping", opts, EARLY_STOPPING_OPTIONS);
    this.monitor = opts.monitor ?? "val_loss";
    this.mode = resolveMode(this.monitor, opts.mode ?? "auto", "EarlyStopping");
    this.patience = opts.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new RangeError(`EarlyStopping: patience must be a non-negative integer, got ${opts.patience}`);
    this.minDelta = opts.minDelta ?? 0;
    this.restoreBestWeights = opts.restoreBestWeights ?? false;
    this.baseline = opts.baseline;
    this.startFromEpoch = opts.startFromEpoch ?? 0;
    this.verbose = opts.verbose ?? true;
  }

  override onTrainBegin(): void {
    if (this.run.epoch === 0 || this.bestEpoch < 0) {
      this.wait = 0;
      this.stoppedEpoch = -1;
      this.best = this.mode === "min" ? Infinity : -Infinity;
      this.bestEpoch = -1;
    }
    this.#bestWeights = null;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = monitored(logs, this.monitor, "EarlyStopping", this.#warned);
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && !this.#bestWeights) this.#bestWeights = this.#copyWeights();
    this.wait++;
    if (improves(this.mode, current, this.best, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.#bestWeights = this.#copyWeights();
      if (this.baseline === undefined || improves(this.mode, current, this.baseline, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.run.stopTraining = true;
      if (this.restoreBestWeights && this.#bestWeights) {
        if (this.verbose) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        this.run.model.loadStateDict(this.#bestWeights);
      }
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch >= 0 && this.verbose) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
  }

  #copyWeights(): StateDict {
    return Object.fromEntries(Object.entries(this.run.model.stateDict()).map(([k, t]) => [k, t.clone()]));
  }

  override stateDict(): Record<string, unknown> {
    return { wait: this.wait, best: this.best, bestEpoch: this.bestEpoch, stoppedEpoch: this.stoppedEpoch };
  }
  override loadStateDict(s: Record<string, unknown>): void {
    this.wait = s.wait as number;
    this.best = s.best as number;
    this.bestEpoch = s.bestEpoch as number;
    this.stoppedEpoch = s.stoppedEpoch as number;
  }
}
