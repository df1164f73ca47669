/**
 * @file NSGAIISampler (Deb et al. 2002, as Optuna): generations of populationSize trials; parents are the elite of
 * the previous population and generation by non-dominated rank then crowding distance, chosen by binary
 * tournament, mixed by uniform crossover and mutated by resampling a parameter at random.
 */
import { contains } from "../distributions.ts";
import { crowdingDistance, dominates, nonDominatedSort } from "../pareto.ts";
import { TuneError, type Distribution, type FrozenTrial, type ParamValue } from "../storage.ts";
import { TuneRng } from "../rng.ts";
import { intersectionSearchSpace, signed, type Sampler, type SamplerContext } from "./base.ts";
import { sampleUniform } from "./random.ts";

const GEN_KEY = "nsga2:generation";

export interface NSGAIISamplerOptions {
  populationSize?: number;
  /** Probability of resampling each parameter; default 1 / number of params. */
  mutationProb?: number | null;
  crossoverProb?: number;
  /** Uniform crossover: probability of taking a parameter from the second parent. */
  swappingProb?: number;
  seed?: number;
}

export class NSGAIISampler implements Sampler {
  readonly populationSize: number;
  readonly crossoverProb: number;
  readonly swappingProb: number;
  private readonly mutationProb: number | null;
  private readonly rng: TuneRng;
  private parentCache = new Map<number, number[]>();

  constructor(opts: NSGAIISamplerOptions = {}) {
    this.populationSize = opts.populationSize ?? 50;
    this.crossoverProb = opts.crossoverProb ?? 0.9;
    this.swappingProb = opts.swappingProb ?? 0.5;
    this.mutationProb = opts.mutationProb ?? null;
    if (!(Number.isInteger(this.populationSize) && this.populationSize >= 2)) throw new TuneError("INVALID_ARGUMENT", `NSGAIISampler: populationSize must be an integer ≥ 2, got ${this.populationSize}`);
    for (const [k, v] of [["crossoverProb", this.crossoverProb], ["swappingProb", this.swappingProb], ["mutationProb", this.mutationProb ?? 0]] as const) {
      if (!(v >= 0 && v <= 1)) throw new TuneError("INVALID_ARGUMENT", `NSGAIISampler: ${k} must be in [0, 1], got ${v}`);
    }
    this.rng = new TuneRng(opts.seed);
  }

  beforeTrial(ctx: SamplerContext): void {
    let gen = 0;
    let count = 0;
    for (const t of ctx.trials) {
      const g = t.systemAttrs[GEN_KEY];
      if (typeof g !== "number") continue;
      if (g > gen) { gen = g; count = 0; }
      if (g === gen) count++;
    }
    ctx.setSystemAttr(GEN_KEY, count >= this.populationSize ? gen + 1 : gen);
  }

  inferRelativeSearchSpace(ctx: SamplerContext): Record<string, Distribution> {
    return intersectionSearchSpace(ctx.trials);
  }

  sampleRelative(ctx: SamplerContext, trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue> {
    const gen = trial.systemAttrs[GEN_KEY] as number;
    if (!gen) return {};
    const parents = this.parents(ctx, gen - 1);
    if (parents.length < 2) return {};
    const p0 = this.tournament(ctx, parents);
    const p1 = this.crossoverProb > this.rng.random() ? this.tournament(ctx, parents.filter((p) => p !== p0)) : p0;
    const names = Object.keys(space);
    const mut = this.mutationProb ?? 1 / Math.max(1, names.length);
    const out: Record<string, ParamValue> = {};
    for (const n of names) {
      if (this.rng.random() < mut) continue; // left to sampleIndependent (random)
      const src = p0 !== p1 && this.rng.random() < this.swappingProb ? p1 : p0;
      const v = src.params[n];
      if (v !== undefined && contains(space[n], v)) out[n] = v;
    }
    return out;
  }

  sampleIndependent(_ctx: SamplerContext, _trial: FrozenTrial, _name: string, dist: Distribution): ParamValue {
    return sampleUniform(this.rng, dist);
  }

  private points(ctx: SamplerContext, ts: FrozenTrial[]): number[][] {
    return ts.map((t) => t.values!.map((v, i) => signed(ctx.directions[i], v)));
  }

  /** The elite population after generation g: ranked by front, the last front cut by crowding distance. */
  private parents(ctx: SamplerContext, g: number): FrozenTrial[] {
    const byId = new Map(ctx.trials.map((t) => [t.trialId, t]));
    const cached = this.parentCache.get(g);
    if (cached && cached.every((id) => byId.has(id))) return cached.map((id) => byId.get(id)!);
    const pool = ctx.trials.filter((t) => t.state === "COMPLETE" && t.values && t.systemAttrs[GEN_KEY] === g);
    if (g > 0) pool.push(...this.parents(ctx, g - 1).filter((t) => !pool.includes(t)));
    const pts = this.points(ctx, pool);
    const elite: FrozenTrial[] = [];
    for (const front of nonDominatedSort(pts)) {
      if (elite.length + front.length <= this.populationSize) {
        elite.push(...front.map((i) => pool[i]));
        continue;
      }
      const cd = crowdingDistance(front.map((i) => pts[i]));
      const order = front.map((i, k) => ({ i, d: cd[k] })).sort((a, b) => b.d - a.d || a.i - b.i);
      elite.push(...order.slice(0, this.populationSize - elite.length).map((o) => pool[o.i]));
      break;
    }
    const complete = ctx.trials.filter((t) => t.systemAttrs[GEN_KEY] === g).every((t) => t.state !== "RUNNING");
    if (complete) this.parentCache.set(g, elite.map((t) => t.trialId));
    return elite;
  }

  private tournament(ctx: SamplerContext, pop: FrozenTrial[]): FrozenTrial {
    const a = pop[this.rng.int(pop.length)];
    const b = pop[this.rng.int(pop.length)];
    const [pa, pb] = this.points(ctx, [a, b]);
    if (dominates(pa, pb)) return a;
    if (dominates(pb, pa)) return b;
    return this.rng.random() < 0.5 ? a : b;
  }
}
