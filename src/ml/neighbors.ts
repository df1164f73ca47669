/**
 * @file Brute-force neighbours as scikit-learn's NearestNeighbors and KNeighborsClassifier: blocks of GEMM distances
 * (euclidean, cosine; the Manhattan loop), the k smallest per row kept by insertion; kneighbors() without X leaves
 * each training sample out of its own neighbours, as scikit-learn.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { pairwise, type Metric } from "./distance.ts";
import { asLabels, asMatrix, checkInt, fitted, type FloatArray, type LabelsLike, type MatrixLike } from "./input.ts";

const BLOCK = 1024;

export interface NearestNeighborsOptions {
  /** Neighbours returned by kneighbors() (default 5). */
  nNeighbors?: number;
  /** "euclidean" (default), "manhattan" or "cosine". */
  metric?: Metric;
}

/** Distances (queries, k) ascending and the training indices (queries, k) int32 they belong to. */
export interface KNeighborsResult { distances: Tensor; indices: Tensor }

/** Unsupervised neighbour search (scikit-learn's sklearn.neighbors.NearestNeighbors, algorithm "brute"). */
export class NearestNeighbors {
  readonly nNeighbors: number;
  readonly metric: Metric;
  protected fitX: Tensor | null = null;
  protected readonly who: string = "NearestNeighbors";

  constructor(opts: NearestNeighborsOptions = {}) {
    this.nNeighbors = opts.nNeighbors ?? 5;
    this.metric = opts.metric ?? "euclidean";
    checkInt(this.nNeighbors, this.constructor.name, "nNeighbors", 1);
    if (!["euclidean", "manhattan", "cosine"].includes(this.metric)) throw new RangeError(`${this.constructor.name}: metric must be "euclidean", "manhattan" or "cosine", got ${String(this.metric)}`);
  }

  /** Samples fitted. */
  get nSamplesFit(): number { return this.fitX?.shape[0] ?? 0; }

  fit(X: MatrixLike, _y?: LabelsLike): this {
    this.fitX = asMatrix(X, `${this.who}.fit`);
    return this;
  }

  /** The k nearest training samples of each query row; without X, of each training sample (itself left out). */
  kneighbors(X?: MatrixLike, nNeighbors = this.nNeighbors): KNeighborsResult {
    const who = `${this.who}.kneighbors`;
    const train = fitted(this.fitX, who);
    const self = X === undefined;
    const q = self ? train : asMatrix(X, who, "X", train.shape[1]);
    checkInt(nNeighbors, who, "nNeighbors", 1);
    const avail = train.shape[0] - (self ? 1 : 0);
    if (nNeighbors > avail) throw new RangeError(`${who}: nNeighbors=${nNeighbors} must be <= ${self ? "nSamplesFit − 1" : "nSamplesFit"}=${avail}`);
    const m = q.shape[0], n = train.shape[0], k = nNeighbors;
    const dist = new Float64Array(m * k), idx = new Int32Array(m * k);
    const t = train.dtype === q.dtype ? train : train.to(q.dtype);
    for (let r0 = 0; r0 < m; r0 += BLOCK) {
      const rows = Math.min(BLOCK, m - r0);
      const block = pairwise(q.narrow(0, r0, rows), t, this.metric).data as FloatArray; // (rows, N)
      for (let r = 0; r < rows; r++) {
        const base = (r0 + r) * k, row = r * n;
        let filled = 0;
        for (let j = 0; j < n; j++) {
          if (self && j === r0 + r) continue;
          const v = block[row + j];
          if (filled === k && v >= dist[base + k - 1]) continue;
          let p = filled < k ? filled++ : k - 1;
          while (p > 0 && dist[base + p - 1] > v) { dist[base + p] = dist[base + p - 1]; idx[base + p] = idx[base + p - 1]; p--; }
          dist[base + p] = v; idx[base + p] = j;
        }
      }
    }
    return { distances: fromTypedArray(dist, [m, k]), indices: fromTypedArray(idx, [m, k]) };
  }
}

export interface KNeighborsClassifierOptions extends NearestNeighborsOptions {
  /** "uniform" (default): each neighbour one vote; "distance": votes weighted by 1 / distance. */
  weights?: "uniform" | "distance";
}

/** k-nearest-neighbour vote (scikit-learn's sklearn.neighbors.KNeighborsClassifier, algorithm "brute"). */
export class KNeighborsClassifier extends NearestNeighbors {
  readonly weights: "uniform" | "distance";
  /** Sorted distinct training labels. */
  classes: Float64Array | null = null;
  protected override readonly who = "KNeighborsClassifier";
  private yIndex: Int32Array | null = null;

  constructor(opts: KNeighborsClassifierOptions = {}) {
    super(opts);
    this.weights = opts.weights ?? "uniform";
    if (this.weights !== "uniform" && this.weights !== "distance") throw new RangeError(`KNeighborsClassifier: weights must be "uniform" or "distance", got ${String(this.weights)}`);
  }

  override fit(X: MatrixLike, y?: LabelsLike): this {
    if (y === undefined) throw new TypeError("KNeighborsClassifier.fit: y (one label per sample) is required");
    super.fit(X);
    const labels = asLabels(y, "KNeighborsClassifier.fit", this.fitX!.shape[0]);
    this.classes = Float64Array.from(new Set(labels)).sort();
    const pos = new Map(Array.from(this.classes, (c, i) => [c, i]));
    this.yIndex = Int32Array.from(labels, (v) => pos.get(v)!);
    return this;
  }

  /** (samples, classes) float64 share of the (weighted) votes. */
  predictProba(X: MatrixLike): Tensor {
    const who = "KNeighborsClassifier.predictProba";
    const classes = fitted(this.classes, who), yi = this.yIndex!;
    const { distances, indices } = this.kneighbors(X);
    const [m, k] = indices.shape, c = classes.length;
    const d = distances.data as Float64Array, ix = indices.data as Int32Array;
    const out = new Float64Array(m * c);
    for (let r = 0; r < m; r++) {
      const exactHit = this.weights === "distance" && d[r * k] === 0;
      let total = 0;
      for (let j = 0; j < k; j++) {
        const dj = d[r * k + j];
        // scikit-learn: with a zero distance present, only the zero-distance neighbours vote.
        const w = this.weights === "uniform" ? 1 : exactHit ? (dj === 0 ? 1 : 0) : 1 / dj;
        out[r * c + yi[ix[r * k + j]]] += w; total += w;
      }
      for (let j = 0; j < c; j++) out[r * c + j] /= total;
    }
    return fromTypedArray(out, [m, c]);
  }

  /** (samples) float64 predicted labels; ties go to the smallest label, as scikit-learn. */
  predict(X: MatrixLike): Tensor {
    const classes = fitted(this.classes, "KNeighborsClassifier.predict");
    const p = this.predictProba(X), c = classes.length, pd = p.data as Float64Array;
    const m = p.shape[0], out = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (pd[r * c + j] > pd[r * c + best]) best = j;
      out[r] = classes[best];
    }
    return fromTypedArray(out);
  }

  /** Mean accuracy on (X, y). */
  score(X: MatrixLike, y: LabelsLike): number {
    const pred = this.predict(X).data as Float64Array;
    const truth = asLabels(y, "KNeighborsClassifier.score", pred.length);
    let hit = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) hit++;
    return hit / pred.length;
  }
}
