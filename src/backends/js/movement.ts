/** @file Reference copy kernels that move data: pad and cat. */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { contiguousStrides, numelOf } from "../../core/shape.ts";
import type { View } from "../backend.ts";
import { offsetsOf } from "./iterate.ts";

type Region = { shape: number[]; strides: readonly number[]; offset: number };

/**
 * Where pad copies: the part of x that lands inside the output (negative widths crop) as a view of
 * x (`src`) and of the dense output (`dst`), both of `shape`.
 */
export function padRegion(x: View, widths: readonly (readonly [number, number])[]): { outShape: number[]; src: Region; dst: Region } {
  const outShape = x.shape.map((s, d) => s + widths[d][0] + widths[d][1]);
  const srcStart = widths.map(([b]) => Math.max(0, -b));
  const shape = x.shape.map((s, d) => Math.max(0, s - srcStart[d] - Math.max(0, -widths[d][1])));
  const os = contiguousStrides(outShape);
  return {
    outShape,
    src: { shape, strides: x.strides, offset: x.offset + srcStart.reduce((acc, s, d) => acc + s * x.strides[d], 0) },
    dst: { shape, strides: os, offset: widths.reduce((acc, [b], d) => acc + Math.max(0, b) * os[d], 0) },
  };
}

export function pad(x: View, widths: readonly (readonly [number, number])[], value: number, dtype: DType): TypedArray {
  const { outShape, src, dst } = padRegion(x, widths);
  const out = allocate(dtype, numelOf(outShape));
  if (value !== 0) out.fill(value);
  if (numelOf(src.shape) === 0) return out;
  const so = offsetsOf(src.shape, src.strides, src.offset);
  const dso = offsetsOf(dst.shape, dst.strides, dst.offset);
  for (let i = 0; i < so.length; i++) out[dso[i]] = x.data[so[i]];
  return out;
}

export function cat(xs: readonly View[], dim: number, dtype: DType): TypedArray {
  const outShape = [...xs[0].shape];
  outShape[dim] = xs.reduce((acc, x) => acc + x.shape[dim], 0);
  const out = allocate(dtype, numelOf(outShape));
  const os = contiguousStrides(outShape);
  let at = 0;
  for (const x of xs) {
    const src = offsetsOf(x.shape, x.strides, x.offset);
    const dst = offsetsOf(x.shape, os, at * os[dim]);
    for (let i = 0; i < src.length; i++) out[dst[i]] = x.data[src[i]];
    at += x.shape[dim];
  }
  return out;
}
