/**
 * @file Pairwise distances on the native GEMM: squared Euclidean as |x|² − 2·X·Yᵀ + |y|², cosine as 1 − X̂·Ŷᵀ,
 * Manhattan as a blocked typed-array loop (no GEMM form exists). Results are (N, M) tensors of X's dtype.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { matmul } from "../ops/linalg.ts";
import type { FloatArray } from "./input.ts";

export type Metric = "euclidean" | "manhattan" | "cosine";

/** Row squared norms (N). */
export function rowSqNorms(x: Tensor): Tensor {
  return x.square().sum(1);
}

/** (N, M) squared Euclidean distances, clamped at 0; pass the norms when they are already known. */
export function sqEuclidean(x: Tensor, y: Tensor, xNorms?: Tensor, yNorms?: Tensor): Tensor {
  const xn = xNorms ?? rowSqNorms(x), yn = yNorms ?? rowSqNorms(y);
  return matmul(x, y.transpose(0, 1)).mul(-2).add(xn.unsqueeze(1)).add(yn.unsqueeze(0)).clamp(0, null);
}

/** Rows scaled to unit length (zero rows stay zero), as scikit-learn's normalize(). */
export function unitRows(x: Tensor): Tensor {
  const n = rowSqNorms(x).sqrt();
  return x.div(n.where(n.gt(0), 1).unsqueeze(1));
}

/** (N, M) Manhattan distances: the one metric without a GEMM form, a tight loop over X's rows. */
export function manhattan(x: Tensor, y: Tensor): Tensor {
  const [n, d] = x.shape, m = y.shape[0];
  const a = x.contiguous().data as FloatArray, b = y.contiguous().data as FloatArray;
  const out = x.dtype === "float32" ? new Float32Array(n * m) : new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ai = i * d;
    for (let j = 0; j < m; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(a[ai + k] - b[bj + k]);
      out[i * m + j] = s;
    }
  }
  return fromTypedArray(out, [n, m]);
}

/** (N, M) distances in `metric` (Euclidean not squared); cosine distance clipped to [0, 2] as scikit-learn. */
export function pairwise(x: Tensor, y: Tensor, metric: Metric): Tensor {
  if (metric === "euclidean") return sqEuclidean(x, y).sqrt();
  if (metric === "manhattan") return manhattan(x, y);
  return matmul(unitRows(x), unitRows(y).transpose(0, 1)).neg().add(1).clamp(0, 2);
}
