/**
 * @file Reference sliding-window kernels: im2col lays every zero-padded patch of (N, C, H, W) out as a column of
 * (C·kH·kW, N·OH·OW), col2im adds the columns back onto the image (its adjoint). Convolution is im2col + a matmul.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { windowGrid } from "../../core/conv-geometry.ts";
import type { WindowParams } from "../../core/ops.ts";
import type { View } from "../backend.ts";

/**
 * For each kernel column j: the output columns [ow0, ow1) whose pixel w = ow·sw + j·dw − pl lies inside [0, W),
 * and that pixel's offset j·dw − pl. Rows are checked one by one; columns are ranges, so inner loops do not branch.
 */
function columnRanges(W: number, OW: number, p: WindowParams): { ow0: Int32Array; ow1: Int32Array; off: Int32Array } {
  const kW = p.kernelSize[1], sw = p.stride[1], dw = p.dilation[1], pl = p.padding[1][0];
  const ow0 = new Int32Array(kW), ow1 = new Int32Array(kW), off = new Int32Array(kW);
  for (let j = 0; j < kW; j++) {
    off[j] = j * dw - pl;
    ow0[j] = Math.min(OW, Math.max(0, Math.ceil(-off[j] / sw)));
    ow1[j] = Math.max(ow0[j], Math.min(OW, Math.floor((W - 1 - off[j]) / sw) + 1));
  }
  return { ow0, ow1, off };
}

export function im2col(x: View, p: WindowParams, dtype: DType): TypedArray {
  const [N, C, H, W] = x.shape, [OH, OW] = windowGrid([H, W], p);
  const [kH, kW] = p.kernelSize, sh = p.stride[0], sw = p.stride[1], dh = p.dilation[0], pt = p.padding[0][0];
  const [sN, sC, sH, sW] = x.strides, data = x.data, L = OH * OW, NL = N * L;
  const { ow0, ow1, off } = columnRanges(W, OW, p);
  const out = allocate(dtype, C * kH * kW * NL); // zero-filled: the padding
  let k = 0;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++, k++) {
        const a = ow0[j], b = ow1[j], step = sw * sW;
        for (let n = 0; n < N; n++) {
          for (let oh = 0; oh < OH; oh++) {
            const h = oh * sh + i * dh - pt;
            if (h < 0 || h >= H) continue;
            const src = x.offset + n * sN + c * sC + h * sH + off[j] * sW, dst = k * NL + n * L + oh * OW;
            for (let ow = a; ow < b; ow++) out[dst + ow] = data[src + ow * step];
          }
        }
      }
    }
  }
  return out;
}

export function col2im(cols: View, p: WindowParams & { imageShape: readonly number[] }, dtype: DType): TypedArray {
  const [N, C, H, W] = p.imageShape, [OH, OW] = windowGrid([H, W], p);
  const [kH, kW] = p.kernelSize, sh = p.stride[0], sw = p.stride[1], dh = p.dilation[0], pt = p.padding[0][0];
  const [sK, sR] = cols.strides, data = cols.data, L = OH * OW;
  const { ow0, ow1, off } = columnRanges(W, OW, p);
  // NOTE: sums in float64 whatever the dtype, as the reference backend does everywhere.
  const acc = new Float64Array(N * C * H * W);
  let k = 0;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++, k++) {
        const a = ow0[j], b = ow1[j];
        for (let n = 0; n < N; n++) {
          for (let oh = 0; oh < OH; oh++) {
            const h = oh * sh + i * dh - pt;
            if (h < 0 || h >= H) continue;
            const dst = ((n * C + c) * H + h) * W + off[j], src = cols.offset + k * sK + (n * L + oh * OW) * sR;
            for (let ow = a; ow < b; ow++) acc[dst + ow * sw] += data[src + ow * sR];
          }
        }
      }
    }
  }
  if (dtype === "float64") return acc;
  const out = allocate(dtype, acc.length);
  out.set(acc);
  return out;
}
