/**
 * @file VectorStore: texts, their vectors and JSON metadata in one SQLite database (better-sqlite3, WAL, as tracking),
 * with an in-memory Flat or HNSW index rebuilt from it on open; similaritySearch with metadata filters, delete, reopen.
 * @example const store = VectorStore.open("docs.sqlite", { dim: 100, embed }); store.addTexts(["a cat"]); store.similaritySearch("kitten", 3)
 */
import Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { checkK, checkMetric, type SearchMetric } from "./vectors.ts";
import { makeStoreIndex, type StoreIndex, type StoreIndexOptions } from "./vector-store-index.ts";
import { matchesFilter, type MetadataFilter, type Metadata } from "./vector-store-filter.ts";

export type { MetadataFilter, Metadata } from "./vector-store-filter.ts";

/** Texts → (n, dim) row-major vectors (a Float32Array of n·dim numbers or n rows). */
export type EmbeddingFunction = (texts: readonly string[]) => Float32Array | readonly (readonly number[])[];

export interface VectorStoreOptions {
  /** Vector length; required to create a store, checked against the file when reopening. */
  dim?: number;
  /** Needed by addTexts and similaritySearch with a string query. */
  embed?: EmbeddingFunction;
  /** "cosine" (default), "ip" or "l2"; fixed when the store is created. */
  metric?: SearchMetric;
  /** Which in-memory index (default flat) and its HNSW parameters. */
  index?: StoreIndexOptions;
  /** Create the file if missing (default true). */
  create?: boolean;
}

export interface StoredDocument { id: number; text: string; metadata: Metadata }
export interface ScoredDocument extends StoredDocument {
  /** Higher is closer: cosine similarity, inner product, or −(squared L2 distance). */
  score: number;
  /** The index's distance: 1 − cosine, inner product, or squared L2. */
  distance: number;
}

export interface SimilaritySearchOptions {
  /** Keep only documents whose metadata matches: `{ key: value }` (all must equal), `{ key: { $in: [...] } }`, or a predicate. */
  filter?: MetadataFilter;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, metadata TEXT NOT NULL, vector BLOB NOT NULL);`;

interface DocRow { id: number; text: string; metadata: string }

export class VectorStore {
  readonly path: string;
  readonly dim: number;
  readonly metric: SearchMetric;
  private readonly db: Database.Database;
  private readonly embedFn: EmbeddingFunction | undefined;
  private readonly indexOptions: StoreIndexOptions;
  private index: StoreIndex;

  private constructor(path: string, db: Database.Database, dim: number, metric: SearchMetric, opts: VectorStoreOptions) {
    this.path = path; this.db = db; this.dim = dim; this.metric = metric;
    this.embedFn = opts.embed; this.indexOptions = opts.index ?? {};
    this.index = this.rebuild();
  }

  /** Opens (or creates) the store at `path` (":memory:" for a throwaway one) and loads its index. */
  static open(path: string, opts: VectorStoreOptions = {}): VectorStore {
    const fn = "VectorStore.open";
    if (typeof path !== "string" || !path) throw new TypeError(`${fn}: path must be a non-empty string, got ${JSON.stringify(path)}`);
    const memory = path === ":memory:", exists = !memory && existsSync(path);
    if (!memory && !exists && opts.create === false) throw new Error(`${fn}: ${path} does not exist (pass create: true, the default, to make a new store)`);
    if (exists && statSync(path).isDirectory()) throw new Error(`${fn}: ${path} is a directory, expected a SQLite file`);
    if (!exists && opts.dim === undefined) throw new Error(`${fn}: ${memory ? "an in-memory store" : `${path} does not exist; a new store`} needs options.dim`);
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: 10_000 });
      if (!memory) db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
    } catch (e) {
      throw new Error(`${fn}: ${path} is not a readable VectorStore database (SQLite: ${(e as Error).message})`, { cause: e });
    }
    try {
      const info = new Map((db.prepare("SELECT key, value FROM store_info").all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      let dim: number, metric: SearchMetric;
      if (info.has("dim")) {
        dim = Number(info.get("dim")); metric = checkMetric(info.get("metric") ?? "cosine", fn);
        if (opts.dim !== undefined && opts.dim !== dim) throw new RangeError(`${fn}: ${path} holds vectors of dim ${dim}, options.dim is ${opts.dim}`);
        if (opts.metric !== undefined && opts.metric !== metric) throw new RangeError(`${fn}: ${path} was created with metric "${metric}", options.metric is "${opts.metric}"`);
      } else {
        if (!Number.isInteger(opts.dim) || (opts.dim as number) < 1) throw new RangeError(`${fn}: options.dim must be an integer >= 1, got ${opts.dim}`);
        dim = opts.dim as number; metric = checkMetric(opts.metric ?? "cosine", fn);
        const put = db.prepare("INSERT INTO store_info (key, value) VALUES (?, ?)");
        db.transaction(() => { put.run("format", "lernwerk-vector-store-1"); put.run("dim", String(dim)); put.run("metric", metric); })();
      }
      return new VectorStore(path, db, dim, metric, opts);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Number of documents. */
  get count(): number { return (this.db.prepare("SELECT COUNT(*) AS n FROM documents").get() as { n: number }).n; }

  /** Embeds and stores texts with their metadata (default {}); returns their ids. */
  addTexts(texts: readonly string[], metadatas?: readonly Metadata[]): number[] {
    const fn = "VectorStore.addTexts";
    if (!Array.isArray(texts)) throw new TypeError(`${fn}: texts must be an array of strings`);
    texts.forEach((t, i) => { if (typeof t !== "string") throw new TypeError(`${fn}: texts[${i}] is ${t === null ? "null" : typeof t}, expected a string`); });
    return this.addVectors(texts, this.embed(texts, fn), metadatas);
  }

  /** Stores texts with vectors computed elsewhere: (n, dim) row-major. */
  addVectors(texts: readonly string[], vectors: Float32Array | readonly (readonly number[])[], metadatas?: readonly Metadata[]): number[] {
    const fn = "VectorStore.addVectors";
    const v = this.checkVectors(vectors, texts.length, fn);
    if (metadatas !== undefined && metadatas.length !== texts.length) throw new RangeError(`${fn}: ${metadatas.length} metadatas for ${texts.length} texts`);
    const metas = texts.map((_, i) => {
      const m = metadatas?.[i] ?? {};
      if (m === null || typeof m !== "object" || Array.isArray(m)) throw new TypeError(`${fn}: metadatas[${i}] must be a plain object`);
      return JSON.stringify(m);
    });
    const insert = this.db.prepare("INSERT INTO documents (text, metadata, vector) VALUES (?, ?, ?)");
    const ids = this.db.transaction(() => texts.map((t, i) => {
      const row = v.slice(i * this.dim, (i + 1) * this.dim);
      return Number(insert.run(t, metas[i], Buffer.from(row.buffer, row.byteOffset, row.byteLength)).lastInsertRowid);
    }))();
    if (ids.some((id) => id > 0x7fffffff)) throw new RangeError(`${fn}: document ids passed 2^31, the index's id range`);
    this.index.add(v, this.dim, Int32Array.from(ids));
    return ids;
  }

  /** The k documents nearest to a text (embedded) or a vector, best first, with scores; a filter is applied before k is counted. */
  similaritySearch(query: string | Float32Array | readonly number[], k: number, opts: SimilaritySearchOptions = {}): ScoredDocument[] {
    const fn = "VectorStore.similaritySearch";
    checkK(k, fn);
    const q = typeof query === "string" ? this.embed([query], fn) : this.checkVectors(query, 1, fn);
    const total = this.index.ntotal;
    if (total === 0) return [];
    const out: ScoredDocument[] = [];
    for (let want = opts.filter ? Math.min(total, k * 4) : Math.min(total, k); ; want = Math.min(total, want * 4)) {
      const [dist, ids] = this.index.search(q, want);
      out.length = 0;
      const found = [...ids].filter((id) => id >= 0);
      const docs = this.getByIds(found);
      for (let i = 0; i < ids.length && out.length < k; i++) {
        const doc = docs.get(ids[i]);
        if (!doc || (opts.filter && !matchesFilter(doc.metadata, opts.filter, fn))) continue;
        out.push({ ...doc, distance: dist[i], score: this.scoreOf(dist[i]) });
      }
      if (out.length >= k || want >= total) return out;
    }
  }

  /** Documents by id (missing ids are left out). */
  get(ids: readonly number[]): StoredDocument[] {
    const m = this.getByIds(ids);
    return ids.flatMap((id) => (m.has(id) ? [m.get(id) as StoredDocument] : []));
  }

  /** The stored vector of a document. */
  getVector(id: number): Float32Array {
    const r = this.db.prepare("SELECT vector FROM documents WHERE id = ?").get(id) as { vector: Buffer } | undefined;
    if (!r) throw new RangeError(`VectorStore.getVector: no document with id ${id}`);
    return blobToVector(r.vector, this.dim, id);
  }

  /** Deletes documents by id; returns how many existed. */
  delete(ids: readonly number[]): number {
    ids.forEach((id, i) => { if (!Number.isInteger(id)) throw new TypeError(`VectorStore.delete: ids[${i}] = ${id} is not an integer id`); });
    const del = this.db.prepare("DELETE FROM documents WHERE id = ?");
    const gone = this.db.transaction(() => ids.filter((id) => del.run(id).changes > 0))();
    if (gone.length && !this.index.remove(gone)) this.index = this.rebuild();
    return gone.length;
  }

  close(): void { this.db.close(); }

  private scoreOf(d: number): number {
    return this.metric === "cosine" ? 1 - d : this.metric === "ip" ? d : -d;
  }

  private embed(texts: readonly string[], fn: string): Float32Array {
    if (!this.embedFn) throw new Error(`${fn}: this store has no embed function (pass options.embed to VectorStore.open), or pass vectors`);
    return this.checkVectors(this.embedFn(texts), texts.length, `${fn} (embed)`);
  }

  private checkVectors(v: Float32Array | readonly number[] | readonly (readonly number[])[], n: number, fn: string): Float32Array {
    let flat: Float32Array;
    if (v instanceof Float32Array) flat = v;
    else if (Array.isArray(v) && v.length > 0 && Array.isArray(v[0])) {
      (v as readonly (readonly number[])[]).forEach((r, i) => { if (r.length !== this.dim) throw new RangeError(`${fn}: row ${i} has dimension ${r.length}, the store has dim ${this.dim}`); });
      flat = Float32Array.from((v as readonly (readonly number[])[]).flat());
    } else if (Array.isArray(v)) flat = Float32Array.from(v as readonly number[]);
    else throw new TypeError(`${fn}: vectors must be a Float32Array or number arrays, got ${v === null ? "null" : typeof v}`);
    if (flat.length !== n * this.dim) throw new RangeError(`${fn}: expected ${n} vector(s) of dim ${this.dim} (${n * this.dim} numbers), got ${flat.length} numbers${n === 1 ? ` (dimension ${flat.length})` : ""}`);
    for (let i = 0; i < flat.length; i++) {
      if (!Number.isFinite(flat[i])) throw new RangeError(`${fn}: vector ${Math.floor(i / this.dim)} has ${Number.isNaN(flat[i]) ? "NaN" : "an infinite value"} at column ${i % this.dim}; vectors must be finite`);
    }
    return flat;
  }

  private getByIds(ids: readonly number[]): Map<number, StoredDocument> {
    const m = new Map<number, StoredDocument>();
    const q = this.db.prepare("SELECT id, text, metadata FROM documents WHERE id = ?");
    for (const id of ids) {
      const r = q.get(id) as DocRow | undefined;
      if (r) m.set(r.id, { id: r.id, text: r.text, metadata: JSON.parse(r.metadata) as Metadata });
    }
    return m;
  }

  /** A fresh index over every stored vector (checked: a blob of the wrong length names the document). */
  private rebuild(): StoreIndex {
    const index = makeStoreIndex(this.dim, this.metric, this.indexOptions);
    const rows = this.db.prepare("SELECT id, vector FROM documents ORDER BY id").all() as { id: number; vector: Buffer }[];
    const v = new Float32Array(rows.length * this.dim);
    rows.forEach((r, i) => v.set(blobToVector(r.vector, this.dim, r.id), i * this.dim));
    index.add(v, this.dim, Int32Array.from(rows, (r) => r.id));
    return index;
  }
}

function blobToVector(b: Buffer, dim: number, id: number): Float32Array {
  if (b.byteLength !== dim * 4) throw new Error(`VectorStore: document ${id} has a vector of ${b.byteLength} bytes, expected ${dim * 4} (dim ${dim}); the database is damaged`);
  const copy = new Uint8Array(b); // aligned
  return new Float32Array(copy.buffer, 0, dim);
}
