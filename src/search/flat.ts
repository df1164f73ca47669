/**
 * @file FlatIndex: exact k-nearest-neighbour search as FAISS's IndexFlat. Queries are scored against the stored
 * vectors in blocks by the native GEMM (l2: |q|² − 2·q·Xᵀ + |x|², squared as FAISS; ip: the inner product, largest
 * first; cosine: 1 − cos on unit rows), and each block is merged into a per-query top-k.
 */
import { fromTypedArray } from "../ops/creation.ts";
import { matmul } from "../ops/linalg.ts";
import type { Tensor } from "../core/tensor.ts";
import { TopK } from "./topk.ts";
import { asIds, asVectors, checkK, checkMetric, normalizeRows, type SearchMetric, type VectorsLike } from "./vectors.ts";

export interface SearchResult {
  /** (B, k) float32: squared L2, inner product (ip) or cosine distance; +Infinity (−Infinity for ip) past the index's size. */
  distances: Tensor;
  /** (B, k) int32 ids of the neighbours, nearest first; −1 past the index's size. */
  labels: Tensor;
}

/** Base vectors scored per GEMM block (with the query block, bounds the (queries, base) score matrix). */
const SCORE_ELEMENTS = 1 << 24;

export class FlatIndex {
  readonly dim: number;
  readonly metric: SearchMetric;
  private data: Float32Array;
  private norms: Float32Array;
  private ids: Int32Array;
  private n = 0;

  constructor(opts: { dim: number; metric?: SearchMetric }) {
    if (!Number.isInteger(opts?.dim) || opts.dim < 1) throw new RangeError(`FlatIndex: dim must be an integer >= 1, got ${opts?.dim}`);
    this.dim = opts.dim;
    this.metric = checkMetric(opts.metric ?? "l2", "FlatIndex");
    this.data = new Float32Array(0); this.norms = new Float32Array(0); this.ids = new Int32Array(0);
  }

  /** Number of vectors stored. */
  get ntotal(): number { return this.n; }

  /** Appends (n, dim) vectors with ids (default: their positions). */
  add(vectors: VectorsLike, ids?: Tensor | ArrayLike<number>): this {
    const v = (asVectors(vectors, this.dim, "FlatIndex.add"));
    const m = v.length / this.dim;
    const id = asIds(ids, m, this.n, "FlatIndex.add");
    if (this.metric === "cosine") normalizeRows(v, this.dim);
    this.grow(this.n + m);
    this.data.set(v, this.n * this.dim);
    this.ids.set(id, this.n);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < this.dim; k++) s += v[i * this.dim + k] ** 2;
      this.norms[this.n + i] = s;
    }
    this.n += m;
    return this;
  }

  private grow(need: number): void {
    if (need * this.dim <= this.data.length) return;
    const cap = Math.max(need, Math.ceil(this.ids.length * 1.5));
    const d = new Float32Array(cap * this.dim); d.set(this.data.subarray(0, this.n * this.dim)); this.data = d;
    const nr = new Float32Array(cap); nr.set(this.norms.subarray(0, this.n)); this.norms = nr;
    const id = new Int32Array(cap); id.set(this.ids.subarray(0, this.n)); this.ids = id;
  }

  /** The k nearest stored vectors of each query (B, dim), nearest first. */
  search(queries: VectorsLike, k: number): SearchResult {
    checkK(k, "FlatIndex.search");
    const q = (asVectors(queries, this.dim, "FlatIndex.search", "queries"));
    const B = q.length / this.dim, d = this.dim;
    if (this.metric === "cosine") normalizeRows(q, d);
    const top = new TopK(B, k);
    if (this.n > 0) {
      const qb = Math.max(1, Math.min(B, 4096));
      const nb = Math.max(1, Math.min(this.n, Math.floor(SCORE_ELEMENTS / qb)));
      for (let q0 = 0; q0 < B; q0 += qb) {
        const rows = Math.min(qb, B - q0);
        const Q = fromTypedArray(q.subarray(q0 * d, (q0 + rows) * d), [rows, d]);
        const qn = this.metric === "l2" ? rowNorms(q, q0, rows, d) : null;
        for (let b0 = 0; b0 < this.n; b0 += nb) {
          const cols = Math.min(nb, this.n - b0);
          const X = fromTypedArray(this.data.subarray(b0 * d, (b0 + cols) * d), [cols, d]);
          const s = matmul(Q, X.transpose(0, 1)).data as Float32Array; // (rows, cols) inner products
          toScores(s, rows, cols, this.metric, qn, this.norms, b0);
          top.offerBlock(s, rows, cols, q0, (j) => b0 + j);
        }
      }
    }
    const { dist, ids } = top.finish();
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >= 0) ids[i] = this.ids[ids[i]];
      else if (this.metric === "ip") dist[i] = -Infinity;
      if (this.metric === "ip" && ids[i] >= 0) dist[i] = -dist[i];
      if (this.metric === "l2" && dist[i] < 0) dist[i] = 0;
    }
    return { distances: fromTypedArray(dist, [B, k]), labels: fromTypedArray(ids, [B, k]) };
  }

  /** The stored vector of internal row i (1-D, a copy; unit length for cosine). */
  reconstruct(i: number): Float32Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new RangeError(`FlatIndex.reconstruct: row ${i} outside [0, ${this.n})`);
    return this.data.slice(i * this.dim, (i + 1) * this.dim);
  }
}

function rowNorms(q: Float32Array, q0: number, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) { let s = 0; const o = (q0 + r) * d; for (let k = 0; k < d; k++) s += q[o + k] * q[o + k]; out[r] = s; }
  return out;
}

/** Inner products in place → scores where smaller is nearer: squared L2, −ip, or 1 − cos. */
function toScores(s: Float32Array, rows: number, cols: number, metric: SearchMetric, qn: Float32Array | null, xn: Float32Array, b0: number): void {
  if (metric === "ip") { for (let i = 0; i < s.length; i++) s[i] = -s[i]; return; }
  if (metric === "cosine") { for (let i = 0; i < s.length; i++) s[i] = 1 - s[i]; return; }
  for (let r = 0; r < rows; r++) {
    const a = qn![r], o = r * cols;
    for (let j = 0; j < cols; j++) s[o + j] = a - 2 * s[o + j] + xn[b0 + j];
  }
}
