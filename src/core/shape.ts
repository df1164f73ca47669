/** @file Shapes and strides: broadcasting, contiguous strides, dim normalisation, shape-argument parsing. */

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapeEquals(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const fmtShape = (s: Shape): string => `[${s.join(", ")}]`;

/** Broadcast shapes NumPy/PyTorch-style; `op` names the caller in the error. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  if (shapes.length === 2 && shapeEquals(shapes[0], shapes[1])) return [...shapes[0]]; // the common case, on every op's path
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = nd - s.length + i;
      const d = s[i];
      if (out[o] === 1) out[o] = d;
      else if (d !== 1 && d !== out[o]) {
        throw new RangeError(`${op}: shapes ${shapes.map(fmtShape).join(" and ")} cannot be broadcast together (dim ${o - nd}: ${out[o]} vs ${d})`);
      }
    }
  }
  return out;
}

/** Normalises a possibly negative dim for a tensor of rank `ndim` (PyTorch's wrap rule). */
export function normDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1); // a 0-d tensor accepts dim 0 and -1
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`${op}: dim ${dim} is out of range for a tensor of ${ndim} dimension${ndim === 1 ? "" : "s"} (expected ${-n}..${n - 1})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a list of dims (or all dims when undefined), sorted and checked for repeats. */
export function normDims(dims: number | readonly number[] | undefined, ndim: number, op: string): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : [...dims];
  const out = list.map((d) => normDim(d, ndim, op));
  if (new Set(out).size !== out.length) throw new RangeError(`${op}: dim ${list.join(", ")} names a dimension twice`);
  return ndim === 0 ? [] : out.sort((a, b) => a - b);
}

export function checkShape(shape: readonly unknown[], op: string): number[] {
  for (const s of shape) {
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0) {
      const show = (v: unknown) => (typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v));
      throw new RangeError(`${op}: shape [${shape.map(show).join(", ")}] must hold non-negative integers, got ${show(s)}`);
    }
  }
  return shape as number[];
}

/** Accepts both `f([2, 3])` and `f(2, 3)` forms. */
export type ShapeArgs = [Shape] | number[];
export function shapeFromArgs(args: readonly (number | Shape)[], op: string): number[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as Shape) : (args as number[]);
  return checkShape(flat, op);
}

/** Resolves one -1 entry of a target shape against `numel` (reshape/view). */
export function inferShape(shape: readonly number[], numel: number, op: string, from: Shape): number[] {
  let infer = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (infer >= 0) throw new RangeError(`${op}: only one dimension can be -1, got ${fmtShape(shape)}`);
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: invalid shape ${fmtShape(shape)}`);
    } else known *= d;
  });
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${numel} elements)`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${numel} elements)`);
  }
  return out;
}
