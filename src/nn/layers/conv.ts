/**
 * @file Convolution layers with PyTorch's weight layouts and default initialisation: Conv1d, Conv2d
 * (weight (out, in/groups, kH, kW)), ConvTranspose1d, ConvTranspose2d (weight (in, out/groups, kH, kW)).
 */
import type { Tensor } from "../../core/tensor.ts";
import { convNd, convTransposeNd, type ConvOptions, type ConvTransposeOptions, type Pair } from "../../ops/conv.ts";
import { pair } from "../../ops/conv-args.ts";
import { empty } from "../tensors.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import * as init from "../init.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const CONV_OPTIONS = optionKeys<ConvLayerOptions>({ stride: 1, padding: 1, dilation: 1, groups: 1, bias: 1, dtype: 1 });
const CONV_TRANSPOSE_OPTIONS = optionKeys<ConvTransposeLayerOptions>({ stride: 1, padding: 1, outputPadding: 1, dilation: 1, groups: 1, bias: 1, dtype: 1 });

export interface ConvLayerOptions extends ConvOptions {
  bias?: boolean;
  dtype?: "float32" | "float64";
}
export interface ConvTransposeLayerOptions extends ConvTransposeOptions {
  bias?: boolean;
  dtype?: "float32" | "float64";
}

const fmtPair = (v: readonly number[]): string => (v.length === 1 ? String(v[0]) : `(${v.join(", ")})`);

/** The shared state of the four layers: sizes, the kernel, weight and bias, PyTorch's init. */
abstract class ConvBase<O extends ConvLayerOptions | ConvTransposeLayerOptions> extends Module {
  readonly kernelSize: number[];
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    readonly spatial: 1 | 2,
    readonly transposed: boolean,
    readonly opts: O,
  ) {
    super();
    const name = this.constructor.name;
    for (const [n, v] of [["inChannels", inChannels], ["outChannels", outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name}: ${n} must be a positive integer, got ${v}`);
    }
    const groups = opts.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1 || inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new RangeError(`${name}: groups ${groups} must be a positive integer dividing inChannels ${inChannels} and outChannels ${outChannels}`);
    }
    this.kernelSize = pair(kernelSize, name, "kernelSize", 1, spatial);
    const wShape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = new Parameter(empty(wShape, opts.dtype));
    this.bias = opts.bias ?? true ? new Parameter(empty([outChannels], opts.dtype)) : null;
    this.resetParameters();
  }

  /** PyTorch's default: W ~ kaiming_uniform(a = √5) = U(±1/√fanIn), b ~ U(±1/√fanIn), fanIn = weight.shape[1]·k. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  /** The layer as PyTorch prints it, used in error messages: Conv2d(1, 32, kernelSize=3). */
  protected get label(): string {
    return `${this.constructor.name}(${this.inChannels}, ${this.outChannels}, kernelSize=${fmtPair(this.kernelSize)})`;
  }

  override extraRepr(): string {
    const o = this.opts;
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=${fmtPair(this.kernelSize)}`];
    if (o.stride !== undefined) parts.push(`stride=${typeof o.stride === "number" ? o.stride : fmtPair(o.stride)}`);
    if (o.padding !== undefined) parts.push(`padding=${typeof o.padding === "string" ? `"${o.padding}"` : typeof o.padding === "number" ? o.padding : fmtPair(o.padding)}`);
    if (o.dilation !== undefined) parts.push(`dilation=${typeof o.dilation === "number" ? o.dilation : fmtPair(o.dilation)}`);
    if ("outputPadding" in o && o.outputPadding !== undefined) parts.push(`outputPadding=${typeof o.outputPadding === "number" ? o.outputPadding : fmtPair(o.outputPadding)}`);
    if ((o.groups ?? 1) !== 1) parts.push(`groups=${o.groups}`);
    if (!this.bias) parts.push("bias=false");
    return parts.join(", ");
  }
}

const convOpts = ({ stride, padding, dilation, groups }: ConvLayerOptions): ConvOptions => ({ stride, padding, dilation, groups });
const convTOpts = ({ stride, padding, outputPadding, dilation, groups }: ConvTransposeLayerOptions): ConvTransposeOptions =>
  ({ stride, padding, outputPadding, dilation, groups });

/**
 * 2-D convolution over (N, C, H, W) or (C, H, W). @example new nn.Conv2d(1, 32, 3, { padding: 1 })
 * Errors name the layer: `Conv2d(1, 32, kernelSize=3): expected input with 1 channels …, got 3 channels`.
 */
export class Conv2d extends ConvBase<ConvLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: Pair, opts: ConvLayerOptions = {}) {
    super(inChannels, outChannels, kernelSize, 2, false, opts);
    checkOptions("Conv2d", opts, CONV_OPTIONS);
  }
  forward(x: Tensor): Tensor {
    return convNd(x, this.weight, this.bias, convOpts(this.opts), 2, this.label);
  }
}

/** 1-D convolution over (N, C, L) or (C, L); weight (out, in/groups, k). */
export class Conv1d extends ConvBase<ConvLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: ConvLayerOptions = {}) {
    super(inChannels, outChannels, kernelSize, 1, false, opts);
    checkOptions("Conv1d", opts, CONV_OPTIONS);
  }
  forward(x: Tensor): Tensor {
    return convNd(x, this.weight, this.bias, convOpts(this.opts), 1, this.label);
  }
}

/** Transposed 2-D convolution ("deconvolution"), e.g. a GAN generator's upsampling step; weight (in, out/groups, kH, kW). */
export class ConvTranspose2d extends ConvBase<ConvTransposeLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: Pair, opts: ConvTransposeLayerOptions = {}) {
    super(inChannels, outChannels, kernelSize, 2, true, opts);
    checkOptions("ConvTranspose2d", opts, CONV_TRANSPOSE_OPTIONS);
  }
  forward(x: Tensor): Tensor {
    return convTransposeNd(x, this.weight, this.bias, convTOpts(this.opts), 2, this.label);
  }
}

/** Transposed 1-D convolution; weight (in, out/groups, k). */
export class ConvTranspose1d extends ConvBase<ConvTransposeLayerOptions> {
  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: ConvTransposeLayerOptions = {}) {
    super(inChannels, outChannels, kernelSize, 1, true, opts);
    checkOptions("ConvTranspose1d", opts, CONV_TRANSPOSE_OPTIONS);
  }
  forward(x: Tensor): Tensor {
    return convTransposeNd(x, this.weight, this.bias, convTOpts(this.opts), 1, this.label);
  }
}
