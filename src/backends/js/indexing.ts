/** @file Reference gather/scatter kernels; every index read is bounds-checked here. */
import { allocate, type TypedArray } from "../../core/dtype.ts";
import { contiguousStrides, fmtShape } from "../../core/shape.ts";
import type { View } from "../backend.ts";
import { offsetsOf } from "./iterate.ts";
import { copy } from "./elementwise.ts";

function checkIndex(op: string, v: number, dim: number, size: number): number {
  const i = v < 0 ? v + size : v;
  if (!(i >= 0 && i < size)) throw new RangeError(`${op}: index ${v} is out of bounds for dim ${dim} with size ${size}`);
  return i;
}

/** Offsets into a tensor of `strides` for the positions of `shape`, leaving out `dim`'s contribution. */
function baseOffsets(shape: readonly number[], strides: readonly number[], offset: number, dim: number): Int32Array {
  return offsetsOf(shape, strides.map((s, d) => (d === dim ? 0 : s)), offset);
}

export function gather(x: View, dim: number, index: View, op: string): TypedArray {
  const pos = offsetsOf(index.shape, index.strides, index.offset);
  const base = baseOffsets(index.shape, x.strides, x.offset, dim);
  const out = allocate(x.dtype, pos.length);
  const size = x.shape[dim], st = x.strides[dim];
  for (let i = 0; i < pos.length; i++) out[i] = x.data[base[i] + checkIndex(op, index.data[pos[i]], dim, size) * st];
  return out;
}

export function scatter(x: View, dim: number, index: View, src: View, accumulate: boolean, op: string): TypedArray {
  const out = copy(x, x.dtype);
  const os = contiguousStrides(x.shape);
  const pos = offsetsOf(index.shape, index.strides, index.offset);
  const srcPos = offsetsOf(index.shape, src.strides, src.offset);
  const base = baseOffsets(index.shape, os, 0, dim);
  const size = x.shape[dim];
  for (let i = 0; i < pos.length; i++) {
    const o = base[i] + checkIndex(op, index.data[pos[i]], dim, size) * os[dim];
    out[o] = accumulate ? out[o] + src.data[srcPos[i]] : src.data[srcPos[i]];
  }
  return out;
}

function indexList(index: View, dim: number, size: number, op: string): number[] {
  if (index.shape.length > 1) throw new RangeError(`${op}: index must be 1-D, got shape ${fmtShape(index.shape)}`);
  const n = index.shape[0] ?? 1, st = index.strides[0] ?? 0;
  return Array.from({ length: n }, (_, i) => checkIndex(op, index.data[index.offset + i * st], dim, size));
}

export function indexSelect(x: View, dim: number, index: View, op: string): TypedArray {
  const idx = indexList(index, dim, x.shape[dim], op);
  const outShape = x.shape.map((s, d) => (d === dim ? idx.length : s));
  const rowShape = x.shape.map((s, d) => (d === dim ? 1 : s));
  const os = contiguousStrides(outShape);
  const src = offsetsOf(rowShape, x.strides, x.offset);
  const dst = offsetsOf(rowShape, os, 0);
  const out = allocate(x.dtype, idx.length * src.length);
  for (let k = 0; k < idx.length; k++) {
    const so = idx[k] * x.strides[dim], doff = k * os[dim];
    for (let i = 0; i < src.length; i++) out[dst[i] + doff] = x.data[src[i] + so];
  }
  return out;
}

export function indexAdd(x: View, dim: number, index: View, src: View, op: string): TypedArray {
  const idx = indexList(index, dim, x.shape[dim], op);
  const out = copy(x, x.dtype);
  const os = contiguousStrides(x.shape);
  const rowShape = x.shape.map((s, d) => (d === dim ? 1 : s));
  const dst = offsetsOf(rowShape, os, 0);
  const sp = offsetsOf(rowShape, src.strides, src.offset);
  for (let k = 0; k < idx.length; k++) {
    const doff = idx[k] * os[dim], soff = k * src.strides[dim];
    for (let i = 0; i < dst.length; i++) out[dst[i] + doff] += src.data[sp[i] + soff];
  }
  return out;
}
