/**
 * @file Convolutions as torch.nn.functional: conv1d, conv2d, convTranspose1d, convTranspose2d, with PyTorch's
 * weight layouts. conv2d is the Conv2d primitive and convTranspose2d its input gradient (Conv2dInputGrad), whose
 * gradient rules close over each other. 1-D ops run as 2-D ones of height 1; an unbatched input gets a batch dim of 1.
 */
import { apply } from "../core/autograd.ts";
import { Op, type WindowParams } from "../core/ops.ts";
import { reshape } from "../core/prims.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertTensor } from "./check.ts";
import { add } from "./elementwise.ts";
import { assertChannels, assertFits, assertSpatialRank, convPadding, pair, type Pair } from "./conv-args.ts";

export type { Pair } from "./conv-args.ts";

export interface ConvOptions {
  stride?: Pair;
  /** Zero padding on both sides of each dim, or "same" (output size = input size; stride 1) or "valid" (none). */
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
  /** Input and output channels split into this many independent groups. */
  groups?: number;
}

export interface ConvTransposeOptions {
  stride?: Pair;
  /** Removes dilation·(k − 1) − padding of the implicit border on both sides (PyTorch's meaning). */
  padding?: Pair;
  /** Extra rows/columns at the bottom/right, to reach an exact output size when stride > 1. */
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
}

/** Runs `f` on a batched input: an unbatched (C, …) input is given a batch dim of 1 and loses it again. */
function batched(x: Tensor, spatial: number, f: (x4: Tensor) => Tensor): Tensor {
  const unbatched = x.ndim === spatial + 1;
  const x1 = unbatched ? reshape(x, [1, ...x.shape]) : x;
  const x4 = spatial === 1 ? reshape(x1, [x1.shape[0], x1.shape[1], 1, x1.shape[2]]) : x1; // (N, C, 1, L)
  let y = f(x4);
  if (spatial === 1) y = reshape(y, [y.shape[0], y.shape[1], y.shape[3]]);
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

function checkWeightAndBias(x: Tensor, weight: Tensor, bias: Tensor | null, spatial: number, outChannels: number, op: string): void {
  assertTensor(x, op);
  assertTensor(weight, op, "weight");
  assertFloat(x, op);
  assertFloat(weight, op);
  assertSpatialRank(x, spatial, op);
  if (weight.ndim !== spatial + 2) {
    const dims = spatial === 1 ? "k" : "kH, kW";
    throw new RangeError(`${op}: weight must be ${spatial + 2}-D (out, in/groups, ${dims}), got shape ${fmtShape(weight.shape)}`);
  }
  if (bias !== null) {
    assertTensor(bias, op, "bias");
    if (bias.ndim !== 1 || bias.shape[0] !== outChannels) throw new RangeError(`${op}: bias must have shape [${outChannels}], got ${fmtShape(bias.shape)}`);
  }
}

function checkGroups(groups: number, inChannels: number, outChannels: number, op: string): void {
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`${op}: groups must be a positive integer, got ${groups}`);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new RangeError(`${op}: groups ${groups} must divide both the input channels ${inChannels} and the output channels ${outChannels}`);
  }
}

/** x (N, C, H, W) ⋆ w (O, C/groups, kH, kW) [+ bias (O)] → (N, O, OH, OW): one Conv2d primitive (per-image patches times the weights). */
export function conv2dCore(x: Tensor, w: Tensor, bias: Tensor | null, p: WindowParams, groups: number): Tensor {
  return apply(Op.Conv2d, bias ? [x, w, bias] : [x, w], { ...p, groups });
}

/**
 * The adjoint of conv2dCore in its input: x (N, C, H, W) with w (C, O/groups, kH, kW) → (N, O, OH, OW) where the
 * windows of an OH×OW image form an H×W grid: Conv2d's input gradient with x in the place of the output gradient.
 */
export function convTranspose2dCore(x: Tensor, w: Tensor, bias: Tensor | null, p: WindowParams, groups: number, imageHW: readonly number[]): Tensor {
  const O = w.shape[1] * groups;
  const y = apply(Op.Conv2dInputGrad, [x, w], { ...p, groups, imageShape: [x.shape[0], O, imageHW[0], imageHW[1]] });
  return bias ? add(y, reshape(bias, [1, O, 1, 1])) : y;
}

/** Shared body of conv1d/conv2d; `op` is the name errors carry (a layer passes its own). */
export function convNd(x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions, spatial: 1 | 2, op: string): Tensor {
  checkWeightAndBias(x, weight, bias, spatial, weight.shape[0], op);
  const groups = opts.groups ?? 1;
  const lift = (v: number[], fill: number) => (spatial === 1 ? [fill, ...v] : v);
  const stride = lift(pair(opts.stride ?? 1, op, "stride", 1, spatial), 1);
  const dilation = lift(pair(opts.dilation ?? 1, op, "dilation", 1, spatial), 1);
  const kernel = lift(weight.shape.slice(2), 1);
  const padding = convPadding(opts.padding ?? 0, kernel, dilation, stride, op, spatial);
  return batched(x, spatial, (x4) => {
    checkGroups(groups, x4.shape[1], weight.shape[0], op);
    assertChannels(x4, weight.shape[1] * groups, op, groups > 1 ? ` (weight ${fmtShape(weight.shape)}, groups ${groups})` : ` (weight ${fmtShape(weight.shape)})`, x.shape);
    assertFits(x4, kernel, padding.map((p) => p[0]), padding.map((p) => p[1]), dilation, op, spatial, x.shape);
    const w4 = spatial === 1 ? reshape(weight, [weight.shape[0], weight.shape[1], 1, weight.shape[2]]) : weight;
    const p: WindowParams = { kernelSize: [kernel[0], kernel[1]], stride: [stride[0], stride[1]], padding: [padding[0], padding[1]], dilation: [dilation[0], dilation[1]] };
    return conv2dCore(x4, w4, bias, p, groups);
  });
}

/** Shared body of convTranspose1d/2d. */
export function convTransposeNd(x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvTransposeOptions, spatial: 1 | 2, op: string): Tensor {
  const groups = opts.groups ?? 1;
  checkWeightAndBias(x, weight, bias, spatial, weight.shape[1] * groups, op);
  const lift = (v: number[], fill: number) => (spatial === 1 ? [fill, ...v] : v);
  const stride = lift(pair(opts.stride ?? 1, op, "stride", 1, spatial), 1);
  const dilation = lift(pair(opts.dilation ?? 1, op, "dilation", 1, spatial), 1);
  const padding = lift(pair(opts.padding ?? 0, op, "padding", 0, spatial), 0);
  const outputPadding = lift(pair(opts.outputPadding ?? 0, op, "outputPadding", 0, spatial), 0);
  // NOTE: PyTorch also allows outputPadding < dilation; here it must be below the stride (the windows then tile the output exactly).
  outputPadding.forEach((o, i) => {
    if (o >= stride[i]) throw new RangeError(`${op}: outputPadding must be smaller than the stride, got outputPadding ${o} and stride ${stride[i]}`);
  });
  return batched(x, spatial, (x4) => {
    checkGroups(groups, x4.shape[1], weight.shape[1] * groups, op);
    assertChannels(x4, weight.shape[0], op, ` (weight ${fmtShape(weight.shape)})`, x.shape);
    const w4 = spatial === 1 ? reshape(weight, [weight.shape[0], weight.shape[1], 1, weight.shape[2]]) : weight;
    const p: WindowParams = {
      kernelSize: [w4.shape[2], w4.shape[3]], stride: [stride[0], stride[1]], padding: [[padding[0], padding[0]], [padding[1], padding[1]]], dilation: [dilation[0], dilation[1]],
    };
    const size = x4.shape.slice(2).map((s, i) => (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (w4.shape[2 + i] - 1) + 1 + outputPadding[i]);
    if (size.some((s) => s <= 0)) throw new RangeError(`${op}: output size ${size.slice(spatial === 1 ? 1 : 0).join("×")} is not positive (input shape ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}, padding ${padding.slice(spatial === 1 ? 1 : 0).join("×")})`);
    return convTranspose2dCore(x4, w4, bias, p, groups, size);
  });
}

/**
 * 2-D cross-correlation as torch.nn.functional.conv2d: input (N, C, H, W), weight (O, C/groups, kH, kW),
 * bias (O) → (N, O, OH, OW). @example lw.conv2d(x, w, b, { padding: 1 })
 */
export const conv2d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor =>
  convNd(x, weight, bias, opts, 2, "conv2d");

/** 1-D cross-correlation: input (N, C, L), weight (O, C/groups, k) → (N, O, OL). */
export const conv1d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor =>
  convNd(x, weight, bias, opts, 1, "conv1d");

/**
 * Transposed 2-D convolution (the gradient of conv2d in its input): input (N, C, H, W), weight (C, O/groups, kH, kW)
 * → (N, O, (H − 1)·stride − 2·padding + dilation·(kH − 1) + 1 + outputPadding, …).
 */
export const convTranspose2d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor =>
  convTransposeNd(x, weight, bias, opts, 2, "convTranspose2d");

/** Transposed 1-D convolution: input (N, C, L), weight (C, O/groups, k). */
export const convTranspose1d = (x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor =>
  convTransposeNd(x, weight, bias, opts, 1, "convTranspose1d");
