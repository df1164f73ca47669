/**
 * @file Argument checks of convolution and pooling: (h, w) pairs, "same"/"valid" padding, channel and
 * size checks. Every message names the op (or the layer) and the shapes involved.
 */
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";

/** One number for both spatial dims, or one per dim (height, width). */
export type Pair = number | readonly [number, number];

/** `v` as an [h, w] pair of integers ≥ min; `n` = 1 for the 1-D ops (the pair is then [1 or 0, v]). */
export function pair(v: Pair | readonly number[], op: string, what: string, min: number, n = 2): number[] {
  const list = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  if (list.length !== n || list.some((x) => !Number.isInteger(x) || x < min)) {
    throw new RangeError(`${op}: ${what} must be ${min > 0 ? "a positive" : "a non-negative"} integer${n > 1 ? ` or ${n} of them` : ""}, got ${Array.isArray(v) ? `[${v.join(", ")}]` : String(v)}`);
  }
  return list;
}

const times = (s: readonly number[]): string => s.join("×");

/** Rank check for the spatial ops: (N, C, …spatial) or, unbatched, (C, …spatial). */
export function assertSpatialRank(x: Tensor, spatial: number, op: string): void {
  if (x.ndim !== spatial + 1 && x.ndim !== spatial + 2) {
    const dims = spatial === 1 ? "L" : "H, W";
    throw new RangeError(`${op}: expected a ${spatial + 1}-D (C, ${dims}) or ${spatial + 2}-D (N, C, ${dims}) input, got shape ${fmtShape(x.shape)}`);
  }
}

/** The input's channels must be what the weight wants; `shown` is the shape the caller passed (before batching). */
export function assertChannels(x: Tensor, expected: number, op: string, why: string, shown: readonly number[]): void {
  if (x.shape[1] !== expected) {
    throw new RangeError(`${op}: expected input with ${expected} channels${why}, got ${x.shape[1]} channels (input shape ${fmtShape(shown)})`);
  }
}

/** The (padded) input must hold at least one (dilated) window. */
export function assertFits(x: Tensor, kernel: readonly number[], padBefore: readonly number[], padAfter: readonly number[], dilation: readonly number[], op: string, spatial: number, shown: readonly number[]): void {
  const size = x.shape.slice(2);
  const padded = size.map((s, i) => s + padBefore[i] + padAfter[i]);
  const span = kernel.map((k, i) => dilation[i] * (k - 1) + 1);
  if (padded.some((s, i) => s < span[i])) {
    const drop = spatial === 1 ? 1 : 0; // 1-D ops run as 2-D with height 1: report only the length
    const padNote = padBefore.some((p, i) => p + padAfter[i] > 0) ? ` (${times(padded.slice(drop))} with padding)` : "";
    const dilNote = dilation.some((d) => d > 1) ? ` (${times(span.slice(drop))} dilated)` : "";
    throw new RangeError(`${op}: input of spatial size ${times(size.slice(drop))}${padNote} is smaller than the kernel ${times(kernel.slice(drop))}${dilNote} (input shape ${fmtShape(shown)})`);
  }
}

/** [before, after] zero padding per dim from a number/pair or "same"/"valid" (PyTorch: "same" needs stride 1, extra on the after side). */
export function convPadding(padding: Pair | "same" | "valid", kernel: readonly number[], dilation: readonly number[], stride: readonly number[], op: string, n: number): [number, number][] {
  if (padding === "valid") return kernel.map(() => [0, 0]);
  if (padding === "same") {
    if (stride.some((s) => s !== 1)) throw new RangeError(`${op}: padding "same" is only supported with stride 1, got stride ${times(stride.slice(2 - n))}`);
    return kernel.map((k, i) => {
      const total = dilation[i] * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === "string") throw new RangeError(`${op}: padding must be a number, a pair, "same" or "valid", got "${padding}"`);
  const p = pair(padding, op, "padding", 0, n);
  return (n === 1 ? [0, p[0]] : p).map((v) => [v, v]);
}
