/**
 * @file Reference max-pooling kernels: the flat index of each window's maximum, the gather of the values at
 * such plane indices and its adjoint, the scatter-add of a gradient back onto the planes (float64 sums); the
 * maxima with their indices from one scan.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { poolOutShape } from "../../core/conv-geometry.ts";
import type { PoolParams } from "../../core/ops.ts";
import type { View } from "../backend.ts";
import { offsetsOf } from "./iterate.ts";

/** Each window's first maximum (last NaN): its flat index into a new Int32Array and, when given, its value into `values` (−∞ for a window without pixels). */
function maxPoolScan(x: View, p: PoolParams, values?: TypedArray): Int32Array {
  const [N, C, H, W] = x.shape, [OH, OW] = poolOutShape([H, W], p);
  const [kH, kW] = p.kernelSize, [sh, sw] = p.stride, [ph, pw] = p.padding, [dh, dw] = p.dilation;
  const [sN, sC, sH, sW] = x.strides, data = x.data;
  const out = new Int32Array(N * C * OH * OW);
  let at = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x.offset + n * sN + c * sC;
      for (let oh = 0; oh < OH; oh++) {
        // The first row and column of the window inside the image (padding is -∞ and never wins).
        let h0 = oh * sh - ph;
        while (h0 < 0) h0 += dh;
        const h1 = Math.min(oh * sh - ph + (kH - 1) * dh + 1, H);
        for (let ow = 0; ow < OW; ow++) {
          let w0 = ow * sw - pw;
          while (w0 < 0) w0 += dw;
          const w1 = Math.min(ow * sw - pw + (kW - 1) * dw + 1, W);
          let best = h0 * W + w0, max = -Infinity;
          for (let h = h0; h < h1; h += dh) {
            for (let w = w0; w < w1; w += dw) {
              const v = data[plane + h * sH + w * sW];
              // NOTE: as PyTorch's CPU kernel, a NaN always takes over, so the last NaN of a window wins.
              if (v > max || Number.isNaN(v)) {
                max = v;
                best = h * W + w;
              }
            }
          }
          if (values) values[at] = max;
          out[at++] = best;
        }
      }
    }
  }
  return out;
}

export const maxPool2dIndices = (x: View, p: PoolParams): Int32Array => maxPoolScan(x, p);

/** The flat plane index i checked against a plane of H×W pixels. */
function planeIndex(op: string, i: number, H: number, W: number): number {
  if (!(i >= 0 && i < H * W)) throw new RangeError(`${op}: index ${i} is out of bounds for a plane of ${H}×${W} pixels`);
  return i;
}

/** x (N, C, H, W), int32 index (N, C, OH, OW) → out[n, c, o] = x[n, c, ⌊i / W⌋, i mod W], i = index[n, c, o]. */
export function planeGather(x: View, index: View, dtype: DType): TypedArray {
  const [N, C, OH, OW] = index.shape, [H, W] = x.shape.slice(2), [sN, sC, sH, sW] = x.strides;
  const pos = offsetsOf(index.shape, index.strides, index.offset), out = allocate(dtype, pos.length);
  const P = OH * OW;
  for (let u = 0; u < N * C; u++) {
    const plane = x.offset + Math.floor(u / C) * sN + (u % C) * sC;
    for (let o = u * P; o < (u + 1) * P; o++) {
      const i = planeIndex("planeGather", index.data[pos[o]], H, W);
      out[o] = x.data[plane + Math.floor(i / W) * sH + (i % W) * sW];
    }
  }
  return out;
}

/** g and int32 index (N, C, OH, OW) → dense imageShape (N, C, H, W): zeros, each g added at its plane index, in order, in float64. */
export function planeScatterAdd(g: View, index: View, imageShape: readonly number[], dtype: DType): TypedArray {
  const [N, C, OH, OW] = index.shape, [, , H, W] = imageShape, P = OH * OW;
  const pos = offsetsOf(index.shape, index.strides, index.offset), gpos = offsetsOf(g.shape, g.strides, g.offset);
  const out = allocate(dtype, N * C * H * W), acc = new Float64Array(H * W);
  for (let u = 0; u < N * C; u++) {
    acc.fill(0);
    for (let o = u * P; o < (u + 1) * P; o++) acc[planeIndex("planeScatterAdd", index.data[pos[o]], H, W)] += g.data[gpos[o]];
    out.set(acc, u * H * W);
  }
  return out;
}

/** The maxima of the windows and their indices, from one scan. */
export function maxPool2d(x: View, p: PoolParams, dtype: DType): [TypedArray, Int32Array] {
  const values = allocate(dtype, x.shape[0] * x.shape[1] * poolOutShape(x.shape.slice(2), p).reduce((a, b) => a * b, 1));
  return [values, maxPoolScan(x, p, values)];
}
