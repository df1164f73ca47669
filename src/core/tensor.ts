/**
 * @file The Tensor: a strided view (shape, strides, offset) on a typed storage, plus its
 * autograd fields. Ops are attached as methods by ops/methods.ts; this file holds only the data.
 */
import { type DType, type TypedArray, isFloat } from "./dtype.ts";
import { type Shape, contiguousStrides, numelOf, fmtShape } from "./shape.ts";
import type { Node } from "./autograd.ts";

/** Shared memory of one or more tensors; `version` counts in-place writes (autograd checks it). */
export class Storage {
  version = 0;
  constructor(public readonly data: TypedArray) {}
}

export type NestedArray = number | boolean | NestedArray[];

export class Tensor {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Gradient accumulated by backward() (leaves, and non-leaves after retainGrad()). */
  grad: Tensor | null = null;
  /** The autograd node that produced this tensor; null for leaves. */
  gradFn: Node | null = null;
  /** Keep .grad on this non-leaf tensor during backward(). */
  retainsGrad = false;
  #requiresGrad = false;

  constructor(storage: Storage, shape: Shape, dtype: DType, strides?: Shape, offset = 0) {
    this.storage = storage;
    // Copies, not frozen: TypeScript's readonly guards them, and freezing cost ~0.2 µs per tensor (a third of a small op).
    this.shape = [...shape];
    this.strides = strides ? [...strides] : contiguousStrides(shape);
    this.offset = offset;
    this.dtype = dtype;
  }

  /** The storage's typed array (all of it: index with offset and strides). */
  get data(): TypedArray {
    return this.storage.data;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get numel(): number {
    return numelOf(this.shape);
  }
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    const d = dim < 0 ? dim + this.ndim : dim;
    if (d < 0 || d >= this.ndim) throw new RangeError(`size: dim ${dim} is out of range for shape ${fmtShape(this.shape)}`);
    return this.shape[d];
  }

  get requiresGrad(): boolean {
    return this.#requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (v && !isFloat(this.dtype)) {
      throw new TypeError(`requiresGrad: only floating-point tensors can require gradients, got dtype ${this.dtype}`);
    }
    if (!v && this.gradFn) {
      throw new Error("requiresGrad: cannot turn off gradients of a non-leaf tensor; use .detach()");
    }
    this.#requiresGrad = v;
  }
  /** PyTorch-style in-place setter; returns this. */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** Ask backward() to keep this non-leaf tensor's .grad. */
  retainGrad(): this {
    if (!this.#requiresGrad) throw new Error("retainGrad: the tensor does not require grad");
    this.retainsGrad = true;
    return this;
  }

  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.ndim - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== expected) return false;
      expected *= this.shape[i];
    }
    return true;
  }

  /** A tensor sharing this one's storage and view but outside the graph. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype, this.strides, this.offset);
  }

  /** The element values in row-major order, copied into a fresh typed array of this dtype. */
  toTypedArray(): TypedArray {
    const n = this.numel;
    const src = this.storage.data;
    if (this.isContiguous()) return src.slice(this.offset, this.offset + n);
    const out = new (src.constructor as new (n: number) => TypedArray)(n);
    forEachOffset(this.shape, this.strides, this.offset, (o, i) => { out[i] = src[o]; });
    return out;
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.numel !== 1) throw new RangeError(`item: a tensor with ${this.numel} elements (shape ${fmtShape(this.shape)}) cannot be converted to a number`);
    return this.storage.data[this.offset];
  }

  /** Nested arrays of numbers (booleans for dtype bool), as torch's tolist(). */
  tolist(): NestedArray {
    const flat = this.toTypedArray();
    const asBool = this.dtype === "bool";
    const build = (dim: number, start: number): NestedArray => {
      if (dim === this.ndim) return asBool ? flat[start] !== 0 : flat[start];
      const step = numelOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, start + i * step));
    };
    return build(0, 0);
  }
}

/** Calls fn(storageOffset, flatIndex) for every element of a strided view, in row-major order. */
export function forEachOffset(shape: Shape, strides: Shape, offset: number, fn: (o: number, i: number) => void): void {
  const nd = shape.length;
  const n = numelOf(shape);
  if (n === 0) return;
  if (nd === 0) { fn(offset, 0); return; }
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1, lastSize = shape[last], lastStride = strides[last];
  let o = offset;
  for (let i = 0; i < n; ) {
    for (let j = 0; j < lastSize; j++, i++) fn(o + j * lastStride, i);
    let d = last - 1;
    o = offset;
    for (; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
    if (d < 0) break;
    for (let k = 0; k < last; k++) o += idx[k] * strides[k];
  }
}
