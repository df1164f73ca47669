/**
 * @file TPESampler (Optuna's defaults, arXiv 2304.11127): random for the first nStartupTrials, then split the
 * trials into the best γ(n) and the rest, fit a Parzen estimator to each, draw nEiCandidates from the good one
 * and keep the point maximising l(x)/g(x). Univariate by default; `multivariate: true` models the joint space.
 */
import { contains, distributionsEqual, fromSampling, toSampling } from "../distributions.ts";
import { TuneError, type Distribution, type FrozenTrial, type ParamValue } from "../storage.ts";
import { TuneRng } from "../rng.ts";
import { intersectionSearchSpace, signed, type Sampler, type SamplerContext } from "./base.ts";
import { ParzenEstimator, type ParzenOptions } from "./parzen.ts";
import { sampleUniform } from "./random.ts";

/** Optuna's default_gamma: min(⌈0.1·n⌉, 25). */
export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/** Optuna's default_weights: flat for n < 25, else a ramp from 1/n to 1 for the oldest n − 25 and flat for the newest 25. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

export interface TPESamplerOptions {
  considerPrior?: boolean;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  nStartupTrials?: number;
  nEiCandidates?: number;
  gamma?: (n: number) => number;
  weights?: (n: number) => number[];
  multivariate?: boolean;
  seed?: number;
}

export class TPESampler implements Sampler {
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly multivariate: boolean;
  private readonly gamma: (n: number) => number;
  private readonly parzen: Omit<ParzenOptions, "multivariate">;
  private readonly rng: TuneRng;

  constructor(opts: TPESamplerOptions = {}) {
    this.nStartupTrials = opts.nStartupTrials ?? 10;
    this.nEiCandidates = opts.nEiCandidates ?? 24;
    this.multivariate = opts.multivariate ?? false;
    this.gamma = opts.gamma ?? defaultGamma;
    this.parzen = {
      considerPrior: opts.considerPrior ?? true, priorWeight: opts.priorWeight ?? 1.0, considerMagicClip: opts.considerMagicClip ?? true,
      considerEndpoints: opts.considerEndpoints ?? false, weights: opts.weights ?? defaultWeights,
    };
    if (!(Number.isInteger(this.nStartupTrials) && this.nStartupTrials >= 0)) throw new TuneError("INVALID_ARGUMENT", `TPESampler: nStartupTrials must be an integer ≥ 0, got ${this.nStartupTrials}`);
    if (!(Number.isInteger(this.nEiCandidates) && this.nEiCandidates >= 1)) throw new TuneError("INVALID_ARGUMENT", `TPESampler: nEiCandidates must be an integer ≥ 1, got ${this.nEiCandidates}`);
    if (!(this.parzen.priorWeight > 0)) throw new TuneError("INVALID_ARGUMENT", `TPESampler: priorWeight must be > 0, got ${this.parzen.priorWeight}`);
    this.rng = new TuneRng(opts.seed);
  }

  inferRelativeSearchSpace(ctx: SamplerContext): Record<string, Distribution> {
    if (!this.multivariate) return {};
    return intersectionSearchSpace(ctx.trials, true);
  }

  sampleRelative(ctx: SamplerContext, _trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue> {
    if (Object.keys(space).length === 0) return {};
    const usable = this.usableTrials(ctx);
    if (usable.length < this.nStartupTrials) return {};
    return this.sampleSpace(ctx, usable, space, true);
  }

  sampleIndependent(ctx: SamplerContext, _trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    const usable = this.usableTrials(ctx);
    if (usable.length < this.nStartupTrials) return sampleUniform(this.rng, dist);
    return this.sampleSpace(ctx, usable, { [name]: dist }, false)[name];
  }

  private usableTrials(ctx: SamplerContext): FrozenTrial[] {
    if (ctx.directions.length > 1) throw new TuneError("INVALID_ARGUMENT", "TPESampler: multi-objective studies are not supported yet; use NSGAIISampler");
    return ctx.trials.filter((t) => t.state === "COMPLETE" || (t.state === "PRUNED" && Object.keys(t.intermediateValues).length > 0));
  }

  private sampleSpace(ctx: SamplerContext, usable: FrozenTrial[], space: Record<string, Distribution>, multivariate: boolean): Record<string, ParamValue> {
    const names = Object.keys(space);
    const having = usable.filter((t) => names.every((n) => n in t.params && t.distributions[n] && (distributionsEqual(t.distributions[n], space[n]) || (space[n].type !== "categorical" && contains(space[n], t.params[n])))));
    if (having.length === 0) {
      const out: Record<string, ParamValue> = {};
      for (const n of names) out[n] = sampleUniform(this.rng, space[n]);
      return out;
    }
    // Optuna's ordering: COMPLETE by value, then PRUNED by later step first, then by the value at that step
    const dir = ctx.directions[0];
    const key = (t: FrozenTrial): [number, number] => {
      if (t.state === "COMPLETE") return [-Infinity, signed(dir, t.values![0])];
      const steps = Object.keys(t.intermediateValues).map(Number);
      const s = Math.max(...steps);
      const v = t.intermediateValues[s];
      return [-s, Number.isNaN(v) ? Infinity : signed(dir, v)];
    };
    const ranked = having.map((t, i) => ({ i, k: key(t) })).sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i);
    const nBelow = this.gamma(having.length);
    const belowIdx = new Set(ranked.slice(0, nBelow).map((r) => r.i));
    const encode = (idx: number[]): Record<string, number[]> => {
      const obs: Record<string, number[]> = {};
      for (const n of names) {
        const d = space[n];
        obs[n] = idx.map((i) => {
          const v = having[i].params[n];
          return d.type === "categorical" ? d.choices.indexOf(v) : toSampling(d, v as number);
        });
      }
      return obs;
    };
    const all = having.map((_, i) => i);
    const below = all.filter((i) => belowIdx.has(i));
    const above = all.filter((i) => !belowIdx.has(i));
    const opts = { ...this.parzen, multivariate };
    const l = new ParzenEstimator(encode(below), space, opts);
    const g = new ParzenEstimator(encode(above), space, opts);
    const cands = l.sample(this.rng, this.nEiCandidates);
    const ll = l.logPdf(cands);
    const lg = g.logPdf(cands);
    let best = 0;
    for (let i = 1; i < ll.length; i++) if (ll[i] - lg[i] > ll[best] - lg[best]) best = i;
    const out: Record<string, ParamValue> = {};
    for (const n of names) {
      const d = space[n];
      const x = cands[n][best];
      out[n] = d.type === "categorical" ? d.choices[x] : fromSampling(d, x);
    }
    return out;
  }
}
