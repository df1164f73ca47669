/** @file Per-batch schedulers that also cycle the momentum: CyclicLR and OneCycleLR (PyTorch's formulas). */
import { checkOptions, optionKeys } from "../core/options.ts";
import { LRScheduler, type LrOptimizer } from "./lr-scheduler.ts";

type Loose = Record<string, unknown>;

/** Sets a group's momentum: `momentum` (SGD, RMSprop) or the first of `betas` (Adam). */
function setMomentum(group: Loose, m: number): void {
  if (Array.isArray(group.betas)) group.betas = [m, ...(group.betas as number[]).slice(1)];
  else group.momentum = m;
}
function checkMomentum(opt: LrOptimizer, who: string): void {
  const g = opt.paramGroups[0] as unknown as Loose;
  if (!("momentum" in g) && !Array.isArray(g.betas)) throw new TypeError(`${who}: the optimizer has no momentum or betas; pass cycleMomentum: false`);
}

export interface CyclicLROptions {
  stepSizeUp?: number;
  stepSizeDown?: number;
  mode?: "triangular" | "triangular2" | "exp_range";
  gamma?: number;
  scaleFn?: (x: number) => number;
  scaleMode?: "cycle" | "iterations";
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
}

const CYCLIC_OPTIONS = optionKeys<CyclicLROptions>({ stepSizeUp: 1, stepSizeDown: 1, mode: 1, gamma: 1, scaleFn: 1, scaleMode: 1, cycleMomentum: 1, baseMomentum: 1, maxMomentum: 1 });

/** The rate goes up and down between baseLr and maxLr in cycles of stepSizeUp + stepSizeDown batches. */
export class CyclicLR extends LRScheduler {
  readonly totalSize: number;
  readonly stepRatio: number;
  readonly #scale: (x: number) => number;
  readonly scaleMode: "cycle" | "iterations";
  readonly cycleMomentum: boolean;

  constructor(optimizer: LrOptimizer, readonly baseLr: number, readonly maxLr: number, readonly opts: CyclicLROptions = {}) {
    checkOptions("CyclicLR", opts, CYCLIC_OPTIONS);
    for (const g of optimizer.paramGroups) { g.lr = baseLr; (g as Loose).initialLr = baseLr; }
    super(optimizer);
    const up = opts.stepSizeUp ?? 2000, down = opts.stepSizeDown ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    const mode = opts.mode ?? "triangular", gamma = opts.gamma ?? 1;
    const fns = { triangular: () => 1, triangular2: (x: number) => 1 / 2 ** (x - 1), exp_range: (x: number) => gamma ** x };
    if (!opts.scaleFn && !(mode in fns)) throw new RangeError(`CyclicLR: mode must be triangular, triangular2 or exp_range, got ${JSON.stringify(mode)}`);
    this.#scale = opts.scaleFn ?? fns[mode];
    this.scaleMode = opts.scaleMode ?? (opts.scaleFn ? "cycle" : mode === "exp_range" ? "iterations" : "cycle");
    this.cycleMomentum = opts.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      checkMomentum(optimizer, "CyclicLR");
      for (const g of optimizer.paramGroups) setMomentum(g as unknown as Loose, opts.baseMomentum ?? 0.8);
    }
    this.initialStep();
  }

  protected getLr(): number[] {
    const e = this.lastEpoch;
    const cycle = Math.floor(1 + e / this.totalSize);
    const x = 1 + e / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this.#scale(this.scaleMode === "cycle" ? cycle : e);
    if (this.cycleMomentum) {
      const bm = this.opts.baseMomentum ?? 0.8, mm = this.opts.maxMomentum ?? 0.9;
      for (const g of this.groups) setMomentum(g as unknown as Loose, mm - (mm - bm) * scaleFactor * s);
    }
    return this.groups.map(() => this.baseLr + (this.maxLr - this.baseLr) * scaleFactor * s);
  }
}

export interface OneCycleLROptions {
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

const ONE_CYCLE_OPTIONS = optionKeys<OneCycleLROptions>({
  totalSteps: 1, epochs: 1, stepsPerEpoch: 1, pctStart: 1, annealStrategy: 1, cycleMomentum: 1, baseMomentum: 1, maxMomentum: 1, divFactor: 1, finalDivFactor: 1, threePhase: 1,
});

interface Phase { end: number; from: "initial" | "max" | "min"; to: "initial" | "max" | "min"; mFrom: "max" | "base"; mTo: "max" | "base" }

/** Warm up to maxLr, then anneal far below the start (Smith's 1cycle policy), one step per batch. */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly #phases: Phase[];
  readonly #lrs: { initial: number; max: number; min: number };
  readonly #anneal: (a: number, b: number, pct: number) => number;

  constructor(optimizer: LrOptimizer, readonly maxLr: number, readonly opts: OneCycleLROptions = {}) {
    checkOptions("OneCycleLR", opts, ONE_CYCLE_OPTIONS);
    const initial = maxLr / (opts.divFactor ?? 25);
    for (const g of optimizer.paramGroups) { g.lr = initial; (g as Loose).initialLr = initial; }
    super(optimizer);
    this.totalSteps = opts.totalSteps ?? (opts.epochs ?? 0) * (opts.stepsPerEpoch ?? 0);
    if (!(this.totalSteps > 0)) throw new RangeError("OneCycleLR: give totalSteps, or epochs and stepsPerEpoch");
    this.#lrs = { initial, max: maxLr, min: initial / (opts.finalDivFactor ?? 1e4) };
    const pct = opts.pctStart ?? 0.3, T = this.totalSteps;
    this.#phases = opts.threePhase
      ? [
          { end: pct * T - 1, from: "initial", to: "max", mFrom: "max", mTo: "base" },
          { end: 2 * pct * T - 2, from: "max", to: "initial", mFrom: "base", mTo: "max" },
          { end: T - 1, from: "initial", to: "min", mFrom: "max", mTo: "max" },
        ]
      : [
          { end: pct * T - 1, from: "initial", to: "max", mFrom: "max", mTo: "base" },
          { end: T - 1, from: "max", to: "min", mFrom: "base", mTo: "max" },
        ];
    this.#anneal = (opts.annealStrategy ?? "cos") === "cos"
      ? (a, b, p) => b + ((a - b) / 2) * (Math.cos(Math.PI * p) + 1)
      : (a, b, p) => (b - a) * p + a;
    if (opts.cycleMomentum ?? true) {
      checkMomentum(optimizer, "OneCycleLR");
      for (const g of optimizer.paramGroups) setMomentum(g as unknown as Loose, opts.maxMomentum ?? 0.95);
    }
    this.initialStep();
  }

  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) throw new RangeError(`OneCycleLR: tried to step ${step} times, more than totalSteps ${this.totalSteps}`);
    const m = { max: this.opts.maxMomentum ?? 0.95, base: this.opts.baseMomentum ?? 0.85 };
    let start = 0, lr = 0;
    for (const [i, ph] of this.#phases.entries()) {
      if (step <= ph.end || i === this.#phases.length - 1) {
        const pct = (step - start) / (ph.end - start);
        lr = this.#anneal(this.#lrs[ph.from], this.#lrs[ph.to], pct);
        if (this.opts.cycleMomentum ?? true) for (const g of this.groups) setMomentum(g as unknown as Loose, this.#anneal(m[ph.mFrom], m[ph.mTo], pct));
        break;
      }
      start = ph.end;
    }
    return this.groups.map(() => lr);
  }
}
