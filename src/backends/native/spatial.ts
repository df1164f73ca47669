/**
 * @file The sliding-window kernels of the native backend (native/kernels/conv.cc, conv_gemm.cc): im2col, col2im, max-pool
 * indices, the gather / scatter-add within planes and the per-image convolution with its two gradients, on views of any
 * strides; other dtype pairs than in = out run on js.
 */
import { allocateUninitialized, type DType, type TypedArray } from "../../core/dtype.ts";
import { poolOutShape, windowGrid } from "../../core/conv-geometry.ts";
import type { ConvParams, PoolParams, WindowParams } from "../../core/ops.ts";
import { numelOf } from "../../core/shape.ts";
import type { Backend, View } from "../backend.ts";
import { jsSpatialKernels } from "../js/index.ts";
import { planeGather as jsPlaneGather, planeScatterAdd as jsPlaneScatterAdd } from "../js/pool.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";
import { metaWith } from "./meta-params.ts";

type SpatialKernels = Pick<Backend, "im2col" | "col2im" | "maxPool2dIndices" | "maxPool2d" | "planeGather" | "planeScatterAdd" | "conv2d" | "conv2dInputGrad" | "conv2dWeightGrad">;

/** The 11 numbers native/binding/addon.cc's windowAt reads. */
const windowNumbers = (p: WindowParams): number[] =>
  [...p.kernelSize, ...p.stride, ...p.dilation, ...p.padding[0], ...p.padding[1], 0];
const poolNumbers = (p: PoolParams): number[] =>
  [...p.kernelSize, ...p.stride, ...p.dilation, p.padding[0], p.padding[0], p.padding[1], p.padding[1], p.ceilMode ? 1 : 0];

/** The kernels, or none when the addon was built before them (then they run on js). */
export function nativeSpatialKernels(nb: NativeBinding): Partial<SpatialKernels> {
  if (typeof nb.im2col !== "function") return {};
  return {
    im2col(x: View, p: WindowParams, dtype: DType): TypedArray {
      if (x.dtype !== dtype) return jsSpatialKernels.im2col(x, p, dtype);
      const [N, C] = x.shape, [OH, OW] = windowGrid(x.shape.slice(2), p);
      const shape = [C * p.kernelSize[0] * p.kernelSize[1], N * OH * OW];
      const out = allocateUninitialized(dtype, numelOf(shape)); // the kernel writes every entry, zeros outside the image
      nb.im2col(metaWith(windowNumbers(p), dense(shape), x), out, x.data);
      return out;
    },
    col2im(cols, p, dtype) {
      if (cols.dtype !== dtype) return jsSpatialKernels.col2im(cols, p, dtype);
      const out = allocateUninitialized(dtype, numelOf(p.imageShape)); // every plane is summed from zero in the kernel
      nb.col2im(metaWith(windowNumbers(p), dense(p.imageShape), cols), out, cols.data);
      return out;
    },
    maxPool2dIndices(x, p) {
      const shape = [x.shape[0], x.shape[1], ...poolOutShape(x.shape.slice(2), p)];
      const out = new Int32Array(numelOf(shape));
      nb.maxPool2dIndices(metaWith(poolNumbers(p), dense(shape), x), out, x.data);
      return out;
    },
    ...(nb.maxPool2d && {
      maxPool2d(x: View, p: PoolParams, dtype: DType): [TypedArray, Int32Array] {
        if (x.dtype !== dtype) return jsSpatialKernels.maxPool2d(x, p, dtype);
        const shape = [x.shape[0], x.shape[1], ...poolOutShape(x.shape.slice(2), p)];
        const indices = new Int32Array(numelOf(shape)), values = allocateUninitialized(dtype, numelOf(shape));
        const layout = dense(shape);
        nb.maxPool2d!(metaWith(poolNumbers(p), layout, x, layout), indices, x.data, values);
        return [values, indices];
      },
    }),
    ...(nb.conv2d && nb.conv2dInputGrad && nb.conv2dWeightGrad && {
      conv2d(x: View, w: View, bias: View | null, p: ConvParams, dtype: DType): TypedArray {
        if (x.dtype !== dtype || w.dtype !== dtype || (bias && bias.dtype !== dtype)) return jsSpatialKernels.conv2d(x, w, bias, p, dtype);
        const shape = [x.shape[0], w.shape[0], ...windowGrid(x.shape.slice(2), p)];
        const out = allocateUninitialized(dtype, numelOf(shape)); // every output is written
        const params = [...windowNumbers(p), p.groups];
        if (bias) nb.conv2d!(metaWith(params, dense(shape), x, w, bias), out, x.data, w.data, bias.data);
        else nb.conv2d!(metaWith(params, dense(shape), x, w), out, x.data, w.data);
        return out;
      },
      conv2dInputGrad(g: View, w: View, p: ConvParams, imageShape: readonly number[], dtype: DType): TypedArray {
        if (g.dtype !== dtype || w.dtype !== dtype) return jsSpatialKernels.conv2dInputGrad(g, w, p, imageShape, dtype);
        const out = allocateUninitialized(dtype, numelOf(imageShape)); // each image is summed from zero in the kernel
        nb.conv2dInputGrad!(metaWith([...windowNumbers(p), p.groups], dense(imageShape), g, w), out, g.data, w.data);
        return out;
      },
      conv2dWeightGrad(g: View, x: View, p: ConvParams, weightShape: readonly number[], dtype: DType): TypedArray {
        if (g.dtype !== dtype || x.dtype !== dtype) return jsSpatialKernels.conv2dWeightGrad(g, x, p, weightShape, dtype);
        const out = allocateUninitialized(dtype, numelOf(weightShape)); // the kernel sums from zero
        nb.conv2dWeightGrad!(metaWith([...windowNumbers(p), p.groups], dense(weightShape), g, x), out, g.data, x.data);
        return out;
      },
    }),
    ...(nb.planeGather && nb.planeScatterAdd && {
      planeGather(x: View, index: View, dtype: DType): TypedArray {
        if (x.dtype !== dtype || !(index.data instanceof Int32Array)) return jsPlaneGather(x, index, dtype);
        const out = allocateUninitialized(dtype, numelOf(index.shape));
        nb.planeGather!(meta(dense(index.shape), x, index), out, x.data, index.data);
        return out;
      },
      planeScatterAdd(g: View, index: View, imageShape: readonly number[], dtype: DType): TypedArray {
        if (g.dtype !== dtype || !(index.data instanceof Int32Array)) return jsPlaneScatterAdd(g, index, imageShape, dtype);
        const out = allocateUninitialized(dtype, numelOf(imageShape));
        nb.planeScatterAdd!(meta(dense(imageShape), g, index), out, g.data, index.data);
        return out;
      },
    }),
  };
}
