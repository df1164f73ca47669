/**
 * @file Pooling as torch.nn.functional: max (with indices), average and adaptive average, 1-D and 2-D.
 * Max pooling gathers within each plane at the argmax primitive's indices; average pooling is a conv with a box kernel.
 */
import { apply, record } from "../core/autograd.ts";
import { maxPool2dValuesAndIndices } from "../core/forward-cnn.ts";
import { Op, type PoolParams } from "../core/ops.ts";
import { reshape } from "../core/prims.ts";
import { poolOutSize } from "../core/conv-geometry.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertTensor } from "./check.ts";
import { assertSpatialRank, pair, type Pair } from "./conv-args.ts";
import { fromTypedArray } from "./creation.ts";
import { div } from "./elementwise.ts";
import { mean, sum } from "./reduce.ts";
import type { ValuesIndices } from "./reduce.ts";
import { separable, sparseRows } from "./separable.ts";

export interface MaxPoolOptions {
  /** Default: the kernel size. */
  stride?: Pair;
  /** Implicit -∞ border, at most half the (dilated) kernel. */
  padding?: Pair;
  dilation?: Pair;
  /** Round the output size up (a last, partial window). */
  ceilMode?: boolean;
}

export interface AvgPoolOptions {
  stride?: Pair;
  /** Implicit zero border, at most half the kernel. */
  padding?: Pair;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (PyTorch's default true). */
  countIncludePad?: boolean;
  /** Divide every window by this instead. */
  divisorOverride?: number;
}

/** (N, C, H, W) view of a 1-D/2-D, batched or unbatched input, and the function that restores the layout. */
function as4d(x: Tensor, spatial: 1 | 2): [Tensor, (y: Tensor) => Tensor] {
  const unbatched = x.ndim === spatial + 1;
  const x1 = unbatched ? reshape(x, [1, ...x.shape]) : x;
  const x4 = spatial === 1 ? reshape(x1, [x1.shape[0], x1.shape[1], 1, x1.shape[2]]) : x1;
  const back = (y: Tensor) => {
    const y1 = spatial === 1 ? reshape(y, [y.shape[0], y.shape[1], y.shape[3]]) : y;
    return unbatched ? reshape(y1, y1.shape.slice(1)) : y1;
  };
  return [x4, back];
}

interface Geometry { k: number[]; s: number[]; p: number[]; d: number[]; out: number[] }

/** Checks the arguments and computes the 2-D geometry (a 1-D op has height 1: kernel 1, stride 1, no padding). */
function geometry(x4: Tensor, kernelSize: Pair, opts: MaxPoolOptions, spatial: 1 | 2, op: string, maxPadOf: (k: number, d: number) => number, shown: readonly number[]): Geometry {
  const lift = (v: number[], fill: number) => (spatial === 1 ? [fill, ...v] : v);
  const k = lift(pair(kernelSize, op, "kernelSize", 1, spatial), 1);
  const s = lift(pair(opts.stride ?? kernelSize, op, "stride", 1, spatial), 1);
  const p = lift(pair(opts.padding ?? 0, op, "padding", 0, spatial), 0);
  const d = lift(pair(opts.dilation ?? 1, op, "dilation", 1, spatial), 1);
  const drop = spatial === 1 ? 1 : 0;
  p.forEach((pi, i) => {
    if (pi > maxPadOf(k[i], d[i])) throw new RangeError(`${op}: padding ${p.slice(drop).join("×")} must be at most half of the kernel ${k.slice(drop).join("×")}`);
  });
  const size = x4.shape.slice(2);
  const out = size.map((n, i) => poolOutSize(n, k[i], s[i], p[i], d[i], opts.ceilMode ?? false));
  if (out.some((o) => o < 1)) {
    const span = k.map((ki, i) => d[i] * (ki - 1) + 1);
    throw new RangeError(`${op}: input of spatial size ${size.slice(drop).join("×")} is smaller than the kernel ${span.slice(drop).join("×")} (input shape ${fmtShape(shown)}${p.some((v) => v > 0) ? `, padding ${p.slice(drop).join("×")}` : ""})`);
  }
  return { k, s, p, d, out };
}

function checked(x: Tensor, spatial: 1 | 2, op: string): void {
  assertTensor(x, op);
  assertFloat(x, op);
  assertSpatialRank(x, spatial, op);
}

/** Shared body of the max pools; `op` is the name errors carry (a layer passes its own). */
export function maxPoolNd(x: Tensor, kernelSize: Pair, opts: MaxPoolOptions, spatial: 1 | 2, op: string): ValuesIndices {
  checked(x, spatial, op);
  const [x4, back] = as4d(x, spatial);
  const g = geometry(x4, kernelSize, opts, spatial, op, (k, d) => Math.floor((d * (k - 1) + 1) / 2), x.shape);
  const params: PoolParams = {
    kernelSize: [g.k[0], g.k[1]], stride: [g.s[0], g.s[1]], padding: [g.p[0], g.p[1]], dilation: [g.d[0], g.d[1]], ceilMode: opts.ceilMode ?? false,
  };
  // (N, C, OH, OW) each: the flat index h·W + w of each maximum and the maximum, found together and recorded as the
  // gather at the indices (its gradient scatter-adds into the planes)
  const [found, indices] = maxPool2dValuesAndIndices(x4, params);
  const values = record(Op.PlaneGather, [x4, indices], {}, found);
  const v = back(values), i = back(indices);
  return Object.assign([v, i] as [Tensor, Tensor], { values: v, indices: i });
}

/** Max over each window: (N, C, H, W) → (N, C, OH, OW). @example lw.maxPool2d(x, 2) */
export const maxPool2d = (x: Tensor, kernelSize: Pair, opts: MaxPoolOptions = {}): Tensor =>
  maxPoolNd(x, kernelSize, opts, 2, "maxPool2d").values;
/** maxPool2d and the flat index (h·W + w) of each maximum in its input plane, as PyTorch's return_indices. */
export const maxPool2dWithIndices = (x: Tensor, kernelSize: Pair, opts: MaxPoolOptions = {}): ValuesIndices =>
  maxPoolNd(x, kernelSize, opts, 2, "maxPool2d");
/** Max over each window of (N, C, L). */
export const maxPool1d = (x: Tensor, kernelSize: number, opts: MaxPoolOptions = {}): Tensor =>
  maxPoolNd(x, kernelSize, opts, 1, "maxPool1d").values;
/** maxPool1d and the position of each maximum along L. */
export const maxPool1dWithIndices = (x: Tensor, kernelSize: number, opts: MaxPoolOptions = {}): ValuesIndices =>
  maxPoolNd(x, kernelSize, opts, 1, "maxPool1d");

/** The divisor of each output window as PyTorch's avg_pool2d: windows clipped to the padded (or, without countIncludePad, the real) input. */
function divisors(size: number, out: number, k: number, s: number, p: number, includePad: boolean): number[] {
  return Array.from({ length: out }, (_, o) => {
    const start = o * s - p, end = Math.min(start + k, size + p);
    return includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
  });
}

/** Shared body of the average pools. */
export function avgPoolNd(x: Tensor, kernelSize: Pair, opts: AvgPoolOptions, spatial: 1 | 2, op: string): Tensor {
  checked(x, spatial, op);
  if (opts.divisorOverride !== undefined && !(opts.divisorOverride > 0)) throw new RangeError(`${op}: divisorOverride must be positive, got ${opts.divisorOverride}`);
  const [x4, back] = as4d(x, spatial);
  const g = geometry(x4, kernelSize, { ...opts, dilation: 1 }, spatial, op, (k) => Math.floor(k / 2), x.shape);
  const [N, C, H, W] = x4.shape, [OH, OW] = g.out;
  // Box sums: each plane's patches summed; ceil mode pads the end so that the last window exists.
  const extra = [H, W].map((n, i) => Math.max(0, (g.out[i] - 1) * g.s[i] + g.k[i] - (n + 2 * g.p[i])));
  const planes = reshape(x4, [N * C, 1, H, W]);
  const patches = apply(Op.Im2Col, [planes], {
    kernelSize: [g.k[0], g.k[1]], stride: [g.s[0], g.s[1]], padding: [[g.p[0], g.p[0] + extra[0]], [g.p[1], g.p[1] + extra[1]]], dilation: [1, 1],
  }); // (kH·kW, N·C·OH·OW)
  const sums = reshape(sum(patches, 0), [N, C, OH, OW]);
  let divisor: Tensor | number;
  if (opts.divisorOverride !== undefined) divisor = opts.divisorOverride;
  else {
    const include = opts.countIncludePad ?? true;
    const dh = divisors(H, OH, g.k[0], g.s[0], g.p[0], include), dw = divisors(W, OW, g.k[1], g.s[1], g.p[1], include);
    const d = x.dtype === "float64" ? new Float64Array(OH * OW) : new Float32Array(OH * OW);
    for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) d[i * OW + j] = dh[i] * dw[j];
    divisor = fromTypedArray(d, [OH, OW]);
  }
  return back(div(sums, divisor));
}

/** Mean over each window: (N, C, H, W) → (N, C, OH, OW). @example lw.avgPool2d(x, 2) */
export const avgPool2d = (x: Tensor, kernelSize: Pair, opts: AvgPoolOptions = {}): Tensor => avgPoolNd(x, kernelSize, opts, 2, "avgPool2d");
/** Mean over each window of (N, C, L). */
export const avgPool1d = (x: Tensor, kernelSize: number, opts: AvgPoolOptions = {}): Tensor => avgPoolNd(x, kernelSize, opts, 1, "avgPool1d");

/** The (out, size) averaging matrix of adaptive pooling: row i averages [⌊i·size/out⌋, ⌈(i+1)·size/out⌉). */
const adaptiveMatrix = (size: number, out: number, dtype: Tensor["dtype"]): Tensor =>
  sparseRows(out, size, dtype, (i) => {
    const start = Math.floor((i * size) / out), end = Math.ceil(((i + 1) * size) / out);
    return Array.from({ length: end - start }, (_, j): [number, number] => [start + j, 1 / (end - start)]);
  });

/** Shared body of the adaptive average pools; a null size keeps that dim. */
export function adaptiveAvgPoolNd(x: Tensor, outputSize: number | readonly (number | null)[], spatial: 1 | 2, op: string): Tensor {
  checked(x, spatial, op);
  const [x4, back] = as4d(x, spatial);
  const [H, W] = x4.shape.slice(2);
  const given = typeof outputSize === "number" ? new Array<number>(spatial).fill(outputSize) : outputSize.map((v, i) => v ?? x.shape[x.ndim - spatial + i]);
  const [OH, OW] = spatial === 1 ? [1, ...pair(given, op, "outputSize", 1, 1)] : pair(given, op, "outputSize", 1);
  if (H === 0 || W === 0) throw new RangeError(`${op}: input has an empty spatial dim (shape ${fmtShape(x.shape)})`);
  if (OH === 1 && OW === 1) return back(mean(x4, [2, 3], { keepdim: true })); // global average pooling
  return back(separable(x4, adaptiveMatrix(H, OH, x.dtype), adaptiveMatrix(W, OW, x.dtype)));
}

/**
 * Average pooling to a fixed output size (N, C, OH, OW) whatever the input size; null keeps that dim.
 * @example lw.adaptiveAvgPool2d(x, 1) // global average pooling, (N, C, 1, 1)
 */
export const adaptiveAvgPool2d = (x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor =>
  adaptiveAvgPoolNd(x, outputSize, 2, "adaptiveAvgPool2d");

/** Average pooling of (N, C, L) to a fixed length. */
export const adaptiveAvgPool1d = (x: Tensor, outputSize: number): Tensor => adaptiveAvgPoolNd(x, outputSize, 1, "adaptiveAvgPool1d");
