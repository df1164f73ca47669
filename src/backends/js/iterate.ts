/** @file Strided-view walking for the reference kernels: offsets of every element in row-major order. */
import type { View } from "../backend.ts";
import { numelOf as numel } from "../../core/shape.ts";

export { numelOf as numel } from "../../core/shape.ts";

/** True when the view's elements are data[offset .. offset + numel) in row-major order. */
export function isDense(v: { shape: readonly number[]; strides: readonly number[] }): boolean {
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    if (v.shape[i] !== 1 && v.strides[i] !== expected) return false;
    expected *= v.shape[i];
  }
  return true;
}

/** Storage offset of every element of (shape, strides, offset), row-major. */
export function offsetsOf(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const n = numel(shape);
  const out = new Int32Array(n);
  if (n === 0) return out;
  const nd = shape.length;
  if (nd === 0) { out[0] = offset; return out; }
  const last = nd - 1, ls = shape[last], lst = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  let i = 0;
  for (;;) {
    for (let j = 0; j < ls; j++) out[i++] = base + j * lst;
    let d = last - 1;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= idx[d] * strides[d];
      idx[d] = 0;
    }
    if (d < 0) return out;
  }
}

/** Offsets of a view, or null when it is dense (then element i is at offset + i). */
export function viewOffsets(v: View): Int32Array | null {
  return isDense(v) ? null : offsetsOf(v.shape, v.strides, v.offset);
}

/** The view as a dense array starting at index 0 (shares memory when already dense). */
export function denseData(v: View): { data: View["data"]; start: number } {
  if (isDense(v)) return { data: v.data, start: v.offset };
  const offs = offsetsOf(v.shape, v.strides, v.offset);
  const out = new (v.data.constructor as new (n: number) => View["data"])(offs.length);
  for (let i = 0; i < offs.length; i++) out[i] = v.data[offs[i]];
  return { data: out, start: 0 };
}
