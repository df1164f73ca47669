/** @file Loss modules: each holds its options and calls the function of the same name in functional/losses.ts. */
import type { Tensor } from "../core/tensor.ts";
import { Module } from "./module.ts";
import * as L from "./functional/losses.ts";
import { checkOptions, optionKeys, withKeys, type OptionKeys } from "../core/options.ts";

type Reduction = L.Reduction;

const REDUCTION = optionKeys<{ reduction?: Reduction }>({ reduction: 1 });
const WEIGHTED = withKeys(REDUCTION, "weight");
const CLASS_LOSS = withKeys(WEIGHTED, "ignoreIndex");
/** The options each built-in loss takes, checked once in the base constructor (a user's own subclass is not checked). */
const LOSS_OPTIONS: Record<string, OptionKeys> = {
  MSELoss: REDUCTION, L1Loss: REDUCTION, HuberLoss: withKeys(REDUCTION, "delta"), BCELoss: WEIGHTED, BCEWithLogitsLoss: withKeys(WEIGHTED, "posWeight"),
  NLLLoss: CLASS_LOSS, CrossEntropyLoss: withKeys(CLASS_LOSS, "labelSmoothing"),
};

/** The base of the losses: forward(prediction, target) → loss. */
export abstract class Loss extends Module<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction;
  constructor(opts: { reduction?: Reduction } = {}) {
    super();
    const allowed = LOSS_OPTIONS[new.target.name];
    if (allowed) checkOptions(new.target.name, opts, allowed);
    this.reduction = opts.reduction ?? "mean";
  }
  override extraRepr(): string {
    return `reduction="${this.reduction}"`;
  }
}

export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.mseLoss(input, target, this); }
}
export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.l1Loss(input, target, this); }
}
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.huberLoss(input, target, this); }
}

export class BCELoss extends Loss {
  readonly weight: Tensor | null;
  constructor(opts: L.WeightOptions = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.bceLoss(input, target, this); }
}
export class BCEWithLogitsLoss extends Loss {
  readonly weight: Tensor | null;
  readonly posWeight: Tensor | null;
  constructor(opts: L.WeightOptions & { posWeight?: Tensor | null } = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
    this.posWeight = opts.posWeight ?? null;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.bceWithLogitsLoss(input, target, this); }
}

export class NLLLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignoreIndex: number;
  constructor(opts: L.ClassLossOptions = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.nllLoss(input, target, this); }
}
/** log-softmax + NLL on raw scores; targets are int32 class indices or class probabilities. */
export class CrossEntropyLoss extends NLLLoss {
  readonly labelSmoothing: number;
  constructor(opts: L.ClassLossOptions & { labelSmoothing?: number } = {}) {
    super(opts);
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor { return L.crossEntropy(input, target, this); }
}

const KL_OPTIONS = withKeys(REDUCTION, "logTarget");
export class KLDivLoss extends Module<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction | "batchmean";
  readonly logTarget: boolean;
  constructor(opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {}) {
    super();
    checkOptions("KLDivLoss", opts, KL_OPTIONS);
    this.reduction = opts.reduction ?? "mean";
    this.logTarget = opts.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.klDiv(input, target, this); }
  override extraRepr(): string { return `reduction="${this.reduction}", logTarget=${this.logTarget}`; }
}
