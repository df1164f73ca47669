/**
 * @file nn.init: fill a tensor in place (outside autograd) from a distribution or a scheme —
 * uniform, normal, constant, Xavier/Glorot, Kaiming/He — with PyTorch's formulas and names.
 */
import { noGrad } from "../core/grad-mode.ts";
import { fmtShape } from "../core/shape.ts";
import type { Generator } from "../core/random.ts";
import type { Tensor } from "../core/tensor.ts";
import { rand, randn } from "../ops/creation.ts";

export type Nonlinearity = "linear" | "conv1d" | "conv2d" | "conv3d" | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";
export type FanMode = "fan_in" | "fan_out";
export interface InitOptions { generator?: Generator }

/** The recommended gain for a nonlinearity (`param` is leaky_relu's negative slope, default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d": case "sigmoid": return 1;
    case "tanh": return 5 / 3;
    case "relu": return Math.SQRT2;
    case "leaky_relu": { const s = param ?? 0.01; return Math.sqrt(2 / (1 + s * s)); }
    case "selu": return 3 / 4;
    default: throw new RangeError(`calculateGain: unsupported nonlinearity ${JSON.stringify(nonlinearity)}`);
  }
}

/** [fanIn, fanOut] of a weight of shape (out, in, …kernel). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new RangeError(`init: fan in and fan out need a tensor with at least 2 dims, got shape ${fmtShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

const write = (t: Tensor, v: Tensor | number): Tensor => noGrad(() => t.copy_(v));

/** Samples from U(a, b). */
export const uniform_ = (t: Tensor, a = 0, b = 1, opts: InitOptions = {}): Tensor =>
  write(t, noGrad(() => rand(t.shape, { dtype: "float64", generator: opts.generator }).mul(b - a).add(a)));
/** Samples from N(mean, std²). */
export const normal_ = (t: Tensor, mean = 0, std = 1, opts: InitOptions = {}): Tensor =>
  write(t, noGrad(() => randn(t.shape, { dtype: "float64", generator: opts.generator }).mul(std).add(mean)));
export const constant_ = (t: Tensor, value: number): Tensor => write(t, value);
export const zeros_ = (t: Tensor): Tensor => write(t, 0);
export const ones_ = (t: Tensor): Tensor => write(t, 1);

/** Glorot: U(−a, a) with a = gain · √(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const [fi, fo] = calculateFanInAndFanOut(t);
  const a = (opts.gain ?? 1) * Math.sqrt(6 / (fi + fo));
  return uniform_(t, -a, a, opts);
}
/** Glorot: N(0, std²) with std = gain · √(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const [fi, fo] = calculateFanInAndFanOut(t);
  return normal_(t, 0, (opts.gain ?? 1) * Math.sqrt(2 / (fi + fo)), opts);
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu only). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}
function kaimingStd(t: Tensor, o: KaimingOptions): number {
  const [fi, fo] = calculateFanInAndFanOut(t);
  const fan = (o.mode ?? "fan_in") === "fan_in" ? fi : fo;
  return calculateGain(o.nonlinearity ?? "leaky_relu", o.a ?? 0) / Math.sqrt(fan);
}
/** He: U(−b, b) with b = gain · √(3 / fan). */
export const kaimingUniform_ = (t: Tensor, opts: KaimingOptions = {}): Tensor => {
  const b = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform_(t, -b, b, opts);
};
/** He: N(0, (gain / √fan)²). */
export const kaimingNormal_ = (t: Tensor, opts: KaimingOptions = {}): Tensor => normal_(t, 0, kaimingStd(t, opts), opts);
