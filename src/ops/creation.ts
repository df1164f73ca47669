/** @file Tensor creation: from data, filled, ranges, identity, random (seeded), and the *Like forms. */
import { AllocationError, allocate, assertDType, castScalar, checkAllocation, dtypeOfArray, isUnnamedAllocation, type DType, type TypedArray, DEFAULT_FLOAT, isFloat } from "../core/dtype.ts";
import { backend } from "../backends/backend.ts";
import { fromData } from "../core/forward.ts";
import { defaultGenerator, type Generator } from "../core/random.ts";
import { checkShape, fmtShape, numelOf, type Shape } from "../core/shape.ts";
import { Tensor, type NestedArray } from "../core/tensor.ts";

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}
export interface RandomOptions extends TensorOptions {
  /** A generator of its own instead of the default one seeded by manualSeed. */
  generator?: Generator;
}

/** Anything `tensor()` accepts. */
export type TensorData = NestedArray | TypedArray | ArrayLike<number> | Tensor;

function finish(t: Tensor, opts: TensorOptions | undefined): Tensor {
  if (opts?.requiresGrad) t.requiresGrad = true;
  return t;
}

function checkOpts(opts: TensorOptions | undefined, op: string): DType | undefined {
  if (opts?.dtype !== undefined) assertDType(opts.dtype, op);
  return opts?.dtype;
}

function inferShape(data: unknown, op: string): number[] {
  const shape: number[] = [];
  let cur = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

/**
 * A tensor holding a copy of `data`: nested arrays, a TypedArray, a number or a boolean.
 * Numbers become float32 (JS has no int/float distinction), booleans bool, and typed
 * arrays keep their dtype (Float32Array, Float64Array, Int32Array), unless `dtype` is given.
 * @example lw.tensor([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function tensor(data: TensorData, opts?: TensorOptions): Tensor {
  let dtype = checkOpts(opts, "tensor");
  if (data instanceof Tensor) {
    const t = fromData(data.toTypedArray(), data.shape, data.dtype);
    return finish(dtype && dtype !== t.dtype ? fromData(castArray(t.data, dtype), t.shape, dtype) : t, opts);
  }
  if (ArrayBuffer.isView(data)) {
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) throw new TypeError("tensor: BigInt arrays are not supported; convert to Int32Array or Float64Array");
    const arr = data as unknown as ArrayLike<number>;
    const natural: DType = data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array ? dtypeOfArray(data) : DEFAULT_FLOAT;
    dtype ??= natural;
    return finish(fromData(castArray(arr, dtype), [arr.length], dtype), opts);
  }
  const shape = inferShape(data, "tensor");
  const n = numelOf(shape);
  const flat: (number | boolean)[] = [];
  let sawNumber = false, sawBool = false;
  const walk = (v: unknown, dim: number, path: number[]): void => {
    if (dim === shape.length) {
      if (typeof v === "number") sawNumber = true;
      else if (typeof v === "boolean") sawBool = true;
      else throw new TypeError(`tensor: element at [${path.join(", ")}] is ${Array.isArray(v) ? "an array (ragged nesting)" : typeof v}; expected a number or boolean`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      const len = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new RangeError(`tensor: ragged nested array at [${path.join(", ")}]: expected length ${shape[dim]} at dim ${dim}, got ${len}`);
    }
    v.forEach((c, i) => walk(c, dim + 1, [...path, i]));
  };
  walk(data, 0, []);
  if (sawNumber && sawBool) throw new TypeError("tensor: data mixes numbers and booleans");
  dtype ??= sawBool ? "bool" : DEFAULT_FLOAT;
  const arr = allocate(dtype, n);
  for (let i = 0; i < n; i++) arr[i] = castScalar(Number(flat[i]), dtype);
  return finish(fromData(arr, shape, dtype), opts);
}

function castArray(src: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  if (dtype === "float32" || dtype === "float64") (out as Float64Array).set(src);
  else for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i], dtype);
  return out;
}

/**
 * A tensor that shares `data` without copying (as torch.from_numpy); `shape` defaults to 1-D.
 * @example lw.fromTypedArray(new Float32Array(6), [2, 3])
 */
export function fromTypedArray(data: TypedArray, shape: Shape = [data.length]): Tensor {
  checkShape(shape, "fromTypedArray");
  if (numelOf(shape) !== data.length) throw new RangeError(`fromTypedArray: shape [${shape.join(", ")}] needs ${numelOf(shape)} elements, the array has ${data.length}`);
  return fromData(data, shape, dtypeOfArray(data));
}

/** Splits `(…shape, options?)` arguments: `f([2, 3], opts)` or `f(2, 3, opts)`. */
export type ShapeAndOptions<O> = [Shape, O?] | [...number[], O] | number[];
function parseShapeArgs<O extends object>(args: unknown[], op: string): [number[], O | undefined] {
  let opts: O | undefined;
  const last = args[args.length - 1];
  if (last !== undefined && typeof last === "object" && !Array.isArray(last)) {
    opts = last as O;
    args = args.slice(0, -1);
  }
  const shape = args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
  return [checkShape(shape, op), opts];
}

/** Throws naming the op, the shape and the bytes where a tensor of `shape` would not fit in one typed array. */
function checkSize(shape: Shape, dtype: DType, op: string): void {
  checkAllocation(numelOf(shape), dtype, () => `${op}: shape ${fmtShape(shape)}`);
}

/** allocate() for a tensor of `shape`, its errors (too large, out of memory) naming the op and the shape. */
function allocateFor(shape: Shape, dtype: DType, op: string): TypedArray {
  checkSize(shape, dtype, op);
  try {
    return allocate(dtype, numelOf(shape));
  } catch (e) {
    if (isUnnamedAllocation(e)) throw new AllocationError(`${op}: shape ${fmtShape(shape)}`, e.elements, dtype, e.outOfMemory);
    throw e;
  }
}

function filledTensor(shape: number[], value: number, opts: TensorOptions | undefined, dtype: DType, op: string): Tensor {
  const data = allocateFor(shape, dtype, op);
  if (value !== 0) data.fill(castScalar(value, dtype));
  return finish(fromData(data, shape, dtype), opts);
}

/** @example lw.zeros(2, 3); lw.zeros([2, 3], { dtype: "float64" }) */
export function zeros(...args: ShapeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = parseShapeArgs<TensorOptions>(args, "zeros");
  return filledTensor(shape, 0, opts, checkOpts(opts, "zeros") ?? DEFAULT_FLOAT, "zeros");
}

/** @example lw.ones(2, 3) */
export function ones(...args: ShapeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = parseShapeArgs<TensorOptions>(args, "ones");
  return filledTensor(shape, 1, opts, checkOpts(opts, "ones") ?? DEFAULT_FLOAT, "ones");
}

/** A tensor of `shape` filled with `value`; a boolean value gives dtype bool. @example lw.full([2, 2], 7) */
export function full(shape: Shape, value: number | boolean, opts?: TensorOptions): Tensor {
  const dtype = checkOpts(opts, "full") ?? (typeof value === "boolean" ? "bool" : DEFAULT_FLOAT);
  return filledTensor(checkShape(shape, "full"), Number(value), opts, dtype, "full");
}

/**
 * Values from start to end (exclusive) by step. Integer arguments give int32, as torch.arange gives integers.
 * @example lw.arange(5); lw.arange(1, 2, 0.25)
 */
export function arange(end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number, step?: number, opts?: TensorOptions): Tensor;
export function arange(a: number, b?: number | TensorOptions, c?: number | TensorOptions, d?: TensorOptions): Tensor {
  let start = 0, end: number, step = 1, opts: TensorOptions | undefined;
  if (typeof b !== "number") { end = a; opts = b; }
  else { start = a; end = b; if (typeof c === "number") { step = c; opts = d; } else opts = c; }
  for (const v of [start, end, step]) if (!Number.isFinite(v)) throw new RangeError(`arange: start, end and step must be finite, got ${start}, ${end}, ${step}`);
  if (step === 0) throw new RangeError("arange: step must be non-zero");
  if ((end - start) / step < 0) throw new RangeError(`arange: upper bound and step do not agree in sign (start ${start}, end ${end}, step ${step})`);
  const dtype = checkOpts(opts, "arange") ?? ([start, end, step].every(Number.isInteger) ? "int32" : DEFAULT_FLOAT);
  const n = Math.ceil((end - start) / step);
  const data = allocateFor([n], dtype, "arange");
  for (let i = 0; i < n; i++) data[i] = castScalar(start + i * step, dtype);
  return finish(fromData(data, [n], dtype), opts);
}

/** `steps` evenly spaced values from start to end inclusive. @example lw.linspace(0, 1, 5) */
export function linspace(start: number, end: number, steps: number, opts?: TensorOptions): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = checkOpts(opts, "linspace") ?? DEFAULT_FLOAT;
  const data = allocateFor([steps], dtype, "linspace");
  const h = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends so the last value is exactly `end`, as PyTorch does.
  const half = steps === 1 ? 1 : Math.floor(steps / 2); // one step is `start`, as PyTorch
  for (let i = 0; i < steps; i++) data[i] = castScalar(i < half ? start + i * h : end - (steps - 1 - i) * h, dtype);
  return finish(fromData(data, [steps], dtype), opts);
}

/** The n×m identity matrix. @example lw.eye(3) */
export function eye(n: number, m: number = n, opts?: TensorOptions): Tensor {
  checkShape([n, m], "eye");
  const t = filledTensor([n, m], 0, undefined, checkOpts(opts, "eye") ?? DEFAULT_FLOAT, "eye");
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return finish(t, opts);
}

function randomTensor(shape: number[], opts: RandomOptions | undefined, op: string, values: (g: Generator, n: number) => Float64Array): Tensor {
  const dtype = checkOpts(opts, op) ?? DEFAULT_FLOAT;
  if (!isFloat(dtype)) throw new TypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  checkSize(shape, dtype, op);
  const v = values(opts?.generator ?? defaultGenerator, numelOf(shape));
  return finish(fromData(dtype === "float64" ? v : Float32Array.from(v), shape, dtype), opts);
}

/** Uniform samples in [0, 1). @example lw.rand(2, 3) */
export function rand(...args: ShapeAndOptions<RandomOptions>): Tensor {
  const [shape, opts] = parseShapeArgs<RandomOptions>(args, "rand");
  // float32: drop bits that would round a value up to 1.0.
  const dtype = checkOpts(opts, "rand") ?? DEFAULT_FLOAT;
  if (dtype !== "float32" && dtype !== "float64") throw new TypeError(`rand: dtype must be float32 or float64, got ${dtype}`);
  checkSize(shape, dtype, "rand");
  const n = numelOf(shape);
  return finish(fromData(backend().uniform((opts?.generator ?? defaultGenerator).uniformStream(n), n, dtype), shape, dtype), opts);
}

/** Standard normal samples. @example lw.randn([2, 3], { requiresGrad: true }) */
export function randn(...args: ShapeAndOptions<RandomOptions>): Tensor {
  const [shape, opts] = parseShapeArgs<RandomOptions>(args, "randn");
  return randomTensor(shape, opts, "randn", (g, n) => g.normal(n));
}

/** Integers uniform in [low, high) (int32 unless dtype says otherwise). @example lw.randint(0, 10, [3]) */
export function randint(low: number, high: number, shape: Shape, opts?: RandomOptions): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`randint: expected integers low < high, got low ${low}, high ${high}`);
  }
  checkShape(shape, "randint");
  const dtype = checkOpts(opts, "randint") ?? "int32";
  checkSize(shape, dtype, "randint");
  const v = (opts?.generator ?? defaultGenerator).integers(numelOf(shape), low, high);
  const data = allocateFor(shape, dtype, "randint");
  data.set(v);
  return finish(fromData(data, shape, dtype), opts);
}

/** A random permutation of 0..n-1. @example lw.randperm(5) */
export function randperm(n: number, opts?: RandomOptions): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
  const dtype = checkOpts(opts, "randperm") ?? "int32";
  checkSize([n], dtype, "randperm");
  const p = (opts?.generator ?? defaultGenerator).permutation(n);
  return finish(fromData(dtype === "int32" ? p : castArray(p, dtype), [n], dtype), opts);
}

/** The options of a *Like call: the model tensor's dtype unless one is given (floating for the random ones). */
function like(t: Tensor, opts: TensorOptions | undefined, op: string, floatOnly = false): TensorOptions {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor, got ${t === null ? "null" : typeof t}`);
  const dtype = opts?.dtype ?? (floatOnly && !isFloat(t.dtype) ? DEFAULT_FLOAT : t.dtype);
  return { ...opts, dtype };
}
export const zerosLike = (t: Tensor, opts?: TensorOptions): Tensor => { const o = like(t, opts, "zerosLike"); return zeros(t.shape, o); };
export const onesLike = (t: Tensor, opts?: TensorOptions): Tensor => { const o = like(t, opts, "onesLike"); return ones(t.shape, o); };
export const fullLike = (t: Tensor, value: number, opts?: TensorOptions): Tensor => { const o = like(t, opts, "fullLike"); return full(t.shape, value, o); };
export const randLike = (t: Tensor, opts?: RandomOptions): Tensor => { const o = like(t, opts, "randLike", true); return rand(t.shape, o); };
export const randnLike = (t: Tensor, opts?: RandomOptions): Tensor => { const o = like(t, opts, "randnLike", true); return randn(t.shape, o); };
export function randintLike(t: Tensor, low: number, high: number, opts?: RandomOptions): Tensor {
  like(t, opts, "randintLike");
  return randint(low, high, t.shape, opts);
}
