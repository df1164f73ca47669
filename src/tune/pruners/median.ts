/**
 * @file MedianPruner / PercentilePruner (Optuna's rules): prune when the trial's best intermediate value so far
 * is worse than the percentile of COMPLETE trials' values at the same step, after startup trials and warm-up steps.
 */
import { TuneError, type FrozenTrial } from "../storage.ts";
import { lastStep, type Pruner, type PrunerContext } from "./base.ts";

export interface PercentilePrunerOptions {
  nStartupTrials?: number;
  nWarmupSteps?: number;
  intervalSteps?: number;
  nMinTrials?: number;
}

export class PercentilePruner implements Pruner {
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  constructor(readonly percentile: number, opts: PercentilePrunerOptions = {}) {
    this.nStartupTrials = opts.nStartupTrials ?? 5;
    this.nWarmupSteps = opts.nWarmupSteps ?? 0;
    this.intervalSteps = opts.intervalSteps ?? 1;
    this.nMinTrials = opts.nMinTrials ?? 1;
    if (!(percentile >= 0 && percentile <= 100)) throw new TuneError("INVALID_ARGUMENT", `PercentilePruner: percentile must be in [0, 100], got ${percentile}`);
    if (!Number.isInteger(this.nStartupTrials) || this.nStartupTrials < 0) throw new TuneError("INVALID_ARGUMENT", `PercentilePruner: nStartupTrials must be an integer ≥ 0, got ${this.nStartupTrials}`);
    if (!Number.isInteger(this.nWarmupSteps) || this.nWarmupSteps < 0) throw new TuneError("INVALID_ARGUMENT", `PercentilePruner: nWarmupSteps must be an integer ≥ 0, got ${this.nWarmupSteps}`);
    if (!Number.isInteger(this.intervalSteps) || this.intervalSteps < 1) throw new TuneError("INVALID_ARGUMENT", `PercentilePruner: intervalSteps must be an integer ≥ 1, got ${this.intervalSteps}`);
    if (!Number.isInteger(this.nMinTrials) || this.nMinTrials < 1) throw new TuneError("INVALID_ARGUMENT", `PercentilePruner: nMinTrials must be an integer ≥ 1, got ${this.nMinTrials}`);
  }

  prune(ctx: PrunerContext, trial: FrozenTrial): boolean {
    if (ctx.directions.length > 1) throw new TuneError("INVALID_ARGUMENT", "PercentilePruner: pruning is not supported for multi-objective studies");
    const completed = ctx.trials.filter((t) => t.state === "COMPLETE");
    if (completed.length < this.nStartupTrials) return false;
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!this.isPruningStep(trial, step)) return false;
    const minimize = ctx.directions[0] === "minimize";
    const own = Object.values(trial.intermediateValues).filter((v) => !Number.isNaN(v));
    if (own.length === 0) return true;
    const best = minimize ? Math.min(...own) : Math.max(...own);
    const atStep = completed.map((t) => t.intermediateValues[step]).filter((v): v is number => v !== undefined && !Number.isNaN(v));
    if (atStep.length < this.nMinTrials) return false;
    const p = percentileOf(atStep, minimize ? this.percentile : 100 - this.percentile);
    return minimize ? best > p : best < p;
  }

  /** A step is checked when some step since the previous report lies on the warm-up + k·interval grid. */
  private isPruningStep(trial: FrozenTrial, step: number): boolean {
    if (this.intervalSteps === 1) return true;
    const steps = Object.keys(trial.intermediateValues).map(Number).sort((a, b) => a - b);
    const prev = steps.length >= 2 ? steps[steps.length - 2] : -1;
    for (let s = Math.max(prev + 1, this.nWarmupSteps); s <= step; s++) if ((s - this.nWarmupSteps) % this.intervalSteps === 0) return true;
    return false;
  }
}

/** Linear-interpolated percentile (numpy's default). */
export function percentileOf(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export class MedianPruner extends PercentilePruner {
  constructor(opts: PercentilePrunerOptions = {}) {
    super(50, opts);
  }
}
