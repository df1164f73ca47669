/**
 * @file HyperbandPruner (as Optuna): several SuccessiveHalvingPruner brackets with growing minEarlyStoppingRate;
 * each trial is hashed into one bracket with probability proportional to the bracket's budget and competes only there.
 */
import { TuneError, type FrozenTrial } from "../storage.ts";
import { lastStep, type Pruner, type PrunerContext } from "./base.ts";
import { SuccessiveHalvingPruner } from "./successive-halving.ts";

export interface HyperbandOptions {
  minResource?: number;
  /** The most steps a trial runs, or "auto": the last step of the first completed trial. */
  maxResource?: number | "auto";
  reductionFactor?: number;
  bootstrapCount?: number;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class HyperbandPruner implements Pruner {
  readonly minResource: number;
  private maxResource: number | null;
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  private brackets: SuccessiveHalvingPruner[] | null = null;
  private budgets: number[] = [];

  constructor(opts: HyperbandOptions = {}) {
    this.minResource = opts.minResource ?? 1;
    const mx = opts.maxResource ?? "auto";
    this.maxResource = mx === "auto" ? null : mx;
    this.reductionFactor = opts.reductionFactor ?? 3;
    this.bootstrapCount = opts.bootstrapCount ?? 0;
    if (!(Number.isInteger(this.minResource) && this.minResource >= 1)) throw new TuneError("INVALID_ARGUMENT", `HyperbandPruner: minResource must be an integer ≥ 1, got ${this.minResource}`);
    if (this.maxResource !== null && !(Number.isInteger(this.maxResource) && this.maxResource >= this.minResource)) throw new TuneError("INVALID_ARGUMENT", `HyperbandPruner: maxResource must be "auto" or an integer ≥ minResource (${this.minResource}), got ${this.maxResource}`);
  }

  /** Number of brackets: ⌊log_η(max/min)⌋ + 1, or null until maxResource is known. */
  get nBrackets(): number | null {
    return this.brackets?.length ?? null;
  }

  bracketOf(studyName: string, trialNumber: number): number {
    const total = this.budgets.reduce((a, b) => a + b, 0);
    let n = fnv1a(`${studyName}_${trialNumber}`) % total;
    for (let i = 0; i < this.budgets.length; i++) {
      if (n < this.budgets[i]) return i;
      n -= this.budgets[i];
    }
    return this.budgets.length - 1;
  }

  prune(ctx: PrunerContext, trial: FrozenTrial): boolean {
    if (this.brackets === null) {
      if (this.maxResource === null) {
        const ends = ctx.trials.filter((t) => t.state === "COMPLETE").map(lastStep).filter((s): s is number => s !== null);
        if (ends.length === 0) return false;
        this.maxResource = Math.max(...ends);
      }
      const n = Math.floor(Math.log(this.maxResource / this.minResource) / Math.log(this.reductionFactor) + 1e-9) + 1;
      this.brackets = [];
      for (let i = 0; i < n; i++) {
        const s = n - 1 - i;
        this.budgets.push(Math.ceil((n * this.reductionFactor ** s) / (s + 1)));
        this.brackets.push(new SuccessiveHalvingPruner({
          minResource: this.minResource, reductionFactor: this.reductionFactor, minEarlyStoppingRate: i, bootstrapCount: this.bootstrapCount,
          competitorFilter: (t) => this.bracketOf(ctx.studyName, t.number) === i,
        }));
      }
    }
    const b = this.bracketOf(ctx.studyName, trial.number);
    return this.brackets[b].prune(ctx, trial);
  }
}
