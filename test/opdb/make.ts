/**
 * @file Sample inputs for the op database: seeded float64 tensors (own PRNG, not lernwerk's),
 * edge values, and the same values laid out non-contiguously (offset, stride 2, transposed).
 */
import * as lw from "lernwerk";
import { numel } from "./nd.ts";
import type { Tensor } from "./types.ts";

/** mulberry32: a tiny seeded PRNG, so sample values never depend on lernwerk's generator. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let seedCounter = 1;

/** Uniform values in [low, high), float64. */
export function rand(shape: readonly number[], low = -2, high = 2, seed = seedCounter++): Tensor {
  const r = rng(seed);
  const data = Float64Array.from({ length: numel(shape) }, () => low + (high - low) * r());
  return lw.fromTypedArray(data, [...shape]);
}

/** Uniform values in [low, high) that stay at least `gap` away from each point of `kinks` (for gradchecks). */
export function awayFrom(shape: readonly number[], kinks: number[], low = -2, high = 2, gap = 0.05): Tensor {
  const r = rng(seedCounter++);
  const data = Float64Array.from({ length: numel(shape) }, () => {
    for (;;) {
      const v = low + (high - low) * r();
      if (kinks.every((k) => Math.abs(v - k) > gap)) return v;
    }
  });
  return lw.fromTypedArray(data, [...shape]);
}

/** Positive values in [low, high). */
export const positive = (shape: readonly number[], low = 0.2, high = 3): Tensor => rand(shape, low, high);

/** A float64 tensor from nested data. */
export const f64 = (data: lw.NestedArray): Tensor => lw.tensor(data, { dtype: "float64" });
/** An int32 tensor from nested data. */
export const i32 = (data: lw.NestedArray): Tensor => lw.tensor(data, { dtype: "int32" });
/** A bool tensor from nested data. */
export const bool = (data: lw.NestedArray): Tensor => lw.tensor(data, { dtype: "bool" });

/** Edge values every element-wise op should survive. */
export const EDGE = [0, -0, 1, -1, 0.5, -2.5, 1e-30, 1e30, Infinity, -Infinity, NaN];
export const edges = (): Tensor => f64(EDGE);

/** A random int32 tensor in [low, high). */
export function ints(shape: readonly number[], low: number, high: number, seed = seedCounter++): Tensor {
  const r = rng(seed);
  return lw.fromTypedArray(Int32Array.from({ length: numel(shape) }, () => low + Math.floor((high - low) * r())), [...shape]);
}

/** A random bool tensor. */
export function bools(shape: readonly number[], seed = seedCounter++): Tensor {
  const r = rng(seed);
  return lw.tensor(Array.from({ length: numel(shape) }, () => r() < 0.5), { dtype: "bool" }).reshape([...shape]);
}

/** A filler that must never show up in a result: it marks elements a kernel should not read. */
const filler = (dtype: lw.DType): number => (dtype === "bool" ? 1 : dtype === "int32" ? -77777 : NaN);

/** Where `strided` keeps the values: a 1-D storage and how to view it. */
export interface StridedLayout {
  /** 1-D storage: offset 1, each value followed by a filler, the last two dims stored transposed. */
  storage: Tensor;
  /** The view of a storage of this layout (the storage itself, or a leaf with the same values). */
  view: (storage: Tensor) => Tensor;
}

export function stridedLayout(t: Tensor, fill = filler(t.dtype)): StridedLayout {
  const shape = [...t.shape];
  const values = t.toTypedArray();
  const nd = shape.length;
  const stored = nd >= 2 ? [...shape.slice(0, -2), shape[nd - 1], shape[nd - 2]] : shape;
  const n = numel(shape);
  const data = new (values.constructor as new (n: number) => typeof values)(2 * n + 1).fill(fill);
  for (let i = 0; i < n; i++) {
    // Position i of `shape` (row-major) lives at position j of `stored`.
    let rest = i;
    const idx = new Array<number>(nd);
    for (let d = nd - 1; d >= 0; d--) { idx[d] = rest % shape[d]; rest = Math.floor(rest / shape[d]); }
    if (nd >= 2) [idx[nd - 2], idx[nd - 1]] = [idx[nd - 1], idx[nd - 2]];
    let j = 0;
    for (let d = 0; d < nd; d++) j = j * stored[d] + idx[d];
    data[1 + 2 * j] = values[i];
  }
  const view = (storage: Tensor): Tensor => {
    const base = storage.narrow(0, 1, 2 * n).reshape([...stored, 2]).select(-1, 0);
    return nd >= 2 ? base.transpose(-1, -2) : base;
  };
  return { storage: lw.fromTypedArray(data, [2 * n + 1]), view };
}

/** The same values as `t` in a non-contiguous layout whose gaps hold fillers no kernel may read. */
export function strided(t: Tensor): Tensor {
  const { storage, view } = stridedLayout(t);
  const out = view(storage);
  if (t.numel > 1 && out.isContiguous()) throw new Error("strided: expected a non-contiguous layout");
  return out;
}
