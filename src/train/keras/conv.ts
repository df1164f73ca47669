/**
 * @file Keras convolution and pooling layers, channels-last as Keras users write them: inputs (N, H, W, C).
 * Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D. Inside, the data is viewed as (N, C, H, W)
 * (a stride permutation, no copy between consecutive layers) and runs on lw's conv/pool; kernels are stored
 * in PyTorch's layout (filters, C, kH, kW). Images from lw.data are (N, C, H, W): convert once with
 * `x.permute(0, 2, 3, 1)`. A channels-first input is refused with that hint, never silently transposed.
 */
import type { Tensor } from "../../core/tensor.ts";
import { convOutSize } from "../../core/conv-geometry.ts";
import type { WindowParams } from "../../core/ops.ts";
import { conv2dCore } from "../../ops/conv.ts";
import { pair, type Pair } from "../../ops/conv-args.ts";
import { zeros } from "../../ops/creation.ts";
import { pad } from "../../ops/movement.ts";
import { avgPool2d, maxPool2d } from "../../ops/pool.ts";
import { Parameter } from "../../nn/parameter.ts";
import * as init from "../../nn/init.ts";
import { getActivation } from "./activations.ts";
import { Layer, type LayerOptions, type LayerShape } from "./layer.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

export type KerasPadding = "valid" | "same";
const shapeStr = (s: LayerShape): string => `(None, ${s.join(", ")})`;
const toNCHW = (x: Tensor) => x.permute(0, 3, 1, 2);
const toNHWC = (x: Tensor) => x.permute(0, 2, 3, 1);

/** TensorFlow's padding per dim: "valid" none; "same" ceil(size / stride) outputs, the odd pixel after. */
function tfPadding(size: number, k: number, stride: number, dilation: number, padding: KerasPadding): [number, number] {
  if (padding === "valid") return [0, 0];
  const span = dilation * (k - 1) + 1, out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Checks a per-sample (H, W, C) shape and, for a batch, that the channels are last as expected. */
function checkChannelsLast(layer: Layer, shape: LayerShape, channels: number | null): void {
  const name = `${layer.constructor.name} "${layer.name ?? layer.kind}"`;
  if (shape.length !== 3) {
    throw new RangeError(`${name}: expects images (H, W, C) per sample, channels last; got inputs of shape ${shapeStr(shape)}` +
      (shape.length === 2 ? ` (add a channel dim: inputShape [${shape.join(", ")}, 1], or x.unsqueeze(-1))` : ""));
  }
  if (channels !== null && shape[2] !== channels) {
    const hint = shape[0] === channels ? `; it looks channels-first (C, H, W): convert with x.permute(0, 2, 3, 1)` : "";
    throw new RangeError(`${name}: expected inputs with ${channels} channels (channels last: (H, W, C)), got ${shapeStr(shape)}${hint}`);
  }
}

export interface Conv2DOptions extends LayerOptions {
  strides?: Pair;
  padding?: KerasPadding;
  dilationRate?: Pair;
  /** "relu", … (default: none). */
  activation?: string | ((x: Tensor) => Tensor) | null;
  useBias?: boolean;
}

/** keras.layers.Conv2D: (N, H, W, C) → (N, OH, OW, filters); Glorot-uniform kernel and zero bias as Keras. */
export class Conv2D extends Layer {
  weight: Parameter | null = null;
  bias: Parameter | null = null;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly dilationRate: number[];
  readonly padding: KerasPadding;
  readonly activation: (x: Tensor) => Tensor;
  readonly activationName: string;
  readonly useBias: boolean;

  override get kind(): string {
    return "conv2d";
  }

  constructor(readonly filters: number, kernelSize: Pair, opts: Conv2DOptions = {}) {
    super(opts);
    checkOptions("Conv2D", opts, CONV2D_OPTIONS);
    if (!Number.isInteger(filters) || filters < 1) throw new RangeError(`Conv2D: filters must be a positive integer, got ${filters}`);
    this.kernelSize = pair(kernelSize, "Conv2D", "kernelSize", 1);
    this.strides = pair(opts.strides ?? 1, "Conv2D", "strides", 1);
    this.dilationRate = pair(opts.dilationRate ?? 1, "Conv2D", "dilationRate", 1);
    this.padding = opts.padding ?? "valid";
    if (this.padding !== "valid" && this.padding !== "same") throw new RangeError(`Conv2D: padding must be "valid" or "same", got ${String(this.padding)}`);
    this.activation = getActivation(opts.activation, "Conv2D");
    this.activationName = typeof opts.activation === "string" ? opts.activation : opts.activation ? "custom" : "linear";
    this.useBias = opts.useBias ?? true;
  }

  #window([H, W]: LayerShape): WindowParams {
    const [kH, kW] = this.kernelSize, [sh, sw] = this.strides, [dh, dw] = this.dilationRate;
    return {
      kernelSize: [kH, kW], stride: [sh, sw], dilation: [dh, dw],
      padding: [tfPadding(H, kH, sh, dh, this.padding), tfPadding(W, kW, sw, dw, this.padding)],
    };
  }

  protected override build([shape]: LayerShape[]): void {
    checkChannelsLast(this, shape, null);
    this.weight = new Parameter(init.xavierUniform_(zeros([this.filters, shape[2], ...this.kernelSize])));
    if (this.useBias) this.bias = new Parameter(zeros([this.filters]));
  }

  computeOutputShape([shape]: LayerShape[]): LayerShape {
    checkChannelsLast(this, shape, this.weight ? this.weight.shape[1] : null);
    const p = this.#window(shape);
    const out = [0, 1].map((d) => convOutSize(shape[d], p.kernelSize[d], p.stride[d], p.padding[d], p.dilation[d]));
    if (out.some((o) => o < 1)) {
      throw new RangeError(`Conv2D "${this.name ?? this.kind}": input of spatial size ${shape[0]}×${shape[1]} is smaller than the kernel ${this.kernelSize.join("×")}${this.dilationRate.some((d) => d > 1) ? " (dilated)" : ""}`);
    }
    return [out[0], out[1], this.filters];
  }

  protected call([x]: Tensor[]): Tensor {
    this.computeOutputShape([x.shape.slice(1)]);
    return this.activation(toNHWC(conv2dCore(toNCHW(x), this.weight!, this.bias, this.#window(x.shape.slice(1, 3)), 1)));
  }

  getConfig(): Record<string, unknown> {
    return {
      filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding,
      dilationRate: this.dilationRate, activation: this.activationName, useBias: this.useBias,
    };
  }
}

export interface Pooling2DOptions extends LayerOptions {
  /** Default: poolSize. */
  strides?: Pair;
  padding?: KerasPadding;
}

const CONV2D_OPTIONS = optionKeys<Conv2DOptions>({ inputShape: 1, name: 1, strides: 1, padding: 1, dilationRate: 1, activation: 1, useBias: 1 });
const POOLING2D_OPTIONS = optionKeys<Pooling2DOptions>({ inputShape: 1, name: 1, strides: 1, padding: 1 });

/** The base of MaxPooling2D and AveragePooling2D: window geometry, "same" padding, channels-last checks. */
abstract class Pooling2D extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: KerasPadding;

  constructor(poolSize: Pair = 2, opts: Pooling2DOptions = {}) {
    super(opts);
    checkOptions(new.target.name, opts, POOLING2D_OPTIONS);
    const name = this.constructor.name;
    this.poolSize = pair(poolSize, name, "poolSize", 1);
    this.strides = pair(opts.strides ?? poolSize, name, "strides", 1);
    this.padding = opts.padding ?? "valid";
    if (this.padding !== "valid" && this.padding !== "same") throw new RangeError(`${name}: padding must be "valid" or "same", got ${String(this.padding)}`);
  }

  /** Keras's automatic names: max_pooling2d, average_pooling2d. */
  override get kind(): string {
    return this.constructor.name.replace("2D", "2d").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  }

  protected pads([H, W]: LayerShape): [number, number][] {
    return [tfPadding(H, this.poolSize[0], this.strides[0], 1, this.padding), tfPadding(W, this.poolSize[1], this.strides[1], 1, this.padding)];
  }

  computeOutputShape([shape]: LayerShape[]): LayerShape {
    checkChannelsLast(this, shape, null);
    const pads = this.pads(shape);
    const out = [0, 1].map((d) => convOutSize(shape[d], this.poolSize[d], this.strides[d], pads[d], 1));
    if (out.some((o) => o < 1)) throw new RangeError(`${this.constructor.name} "${this.name ?? this.kind}": input of spatial size ${shape[0]}×${shape[1]} is smaller than the pool ${this.poolSize.join("×")}`);
    return [out[0], out[1], shape[2]];
  }

  /** The pooling of (N, C, H, W) after padding with `fill` (TensorFlow's "same" pads unevenly). */
  protected pooled(x: Tensor, fill: number, pool: (x: Tensor) => Tensor): Tensor {
    this.computeOutputShape([x.shape.slice(1)]);
    const [[t, b], [l, r]] = this.pads(x.shape.slice(1, 3));
    const nchw = toNCHW(x);
    return toNHWC(pool(t + b + l + r > 0 ? pad(nchw, [l, r, t, b], { value: fill }) : nchw));
  }

  getConfig(): Record<string, unknown> {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

/** keras.layers.MaxPooling2D: the maximum of each poolSize window, (N, H, W, C) → (N, OH, OW, C). */
export class MaxPooling2D extends Pooling2D {
  protected call([x]: Tensor[]): Tensor {
    return this.pooled(x, -Infinity, (y) => maxPool2d(y, [this.poolSize[0], this.poolSize[1]], { stride: [this.strides[0], this.strides[1]] }));
  }
}

/** keras.layers.AveragePooling2D: the mean of each window ("same" averages only the pixels inside the image, as Keras). */
export class AveragePooling2D extends Pooling2D {
  protected call([x]: Tensor[]): Tensor {
    const [[t, b], [l, r]] = this.pads(x.shape.slice(1, 3));
    if (t + b + l + r > 0) {
      // Keras divides by the pixels inside the image: the mean of zero-padded sums over the mean of a padded mask.
      const ones = x.detach().mul(0).add(1);
      const sums = this.pooled(x, 0, (y) => avgPool2d(y, [this.poolSize[0], this.poolSize[1]], { stride: [this.strides[0], this.strides[1]] }));
      const counts = this.pooled(ones, 0, (y) => avgPool2d(y, [this.poolSize[0], this.poolSize[1]], { stride: [this.strides[0], this.strides[1]] }));
      return sums.div(counts);
    }
    return this.pooled(x, 0, (y) => avgPool2d(y, [this.poolSize[0], this.poolSize[1]], { stride: [this.strides[0], this.strides[1]] }));
  }
}

/** keras.layers.GlobalAveragePooling2D: the mean over H and W, (N, H, W, C) → (N, C). */
export class GlobalAveragePooling2D extends Layer {
  override get kind(): string {
    return "global_average_pooling2d";
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    checkChannelsLast(this, shape, null);
    return [shape[2]];
  }
  protected call([x]: Tensor[]): Tensor {
    this.computeOutputShape([x.shape.slice(1)]);
    return x.mean([1, 2]);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** The classes of this file by name, for loadModel(). */
export const CONV_LAYER_CLASSES: Record<string, (config: Record<string, unknown>, name: string) => Layer> = {
  Conv2D: (c, name) => new Conv2D(c.filters as number, c.kernelSize as [number, number], {
    strides: c.strides as [number, number], padding: c.padding as KerasPadding, dilationRate: c.dilationRate as [number, number],
    activation: c.activation as string, useBias: c.useBias as boolean, name,
  }),
  MaxPooling2D: (c, name) => new MaxPooling2D(c.poolSize as [number, number], { strides: c.strides as [number, number], padding: c.padding as KerasPadding, name }),
  AveragePooling2D: (c, name) => new AveragePooling2D(c.poolSize as [number, number], { strides: c.strides as [number, number], padding: c.padding as KerasPadding, name }),
  GlobalAveragePooling2D: (_c, name) => new GlobalAveragePooling2D({ name }),
};
