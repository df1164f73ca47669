/** @file Pooling layers: MaxPool1d/2d (forwardWithIndices gives the argmax positions), AvgPool1d/2d, AdaptiveAvgPool1d/2d. */
import type { Tensor } from "../../core/tensor.ts";
import type { Pair } from "../../ops/conv.ts";
import type { ValuesIndices } from "../../ops/reduce.ts";
import { adaptiveAvgPoolNd, avgPoolNd, maxPoolNd, type AvgPoolOptions, type MaxPoolOptions } from "../../ops/pool.ts";
import { Module } from "../module.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const MAX_POOL_OPTIONS = optionKeys<MaxPoolOptions>({ stride: 1, padding: 1, dilation: 1, ceilMode: 1 });
const AVG_POOL_OPTIONS = optionKeys<AvgPoolOptions>({ stride: 1, padding: 1, ceilMode: 1, countIncludePad: 1, divisorOverride: 1 });

const show = (v: unknown): string => (Array.isArray(v) ? `(${v.map((x) => x ?? "None").join(", ")})` : String(v));
const describe = (kernelSize: Pair, opts: object): string =>
  [`kernelSize=${show(kernelSize)}`, ...Object.entries(opts).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${show(v)}`)].join(", ");

/** Base of the max and average pools: kernel, options and the label errors carry, e.g. "MaxPool2d(kernelSize=2)". */
abstract class Pool<O extends object> extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: O, readonly spatial: 1 | 2) {
    super();
  }
  protected get label(): string {
    return `${this.constructor.name}(${this.extraRepr()})`;
  }
  override extraRepr(): string {
    return describe(this.kernelSize, this.opts);
  }
}

abstract class MaxPoolNd extends Pool<MaxPoolOptions> {
  forward(x: Tensor): Tensor {
    return this.forwardWithIndices(x).values;
  }
  /** The pooled values and the flat index (h·W + w) of each maximum, as PyTorch's return_indices=True. */
  forwardWithIndices(x: Tensor): ValuesIndices {
    return maxPoolNd(x, this.kernelSize, this.opts, this.spatial, this.label);
  }
}

/** Max over each window of (N, C, H, W). @example new nn.MaxPool2d(2) */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: Pair, opts: MaxPoolOptions = {}) {
    super(kernelSize, opts, 2);
    checkOptions("MaxPool2d", opts, MAX_POOL_OPTIONS);
  }
}

/** Max over each window of (N, C, L). */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: number, opts: MaxPoolOptions = {}) {
    super(kernelSize, opts, 1);
    checkOptions("MaxPool1d", opts, MAX_POOL_OPTIONS);
  }
}

abstract class AvgPoolNd extends Pool<AvgPoolOptions> {
  forward(x: Tensor): Tensor {
    return avgPoolNd(x, this.kernelSize, this.opts, this.spatial, this.label);
  }
}

/** Mean over each window of (N, C, H, W). */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: Pair, opts: AvgPoolOptions = {}) {
    super(kernelSize, opts, 2);
    checkOptions("AvgPool2d", opts, AVG_POOL_OPTIONS);
  }
}

/** Mean over each window of (N, C, L). */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: number, opts: AvgPoolOptions = {}) {
    super(kernelSize, opts, 1);
    checkOptions("AvgPool1d", opts, AVG_POOL_OPTIONS);
  }
}

/** Average pooling to a fixed (OH, OW) whatever the input size; `new nn.AdaptiveAvgPool2d(1)` is global average pooling. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | readonly [number | null, number | null]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPoolNd(x, this.outputSize, 2, `AdaptiveAvgPool2d(${this.extraRepr()})`);
  }
  override extraRepr(): string {
    return `outputSize=${show(this.outputSize)}`;
  }
}

/** Average pooling of (N, C, L) to a fixed length. */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPoolNd(x, this.outputSize, 1, `AdaptiveAvgPool1d(${this.extraRepr()})`);
  }
  override extraRepr(): string {
    return `outputSize=${this.outputSize}`;
  }
}
