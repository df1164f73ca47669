/**
 * @file lw.tune: hyperparameter search as Optuna does it (define-by-run trials, TPE / CMA-ES / NSGA-II / grid /
 * random samplers, median / ASHA / Hyperband pruners, async storages).
 */
export * from "./storage.ts";
export { InMemoryStorage } from "./storage-memory.ts";
export { floatDistribution, intDistribution, categoricalDistribution, checkDistributionCompatible, contains as distributionContains, type SuggestOptions } from "./distributions.ts";
export { Trial, TrialPruned } from "./trial.ts";
export { createStudy, loadStudy, Study, type CreateStudyOptions, type Objective, type ObjectiveValue, type OptimizeOptions, type StudyCallback, type TellOptions } from "./study.ts";
export { dominates, nonDominatedSort, crowdingDistance } from "./pareto.ts";
export type { Sampler, SamplerContext } from "./samplers/base.ts";
export { RandomSampler } from "./samplers/random.ts";
export { GridSampler } from "./samplers/grid.ts";
export { TPESampler, defaultGamma, defaultWeights, type TPESamplerOptions } from "./samplers/tpe.ts";
export { CmaEsSampler, type CmaEsSamplerOptions } from "./samplers/cmaes.ts";
export { NSGAIISampler, type NSGAIISamplerOptions } from "./samplers/nsga2.ts";
export type { Pruner, PrunerContext } from "./pruners/base.ts";
export { NopPruner } from "./pruners/nop.ts";
export { MedianPruner, PercentilePruner, type PercentilePrunerOptions } from "./pruners/median.ts";
export { SuccessiveHalvingPruner, type SuccessiveHalvingOptions } from "./pruners/successive-halving.ts";
export { HyperbandPruner, type HyperbandOptions } from "./pruners/hyperband.ts";
