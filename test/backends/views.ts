/**
 * @file Random strided views for backend tests: any dim order, steps, negative strides, broadcast
 * (stride 0) dims, padding around the data, and values that include NaN, ±Inf and signed zeros.
 */
import { allocate, type DType } from "../../src/core/dtype.ts";
import { numelOf } from "../../src/core/shape.ts";
import type { View } from "../../src/backends/backend.ts";

export type Layout = "dense" | "permuted" | "stepped" | "negative" | "broadcast" | "mixed";
export const LAYOUTS: readonly Layout[] = ["dense", "permuted", "stepped", "negative", "broadcast", "mixed"];

export { rng } from "../opdb/make.ts";

const EDGE = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 1e30, -1e-30];

/** A value of dtype: floats mostly in [-3, 3) with edge values mixed in when `edges`. */
export function value(r: () => number, dtype: DType, edges: boolean): number {
  switch (dtype) {
    case "bool": return r() < 0.5 ? 1 : 0;
    case "int32": return Math.floor(r() * 21) - 10;
    default: return edges && r() < 0.15 ? EDGE[Math.floor(r() * EDGE.length)] : r() * 6 - 3;
  }
}

/** A view of `shape` laid out as `layout` inside a larger, randomly filled array. */
export function makeView(shape: readonly number[], dtype: DType, layout: Layout, r: () => number, edges = false): View {
  const nd = shape.length;
  const order = [...Array(nd).keys()];
  if (layout === "permuted" || layout === "mixed") order.sort(() => r() - 0.5);
  const strides = new Array<number>(nd).fill(0);
  let span = 1;
  for (let i = nd - 1; i >= 0; i--) {
    const d = order[i];
    const broadcast = (layout === "broadcast" || layout === "mixed") && r() < 0.4;
    if (broadcast) continue; // stride 0: every index along d reads the same element
    const step = layout === "stepped" || layout === "mixed" ? 1 + Math.floor(r() * 3) : 1;
    strides[d] = span * step;
    span *= Math.max(shape[d], 1) * step;
  }
  let offset = layout === "dense" ? 0 : Math.floor(r() * 5);
  for (let d = 0; d < nd; d++) {
    if ((layout === "negative" || layout === "mixed") && r() < 0.5 && strides[d] !== 0) {
      offset += (shape[d] - 1) * strides[d];
      strides[d] = -strides[d];
    }
  }
  const length = numelOf(shape) === 0 ? offset + 1 : offset + span + Math.floor(r() * 4);
  const data = allocate(dtype, Math.max(length, 1));
  for (let i = 0; i < data.length; i++) data[i] = value(r, dtype, edges);
  return { data, shape: [...shape], strides, offset, dtype };
}

/** Random shape of rank nd with sizes in [lo, hi]. */
export function randomShape(r: () => number, nd: number, lo = 1, hi = 5): number[] {
  return Array.from({ length: nd }, () => lo + Math.floor(r() * (hi - lo + 1)));
}
