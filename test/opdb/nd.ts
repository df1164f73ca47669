/**
 * @file Plain float64 n-d arrays for the op database's references: shapes, row-major data and
 * loops over indices. Written without lernwerk's kernels, so a reference can disagree with them.
 */

/** A row-major array of numbers with a shape. */
export interface Nd {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

export const nd = (shape: readonly number[], data: readonly number[]): Nd => {
  if (numel(shape) !== data.length) throw new Error(`nd: shape [${shape}] needs ${numel(shape)} values, got ${data.length}`);
  return { shape: [...shape], data: [...data] };
};
export const scalarNd = (v: number): Nd => ({ shape: [], data: [v] });

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** The multi-index of flat position i. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = i % shape[d]; i = Math.floor(i / shape[d]); }
  return idx;
}

export const ravel = (idx: readonly number[], shape: readonly number[]): number =>
  idx.reduce((acc, v, d) => acc * shape[d] + v, 0);

export const at = (a: Nd, idx: readonly number[]): number => a.data[ravel(idx, a.shape)];

/** Builds an array of `shape` from a function of the multi-index. */
export function build(shape: readonly number[], f: (idx: number[]) => number): Nd {
  const n = numel(shape);
  const data = new Array<number>(n);
  for (let i = 0; i < n; i++) data[i] = f(unravel(i, shape));
  return { shape: [...shape], data };
}

/** NumPy broadcasting of several shapes. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const nd = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: nd }, (_, i) => {
    let size = 1;
    for (const s of shapes) {
      const v = s[s.length - nd + i] ?? 1;
      if (v !== 1) {
        if (size !== 1 && size !== v) throw new Error(`broadcastShape: [${shapes.join("], [")}]`);
        size = v;
      }
    }
    return size;
  });
}

/** The element of `a` that position `idx` of a broadcast result reads. */
export function atBroadcast(a: Nd, idx: readonly number[]): number {
  const lead = idx.length - a.shape.length;
  let flat = 0;
  for (let d = 0; d < a.shape.length; d++) flat = flat * a.shape[d] + (a.shape[d] === 1 ? 0 : idx[d + lead]);
  return a.data[flat];
}

/** f applied element-wise with broadcasting. */
export function mapNd(f: (...v: number[]) => number, ...xs: Nd[]): Nd {
  const shape = broadcastShape(...xs.map((x) => x.shape));
  return build(shape, (idx) => f(...xs.map((x) => atBroadcast(x, idx))));
}

/** Normalises dims (negative counts from the end); undefined means all dims. */
export function dimsOf(dims: number | readonly number[] | undefined, ndim: number): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : [...dims];
  return list.map((d) => (d < 0 ? d + Math.max(ndim, 1) : d)).filter((d) => d < ndim);
}

/** Reduces the values along `dims` with f (which sees them in row-major order). */
export function reduceNd(a: Nd, dims: number | readonly number[] | undefined, keepdim: boolean, f: (vals: number[]) => number): Nd {
  const ds = dimsOf(dims, a.shape.length);
  const kept = a.shape.map((s, d) => (ds.includes(d) ? 1 : s));
  const groups = new Map<number, number[]>();
  for (let i = 0; i < numel(kept); i++) groups.set(i, []);
  for (let i = 0; i < a.data.length; i++) {
    const idx = unravel(i, a.shape).map((v, d) => (ds.includes(d) ? 0 : v));
    groups.get(ravel(idx, kept))!.push(a.data[i]);
  }
  const data = [...groups.keys()].sort((x, y) => x - y).map((k) => f(groups.get(k)!));
  return { shape: keepdim ? kept : a.shape.filter((_, d) => !ds.includes(d)), data };
}

/** Applies f to every 1-D line along `dim` (f returns a line of the same or another length). */
export function alongDim(a: Nd, dim: number, f: (line: number[]) => number[]): Nd {
  const d = dim < 0 ? dim + a.shape.length : dim;
  const outer = a.shape.filter((_, i) => i !== d);
  const lines: number[][] = [];
  for (let o = 0; o < numel(outer); o++) {
    const base = unravel(o, outer);
    const line = Array.from({ length: a.shape[d] }, (_, k) => at(a, [...base.slice(0, d), k, ...base.slice(d)]));
    lines.push(f(line));
  }
  const len = lines[0]?.length ?? a.shape[d];
  const shape = a.shape.map((s, i) => (i === d ? len : s));
  return build(shape, (idx) => lines[ravel(idx.filter((_, i) => i !== d), outer)][idx[d]]);
}

/** Row-major matrix product of (…, m, k) and (…, k, n) arrays with broadcast batch dims. */
export function matmulNd(a: Nd, b: Nd): Nd {
  const [m, k] = a.shape.slice(-2), n = b.shape[b.shape.length - 1];
  const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return build([...batch, m, n], (idx) => {
    const bi = idx.slice(0, -2), i = idx[idx.length - 2], j = idx[idx.length - 1];
    let s = 0;
    for (let p = 0; p < k; p++) s += atBroadcast(a, [...bi, i, p]) * atBroadcast(b, [...bi, p, j]);
    return s;
  });
}

export const reshapeNd = (a: Nd, shape: readonly number[]): Nd => ({ shape: [...shape], data: a.data });

/** out[idx] = a[idx permuted back]. */
export function permuteNd(a: Nd, perm: readonly number[]): Nd {
  return build(perm.map((p) => a.shape[p]), (idx) => {
    const src = new Array<number>(perm.length);
    perm.forEach((p, i) => { src[p] = idx[i]; });
    return at(a, src);
  });
}

// Scalar functions not in Math.

/** erf by its Taylor series (|x| < 3) and the continued fraction beyond; |error| < 1e-15. */
export function erfRef(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  if (ax < 3) {
    let term = x, sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated from the tail.
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Round half to even, as torch.round. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
