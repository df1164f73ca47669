/** @file The generator a data helper draws from: `generator`, or scikit-learn's `randomState` seed (an alias: a fresh Generator of that seed), else the manualSeed one. */
import { defaultGenerator, Generator } from "../core/random.ts";
import { optionKeys } from "../core/options.ts";

export interface SeedOptions {
  generator?: Generator;
  /** scikit-learn's random_state: the same number gives the same draw on every call (a fresh Generator(randomState)). */
  randomState?: number;
}

export const SEED_OPTIONS = optionKeys<SeedOptions>({ generator: 1, randomState: 1 });

export function generatorOf(fnName: string, opts: SeedOptions): Generator {
  if (opts.randomState === undefined) return opts.generator ?? defaultGenerator;
  if (opts.generator !== undefined) throw new RangeError(`${fnName}: give generator or randomState, not both`);
  if (!Number.isSafeInteger(opts.randomState)) throw new RangeError(`${fnName}: randomState must be an integer seed, got ${opts.randomState}`);
  return new Generator(opts.randomState);
}
