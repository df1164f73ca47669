/**
 * @file RandomSampler: independent uniform sampling (log-uniform for log ranges, uniform over the grid for steps).
 */
import { fromSampling, transformedBounds } from "../distributions.ts";
import type { Distribution, ParamValue } from "../storage.ts";
import { TuneRng } from "../rng.ts";
import type { Sampler } from "./base.ts";

/** One uniform draw from a distribution (shared by the samplers' fallbacks). */
export function sampleUniform(rng: TuneRng, dist: Distribution): ParamValue {
  if (dist.type === "categorical") return dist.choices[rng.int(dist.choices.length)];
  const b = transformedBounds(dist);
  return fromSampling(dist, rng.uniform(b.low, b.high));
}

export class RandomSampler implements Sampler {
  private readonly rng: TuneRng;

  constructor(opts: { seed?: number } = {}) {
    this.rng = new TuneRng(opts.seed);
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_ctx: unknown, _trial: unknown, _name: string, dist: Distribution): ParamValue {
    return sampleUniform(this.rng, dist);
  }
}
