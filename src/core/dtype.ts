/** @file Data types, their TypedArray storage, and PyTorch's type-promotion rules. */

import { kMaxLength } from "node:buffer";

export type DType = "float32" | "float64" | "int32" | "bool";
export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The default floating dtype, as torch.get_default_dtype(). */
export const DEFAULT_FLOAT: DType = "float32";

export function isFloat(d: DType): boolean {
  return d === "float32" || d === "float64";
}

const ARRAY_TYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

// Small arrays are carved out of shared zero-filled slabs, as Node's Buffer pool does: V8 gives each new
// typed array over 64 bytes a backing store of its own (~0.8 µs for 512 bytes, most of a small op's time),
// a view of a slab costs ~0.1 µs. A slab lives while any array cut from it does, so at most 32 KiB are
// held for a long-lived small tensor; arrays of 64 bytes or less stay on V8's heap, where they are cheap.
const SLAB_BYTES = 1 << 15, POOLED_MIN_BYTES = 65, POOLED_MAX_BYTES = 1 << 11;
let slab = new ArrayBuffer(SLAB_BYTES), slabUsed = 0;

/** The most elements one typed array holds in V8 (64-bit builds, Node 20). */
export const MAX_ARRAY_ELEMENTS = 2 ** 32;

export const bytesPerElement = (dtype: DType): number => ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;

/** A byte count in decimal units, one decimal: 4.0 TB, 512.0 MB, 12 B. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

/**
 * Storage that cannot be allocated: more elements than a typed array holds, or more bytes than the process gets.
 * `what` says whose storage it was ("zeros: shape [1000000, 1000000]"); apply() names the op where it is generic.
 */
export class AllocationError extends RangeError {
  constructor(readonly what: string, readonly elements: number, readonly dtype: DType, readonly outOfMemory = false) {
    const bytes = formatBytes(elements * bytesPerElement(dtype));
    super(outOfMemory
      ? `${what} of ${dtype} needs ${bytes}, and the allocation failed (out of memory)`
      : `${what} of ${dtype} needs ${bytes}, more than a typed array can hold (max ${MAX_ARRAY_ELEMENTS} elements)`);
    this.name = "RangeError";
  }
}

/** Throws an AllocationError naming `what()` unless n elements of dtype fit in one typed array. */
export function checkAllocation(n: number, dtype: DType, what: () => string): void {
  if (n > MAX_ARRAY_ELEMENTS) throw new AllocationError(what(), n, dtype);
}

/** new Ctor(n), with V8's bare RangeErrors (too long, out of memory) turned into AllocationErrors. */
function construct(dtype: DType, n: number): TypedArray {
  checkAllocation(n, dtype, () => storageOf(n));
  try {
    return new ARRAY_TYPES[dtype](n);
  } catch (e) {
    if (e instanceof RangeError) throw new AllocationError(storageOf(n), n, dtype, true);
    throw e;
  }
}
const storageOf = (n: number) => `allocate: storage of ${n} elements`;

/** Whether an AllocationError came from allocate() itself, with no op named yet. */
export const isUnnamedAllocation = (e: unknown): e is AllocationError => e instanceof AllocationError && e.what.startsWith("allocate: ");

/** A zero-filled array of n elements. */
export function allocate(dtype: DType, n: number): TypedArray {
  const Ctor = ARRAY_TYPES[dtype], bytes = n * Ctor.BYTES_PER_ELEMENT;
  if (bytes < POOLED_MIN_BYTES || bytes > POOLED_MAX_BYTES) return construct(dtype, n);
  let at = (slabUsed + 31) & ~31; // 32-byte aligned: whole AVX vectors, and float64 never misaligned
  if (at + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    at = 0;
  }
  slabUsed = at + bytes;
  return new Ctor(slab, at, n);
}

/**
 * An array for a kernel that writes every element: small ones come from allocate()'s slabs, larger ones skip
 * the zero-fill (Buffer.allocUnsafeSlow, not pooled, offset 0: 1.7 µs for 64 KiB where a zeroed one takes 7).
 */
export function allocateUninitialized(dtype: DType, n: number): TypedArray {
  const Ctor = ARRAY_TYPES[dtype], bytes = n * Ctor.BYTES_PER_ELEMENT;
  if (bytes <= POOLED_MAX_BYTES) return allocate(dtype, n);
  if (bytes > kMaxLength) return construct(dtype, n); // a Buffer holds fewer bytes than a typed array
  try {
    return new Ctor(Buffer.allocUnsafeSlow(bytes).buffer, 0, n);
  } catch (e) {
    if (e instanceof RangeError) throw new AllocationError(storageOf(n), n, dtype, true);
    throw e;
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "bool";
}

export function assertDType(d: unknown, where: string): asserts d is DType {
  if (!DTYPES.includes(d as DType)) {
    throw new TypeError(`${where}: unknown dtype ${JSON.stringify(d)}; expected one of ${DTYPES.join(", ")}`);
  }
}

// Category ranks: bool < int < float. Within floats, float64 wins.
const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** torch.promote_types for two tensors. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * Result dtype of a tensor combined with a JS number, as PyTorch treats a Python scalar:
 * the scalar only raises the category (bool → int → float), never the width.
 * NOTE: JS cannot tell `2` from `2.0`; an integral number counts as an int scalar.
 */
export function promoteWithScalar(t: DType, s: number | boolean): DType {
  if (typeof s === "boolean") return t;
  const scalarIsInt = Number.isInteger(s);
  if (scalarIsInt) return t === "bool" ? "int32" : t;
  return isFloat(t) ? t : DEFAULT_FLOAT;
}

/** Converts a JS number to what storing it in `dtype` yields (truncation for ints, 0/1 for bool). */
export function castScalar(v: number, dtype: DType): number {
  switch (dtype) {
    case "float32": return Math.fround(v);
    case "float64": return v;
    case "int32": return Number.isFinite(v) ? Math.trunc(v) | 0 : 0;
    case "bool": return v !== 0 ? 1 : 0;
  }
}

/** Matrix products are not defined on bool, as in PyTorch, whose error reads "not implemented for 'Bool'". */
export function assertNotBool(dtype: DType, op: string): void {
  if (dtype === "bool") throw new TypeError(`${op}: not implemented for dtype bool (as in PyTorch); convert the operands with .int() or .float()`);
}
