/**
 * @file Trial: the define-by-run handle an objective receives. suggest* are synchronous (sampled from the
 * snapshot taken at trial start); storage writes are queued in order and flushed before the trial finishes.
 */
import { categoricalDistribution, checkDistributionCompatible, contains, distributionsEqual, floatDistribution, intDistribution, type SuggestOptions } from "./distributions.ts";
import type { Pruner } from "./pruners/base.ts";
import type { Sampler, SamplerContext } from "./samplers/base.ts";
import { TuneError, type AttrValue, type Distribution, type FrozenTrial, type ParamValue, type StudyDirection, type TuneStorage } from "./storage.ts";

/** Throw it from an objective (after trial.shouldPrune()) to end the trial as PRUNED. */
export class TrialPruned extends Error {
  constructor(message = "pruned") {
    super(message);
    this.name = "TrialPruned";
  }
}

/** What a Trial needs from its study. */
export interface TrialHost {
  storage: TuneStorage;
  sampler: Sampler;
  pruner: Pruner;
  samplerContext(trial: FrozenTrial): SamplerContext;
  /** Trials as known now, for pruning (this one excluded from the list; it is passed separately). */
  liveTrials(): FrozenTrial[];
  studyName: string;
  directions: StudyDirection[];
}

export class Trial {
  /** The trial as it is being built; samplers and pruners read it. */
  readonly frozen: FrozenTrial;
  private readonly fixedParams: Record<string, ParamValue>;
  private readonly ctx: SamplerContext;
  private relativeSpace: Record<string, Distribution> = {};
  private relativeParams: Record<string, ParamValue> = {};
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown = null;

  constructor(private readonly host: TrialHost, frozen: FrozenTrial) {
    this.frozen = frozen;
    this.fixedParams = { ...frozen.params };
    this.frozen.params = {};
    this.ctx = { ...host.samplerContext(frozen), setSystemAttr: (k: string, v: AttrValue) => this.setSystemAttr(k, v) };
    host.sampler.beforeTrial?.(this.ctx, frozen);
    this.relativeSpace = host.sampler.inferRelativeSearchSpace(this.ctx, frozen);
    if (Object.keys(this.relativeSpace).length > 0) this.relativeParams = host.sampler.sampleRelative(this.ctx, frozen, this.relativeSpace);
  }

  get number(): number { return this.frozen.number; }
  get trialId(): number { return this.frozen.trialId; }
  get params(): Record<string, ParamValue> { return { ...this.frozen.params }; }
  get distributions(): Record<string, Distribution> { return { ...this.frozen.distributions }; }
  get userAttrs(): Record<string, AttrValue> { return structuredClone(this.frozen.userAttrs); }

  suggestFloat(name: string, low: number, high: number, opts: SuggestOptions = {}): number {
    return this.suggest(name, floatDistribution(name, low, high, opts)) as number;
  }

  suggestInt(name: string, low: number, high: number, opts: SuggestOptions = {}): number {
    return this.suggest(name, intDistribution(name, low, high, opts)) as number;
  }

  suggestCategorical<T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /** Records an intermediate value at a step (for pruners and learning curves). */
  report(value: number, step: number): void {
    if (typeof value !== "number") throw new TuneError("INVALID_ARGUMENT", `trial.report: value must be a number, got ${typeof value}`);
    if (!Number.isInteger(step) || step < 0) throw new TuneError("INVALID_ARGUMENT", `trial.report: step must be an integer ≥ 0, got ${step}`);
    if (step in this.frozen.intermediateValues) return; // as Optuna: the first report of a step wins
    this.frozen.intermediateValues[step] = value;
    this.queue(() => this.host.storage.setTrialIntermediateValue(this.frozen.trialId, step, value));
  }

  /** Asks the study's pruner whether to stop now; throw `new TrialPruned()` when it says so. */
  shouldPrune(): boolean {
    const ctx = {
      studyName: this.host.studyName, directions: this.host.directions, trials: this.host.liveTrials().filter((t) => t.trialId !== this.frozen.trialId),
      setSystemAttr: (k: string, v: AttrValue) => this.setSystemAttr(k, v),
    };
    return this.host.pruner.prune(ctx, this.frozen);
  }

  setUserAttr(key: string, value: AttrValue): void {
    this.frozen.userAttrs[key] = structuredClone(value);
    this.queue(() => this.host.storage.setTrialUserAttr(this.frozen.trialId, key, value));
  }

  setSystemAttr(key: string, value: AttrValue): void {
    this.frozen.systemAttrs[key] = structuredClone(value);
    this.queue(() => this.host.storage.setTrialSystemAttr(this.frozen.trialId, key, value));
  }

  /** Waits for every queued storage write; rethrows the first that failed. */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeError !== null) {
      const e = this.writeError;
      this.writeError = null;
      throw e;
    }
  }

  private suggest(name: string, dist: Distribution): ParamValue {
    const have = this.frozen.distributions[name];
    if (have) {
      checkDistributionCompatible(name, have, dist);
      return this.frozen.params[name];
    }
    for (const t of this.ctx.trials) {
      const d = t.distributions[name];
      if (d) {
        checkDistributionCompatible(name, d, dist);
        break;
      }
    }
    let value: ParamValue;
    if (name in this.fixedParams) {
      value = this.fixedParams[name];
      if (!contains(dist, value)) throw new TuneError("INVALID_ARGUMENT", `trial ${this.number}: enqueued value ${JSON.stringify(value)} of "${name}" is outside ${JSON.stringify(dist)}`);
    } else if (name in this.relativeParams && this.relativeSpace[name] && distributionsEqual(this.relativeSpace[name], dist)) {
      value = this.relativeParams[name];
    } else if (dist.type === "categorical" ? dist.choices.length === 1 : dist.low === dist.high) {
      value = dist.type === "categorical" ? dist.choices[0] : dist.low;
    } else {
      value = this.host.sampler.sampleIndependent(this.ctx, this.frozen, name, dist);
    }
    this.frozen.params[name] = value;
    this.frozen.distributions[name] = dist;
    this.queue(() => this.host.storage.setTrialParam(this.frozen.trialId, name, value, dist));
    return value;
  }

  private queue(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((e: unknown) => {
      if (this.writeError === null) this.writeError = e;
    });
  }
}
