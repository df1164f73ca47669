/**
 * @file Writing into an existing tensor's memory (the `_`-suffixed methods of PyTorch).
 * Writes bump the storage version, so autograd notices a saved input that changed.
 */
import { isGradEnabled } from "./grad-mode.ts";
import { broadcastShapes, fmtShape, shapeEquals } from "./shape.ts";
import { Tensor, forEachOffset } from "./tensor.ts";
import { broadcastView } from "./forward.ts";
import { backend } from "../backends/backend.ts";

/** Refuses in-place writes that would corrupt the autograd graph, as PyTorch does. */
export function checkWritable(t: Tensor, op: string): void {
  if (!isGradEnabled()) return;
  if (t.requiresGrad && t.isLeaf) {
    throw new Error(`${op}: a leaf tensor that requires grad cannot be modified in place (wrap the update in lw.noGrad(() => ...))`);
  }
  if (t.gradFn) {
    throw new Error(`${op}: in-place writes to a tensor inside the autograd graph (${t.gradFn.name}) are not supported; use the out-of-place op`);
  }
}

/** Copies `src` (broadcast to dst's shape, converted to dst's dtype) into dst's elements; returns dst. */
export function assignInto(dst: Tensor, src: Tensor, op: string): Tensor {
  checkWritable(dst, op);
  const shape = broadcastShapes(op, dst.shape, src.shape);
  if (!shapeEquals(shape, dst.shape)) {
    throw new RangeError(`${op}: a value of shape ${fmtShape(src.shape)} cannot be written into a tensor of shape ${fmtShape(dst.shape)}`);
  }
  const data = dst.storage.data;
  // A dense source of dst's shape and dtype (the fresh result of an out-of-place op) is written as is: no temporary copy.
  const direct = src.dtype === dst.dtype && shapeEquals(src.shape, dst.shape) && src.isContiguous() &&
    (src.storage !== dst.storage || dst.isContiguous()); // a strided write over its own source would read values it already wrote
  const values = direct
    ? src.storage.data.subarray(src.offset, src.offset + src.numel)
    : backend().copy(broadcastView(src, dst.shape), dst.dtype);
  if (dst.isContiguous()) data.set(values, dst.offset);
  else forEachOffset(dst.shape, dst.strides, dst.offset, (o, i) => { data[o] = values[i]; });
  dst.storage.version++;
  return dst;
}
