/** @file Cosine similarity of two vectors, and of all rows of two matrices (as tensors). */
import type { Tensor } from "../core/tensor.ts";

/** cos(a, b) = a·b / (|a| |b|); 0 when either vector is zero. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosineSimilarity: vectors differ in length: ${a.length} vs ${b.length}`);
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The [N, M] cosine similarities between the rows of `x` [N, D] and of `y` [M, D] (default `x`). */
export function cosineSimilarityMatrix(x: Tensor, y: Tensor = x): Tensor {
  if (x.shape.length !== 2 || y.shape.length !== 2 || x.shape[1] !== y.shape[1]) {
    throw new Error(`cosineSimilarityMatrix: expected [N, D] and [M, D], got [${x.shape}] and [${y.shape}]`);
  }
  const unit = (t: Tensor) => t.div(t.norm(2, 1, { keepdim: true }).clamp(1e-12, null));
  return unit(x).matmul(unit(y).T);
}
