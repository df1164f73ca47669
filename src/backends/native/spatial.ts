/**
 * @file The sliding-window kernels of the native backend (native/kernels/conv.cc): im2col, col2im and max-pool
 * indices on views of any strides; other dtype pairs than in = out run on js.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { poolOutShape, windowGrid } from "../../core/conv-geometry.ts";
import type { PoolParams, WindowParams } from "../../core/ops.ts";
import { numelOf } from "../../core/shape.ts";
import type { Backend, View } from "../backend.ts";
import { jsSpatialKernels } from "../js/index.ts";
import type { NativeBinding } from "./binding.ts";
import { dense } from "./meta.ts";
import { metaWith } from "./meta-params.ts";

type SpatialKernels = Pick<Backend, "im2col" | "col2im" | "maxPool2dIndices">;

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
      const out = allocate(dtype, numelOf(shape));
      nb.im2col(metaWith(windowNumbers(p), dense(shape), x), out, x.data);
      return out;
    },
    col2im(cols, p, dtype) {
      if (cols.dtype !== dtype) return jsSpatialKernels.col2im(cols, p, dtype);
      const out = allocate(dtype, numelOf(p.imageShape));
      nb.col2im(metaWith(windowNumbers(p), dense(p.imageShape), cols), out, cols.data);
      return out;
    },
    maxPool2dIndices(x, p) {
      const shape = [x.shape[0], x.shape[1], ...poolOutShape(x.shape.slice(2), p)];
      const out = new Int32Array(numelOf(shape));
      nb.maxPool2dIndices(metaWith(poolNumbers(p), dense(shape), x), out, x.data);
      return out;
    },
  };
}
