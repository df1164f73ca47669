/**
 * @file Learning-rate schedulers of torch.optim.lr_scheduler: the base (step() once per epoch or
 * batch, getLastLr(), stateDict) and the epoch-wise ones: StepLR, MultiStepLR, ExponentialLR,
 * CosineAnnealingLR, LinearLR, LambdaLR. Formulas are PyTorch's (chainable where PyTorch's are).
 */
import { checkOptions, optionKeys } from "../core/options.ts";
import type { Optimizer } from "./optimizer.ts";

/** Any optimizer whose groups have a learning rate. */
export type LrOptimizer = Optimizer<{ lr: number }>;
type Group = LrOptimizer["paramGroups"][number] & { initialLr?: number };

export abstract class LRScheduler {
  /** The number of step() calls so far (0 after construction). */
  lastEpoch = -1;
  readonly baseLrs: number[];
  #lastLr: number[] = [];

  constructor(readonly optimizer: LrOptimizer) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) throw new TypeError(`${this.constructor.name}: expected an optimizer`);
    for (const g of this.groups) g.initialLr ??= g.lr;
    this.baseLrs = this.groups.map((g) => g.initialLr!);
  }

  protected get groups(): Group[] {
    return this.optimizer.paramGroups as Group[];
  }

  /** Subclasses call this at the end of their constructor: it sets the epoch-0 learning rates. */
  protected initialStep(): void {
    this.step();
  }

  /** The learning rates for the current `lastEpoch`. */
  protected abstract getLr(): number[];

  /** Advances one epoch (or batch, for the per-batch schedulers) and writes the new rates into the optimizer. */
  step(): void {
    this.lastEpoch++;
    const lrs = this.getLr();
    this.groups.forEach((g, i) => { g.lr = lrs[i]; });
    this.#lastLr = lrs;
  }

  /** The learning rates the last step() set. */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /** The scheduler's own fields (not the optimizer); functions are left out, as in PyTorch. */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = { lastLr: this.#lastLr };
    for (const [k, v] of Object.entries(this)) if (k !== "optimizer" && typeof v !== "function") out[k] = structuredClone(v);
    return out;
  }
  loadStateDict(state: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(state)) {
      if (k === "lastLr") this.#lastLr = [...(v as number[])];
      else if (k in this && k !== "optimizer") (this as unknown as Record<string, unknown>)[k] = structuredClone(v);
    }
  }
}

/** lr · gamma every stepSize epochs. */
const GAMMA = optionKeys<{ gamma?: number }>({ gamma: 1 });
const ETA_MIN = optionKeys<{ etaMin?: number }>({ etaMin: 1 });
const LINEAR_LR = optionKeys<{ startFactor?: number; endFactor?: number; totalIters?: number }>({ startFactor: 1, endFactor: 1, totalIters: 1 });

export class StepLR extends LRScheduler {
  constructor(optimizer: LrOptimizer, readonly stepSize: number, readonly opts: { gamma?: number } = {}) {
    checkOptions("StepLR", opts, GAMMA);
    super(optimizer);
    if (!Number.isInteger(stepSize) || stepSize < 1) throw new RangeError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    this.initialStep();
  }
  protected getLr(): number[] {
    const e = this.lastEpoch, gamma = this.opts.gamma ?? 0.1;
    return this.groups.map((g) => (e === 0 || e % this.stepSize !== 0 ? g.lr : g.lr * gamma));
  }
}

/** lr · gamma at each milestone epoch (a milestone listed twice multiplies twice). */
export class MultiStepLR extends LRScheduler {
  readonly #counts = new Map<number, number>();
  constructor(optimizer: LrOptimizer, milestones: readonly number[], readonly opts: { gamma?: number } = {}) {
    checkOptions("MultiStepLR", opts, GAMMA);
    super(optimizer);
    for (const m of milestones) this.#counts.set(m, (this.#counts.get(m) ?? 0) + 1);
    this.initialStep();
  }
  protected getLr(): number[] {
    const k = this.#counts.get(this.lastEpoch);
    return this.groups.map((g) => (k ? g.lr * (this.opts.gamma ?? 0.1) ** k : g.lr));
  }
}

/** lr · gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: LrOptimizer, readonly gamma: number) {
    super(optimizer);
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.groups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }
}

/** Cosine from the base rate down to etaMin over tMax epochs (then back up, periodically). */
export class CosineAnnealingLR extends LRScheduler {
  readonly etaMin: number;
  constructor(optimizer: LrOptimizer, readonly tMax: number, opts: { etaMin?: number } = {}) {
    checkOptions("CosineAnnealingLR", opts, ETA_MIN);
    super(optimizer);
    this.etaMin = opts.etaMin ?? 0;
    this.initialStep();
  }
  protected getLr(): number[] {
    const e = this.lastEpoch, T = this.tMax, eta = this.etaMin;
    if (e === 0) return this.groups.map((g) => g.lr);
    if ((e - 1 - T) % (2 * T) === 0) return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - eta) * (1 - Math.cos(Math.PI / T))) / 2);
    return this.groups.map((g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - eta) + eta);
  }
}

/** Linear warm-up: the factor goes from startFactor to endFactor over totalIters epochs. */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: LrOptimizer, opts: { startFactor?: number; endFactor?: number; totalIters?: number } = {}) {
    checkOptions("LinearLR", opts, LINEAR_LR);
    super(optimizer);
    this.startFactor = opts.startFactor ?? 1 / 3;
    this.endFactor = opts.endFactor ?? 1;
    this.totalIters = opts.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new RangeError(`LinearLR: startFactor must be in (0, 1], got ${this.startFactor}`);
    this.initialStep();
  }
  protected getLr(): number[] {
    const e = this.lastEpoch, s = this.startFactor, d = this.endFactor - s;
    if (e === 0) return this.groups.map((g) => g.lr * s);
    if (e > this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + d / (this.totalIters * s + (e - 1) * d)));
  }
}

/** baseLr · lrLambda(epoch), one function for all groups or one per group. */
export class LambdaLR extends LRScheduler {
  readonly #fns: ((epoch: number) => number)[];
  constructor(optimizer: LrOptimizer, lrLambda: ((epoch: number) => number) | ((epoch: number) => number)[]) {
    super(optimizer);
    this.#fns = Array.isArray(lrLambda) ? lrLambda : this.groups.map(() => lrLambda);
    if (this.#fns.length !== this.groups.length) throw new RangeError(`LambdaLR: ${this.#fns.length} functions for ${this.groups.length} parameter groups`);
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.#fns[i](this.lastEpoch));
  }
}
