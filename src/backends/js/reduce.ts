/** @file Reference reductions: sum, prod, amax, amin, argmax/argmin, cumsum over strided views. */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import { Op, type ArgReduceOp, type ReduceOp } from "../../core/ops.ts";
import type { View } from "../backend.ts";
import { offsetsOf } from "./iterate.ts";
import { contiguousStrides, numelOf } from "../../core/shape.ts";

/** Splits x into outer (kept dims) and inner (reduced dims) offset lists. */
function split(x: View, dims: readonly number[]): { outer: Int32Array; inner: Int32Array } {
  const keep = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const outer = offsetsOf(keep.map((i) => x.shape[i]), keep.map((i) => x.strides[i]), x.offset);
  const inner = offsetsOf(dims.map((i) => x.shape[i]), dims.map((i) => x.strides[i]), 0);
  return { outer, inner };
}

export function reduce(op: ReduceOp, x: View, dims: readonly number[], dtype: DType): TypedArray {
  const { outer, inner } = split(x, dims);
  const out = allocate(dtype, outer.length);
  const d = x.data, m = inner.length;
  for (let o = 0; o < outer.length; o++) {
    const base = outer[o];
    let acc: number;
    switch (op) {
      case Op.Sum:
        acc = 0;
        for (let i = 0; i < m; i++) acc += d[base + inner[i]];
        break;
      case Op.Prod:
        acc = 1;
        for (let i = 0; i < m; i++) acc *= d[base + inner[i]];
        break;
      case Op.Amax:
        acc = -Infinity;
        for (let i = 0; i < m; i++) { const v = d[base + inner[i]]; if (v > acc || v !== v) { acc = v; if (v !== v) break; } }
        break;
      case Op.Amin:
        acc = Infinity;
        for (let i = 0; i < m; i++) { const v = d[base + inner[i]]; if (v < acc || v !== v) { acc = v; if (v !== v) break; } }
        break;
    }
    out[o] = acc;
  }
  return out;
}

export function argReduce(op: ArgReduceOp, x: View, dim: number): Int32Array {
  const { outer, inner } = split(x, [dim]);
  const out = new Int32Array(outer.length);
  const d = x.data, m = inner.length, isMax = op === Op.Argmax;
  for (let o = 0; o < outer.length; o++) {
    const base = outer[o];
    let best = 0, bv = d[base + inner[0]];
    if (bv === bv) {
      for (let i = 1; i < m; i++) {
        const v = d[base + inner[i]];
        if (v !== v) { best = i; break; }
        if (isMax ? v > bv : v < bv) { bv = v; best = i; }
      }
    }
    out[o] = best;
  }
  return out;
}

export function cumsum(x: View, dim: number, dtype: DType): TypedArray {
  const n = numelOf(x.shape);
  const out = allocate(dtype, n);
  const lineShape = x.shape.map((s, i) => (i === dim ? 1 : s));
  const starts = offsetsOf(lineShape, x.strides, x.offset);
  const outStarts = offsetsOf(lineShape, contiguousStrides(x.shape), 0);
  const len = x.shape[dim], st = x.strides[dim], ost = contiguousStrides(x.shape)[dim];
  for (let l = 0; l < starts.length; l++) {
    let acc = 0;
    for (let i = 0; i < len; i++) {
      acc += x.data[starts[l] + i * st];
      out[outStarts[l] + i * ost] = acc;
    }
  }
  return out;
}
