/** @file BatchNorm1d (running statistics as buffers with PyTorch's names) and LayerNorm. */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { ones, zeros } from "../../ops/creation.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { batchNorm, layerNorm } from "../functional/layers.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const BATCH_NORM_OPTIONS = optionKeys<BatchNormOptions>({ eps: 1, momentum: 1, affine: 1, trackRunningStats: 1 });
const LAYER_NORM_OPTIONS = optionKeys<LayerNormOptions>({ eps: 1, elementwiseAffine: 1, bias: 1 });

export interface BatchNormOptions {
  eps?: number;
  /** Weight of the newest batch in the running statistics; null = cumulative average. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/** Normalises (N, C) or (N, C, L) per channel; state dict: weight, bias, running_mean, running_var, num_batches_tracked. */
export class BatchNorm1d extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;

  constructor(readonly numFeatures: number, opts: BatchNormOptions = {}) {
    super();
    checkOptions("BatchNorm1d", opts, BATCH_NORM_OPTIONS);
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(ones(numFeatures)) : null;
    this.bias = affine ? new Parameter(zeros(numFeatures)) : null;
    const track = opts.trackRunningStats ?? true;
    this.registerBuffer("runningMean", track ? zeros(numFeatures) : null);
    this.registerBuffer("runningVar", track ? ones(numFeatures) : null);
    this.registerBuffer("numBatchesTracked", track ? zeros([], { dtype: "int32" }) : null);
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new RangeError(`BatchNorm1d(${this.numFeatures}): expected input of shape [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got ${fmtShape(x.shape)}`);
    }
    return this.normalize(x);
  }

  /** Batch statistics while training (updating the running ones), the running ones in eval mode. */
  protected normalize(x: Tensor): Tensor {
    let count: number | undefined;
    if (this.training && this.numBatchesTracked) {
      this.numBatchesTracked.fill_(this.numBatchesTracked.item() + 1);
      count = this.numBatchesTracked.item();
    }
    const useBatchStats = this.training || !this.runningMean;
    return batchNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight, bias: this.bias, training: useBatchStats, momentum: this.momentum, eps: this.eps, numBatchesTracked: count,
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}

export interface LayerNormOptions { eps?: number; elementwiseAffine?: boolean; bias?: boolean }

/** Normalises over the trailing dims `normalizedShape` of each sample, then scales and shifts. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    checkOptions("LayerNorm", opts, LAYER_NORM_OPTIONS);
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(ones(this.normalizedShape)) : null;
    this.bias = affine && (opts.bias ?? true) ? new Parameter(zeros(this.normalizedShape)) : null;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    if (x.ndim < k || x.shape.slice(x.ndim - k).some((s, i) => s !== this.normalizedShape[i])) {
      throw new RangeError(`LayerNorm(${fmtShape(this.normalizedShape)}): expected input of shape [..., ${this.normalizedShape.join(", ")}], got ${fmtShape(x.shape)}`);
    }
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
