/**
 * @file Linear maps along H and W given as small matrices: y = Aₕ · x · A_wᵀ per (N, C) plane. Adaptive average
 * pooling and bilinear resizing are this, so their gradients come from matmul's.
 */
import { fromTypedArray } from "./creation.ts";
import { matmul } from "./linalg.ts";
import type { Tensor } from "../core/tensor.ts";

/** A (rows, cols) matrix of x's floating dtype whose row r has weights `row(r)` as [column, weight] pairs. */
export function sparseRows(rows: number, cols: number, dtype: Tensor["dtype"], row: (r: number) => [number, number][]): Tensor {
  const data = dtype === "float64" ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (const [c, w] of row(r)) data[r * cols + c] += w;
  return fromTypedArray(data, [rows, cols]);
}

/** x (…, H, W) → (…, OH, OW) with ah (OH, H) applied to the rows and aw (OW, W) to the columns. */
export function separable(x: Tensor, ah: Tensor, aw: Tensor): Tensor {
  const cols = matmul(x, aw.T); // (…, H, OW)
  return matmul(cols.transpose(-1, -2), ah.T).transpose(-1, -2); // (…, OH, OW)
}
