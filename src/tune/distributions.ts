/**
 * @file Search-space distributions of lw.tune (as Optuna's Float/Int/CategoricalDistribution): building them
 * with validation, the compatibility rule between trials, transforms to the sampling space and back.
 */
import { TuneError, type Distribution, type ParamValue } from "./storage.ts";

export interface SuggestOptions {
  log?: boolean;
  step?: number | null;
}

function bad(fn: string, name: string, why: string): never {
  throw new TuneError("INVALID_ARGUMENT", `${fn}("${name}"): ${why}`);
}

/** A validated float distribution: finite lo ≤ hi, log needs lo > 0, step > 0 and not combined with log. */
export function floatDistribution(name: string, low: number, high: number, opts: SuggestOptions = {}): Distribution {
  const fn = "suggestFloat";
  const log = opts.log ?? false;
  const step = opts.step ?? null;
  if (!Number.isFinite(low) || !Number.isFinite(high)) bad(fn, name, `low and high must be finite numbers, got [${low}, ${high}]`);
  if (low > high) bad(fn, name, `inverted range: low ${low} > high ${high}`);
  if (log && low <= 0) bad(fn, name, `log range needs low > 0, got low ${low}`);
  if (step !== null) {
    if (!(step > 0) || !Number.isFinite(step)) bad(fn, name, `step must be a positive number, got ${step}`);
    if (log) bad(fn, name, "step and log cannot be used together");
    // as Optuna: high is moved down onto the grid low + k·step
    const k = Math.floor((high - low) / step + 1e-9);
    high = roundToStep(low + k * step, step);
  }
  return { type: "float", low, high, log, step };
}

export function intDistribution(name: string, low: number, high: number, opts: SuggestOptions = {}): Distribution {
  const fn = "suggestInt";
  const log = opts.log ?? false;
  const step = opts.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high)) bad(fn, name, `low and high must be integers, got [${low}, ${high}]`);
  if (low > high) bad(fn, name, `inverted range: low ${low} > high ${high}`);
  if (log && low < 1) bad(fn, name, `log range needs low ≥ 1, got low ${low}`);
  if (!Number.isInteger(step) || step < 1) bad(fn, name, `step must be a positive integer, got ${step}`);
  if (log && step !== 1) bad(fn, name, "step other than 1 cannot be used with log");
  high = low + Math.floor((high - low) / step) * step;
  return { type: "int", low, high, log, step };
}

export function categoricalDistribution(name: string, choices: readonly ParamValue[]): Distribution {
  if (!Array.isArray(choices) || choices.length === 0) bad("suggestCategorical", name, "choices must be a non-empty array");
  for (const c of choices) {
    const t = typeof c;
    if (!(c === null || t === "number" || t === "string" || t === "boolean")) bad("suggestCategorical", name, `choices must be numbers, strings, booleans or null, got ${t}`);
  }
  if (new Set(choices).size !== choices.length) bad("suggestCategorical", name, "choices contain duplicates");
  return { type: "categorical", choices: [...choices] };
}

function roundToStep(x: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)) + 6);
  return Number(x.toFixed(Math.min(decimals, 15)));
}

/**
 * Throws TuneError INCOMPATIBLE_DISTRIBUTION naming the parameter when one name is used with two kinds of
 * distribution in one study (float vs int vs categorical, or categorical choices changed). Ranges may differ.
 */
export function checkDistributionCompatible(name: string, a: Distribution, b: Distribution): void {
  if (a.type !== b.type) {
    throw new TuneError("INCOMPATIBLE_DISTRIBUTION", `parameter "${name}": the study already has it as ${a.type}, now suggested as ${b.type}`);
  }
  if (a.type === "categorical" && b.type === "categorical") {
    const same = a.choices.length === b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
    if (!same) {
      throw new TuneError("INCOMPATIBLE_DISTRIBUTION", `parameter "${name}": categorical choices changed from ${JSON.stringify(a.choices)} to ${JSON.stringify(b.choices)}`);
    }
  }
}

export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether value is a member of the distribution (range and step / choices). */
export function contains(dist: Distribution, value: ParamValue): boolean {
  if (dist.type === "categorical") return dist.choices.includes(value);
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (value < dist.low - 1e-12 || value > dist.high + 1e-12) return false;
  if (dist.type === "int") return Number.isInteger(value) && (value - dist.low) % dist.step === 0;
  if (dist.step !== null) {
    const k = (value - dist.low) / dist.step;
    return Math.abs(k - Math.round(k)) < 1e-8;
  }
  return true;
}

export function isSingle(dist: Distribution): boolean {
  return dist.type === "categorical" ? dist.choices.length === 1 : dist.low === dist.high;
}

/** Bounds of a numeric distribution in its sampling space (log applied; discrete widened by step/2). */
export function transformedBounds(dist: Distribution): { low: number; high: number; step: number | null } {
  if (dist.type === "categorical") throw new TuneError("INVALID_ARGUMENT", "transformedBounds: categorical has no bounds");
  const step = dist.type === "int" ? (dist.log ? null : dist.step) : dist.step;
  if (dist.log) {
    const half = dist.type === "int" ? 0.5 : 0;
    return { low: Math.log(dist.low - half), high: Math.log(dist.high + half), step: null };
  }
  if (step !== null) return { low: dist.low - step / 2, high: dist.high + step / 2, step };
  return { low: dist.low, high: dist.high, step: null };
}

export function toSampling(dist: Distribution, value: number): number {
  return dist.type !== "categorical" && dist.log ? Math.log(value) : value;
}

/** Maps a point of the sampling space back to a member of the distribution (exp, rounding to the grid, clipping). */
export function fromSampling(dist: Distribution, x: number): number {
  if (dist.type === "categorical") throw new TuneError("INVALID_ARGUMENT", "fromSampling: categorical");
  let v = dist.log ? Math.exp(x) : x;
  if (dist.type === "int") {
    v = dist.low + Math.round((v - dist.low) / dist.step) * dist.step;
  } else if (dist.step !== null) {
    v = roundToStep(dist.low + Math.round((v - dist.low) / dist.step) * dist.step, dist.step);
  }
  return Math.min(dist.high, Math.max(dist.low, v));
}
