/**
 * @file Whether a parameter's new distribution may share a study with the one it was first sampled from
 * (the storages' INCOMPATIBLE_DISTRIBUTION check). TODO(integrator): use distributions.checkDistributionCompatible.
 */
import { TuneError, type Distribution } from "./storage.ts";

/** Throws TuneError INCOMPATIBLE_DISTRIBUTION naming the parameter when `next` cannot replace `prev` in one study. */
export function assertCompatibleDistribution(fn: string, name: string, prev: Distribution, next: Distribution): void {
  const bad = (why: string): never => {
    throw new TuneError("INCOMPATIBLE_DISTRIBUTION", `${fn}: parameter "${name}" was sampled from ${JSON.stringify(prev)} earlier in this study, now from ${JSON.stringify(next)}: ${why}`);
  };
  if (prev.type !== next.type) bad(`${prev.type} vs ${next.type}`);
  if (prev.type === "categorical" && next.type === "categorical") {
    if (prev.choices.length !== next.choices.length || prev.choices.some((c, i) => !Object.is(c, next.choices[i]))) bad("the categorical choices changed");
  } else if (prev.type !== "categorical" && next.type !== "categorical" && prev.log !== next.log) {
    bad("log scale changed");
  }
}
