/**
 * @file SuccessiveHalvingPruner (asynchronous successive halving, ASHA, as Optuna): at rung r the trial must
 * be in the top 1/reductionFactor of all trials that reached rung r, checked at step minResource·η^(s+r).
 */
import { TuneError, type FrozenTrial } from "../storage.ts";
import { lastStep, type Pruner, type PrunerContext } from "./base.ts";

export interface SuccessiveHalvingOptions {
  /** The first rung's resource, or "auto": max steps of the first completed trial / 100 (at least 1). */
  minResource?: number | "auto";
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
  bootstrapCount?: number;
  /** Only trials for which this returns true compete (Hyperband's brackets). */
  competitorFilter?: (t: FrozenTrial) => boolean;
}

const rungKey = (rung: number): string => `completed_rung_${rung}`;

export class SuccessiveHalvingPruner implements Pruner {
  private minResource: number | null;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  private readonly competitorFilter: ((t: FrozenTrial) => boolean) | undefined;

  constructor(opts: SuccessiveHalvingOptions = {}) {
    const mr = opts.minResource ?? "auto";
    if (mr !== "auto" && !(Number.isInteger(mr) && mr >= 1)) throw new TuneError("INVALID_ARGUMENT", `SuccessiveHalvingPruner: minResource must be "auto" or an integer ≥ 1, got ${mr}`);
    this.minResource = mr === "auto" ? null : mr;
    this.reductionFactor = opts.reductionFactor ?? 4;
    this.minEarlyStoppingRate = opts.minEarlyStoppingRate ?? 0;
    this.bootstrapCount = opts.bootstrapCount ?? 0;
    this.competitorFilter = opts.competitorFilter;
    if (!(Number.isInteger(this.reductionFactor) && this.reductionFactor >= 2)) throw new TuneError("INVALID_ARGUMENT", `SuccessiveHalvingPruner: reductionFactor must be an integer ≥ 2, got ${this.reductionFactor}`);
    if (!(Number.isInteger(this.minEarlyStoppingRate) && this.minEarlyStoppingRate >= 0)) throw new TuneError("INVALID_ARGUMENT", `SuccessiveHalvingPruner: minEarlyStoppingRate must be an integer ≥ 0, got ${this.minEarlyStoppingRate}`);
    if (!(Number.isInteger(this.bootstrapCount) && this.bootstrapCount >= 0)) throw new TuneError("INVALID_ARGUMENT", `SuccessiveHalvingPruner: bootstrapCount must be an integer ≥ 0, got ${this.bootstrapCount}`);
  }

  prune(ctx: PrunerContext, trial: FrozenTrial): boolean {
    if (ctx.directions.length > 1) throw new TuneError("INVALID_ARGUMENT", "SuccessiveHalvingPruner: pruning is not supported for multi-objective studies");
    const step = lastStep(trial);
    if (step === null) return false;
    const value = trial.intermediateValues[step];
    let rung = 0;
    while (trial.systemAttrs[rungKey(rung)] !== undefined) rung++;
    const others = ctx.trials.filter((t) => t.trialId !== trial.trialId && (!this.competitorFilter || this.competitorFilter(t)));
    for (;;) {
      if (this.minResource === null) {
        const ends = others.filter((t) => t.state === "COMPLETE").map(lastStep).filter((s): s is number => s !== null);
        if (ends.length === 0) return false;
        this.minResource = Math.max(Math.floor(Math.max(...ends) / 100), 1);
      }
      const promotionStep = this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      if (step < promotionStep) return false;
      if (Number.isNaN(value)) return true;
      const key = rungKey(rung);
      ctx.setSystemAttr(key, value);
      trial.systemAttrs[key] = value;
      const competing = others.map((t) => t.systemAttrs[key]).filter((v): v is number => typeof v === "number");
      competing.push(value);
      if (competing.length <= this.bootstrapCount) return true;
      if (!promotable(value, competing, this.reductionFactor, ctx.directions[0] === "minimize")) return true;
      rung++;
    }
  }
}

function promotable(value: number, competing: number[], reductionFactor: number, minimize: boolean): boolean {
  let idx = Math.floor(competing.length / reductionFactor) - 1;
  if (idx === -1) idx = 0;
  const sorted = [...competing].sort((a, b) => (minimize ? a - b : b - a));
  return minimize ? value <= sorted[idx] : value >= sorted[idx];
}
