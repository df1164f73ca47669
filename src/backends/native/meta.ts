/** @file How views cross into the addon: one Float64Array of metadata per call (per view: ndim, shape…, strides…, offset). */
import { contiguousStrides } from "../../core/shape.ts";
import type { View } from "../backend.ts";

// One metadata buffer for all calls: the addon reads it synchronously, before the call returns (the addon reads
// only as many entries as the views need, so a longer buffer is fine).
const metaScratch = new Float64Array(1024);

/** Metadata of the views, in argument order: ndim, shape…, strides…, offset. */
export function meta(...views: readonly Pick<View, "shape" | "strides" | "offset">[]): Float64Array {
  let n = 0;
  for (const v of views) n += 2 + 2 * v.shape.length;
  const m = n <= metaScratch.length ? metaScratch : new Float64Array(n);
  let p = 0;
  for (const v of views) {
    m[p++] = v.shape.length;
    for (const s of v.shape) m[p++] = s;
    for (const s of v.strides) m[p++] = s;
    m[p++] = v.offset;
  }
  return m;
}

/** The layout of a dense row-major array of `shape`. */
export const dense = (shape: readonly number[]) => ({ shape, strides: contiguousStrides(shape), offset: 0 });
