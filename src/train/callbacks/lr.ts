/** @file Learning-rate callbacks as Keras's: LearningRateScheduler (lr = schedule(epoch, lr) each epoch) and ReduceLROnPlateau (lr × factor when a metric stalls). */
import { Callback, type Logs } from "./callback.ts";
import { improves, monitored, resolveMode, type MonitorMode } from "./monitor.ts";

const setLr = (cb: Callback, lr: number): void => { for (const g of cb.run.optimizer.paramGroups) g.lr = lr; };

/** Sets the learning rate of every parameter group to `schedule(epoch, currentLr)` at the start of each epoch (0-based epoch). */
export class LearningRateScheduler extends Callback {
  constructor(readonly schedule: (epoch: number, lr: number) => number, readonly opts: { verbose?: boolean } = {}) {
    super();
    if (typeof schedule !== "function") throw new TypeError("LearningRateScheduler: schedule must be a function (epoch, lr) => lr");
  }
  override onEpochBegin(epoch: number): void {
    const lr = this.schedule(epoch, this.run.optimizer.paramGroups[0].lr);
    if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) throw new RangeError(`LearningRateScheduler: the schedule returned ${lr} for epoch ${epoch}; expected a finite non-negative number`);
    setLr(this, lr);
    if (this.opts.verbose) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
}

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  mode?: MonitorMode;
  /** The new rate is lr × factor (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this (default 0). */
  minLr?: number;
  verbose?: boolean;
}

export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: boolean;
  wait = 0;
  cooldownCounter = 0;
  best: number;
  #warned = { done: false };

  constructor(opts: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = opts.monitor ?? "val_loss";
    this.mode = resolveMode(this.monitor, opts.mode ?? "auto", "ReduceLROnPlateau");
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) throw new RangeError(`ReduceLROnPlateau: factor must be in (0, 1), got ${opts.factor}`);
    this.patience = opts.patience ?? 10;
    this.minDelta = opts.minDelta ?? 1e-4;
    this.cooldown = opts.cooldown ?? 0;
    this.minLr = opts.minLr ?? 0;
    this.verbose = opts.verbose ?? false;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = monitored(logs, this.monitor, "ReduceLROnPlateau", this.#warned);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) { this.cooldownCounter--; this.wait = 0; }
    if (improves(this.mode, current, this.best, this.minDelta)) { this.best = current; this.wait = 0; return; }
    if (this.cooldownCounter > 0) return;
    if (++this.wait < this.patience) return;
    const old = this.run.optimizer.paramGroups[0].lr;
    if (old > this.minLr) {
      const lr = Math.max(old * this.factor, this.minLr);
      setLr(this, lr);
      if (this.verbose) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  override stateDict(): Record<string, unknown> {
    return { wait: this.wait, cooldownCounter: this.cooldownCounter, best: this.best };
  }
  override loadStateDict(s: Record<string, unknown>): void {
    this.wait = s.wait as number;
    this.cooldownCounter = s.cooldownCounter as number;
    this.best = s.best as number;
  }
}
