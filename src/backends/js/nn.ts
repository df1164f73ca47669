/**
 * @file Reference kernels of the fused neural-network primitives: softmax / log-softmax and their gradient, GELU
 * and its derivative, ReLU's derivative, layer norm and its gradients. Plain float64 loops over strided views; the oracle for native.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { GeluApproximate } from "../../core/ops.ts";
import { contiguousStrides } from "../../core/shape.ts";
import type { View } from "../backend.ts";
import { map1, map2 } from "./elementwise.ts";
import { numel, offsetsOf } from "./iterate.ts";
import { erf } from "./math.ts";

/** Storage offset of the first element of every line of v along dim, in row-major order of the other dims. */
const lineStarts = (v: Pick<View, "shape" | "strides" | "offset">, dim: number): Int32Array =>
  offsetsOf(v.shape.map((s, i) => (i === dim ? 1 : s)), v.strides, v.offset);

/** Calls f(starts of each input line, start of the output line, output stride) for every line along dim. */
function eachLine(xs: readonly View[], dim: number, f: (starts: number[], o: number, os: number) => void): void {
  const dense = { shape: xs[0].shape, strides: contiguousStrides(xs[0].shape), offset: 0 };
  const starts = xs.map((x) => lineStarts(x, dim)), outStarts = lineStarts(dense, dim);
  for (let l = 0; l < outStarts.length; l++) f(starts.map((s) => s[l]), outStarts[l], dense.strides[dim]);
}

export function softmax(x: View, dim: number, log: boolean, dtype: DType, causalRows = 0): TypedArray {
  const out = allocate(dtype, numel(x.shape));
  const len = x.shape[dim], xs = x.strides[dim], d = x.data;
  eachLine([x], dim, ([xb], ob, os) => {
    // Causal: the line's row i in its (L, S) matrix sees elements 0..i (dim is the last, so line r starts at r·len).
    const seen = causalRows > 0 ? Math.min(len, ((ob / len) % causalRows) + 1) : len;
    // NOTE: NaN is skipped by the max but reaches the sum, so a line with NaN (or +∞: ∞ − ∞) or only −∞ is all NaN.
    let m = -Infinity;
    for (let i = 0; i < seen; i++) if (d[xb + i * xs] > m) m = d[xb + i * xs];
    let s = 0;
    for (let i = 0; i < seen; i++) s += Math.exp(d[xb + i * xs] - m);
    const lse = Math.log(s);
    for (let i = 0; i < len; i++) {
      const z = d[xb + i * xs] - m;
      out[ob + i * os] = i >= seen ? (log ? -Infinity : 0) : log ? z - lse : Math.exp(z) / s;
    }
  });
  return out;
}

export function softmaxBackward(g: View, y: View, dim: number, log: boolean, dtype: DType): TypedArray {
  const out = allocate(dtype, numel(y.shape));
  const len = y.shape[dim], gs = g.strides[dim], ys = y.strides[dim];
  eachLine([g, y], dim, ([gb, yb], ob, os) => {
    let s = 0;
    for (let i = 0; i < len; i++) s += log ? g.data[gb + i * gs] : g.data[gb + i * gs] * y.data[yb + i * ys];
    for (let i = 0; i < len; i++) {
      const gi = g.data[gb + i * gs], yi = y.data[yb + i * ys];
      out[ob + i * os] = log ? gi - Math.exp(yi) * s : yi * (gi - s);
    }
  });
  return out;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI), KAPPA = 0.044715, INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** gelu(x) and gelu'(x), as PyTorch writes them. */
export const geluFns: Record<GeluApproximate, { f: (x: number) => number; df: (x: number) => number }> = {
  none: {
    f: (x) => 0.5 * x * (1 + erf(x * Math.SQRT1_2)),
    df: (x) => 0.5 * (1 + erf(x * Math.SQRT1_2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI,
  },
  tanh: {
    f: (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + KAPPA * x * x * x))),
    df: (x) => {
      const t = Math.tanh(SQRT_2_OVER_PI * (x + KAPPA * x * x * x)), sech2 = 1 - t * t;
      // NOTE: where tanh saturates the second term is 0, also for x = ±∞ (no 0 · ∞ = NaN).
      return 0.5 * (1 + t) + (sech2 === 0 ? 0 : 0.5 * x * sech2 * SQRT_2_OVER_PI * (1 + 3 * KAPPA * x * x));
    },
  },
};

export const gelu = (x: View, approximate: GeluApproximate, dtype: DType): TypedArray => map1(x, geluFns[approximate].f, dtype);
export function geluBackward(g: View, x: View, approximate: GeluApproximate, dtype: DType): TypedArray {
  const df = geluFns[approximate].df;
  return map2(g, x, (gi, xi) => gi * df(xi), dtype);
}

/** ReLU's gradient from its output, as PyTorch's threshold_backward: y ≤ 0 ? 0 : g (a NaN output passes g). */
export const reluBackward = (g: View, y: View, dtype: DType): TypedArray => map2(g, y, (gi, yi) => (yi <= 0 ? 0 : gi), dtype);

/** Row-major storage offsets of a view (rows of layer norm are consecutive runs of `size`). */
const offsets = (v: View): Int32Array => offsetsOf(v.shape, v.strides, v.offset);

/** Mean and 1/√(biased variance + eps) of x's row starting at flat element r·size (two passes, float64). */
function rowStats(x: View, xo: Int32Array, r: number, size: number, eps: number): [number, number] {
  let s = 0;
  for (let j = 0; j < size; j++) s += x.data[xo[r * size + j]];
  const mean = s / size;
  let v = 0;
  for (let j = 0; j < size; j++) v += (x.data[xo[r * size + j]] - mean) ** 2;
  return [mean, 1 / Math.sqrt(v / size + eps)];
}

export function layerNorm(x: View, weight: View | null, bias: View | null, size: number, eps: number, dtype: DType): TypedArray {
  const n = numel(x.shape), out = allocate(dtype, n);
  const xo = offsets(x), wo = weight && offsets(weight), bo = bias && offsets(bias);
  for (let r = 0; size > 0 && r < n / size; r++) {
    const [mean, rstd] = rowStats(x, xo, r, size, eps);
    for (let j = 0; j < size; j++) {
      let y = (x.data[xo[r * size + j]] - mean) * rstd;
      if (weight) y *= weight.data[wo![j]];
      if (bias) y += bias.data[bo![j]];
      out[r * size + j] = y;
    }
  }
  return out;
}

export function layerNormBackward(g: View, x: View, weight: View | null, size: number, eps: number, dtype: DType): TypedArray {
  const n = numel(x.shape), out = allocate(dtype, n);
  const xo = offsets(x), go = offsets(g), wo = weight && offsets(weight);
  const G = new Float64Array(size), xh = new Float64Array(size);
  for (let r = 0; size > 0 && r < n / size; r++) {
    const [mean, rstd] = rowStats(x, xo, r, size, eps);
    let a = 0, c = 0;
    for (let j = 0; j < size; j++) {
      G[j] = g.data[go[r * size + j]] * (weight ? weight.data[wo![j]] : 1);
      xh[j] = (x.data[xo[r * size + j]] - mean) * rstd;
      a += G[j];
      c += G[j] * xh[j];
    }
    a /= size;
    c /= size;
    for (let j = 0; j < size; j++) out[r * size + j] = rstd * (G[j] - a - xh[j] * c);
  }
  return out;
}

export function layerNormWeightGrad(g: View, x: View, size: number, eps: number, dtype: DType): TypedArray {
  const n = numel(x.shape), acc = new Float64Array(size);
  const xo = offsets(x), go = offsets(g);
  for (let r = 0; size > 0 && r < n / size; r++) {
    const [mean, rstd] = rowStats(x, xo, r, size, eps);
    for (let j = 0; j < size; j++) acc[j] += g.data[go[r * size + j]] * (x.data[xo[r * size + j]] - mean) * rstd;
  }
  const out = allocate(dtype, size);
  out.set(acc);
  return out;
}
