/**
 * @file The sampler contract (as Optuna's BaseSampler, synchronous over a snapshot of the study's trials)
 * and the helpers samplers share: the intersection search space and the direction-aware objective value.
 */
import { distributionsEqual, isSingle } from "../distributions.ts";
import type { AttrValue, Distribution, FrozenTrial, ParamValue, StudyDirection } from "../storage.ts";

/** What a sampler sees: the study's directions and its trials as they were when the trial started. */
export interface SamplerContext {
  studyName: string;
  directions: StudyDirection[];
  trials: FrozenTrial[];
  /** Writes a system attribute on the trial being sampled (queued to the storage). */
  setSystemAttr(key: string, value: AttrValue): void;
}

export interface Sampler {
  /** Called once at trial start; may set system attributes (grid id, generation). */
  beforeTrial?(ctx: SamplerContext, trial: FrozenTrial): void;
  inferRelativeSearchSpace(ctx: SamplerContext, trial: FrozenTrial): Record<string, Distribution>;
  sampleRelative(ctx: SamplerContext, trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue>;
  sampleIndependent(ctx: SamplerContext, trial: FrozenTrial, name: string, dist: Distribution): ParamValue;
  /** True when the sampler has nothing left to propose (a finished grid); optimize stops. */
  isExhausted?(ctx: SamplerContext): boolean;
}

/** Params that every COMPLETE trial has with one identical distribution (single-value ones left out). */
export function intersectionSearchSpace(trials: FrozenTrial[], includePruned = false): Record<string, Distribution> {
  let space: Record<string, Distribution> | null = null;
  for (const t of trials) {
    if (!(t.state === "COMPLETE" || (includePruned && t.state === "PRUNED"))) continue;
    if (space === null) {
      space = { ...t.distributions };
      continue;
    }
    for (const name of Object.keys(space)) {
      const d = t.distributions[name];
      if (!d || !distributionsEqual(d, space[name])) delete space[name];
    }
  }
  const out: Record<string, Distribution> = {};
  for (const [name, d] of Object.entries(space ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!isSingle(d)) out[name] = d;
  return out;
}

/** The value to minimise: value for minimize, −value for maximize. */
export function signed(direction: StudyDirection, value: number): number {
  return direction === "minimize" ? value : -value;
}
