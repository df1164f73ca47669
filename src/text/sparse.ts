/** @file A compressed-sparse-row matrix of float64 values: what the vectorizers return. */
import { fromTypedArray } from "../ops/creation.ts";
import type { Tensor } from "../core/tensor.ts";

export class SparseMatrix {
  /** Rows as CSR: row i's entries are indices/data[indptr[i], indptr[i+1]). */
  constructor(readonly shape: [number, number], readonly indptr: Int32Array, readonly indices: Int32Array, readonly data: Float64Array) {}

  /** Builds a CSR matrix from one `column → value` map per row (columns sorted). */
  static fromRows(rows: ReadonlyArray<ReadonlyMap<number, number>>, cols: number): SparseMatrix {
    const nnz = rows.reduce((n, r) => n + r.size, 0);
    const indptr = new Int32Array(rows.length + 1), indices = new Int32Array(nnz), data = new Float64Array(nnz);
    let k = 0;
    rows.forEach((r, i) => {
      for (const c of [...r.keys()].sort((a, b) => a - b)) { indices[k] = c; data[k] = r.get(c) as number; k++; }
      indptr[i + 1] = k;
    });
    return new SparseMatrix([rows.length, cols], indptr, indices, data);
  }

  get nnz(): number { return this.data.length; }

  /** The value at (i, j). */
  get(i: number, j: number): number {
    for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) if (this.indices[k] === j) return this.data[k];
    return 0;
  }

  /** Row i as a dense array. */
  row(i: number): Float64Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.shape[0]) throw new Error(`SparseMatrix.row: index ${i} out of range for ${this.shape[0]} rows`);
    const out = new Float64Array(this.shape[1]);
    for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) out[this.indices[k]] = this.data[k];
    return out;
  }

  /** The dense [rows, cols] matrix as nested arrays. */
  toArray(): number[][] { return Array.from({ length: this.shape[0] }, (_, i) => Array.from(this.row(i))); }

  /** The dense matrix as a tensor (float32 by default). */
  toTensor(opts: { dtype?: "float32" | "float64" } = {}): Tensor {
    const [n, m] = this.shape;
    const out = opts.dtype === "float64" ? new Float64Array(n * m) : new Float32Array(n * m);
    for (let i = 0; i < n; i++) for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) out[i * m + this.indices[k]] = this.data[k];
    return fromTypedArray(out, [n, m]);
  }
}
