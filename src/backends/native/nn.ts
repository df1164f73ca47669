/**
 * @file The fused neural-network kernels of the native backend (native/kernels/nn.cc): softmax and layer norm
 * take dense arrays (a strided or differently typed view is copied first), GELU and ReLU's gradient take any strides.
 */
import { allocate, allocateUninitialized, type DType, type TypedArray } from "../../core/dtype.ts";
import { numelOf } from "../../core/shape.ts";
import type { Backend, View } from "../backend.ts";
import { isDense } from "../js/iterate.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";

type NnKernels = Pick<Backend, "softmax" | "softmaxBackward" | "gelu" | "geluBackward" | "reluBackward" | "layerNorm" | "layerNormBackward" | "layerNormWeightGrad">;

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
/** A dense array of n elements as one flat run. */
const run = (n: number, offset = 0) => ({ shape: [n], strides: [1], offset });
/** x seen as (outer, len, inner) around dim. */
const around = (shape: readonly number[], dim: number): [number, number, number] =>
  [product(shape.slice(0, dim)), shape[dim], product(shape.slice(dim + 1))];

/** The fused kernels, or none when the addon was built before them (then they run on js). */
export function nativeNnKernels(nb: NativeBinding, copy: (x: View, dtype: DType) => TypedArray): Partial<NnKernels> {
  if (typeof nb.softmax !== "function") return {};
  /** v as a dense array of `dtype`: v itself when it already is one. */
  const denseAs = (v: View, dtype: DType): View => (v.dtype === dtype && isDense(v) ? v : { data: copy(v, dtype), ...dense(v.shape), dtype });
  const typed = (v: View, dtype: DType): View => (v.dtype === dtype ? v : { data: copy(v, dtype), ...dense(v.shape), dtype });
  const flat = (v: View) => run(numelOf(v.shape), v.offset);

  return {
    softmax(x, dim, log, dtype, causalRows = 0) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      if (out.length === 0) return out;
      const xd = denseAs(x, dtype);
      nb.softmax(meta(run(out.length), flat(xd)), ...around(x.shape, dim), log, out, xd.data, causalRows);
      return out;
    },
    softmaxBackward(g, y, dim, log, dtype) {
      const out = allocateUninitialized(dtype, numelOf(y.shape));
      if (out.length === 0) return out;
      const gd = denseAs(g, dtype), yd = denseAs(y, dtype);
      nb.softmaxBackward(meta(run(out.length), flat(gd), flat(yd)), ...around(y.shape, dim), log, out, gd.data, yd.data);
      return out;
    },
    gelu(x, approximate, dtype) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      const xt = typed(x, dtype);
      nb.gelu(meta(dense(x.shape), xt), approximate === "tanh", out, xt.data);
      return out;
    },
    geluBackward(g, x, approximate, dtype) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      const gt = typed(g, dtype), xt = typed(x, dtype);
      nb.geluBackward(meta(dense(x.shape), gt, xt), approximate === "tanh", out, gt.data, xt.data);
      return out;
    },
    ...(nb.reluBackward && {
      reluBackward(g: View, y: View, dtype: DType): TypedArray {
        const out = allocateUninitialized(dtype, numelOf(y.shape));
        const gt = typed(g, dtype), yt = typed(y, dtype);
        nb.reluBackward!(meta(dense(y.shape), gt, yt), out, gt.data, yt.data);
        return out;
      },
    }),
    ...(nb.attention && {
      attention(q: View, k: View, v: View, mask: View | null, causal: boolean, scale: number, dtype: DType): TypedArray {
        const shape = [q.shape[0], q.shape[1], q.shape[2], v.shape[3]];
        const out = allocateUninitialized(dtype, numelOf(shape));
        const [qt, kt, vt] = [q, k, v].map((x) => typed(x, dtype));
        const m = mask && (mask.dtype === "bool" ? mask : typed(mask, dtype));
        const ms = m ? [m] : [];
        nb.attention!(meta(dense(shape), qt, kt, vt, ...ms), causal, scale, m !== null, out, qt.data, kt.data, vt.data, ...ms.map((x) => x.data));
        return out;
      },
    }),
    layerNorm(x, weight, bias, size, eps, dtype) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      if (out.length === 0 || size === 0) return out;
      const [xd, wd, bd] = [x, weight, bias].map((v) => v && denseAs(v, dtype));
      const affine = [wd, bd].filter((v): v is View => v !== null);
      nb.layerNorm(meta(run(out.length), flat(xd!), ...affine.map(flat)), size, eps, wd !== null, bd !== null, out, xd!.data, ...affine.map((v) => v.data));
      return out;
    },
    layerNormBackward(g, x, weight, size, eps, dtype) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      if (out.length === 0 || size === 0) return out;
      const gd = denseAs(g, dtype), xd = denseAs(x, dtype), wd = weight && denseAs(weight, dtype);
      const w = wd ? [wd] : [];
      nb.layerNormBackward(meta(run(out.length), flat(gd), flat(xd), ...w.map(flat)), size, eps, wd !== null, out, gd.data, xd.data, ...w.map((v) => v.data));
      return out;
    },
    layerNormWeightGrad(g, x, size, eps, dtype) {
      const out = allocate(dtype, size);
      if (size === 0 || numelOf(x.shape) === 0) return out;
      const gd = denseAs(g, dtype), xd = denseAs(x, dtype);
      nb.layerNormWeightGrad(meta(run(size), flat(gd), flat(xd)), size, eps, out, gd.data, xd.data);
      return out;
    },
  };
}
