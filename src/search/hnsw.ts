/**
 * @file HNSW (Malkov & Yashunin 2018): levels drawn with mL = 1/ln(M), greedy descent through the upper layers,
 * beam search with ef on the layer reached, neighbours chosen by the paper's heuristic (Alg. 4, as hnswlib: a
 * candidate is kept unless it is nearer to an already kept neighbour than to the new point), M links per upper
 * layer and 2M on layer 0. Flat storage: a Float32Array of vectors, an Int32Array of level-0 lists
 * [count, ids…], one Int32Array per node for its upper layers — memory per node is bounded by its level.
 */
import { Generator } from "../core/random.ts";
import { fromTypedArray } from "../ops/creation.ts";
import type { Tensor } from "../core/tensor.ts";
import { ipDist, l2sq } from "./distance.ts";
import type { SearchResult } from "./flat.ts";
import { PairHeap } from "./heap.ts";
import { loadHNSW, saveHNSW } from "./hnsw-file.ts";
import { asIds, asVectors, checkK, checkMetric, normalizeRows, type SearchMetric, type VectorsLike } from "./vectors.ts";

export interface HNSWOptions {
  dim: number;
  /** "l2" (squared, default), "ip" or "cosine". */
  metric?: SearchMetric;
  /** Links per node on the upper layers (default 16; 2M on layer 0). */
  M?: number;
  /** Beam width while building (default 200). */
  efConstruction?: number;
  /** Beam width of search() unless given there (default 50; at least k is used). */
  efSearch?: number;
  /** Capacity (grow it with resizeIndex). */
  maxElements: number;
  /** Seed of the level generator (default 100, as hnswlib). */
  randomSeed?: number;
}

/** Everything the file format stores (hnsw-file.ts). */
export interface HNSWState {
  dim: number; metric: SearchMetric; M: number; efConstruction: number; efSearch: number; maxElements: number;
  count: number; entryPoint: number; maxLevel: number; seed: number; rngCounter: number;
  vectors: Float32Array; links0: Int32Array; upper: (Int32Array | null)[]; levels: Int32Array; labels: Int32Array; deleted: Uint8Array;
}

export class HNSWIndex {
  readonly dim: number;
  readonly metric: SearchMetric;
  readonly M: number;
  readonly maxM0: number;
  readonly efConstruction: number;
  efSearch: number;
  private maxElementsCap: number;
  private readonly mL: number;
  private readonly seed: number;
  private gen: Generator;
  private vectors: Float32Array;
  private links0: Int32Array;
  private upper: (Int32Array | null)[];
  private levels: Int32Array;
  private labelsOf: Int32Array;
  private deleted: Uint8Array;
  private idOf = new Map<number, number>();
  private count = 0;
  private nDeleted = 0;
  private entryPoint = -1;
  private maxLevel = -1;
  private visited: Uint32Array;
  private tag = 0;
  private readonly cand = new PairHeap(1);
  private readonly res = new PairHeap(-1);
  private readonly dist: (A: Float32Array, ao: number, B: Float32Array, bo: number, d: number) => number;

  constructor(opts: HNSWOptions) {
    const who = "HNSWIndex";
    const int = (v: number | undefined, name: string, min: number): number => {
      if (!Number.isInteger(v) || (v as number) < min) throw new RangeError(`${who}: ${name} must be an integer >= ${min}, got ${v}`);
      return v as number;
    };
    this.dim = int(opts?.dim, "dim", 1);
    this.metric = checkMetric(opts.metric ?? "l2", who);
    this.M = int(opts.M ?? 16, "M", 2);
    this.maxM0 = 2 * this.M;
    this.efConstruction = Math.max(int(opts.efConstruction ?? 200, "efConstruction", 1), this.M);
    this.efSearch = int(opts.efSearch ?? 50, "efSearch", 1);
    this.maxElementsCap = int(opts.maxElements, "maxElements", 1);
    this.mL = 1 / Math.log(this.M);
    this.seed = opts.randomSeed ?? 100;
    this.gen = new Generator(this.seed);
    this.dist = this.metric === "l2" ? l2sq : ipDist;
    const n = this.maxElementsCap;
    this.vectors = new Float32Array(n * this.dim);
    this.links0 = new Int32Array(n * (this.maxM0 + 1));
    this.upper = new Array(n).fill(null);
    this.levels = new Int32Array(n);
    this.labelsOf = new Int32Array(n);
    this.deleted = new Uint8Array(n);
    this.visited = new Uint32Array(n);
  }

  /** Vectors stored (deleted ones included). */
  get size(): number { return this.count; }
  /** Vectors stored and not deleted. */
  get ntotal(): number { return this.count - this.nDeleted; }
  get maxElements(): number { return this.maxElementsCap; }

  /** Grows (never shrinks) the capacity to n elements. */
  resizeIndex(n: number): void {
    if (!Number.isInteger(n) || n < this.count) throw new RangeError(`HNSWIndex.resizeIndex: the new size must be an integer >= the ${this.count} elements stored, got ${n}`);
    const grow = <T extends Float32Array | Int32Array | Uint8Array | Uint32Array>(a: T, per: number): T => { const b = new (a.constructor as new (n: number) => T)(n * per); b.set(a.subarray(0, Math.min(a.length, n * per))); return b; };
    this.vectors = grow(this.vectors, this.dim);
    this.links0 = grow(this.links0, this.maxM0 + 1);
    this.levels = grow(this.levels, 1); this.labelsOf = grow(this.labelsOf, 1); this.deleted = grow(this.deleted, 1);
    this.visited = new Uint32Array(n); this.tag = 0;
    this.upper.length = n; for (let i = this.count; i < n; i++) this.upper[i] = null;
    this.maxElementsCap = n;
  }

  /** Inserts (n, dim) vectors with ids (default: count, count + 1, …). An id already present is an error. */
  add(vectors: VectorsLike, ids?: Tensor | ArrayLike<number>): this {
    const v = (asVectors(vectors, this.dim, "HNSWIndex.add"));
    const n = v.length / this.dim;
    const id = asIds(ids, n, this.count, "HNSWIndex.add");
    if (this.count + n > this.maxElementsCap) throw new RangeError(`HNSWIndex.add: ${n} vectors do not fit: ${this.count} of maxElements=${this.maxElementsCap} used; call resizeIndex() first`);
    const seen = new Set<number>();
    for (const x of id) { if (this.idOf.has(x) || seen.has(x)) throw new RangeError(`HNSWIndex.add: id ${x} is already in the index`); seen.add(x); }
    if (this.metric !== "l2") normalizeRowsIfCosine(v, this.dim, this.metric);
    for (let i = 0; i < n; i++) this.insert(v, i * this.dim, id[i]);
    return this;
  }

  /** Excludes id from search results (it stays in the graph as a waypoint, as hnswlib's markDeleted). */
  markDeleted(id: number): void {
    const i = this.idOf.get(id);
    if (i === undefined) throw new RangeError(`HNSWIndex.markDeleted: id ${id} is not in the index`);
    if (!this.deleted[i]) { this.deleted[i] = 1; this.nDeleted++; }
  }
  unmarkDeleted(id: number): void {
    const i = this.idOf.get(id);
    if (i === undefined) throw new RangeError(`HNSWIndex.unmarkDeleted: id ${id} is not in the index`);
    if (this.deleted[i]) { this.deleted[i] = 0; this.nDeleted--; }
  }
  /** markDeleted under the name vector stores use. */
  delete(id: number): void { this.markDeleted(id); }

  /** The k nearest non-deleted vectors of each query (B, dim); ef defaults to efSearch (at least k is used). */
  search(queries: VectorsLike, k: number, opts: { ef?: number } = {}): SearchResult {
    checkK(k, "HNSWIndex.search");
    const ef = Math.max(opts.ef ?? this.efSearch, k);
    if (!Number.isInteger(ef)) throw new RangeError(`HNSWIndex.search: ef must be an integer, got ${opts.ef}`);
    const q = (asVectors(queries, this.dim, "HNSWIndex.search", "queries"));
    if (this.metric !== "l2") normalizeRowsIfCosine(q, this.dim, this.metric);
    const B = q.length / this.dim;
    const dist = new Float32Array(B * k).fill(this.metric === "ip" ? -Infinity : Infinity), ids = new Int32Array(B * k).fill(-1);
    for (let b = 0; b < B; b++) this.searchOne(q, b * this.dim, k, ef, dist, ids, b * k);
    return { distances: fromTypedArray(dist, [B, k]), labels: fromTypedArray(ids, [B, k]) };
  }

  /** The stored vector of an id (unit length under cosine). */
  getVector(id: number): Float32Array {
    const i = this.idOf.get(id);
    if (i === undefined) throw new RangeError(`HNSWIndex.getVector: id ${id} is not in the index`);
    return this.vectors.slice(i * this.dim, (i + 1) * this.dim);
  }

  /** Writes the index to one file (checked header, checksum; temp file + rename). */
  save(path: string): void { saveHNSW(this, path); }
  /** Reads a file written by save(); `dim` / `metric`, when given, must match. */
  static load(path: string, expect: { dim?: number; metric?: SearchMetric } = {}): HNSWIndex { return loadHNSW(path, expect); }

  // ------------------------------------------------------------------ graph

  private nextTag(): number {
    if (++this.tag === 0xffffffff) { this.visited.fill(0); this.tag = 1; }
    return this.tag;
  }

  /** [array, offset] of node i's list on `level`: array[offset] is the count, the ids follow. */
  private list(i: number, level: number): [Int32Array, number] {
    return level === 0 ? [this.links0, i * (this.maxM0 + 1)] : [this.upper[i]!, (level - 1) * (this.M + 1)];
  }

  private randomLevel(): number {
    const u = this.gen.uniform(1)[0];
    return Math.floor(-Math.log(1 - u) * this.mL);
  }

  /** Greedy walk on `level` from cur towards q; returns [node, distance]. */
  private greedy(q: Float32Array, qo: number, cur: number, curD: number, level: number): [number, number] {
    const V = this.vectors, d = this.dim;
    for (let changed = true; changed;) {
      changed = false;
      const [a, o] = this.list(cur, level);
      for (let i = 1, n = a[o]; i <= n; i++) {
        const e = a[o + i], de = this.dist(q, qo, V, e * d, d);
        if (de < curD) { curD = de; cur = e; changed = true; }
      }
    }
    return [cur, curD];
  }

  /** Beam search on `level` from ep; leaves the ef best in this.res (a max-heap); deleted nodes are walked through but not returned when skipDeleted. */
  private searchLayer(q: Float32Array, qo: number, ep: number, epD: number, ef: number, level: number, skipDeleted: boolean): void {
    const V = this.vectors, d = this.dim, vis = this.visited, cand = this.cand, res = this.res, del = this.deleted;
    const tag = this.nextTag();
    cand.clear(); res.clear();
    vis[ep] = tag;
    cand.push(epD, ep);
    if (!(skipDeleted && del[ep])) res.push(epD, ep);
    let lower = res.size > 0 ? res.topDist() : Infinity;
    while (cand.size > 0) {
      const cd = cand.topDist();
      if (cd > lower && res.size >= ef) break;
      const c = cand.topId();
      cand.pop();
      const [a, o] = this.list(c, level);
      for (let i = 1, n = a[o]; i <= n; i++) {
        const e = a[o + i];
        if (vis[e] === tag) continue;
        vis[e] = tag;
        const de = this.dist(q, qo, V, e * d, d);
        if (res.size < ef || de < lower) {
          cand.push(de, e);
          if (!(skipDeleted && del[e])) { res.push(de, e); if (res.size > ef) res.pop(); }
          if (res.size > 0) lower = res.topDist();
        }
      }
    }
  }

  /** this.res emptied into ascending (dist, id) arrays. */
  private drainSorted(): [Float32Array, Int32Array] {
    const n = this.res.size, ds = new Float32Array(n), is = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) { ds[i] = this.res.topDist(); is[i] = this.res.topId(); this.res.pop(); }
    return [ds, is];
  }

  /** The heuristic: walk candidates nearest first, keep one unless a kept neighbour is nearer to it than the base point. */
  private selectNeighbours(ds: Float32Array, is: Int32Array, n: number, m: number): Int32Array {
    if (n <= m) return is.slice(0, n);
    const V = this.vectors, d = this.dim, kept = new Int32Array(m);
    let k = 0;
    for (let i = 0; i < n && k < m; i++) {
      const e = is[i], de = ds[i];
      let good = true;
      for (let j = 0; j < k; j++) if (this.dist(V, e * d, V, kept[j] * d, d) < de) { good = false; break; }
      if (good) kept[k++] = e;
    }
    return kept.slice(0, k);
  }

  private insert(v: Float32Array, vo: number, label: number): void {
    const id = this.count++, d = this.dim, V = this.vectors;
    V.set(v.subarray(vo, vo + d), id * d);
    const level = this.randomLevel();
    this.levels[id] = level;
    this.labelsOf[id] = label;
    this.idOf.set(label, id);
    this.upper[id] = level > 0 ? new Int32Array(level * (this.M + 1)) : null;
    if (this.entryPoint < 0) { this.entryPoint = id; this.maxLevel = level; return; }
    let cur = this.entryPoint, curD = this.dist(V, id * d, V, cur * d, d);
    for (let l = this.maxLevel; l > level; l--) [cur, curD] = this.greedy(V, id * d, cur, curD, l);
    for (let l = Math.min(level, this.maxLevel); l >= 0; l--) {
      this.searchLayer(V, id * d, cur, curD, this.efConstruction, l, false);
      const [ds, is] = this.drainSorted();
      const sel = this.selectNeighbours(ds, is, is.length, this.M);
      const [a, o] = this.list(id, l);
      a[o] = sel.length; a.set(sel, o + 1);
      for (const s of sel) this.connect(s, id, l);
      cur = is[0]; curD = ds[0];
    }
    if (level > this.maxLevel) { this.entryPoint = id; this.maxLevel = level; }
  }

  /** Adds the link s → id on level l, re-selecting s's list with the heuristic when it is full. */
  private connect(s: number, id: number, l: number): void {
    const mmax = l === 0 ? this.maxM0 : this.M, [a, o] = this.list(s, l), n = a[o];
    if (n < mmax) { a[o + 1 + n] = id; a[o] = n + 1; return; }
    const V = this.vectors, d = this.dim;
    const pairs: [number, number][] = [[this.dist(V, s * d, V, id * d, d), id]];
    for (let i = 1; i <= n; i++) pairs.push([this.dist(V, s * d, V, a[o + i] * d, d), a[o + i]]);
    pairs.sort((x, y) => x[0] - y[0]);
    const sel = this.selectNeighbours(Float32Array.from(pairs, (p) => p[0]), Int32Array.from(pairs, (p) => p[1]), pairs.length, mmax);
    a[o] = sel.length; a.set(sel, o + 1);
  }

  private searchOne(q: Float32Array, qo: number, k: number, ef: number, outD: Float32Array, outI: Int32Array, at: number): void {
    if (this.count - this.nDeleted === 0) return;
    const V = this.vectors, d = this.dim;
    let cur = this.entryPoint, curD = this.dist(q, qo, V, cur * d, d);
    for (let l = this.maxLevel; l > 0; l--) [cur, curD] = this.greedy(q, qo, cur, curD, l);
    this.searchLayer(q, qo, cur, curD, ef, 0, true);
    while (this.res.size > k) this.res.pop();
    for (let i = this.res.size - 1; i >= 0; i--) {
      const dd = this.res.topDist();
      outD[at + i] = this.metric === "ip" ? 1 - dd : dd; // ip reported as the inner product, as FlatIndex
      outI[at + i] = this.labelsOf[this.res.topId()];
      this.res.pop();
    }
  }

  // ------------------------------------------------------------------ state (for hnsw-file.ts)

  /** @internal The arrays the file format writes (views, not copies). */
  getState(): HNSWState {
    const st = this.gen.getState();
    return {
      dim: this.dim, metric: this.metric, M: this.M, efConstruction: this.efConstruction, efSearch: this.efSearch, maxElements: this.maxElementsCap,
      count: this.count, entryPoint: this.entryPoint, maxLevel: this.maxLevel, seed: st.seed, rngCounter: st.counter,
      vectors: this.vectors.subarray(0, this.count * this.dim), links0: this.links0.subarray(0, this.count * (this.maxM0 + 1)),
      upper: this.upper.slice(0, this.count), levels: this.levels.subarray(0, this.count), labels: this.labelsOf.subarray(0, this.count), deleted: this.deleted.subarray(0, this.count),
    };
  }

  /** @internal An index from checked state (hnsw-file.ts validates it first). */
  static fromState(s: HNSWState): HNSWIndex {
    const ix = new HNSWIndex({ dim: s.dim, metric: s.metric, M: s.M, efConstruction: s.efConstruction, efSearch: s.efSearch, maxElements: Math.max(s.maxElements, s.count, 1), randomSeed: s.seed });
    ix.gen.setState({ seed: s.seed, counter: s.rngCounter });
    ix.vectors.set(s.vectors); ix.links0.set(s.links0); ix.levels.set(s.levels); ix.labelsOf.set(s.labels); ix.deleted.set(s.deleted);
    for (let i = 0; i < s.count; i++) { ix.upper[i] = s.upper[i]; ix.idOf.set(s.labels[i], i); if (s.deleted[i]) ix.nDeleted++; }
    ix.count = s.count; ix.entryPoint = s.entryPoint; ix.maxLevel = s.maxLevel;
    return ix;
  }
}

/** Rows to unit length for cosine (ip keeps raw vectors: 1 − a·b as hnswlib). */
function normalizeRowsIfCosine(v: Float32Array, dim: number, metric: SearchMetric): void {
  if (metric === "cosine") normalizeRows(v, dim);
}
