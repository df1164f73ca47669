/**
 * @file The pruner contract (as Optuna's BasePruner) and the helpers pruners share.
 */
import type { AttrValue, FrozenTrial, StudyDirection } from "../storage.ts";

export interface PrunerContext {
  studyName: string;
  directions: StudyDirection[];
  /** Every trial of the study as this process knows it now (finished ones and the running ones). */
  trials: FrozenTrial[];
  /** Writes a system attribute on the trial being judged (queued to the storage). */
  setSystemAttr(key: string, value: AttrValue): void;
}

export interface Pruner {
  /** Whether the trial (with its intermediate values so far) should stop now. */
  prune(ctx: PrunerContext, trial: FrozenTrial): boolean;
}

/** The last reported step of a trial, or null. */
export function lastStep(trial: FrozenTrial): number | null {
  const steps = Object.keys(trial.intermediateValues).map(Number);
  return steps.length === 0 ? null : Math.max(...steps);
}
