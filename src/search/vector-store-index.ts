/** @file The in-memory index behind a VectorStore: exact FlatIndex or approximate HNSWIndex, behind one small interface. */
import { fromTypedArray } from "../ops/creation.ts";
import { FlatIndex } from "./flat.ts";
import { HNSWIndex } from "./hnsw.ts";
import type { SearchMetric } from "./vectors.ts";

export type StoreIndexKind = "flat" | "hnsw";

export interface StoreIndexOptions {
  /** "flat" (exact, default) or "hnsw" (approximate). */
  kind?: StoreIndexKind;
  /** HNSW links per node (default 16). */
  M?: number;
  /** HNSW build beam (default 200). */
  efConstruction?: number;
  /** HNSW search beam (default 64). */
  efSearch?: number;
}

/** What the store needs from an index: rows with int ids in, (distances, ids) out. */
export interface StoreIndex {
  readonly ntotal: number;
  add(vectors: Float32Array, dim: number, ids: Int32Array): void;
  /** Nearest first: [distances, ids], ids −1 past the index's size. */
  search(query: Float32Array, k: number): [Float32Array, Int32Array];
  /** Drops ids; false if this index cannot (the caller rebuilds it). */
  remove(ids: readonly number[]): boolean;
}

const rows = (v: Float32Array, dim: number) => fromTypedArray(v, [v.length / dim, dim]); // (n, dim)

export function makeStoreIndex(dim: number, metric: SearchMetric, opts: StoreIndexOptions = {}): StoreIndex {
  const kind = opts.kind ?? "flat";
  if (kind === "flat") {
    const index = new FlatIndex({ dim, metric });
    return {
      get ntotal() { return index.ntotal; },
      add: (v, d, ids) => { if (ids.length) index.add(rows(v, d), ids); },
      search: (q, k) => { const r = index.search(rows(q, dim), k); return [r.distances.toTypedArray() as Float32Array, r.labels.toTypedArray() as Int32Array]; },
      remove: () => false,
    };
  }
  if (kind !== "hnsw") throw new RangeError(`VectorStore: index must be "flat" or "hnsw", got ${JSON.stringify(kind)}`);
  let cap = 1024;
  const index = new HNSWIndex({ dim, metric, maxElements: cap, M: opts.M ?? 16, efConstruction: opts.efConstruction ?? 200, efSearch: opts.efSearch ?? 64 });
  return {
    get ntotal() { return index.ntotal; },
    add: (v, d, ids) => {
      if (!ids.length) return;
      if (index.size + ids.length > cap) { cap = Math.max(cap * 2, index.size + ids.length); index.resizeIndex(cap); }
      index.add(rows(v, d), ids);
    },
    search: (q, k) => { const r = index.search(rows(q, dim), Math.min(k, Math.max(index.ntotal, 1))); return [r.distances.toTypedArray() as Float32Array, r.labels.toTypedArray() as Int32Array]; },
    remove: (ids) => { for (const id of ids) index.markDeleted(id); return true; },
  };
}
