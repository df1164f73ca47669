/**
 * @file Reference 2-D convolution kernels: im2col into float64 patch matrices, then the packed 4×4-tile
 * product of matmul.ts. Forward, the input adjoint (conv-transpose, by col2im) and the weight adjoint.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { convOutShape, convTransposeOutShape } from "../../core/conv-geometry.ts";
import type { ConvParams } from "../../core/ops.ts";
import type { View } from "../backend.ts";
import { productOfPacked } from "./matmul.ts";

/**
 * One convolution's sizes in the forward direction: the image (N, C, H, W), the kernels (O, Cg, kH, kW)
 * and the output grid (OH, OW). K = Cg·kH·kW is a patch's length, L = OH·OW the number of patches.
 */
interface Geometry {
  N: number; C: number; H: number; W: number;
  O: number; Cg: number; Og: number; kH: number; kW: number;
  OH: number; OW: number; K: number; L: number; p: ConvParams;
}

function geometry(N: number, C: number, hw: readonly number[], O: number, khw: readonly number[], ohw: readonly number[], p: ConvParams): Geometry {
  const Cg = C / p.groups, [kH, kW] = khw;
  return { N, C, H: hw[0], W: hw[1], O, Cg, Og: O / p.groups, kH, kW, OH: ohw[0], OW: ohw[1], K: Cg * kH * kW, L: ohw[0] * ohw[1], p };
}

/** P (L, K) for sample n and channels c0…c0+Cg: row l holds the zero-padded patch under output position l. */
function patchRows(x: View, n: number, c0: number, G: Geometry, P: Float64Array): void {
  const { Cg, H, W, kH, kW, OH, OW, K } = G, [sh, sw] = G.p.stride, [dh, dw] = G.p.dilation;
  const pt = G.p.padding[0][0], pl = G.p.padding[1][0];
  const [sN, sC, sH, sW] = x.strides, data = x.data;
  for (let oh = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++) {
      let k = (oh * OW + ow) * K;
      for (let c = 0; c < Cg; c++) {
        const base = x.offset + n * sN + (c0 + c) * sC;
        for (let i = 0; i < kH; i++) {
          const h = oh * sh + i * dh - pt;
          if (h < 0 || h >= H) { P.fill(0, k, k + kW); k += kW; continue; }
          const row = base + h * sH;
          for (let j = 0; j < kW; j++) {
            const w = ow * sw + j * dw - pl;
            P[k++] = w >= 0 && w < W ? data[row + w * sW] : 0;
          }
        }
      }
    }
  }
}

/** Pt (K, N·L), the transpose of every sample's patchRows side by side: row k = (c, i, j) over all positions. */
function patchColumns(x: View, c0: number, G: Geometry, Pt: Float64Array): void {
  const { N, Cg, H, W, kH, kW, OH, OW, L } = G, [sh, sw] = G.p.stride, [dh, dw] = G.p.dilation;
  const pt = G.p.padding[0][0], pl = G.p.padding[1][0];
  const [sN, sC, sH, sW] = x.strides, data = x.data, NL = N * L;
  let k = 0;
  for (let c = 0; c < Cg; c++) {
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++, k++) {
        for (let n = 0; n < N; n++) {
          const base = x.offset + n * sN + (c0 + c) * sC;
          let at = k * NL + n * L;
          for (let oh = 0; oh < OH; oh++) {
            const h = oh * sh + i * dh - pt;
            if (h < 0 || h >= H) { Pt.fill(0, at, at + OW); at += OW; continue; }
            const row = base + h * sH;
            for (let ow = 0; ow < OW; ow++) {
              const w = ow * sw + j * dw - pl;
              Pt[at++] = w >= 0 && w < W ? data[row + w * sW] : 0;
            }
          }
        }
      }
    }
  }
}

/** Group g's kernels as Og dense rows of length K (or, transposed, K rows of length Og). */
function packKernels(w: View, g: number, G: Geometry, into: Float64Array, transposed: boolean): void {
  const { Og, Cg, kH, kW, K } = G, [sO, sC, sH, sW] = w.strides, data = w.data;
  for (let o = 0; o < Og; o++) {
    let k = 0;
    for (let c = 0; c < Cg; c++) {
      for (let i = 0; i < kH; i++) {
        const row = w.offset + (g * Og + o) * sO + c * sC + i * sH;
        for (let j = 0; j < kW; j++, k++) into[transposed ? k * Og + o : o * K + k] = data[row + j * sW];
      }
    }
  }
}

export function conv2d(x: View, w: View, p: ConvParams, dtype: DType): TypedArray {
  const [N, C] = x.shape, [O, , kH, kW] = w.shape;
  const G = geometry(N, C, x.shape.slice(2), O, [kH, kW], convOutShape(x.shape.slice(2), [kH, kW], p), p);
  const { Og, K, L } = G;
  const out = allocate(dtype, N * O * L);
  if (out.length === 0) return out;
  const wp = new Float64Array(Og * K), P = new Float64Array(L * K);
  for (let g = 0; g < p.groups; g++) {
    packKernels(w, g, G, wp, false);
    for (let n = 0; n < N; n++) {
      patchRows(x, n, g * G.Cg, G, P);
      productOfPacked(wp, P, Og, L, K, out, (n * O + g * Og) * L); // (Og, K) · (L, K)ᵀ → out[n, group g] (Og, L)
    }
  }
  return out;
}

export function conv2dWeightGrad(x: View, gy: View, p: ConvParams & { kernelSize: [number, number] }, dtype: DType): TypedArray {
  const [N, C] = x.shape, O = gy.shape[1];
  const G = geometry(N, C, x.shape.slice(2), O, p.kernelSize, gy.shape.slice(2), p);
  const { Og, K, L, OH, OW } = G, NL = N * L;
  const out = allocate(dtype, O * K);
  if (out.length === 0) return out;
  const gp = new Float64Array(Og * NL), Pt = new Float64Array(K * NL);
  const [sN, sO, sH, sW] = gy.strides;
  for (let g = 0; g < p.groups; g++) {
    // gradOut of group g as (Og, N·L): row o is that channel over every sample and position.
    for (let o = 0, at = 0; o < Og; o++) {
      for (let n = 0; n < N; n++) {
        const plane = gy.offset + n * sN + (g * Og + o) * sO;
        for (let oh = 0; oh < OH; oh++) {
          for (let ow = 0; ow < OW; ow++) gp[at++] = gy.data[plane + oh * sH + ow * sW];
        }
      }
    }
    patchColumns(x, g * G.Cg, G, Pt);
    productOfPacked(gp, Pt, Og, K, NL, out, g * Og * K); // (Og, N·L) · (K, N·L)ᵀ → (Og, K)
  }
  return out;
}

export function convTranspose2d(x: View, w: View, p: ConvParams & { outputPadding: [number, number] }, dtype: DType): TypedArray {
  const [N, O] = x.shape, [, Cg, kH, kW] = w.shape;
  const hw = convTransposeOutShape(x.shape.slice(2), [kH, kW], p);
  const G = geometry(N, Cg * p.groups, hw, O, [kH, kW], x.shape.slice(2), p);
  const { C, H, W, Og, K, L, OH, OW } = G, [sh, sw] = p.stride, [dh, dw] = p.dilation;
  const pt = p.padding[0][0], pl = p.padding[1][0];
  const acc = new Float64Array(N * C * H * W);
  const wt = new Float64Array(K * Og), xt = new Float64Array(L * Og), cols = new Float64Array(K * L);
  const [sN, sO, sH, sW] = x.strides;
  for (let g = 0; g < p.groups; g++) {
    packKernels(w, g, G, wt, true);
    for (let n = 0; n < N; n++) {
      for (let oh = 0, l = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++, l++) {
          const src = x.offset + n * sN + oh * sH + ow * sW + g * Og * sO;
          for (let o = 0; o < Og; o++) xt[l * Og + o] = x.data[src + o * sO];
        }
      }
      productOfPacked(wt, xt, K, L, Og, cols, 0); // (K, Og) · (L, Og)ᵀ → cols (K, L)
      // col2im: every patch entry adds back onto the image position it was read from.
      let k = 0;
      for (let c = 0; c < Cg; c++) {
        const plane = (n * C + g * Cg + c) * H * W;
        for (let i = 0; i < kH; i++) {
          for (let j = 0; j < kW; j++, k++) {
            for (let oh = 0; oh < OH; oh++) {
              const h = oh * sh + i * dh - pt;
              if (h < 0 || h >= H) continue;
              const row = plane + h * W, src = k * L + oh * OW;
              for (let ow = 0; ow < OW; ow++) {
                const ww = ow * sw + j * dw - pl;
                if (ww >= 0 && ww < W) acc[row + ww] += cols[src + ow];
              }
            }
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
