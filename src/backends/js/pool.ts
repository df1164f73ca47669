/** @file Reference max-pooling kernel: the flat index of each window's maximum (the values are a gather of these). */
import { poolOutShape } from "../../core/conv-geometry.ts";
import type { PoolParams } from "../../core/ops.ts";
import type { View } from "../backend.ts";

export function maxPool2dIndices(x: View, p: PoolParams): Int32Array {
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
          out[at++] = best;
        }
      }
    }
  }
  return out;
}
