/** @file ReduceLROnPlateau: lower the rate by `factor` when a metric has stopped improving for `patience` epochs. */
import { checkOptions, optionKeys } from "../core/options.ts";
import type { LrOptimizer } from "./lr-scheduler.ts";

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

const PLATEAU_OPTIONS = optionKeys<ReduceLROnPlateauOptions>({ mode: 1, factor: 1, patience: 1, threshold: 1, thresholdMode: 1, cooldown: 1, minLr: 1, eps: 1 });

export class ReduceLROnPlateau {
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: "rel" | "abs";
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(readonly optimizer: LrOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    checkOptions("ReduceLROnPlateau", opts, PLATEAU_OPTIONS);
    this.mode = opts.mode ?? "min";
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor < 1)) throw new RangeError(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    this.patience = opts.patience ?? 10;
    this.threshold = opts.threshold ?? 1e-4;
    this.thresholdMode = opts.thresholdMode ?? "rel";
    this.cooldown = opts.cooldown ?? 0;
    const n = optimizer.paramGroups.length;
    this.minLrs = Array.isArray(opts.minLr) ? [...opts.minLr] : Array(n).fill(opts.minLr ?? 0);
    if (this.minLrs.length !== n) throw new RangeError(`ReduceLROnPlateau: ${this.minLrs.length} minLr values for ${n} parameter groups`);
    this.eps = opts.eps ?? 1e-8;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  #isBetter(a: number): boolean {
    const t = this.threshold, b = this.best;
    if (this.mode === "min") return this.thresholdMode === "rel" ? a < b * (1 - t) : a < b - t;
    return this.thresholdMode === "rel" ? a > b * (1 + t) : a > b + t;
  }

  /** Call once per epoch with the monitored value (e.g. the validation loss). */
  step(metric: number): void {
    if (typeof metric !== "number" || Number.isNaN(metric)) throw new TypeError(`ReduceLROnPlateau.step: expected a number, got ${metric}`);
    this.lastEpoch++;
    if (this.#isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Its counters and best value (the settings come from the constructor). */
  stateDict(): { best: number; numBadEpochs: number; cooldownCounter: number; lastEpoch: number } {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch };
  }
  loadStateDict(s: { best: number; numBadEpochs: number; cooldownCounter: number; lastEpoch: number }): void {
    ({ best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch } = s);
  }
}
