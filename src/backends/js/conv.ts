/**
 * @file Reference convolution kernels from the reference im2col, matmul and col2im, all in float64: conv2d (the
 * weights times the patches), its gradient in the input (the weights' transpose times g, summed back by col2im) and
 * in the weight (g times the patches' transpose). Groups are the batch dim of the products.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { windowGrid } from "../../core/conv-geometry.ts";
import type { ConvParams } from "../../core/ops.ts";
import type { View } from "../backend.ts";
import { copy } from "./elementwise.ts";
import { col2im, im2col } from "./im2col.ts";
import { matmul } from "./matmul.ts";

const view3 = (data: TypedArray, shape: [number, number, number], strides: [number, number, number]): View =>
  ({ data, shape, strides, offset: 0, dtype: data instanceof Float32Array ? "float32" : "float64" });

/** g (N, O, OH, OW) rearranged as (O, N·L), float64: the layout of the products' output channels by position. */
function byChannel(g: View): Float64Array {
  const [N, O] = g.shape, L = g.shape[2] * g.shape[3], gd = copy(g, "float64");
  const out = new Float64Array(O * N * L);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) out.set(gd.subarray((n * O + o) * L, (n * O + o + 1) * L), (o * N + n) * L);
  return out;
}

/** The sizes of a convolution of an (N, C, H, W) image by a weight (O, C/groups, kH, kW). */
function sizes(image: readonly number[], weight: readonly number[], p: ConvParams) {
  const [N, , H, W] = image, O = weight[0], G = p.groups, [OH, OW] = windowGrid([H, W], p);
  return { N, O, G, Og: O / G, Kg: weight[1] * weight[2] * weight[3], L: OH * OW };
}

export function conv2d(x: View, w: View, bias: View | null, p: ConvParams, dtype: DType): TypedArray {
  const { N, O, G, Og, Kg, L } = sizes(x.shape, w.shape, p);
  const cols = im2col(x, p, "float64"); // (G·Kg, N·L)
  const wd = copy(w, "float64"); // (O, Kg)
  const y = matmul(view3(wd, [G, Og, Kg], [Og * Kg, Kg, 1]), view3(cols, [G, Kg, N * L], [Kg * N * L, N * L, 1]), "float64"); // (O, N·L)
  const out = allocate(dtype, N * O * L);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const b = bias ? bias.data[bias.offset + o * bias.strides[0]] : 0;
      for (let l = 0; l < L; l++) out[(n * O + o) * L + l] = y[(o * N + n) * L + l] + b;
    }
  }
  return out;
}

export function conv2dInputGrad(g: View, w: View, p: ConvParams, imageShape: readonly number[], dtype: DType): TypedArray {
  const { N, G, Og, Kg, L } = sizes(imageShape, w.shape, p);
  const wd = copy(w, "float64");
  const wt = view3(wd, [G, Kg, Og], [Og * Kg, 1, Kg]); // Wᵀ per group
  const cols = matmul(wt, view3(byChannel(g), [G, Og, N * L], [Og * N * L, N * L, 1]), "float64"); // (G·Kg, N·L)
  return col2im({ data: cols, shape: [G * Kg, N * L], strides: [N * L, 1], offset: 0, dtype: "float64" }, { ...p, imageShape }, dtype);
}

export function conv2dWeightGrad(g: View, x: View, p: ConvParams, weightShape: readonly number[], dtype: DType): TypedArray {
  const { N, G, Og, Kg, L } = sizes(x.shape, weightShape, p);
  const cols = im2col(x, p, "float64"); // (G·Kg, N·L)
  const colsT = view3(cols, [G, N * L, Kg], [Kg * N * L, 1, N * L]);
  return matmul(view3(byChannel(g), [G, Og, N * L], [Og * N * L, N * L, 1]), colsT, dtype); // (G, Og, Kg) = (O, C/G, kH, kW)
}
