/**
 * @file Agglomerative clustering as scikit-learn's AgglomerativeClustering: ward / average / complete linkage by the
 * nearest-neighbour chain on a GEMM distance matrix (Lance–Williams updates), single linkage by Prim's minimum
 * spanning tree; merges sorted by height into `children` / `distances`, the tree cut at nClusters or distanceThreshold.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { pairwise, type Metric } from "./distance.ts";
import { asMatrix, checkInt, checkPositive, fitted, type FloatArray, type MatrixLike } from "./input.ts";

export type Linkage = "ward" | "average" | "complete" | "single";

export interface AgglomerativeClusteringOptions {
  /** Clusters to find (default 2); must be null when distanceThreshold is given. */
  nClusters?: number | null;
  /** "ward" (default, Euclidean only), "average", "complete" or "single". */
  linkage?: Linkage;
  /** "euclidean" (default), "manhattan" or "cosine" (not with ward). */
  metric?: Metric;
  /** Merges at a linkage distance >= this are not made; the number of clusters follows. */
  distanceThreshold?: number | null;
}

interface Merge { a: number; b: number; height: number }

/** Hierarchical clustering (scikit-learn's sklearn.cluster.AgglomerativeClustering). */
export class AgglomerativeClustering {
  readonly nClusters: number | null;
  readonly linkage: Linkage;
  readonly metric: Metric;
  readonly distanceThreshold: number | null;
  /** (samples) int32 cluster of each sample. */
  labels: Tensor | null = null;
  /** Clusters found. */
  nClusters_ = 0;
  /** (samples − 1, 2) int32: merge i joins these nodes (< samples: a sample, else merge − samples) into node samples + i. */
  children: Tensor | null = null;
  /** (samples − 1) float64 linkage distance of each merge, ascending. */
  distances: Tensor | null = null;

  constructor(opts: AgglomerativeClusteringOptions = {}) {
    const who = "AgglomerativeClustering";
    this.distanceThreshold = opts.distanceThreshold ?? null;
    this.nClusters = opts.nClusters === undefined ? (this.distanceThreshold === null ? 2 : null) : opts.nClusters;
    this.linkage = opts.linkage ?? "ward";
    this.metric = opts.metric ?? "euclidean";
    if ((this.nClusters === null) === (this.distanceThreshold === null)) throw new RangeError(`${who}: give exactly one of nClusters and distanceThreshold, got nClusters=${this.nClusters}, distanceThreshold=${this.distanceThreshold}`);
    if (this.nClusters !== null) checkInt(this.nClusters, who, "nClusters", 1);
    if (this.distanceThreshold !== null) checkPositive(this.distanceThreshold, who, "distanceThreshold", true);
    if (!["ward", "average", "complete", "single"].includes(this.linkage)) throw new RangeError(`${who}: linkage must be "ward", "average", "complete" or "single", got ${String(this.linkage)}`);
    if (!["euclidean", "manhattan", "cosine"].includes(this.metric)) throw new RangeError(`${who}: metric must be "euclidean", "manhattan" or "cosine", got ${String(this.metric)}`);
    if (this.linkage === "ward" && this.metric !== "euclidean") throw new RangeError(`${who}: ward linkage needs metric "euclidean", got "${this.metric}"`);
  }

  fit(X: MatrixLike): this {
    const x = asMatrix(X, "AgglomerativeClustering.fit");
    const n = x.shape[0];
    if (this.nClusters !== null && this.nClusters > n) throw new RangeError(`AgglomerativeClustering.fit: nClusters=${this.nClusters} must be <= nSamples=${n} (X of shape [${x.shape.join(", ")}])`);
    const d = Float64Array.from(pairwise(x.to("float64"), x.to("float64"), this.metric).data as FloatArray); // (N, N)
    for (let i = 0; i < n; i++) d[i * n + i] = 0;
    const merges = this.linkage === "single" ? primMerges(d, n) : nnChainMerges(d, n, this.linkage);
    merges.sort((p, q) => p.height - q.height);
    const k = this.nClusters ?? merges.filter((m) => m.height >= this.distanceThreshold!).length + 1;
    const { children, labels } = buildTree(merges, n, k);
    this.nClusters_ = k;
    this.children = fromTypedArray(children, [Math.max(n - 1, 0), 2]);
    this.distances = fromTypedArray(Float64Array.from(merges, (m) => m.height));
    this.labels = fromTypedArray(labels);
    return this;
  }

  fitPredict(X: MatrixLike): Tensor {
    return fitted(this.fit(X).labels, "AgglomerativeClustering.fitPredict");
  }
}

/** Nearest-neighbour chain (Murtagh): exact for the reducible linkages; `d` (N, N) is overwritten. */
function nnChainMerges(d: Float64Array, n: number, linkage: Linkage): Merge[] {
  const size = new Float64Array(n).fill(1), active = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  if (linkage === "ward") for (let i = 0; i < d.length; i++) d[i] *= d[i]; // Lance–Williams on squared distances
  for (let left = n; left > 1; left--) {
    if (chain.length === 0) { let s = 0; while (!active[s]) s++; chain.push(s); }
    let a: number, b: number;
    for (;;) {
      a = chain[chain.length - 1];
      const prev = chain.length > 1 ? chain[chain.length - 2] : -1;
      b = prev; let best = prev >= 0 ? d[a * n + prev] : Infinity;
      const row = a * n;
      for (let j = 0; j < n; j++) if (active[j] && j !== a && d[row + j] < best) { best = d[row + j]; b = j; }
      if (b === prev) break;
      chain.push(b);
    }
    chain.pop(); chain.pop();
    const dab = d[a * n + b], na = size[a], nb = size[b];
    merges.push({ a, b, height: linkage === "ward" ? Math.sqrt(dab) : dab });
    // The merged cluster lives in slot b; slot a retires.
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === a || k === b) continue;
      const dak = d[a * n + k], dbk = d[b * n + k], nk = size[k];
      let v: number;
      if (linkage === "ward") v = ((na + nk) * dak + (nb + nk) * dbk - nk * dab) / (na + nb + nk);
      else if (linkage === "complete") v = Math.max(dak, dbk);
      else v = (na * dak + nb * dbk) / (na + nb);
      d[b * n + k] = v; d[k * n + b] = v;
    }
    active[a] = 0; size[b] = na + nb;
  }
  return merges;
}

/** Single linkage = the minimum spanning tree's edges (Prim, O(N²)). */
function primMerges(d: Float64Array, n: number): Merge[] {
  const inTree = new Uint8Array(n), best = new Float64Array(n).fill(Infinity), from = new Int32Array(n).fill(-1);
  const merges: Merge[] = [];
  let cur = 0; inTree[0] = 1;
  for (let step = 1; step < n; step++) {
    let next = -1, nd = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const v = d[cur * n + j];
      if (v < best[j]) { best[j] = v; from[j] = cur; }
      if (best[j] < nd) { nd = best[j]; next = j; }
    }
    merges.push({ a: from[next], b: next, height: nd });
    inTree[next] = 1; cur = next;
  }
  return merges;
}

/** From merges sorted by height (sample slots): scikit-learn's `children_` node ids and the labels after n − k merges. */
function buildTree(merges: Merge[], n: number, k: number): { children: Int32Array; labels: Int32Array } {
  const parent = Int32Array.from({ length: n }, (_, i) => i), node = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; };
  const children = new Int32Array(Math.max(n - 1, 0) * 2);
  const labels = new Int32Array(n);
  merges.forEach((m, i) => {
    const ra = find(m.a), rb = find(m.b);
    const [c0, c1] = node[ra] < node[rb] ? [node[ra], node[rb]] : [node[rb], node[ra]];
    children[2 * i] = c0; children[2 * i + 1] = c1;
    parent[ra] = rb; node[rb] = n + i;
    if (i === n - k - 1) snapshot();
  });
  if (n - k === 0) snapshot();
  return { children, labels };

  function snapshot(): void {
    const ids = new Map<number, number>();
    for (let s = 0; s < n; s++) {
      const r = find(s);
      if (!ids.has(r)) ids.set(r, ids.size);
      labels[s] = ids.get(r)!;
    }
  }
}
