/** @file Data types, their TypedArray storage, and PyTorch's type-promotion rules. */

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

/** A zero-filled array of n elements. */
export function allocate(dtype: DType, n: number): TypedArray {
  const Ctor = ARRAY_TYPES[dtype], bytes = n * Ctor.BYTES_PER_ELEMENT;
  if (bytes < POOLED_MIN_BYTES || bytes > POOLED_MAX_BYTES) return new Ctor(n);
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
  return new Ctor(Buffer.allocUnsafeSlow(bytes).buffer, 0, n);
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
