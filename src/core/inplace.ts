/**
 * @file Writing into an existing tensor's memory (the `_`-suffixed methods of PyTorch).
 * Writes bump the storage version, so autograd notices a saved input that changed.
 */
import { isGradEnabled } from "./grad-mode.ts";
import { broadcastShapes, fmtShape, shapeEquals } from "./shape.ts";
import { Tensor, forEachOffset } from "./tensor.ts";
import { broadcastView } from "./forward.ts";
import { backend, checkBackendDims } from "../backends/backend.ts";

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

/**
 * Whether two elements of the view share a memory location (an expanded view: a stride 0 along a dim of size > 1).
 * Views whose strides, sorted, each step over the whole extent of the smaller ones cannot overlap; anything else
 * (no view op makes it today) is settled by visiting the offsets.
 */
export function hasInternalOverlap(t: Tensor): boolean {
  if (t.isContiguous()) return false;
  const dims: [number, number][] = []; // (|stride|, size) of the dims of size > 1
  for (let d = 0; d < t.ndim; d++) {
    if (t.shape[d] <= 1) continue;
    if (t.strides[d] === 0) return true;
    dims.push([Math.abs(t.strides[d]), t.shape[d]]);
  }
  dims.sort((a, b) => a[0] - b[0]);
  let extent = 0; // the largest offset the smaller dims reach
  let nested = true;
  for (const [stride, size] of dims) {
    if (stride <= extent) { nested = false; break; }
    extent += stride * (size - 1);
  }
  if (nested) return false;
  const seen = new Set<number>();
  let repeated = false;
  forEachOffset(t.shape, t.strides, t.offset, (o) => { if (seen.has(o)) repeated = true; else seen.add(o); });
  return repeated;
}

/** Refuses writes of one value per element into a view whose elements share memory, as PyTorch does. */
export function checkNoInternalOverlap(t: Tensor, op: string): void {
  if (hasInternalOverlap(t)) {
    throw new Error(`${op}: unsupported operation: more than one element of the written-to tensor (shape ${fmtShape(t.shape)}, strides ${fmtShape(t.strides)}) refers to a single memory location; clone() the tensor before performing the operation`);
  }
}

/**
 * Copies `src` (broadcast to dst's shape, converted to dst's dtype) into dst's elements; returns dst. A dst whose
 * elements share memory (an expanded view) is refused unless `sameValue` (fill_, zero_: every element gets one value,
 * which PyTorch allows too).
 */
export function assignInto(dst: Tensor, src: Tensor, op: string, sameValue = false): Tensor {
  checkWritable(dst, op);
  if (!sameValue) checkNoInternalOverlap(dst, op);
  const shape = broadcastShapes(op, dst.shape, src.shape);
  if (!shapeEquals(shape, dst.shape)) {
    throw new RangeError(`${op}: a value of shape ${fmtShape(src.shape)} cannot be written into a tensor of shape ${fmtShape(dst.shape)}`);
  }
  const data = dst.storage.data;
  // A dense source of dst's shape and dtype (the fresh result of an out-of-place op) is written as is: no temporary copy.
  const direct = src.dtype === dst.dtype && shapeEquals(src.shape, dst.shape) && src.isContiguous() &&
    (src.storage !== dst.storage || dst.isContiguous()); // a strided write over its own source would read values it already wrote
  if (!direct) checkBackendDims(op, [dst]);
  const values = direct
    ? src.storage.data.subarray(src.offset, src.offset + src.numel)
    : backend().copy(broadcastView(src, dst.shape), dst.dtype);
  if (dst.isContiguous()) data.set(values, dst.offset);
  else forEachOffset(dst.shape, dst.strides, dst.offset, (o, i) => { data[o] = values[i]; });
  dst.storage.version++;
  return dst;
}
