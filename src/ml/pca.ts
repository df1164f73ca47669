/**
 * @file PCA with scikit-learn's attributes and sign convention: the full solver decomposes the centred data's
 * covariance (or Gram matrix, whichever is smaller; built on the native GEMM) in float64, the randomized solver is
 * Halko et al.'s range finder with power iterations; components are signed by svd_flip (largest |U| entry positive).
 */
import { defaultGenerator, Generator } from "../core/random.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { matmul } from "../ops/linalg.ts";
import { eighDescending } from "./eigh.ts";
import { asMatrix, fitted, type MatrixLike } from "./input.ts";

export interface PCAOptions {
  /** Components to keep: an integer, a float in (0, 1) for that share of the variance, or all (default min(samples, features)). */
  nComponents?: number;
  /** "auto" (default, scikit-learn's rule), "full" or "randomized". */
  svdSolver?: "auto" | "full" | "randomized";
  /** Scale the projections to unit variance (default false). */
  whiten?: boolean;
  /** Power iterations of the randomized solver ("auto": 7 when nComponents < 0.1·min(shape), else 4). */
  iteratedPower?: number | "auto";
  /** Extra random directions of the randomized solver (default 10). */
  nOversamples?: number;
  /** Seed of the randomized solver. */
  randomState?: number;
}

interface Decomposition { s: Float64Array; vt: Float64Array; k: number } // s (k), vt (k, D) row-major

/** Principal component analysis (scikit-learn's sklearn.decomposition.PCA). */
export class PCA {
  readonly opts: PCAOptions;
  /** (nComponents, features) principal axes, by decreasing variance. */
  components: Tensor | null = null;
  explainedVariance: Tensor | null = null;
  explainedVarianceRatio: Tensor | null = null;
  singularValues: Tensor | null = null;
  /** (features) the training mean. */
  mean: Tensor | null = null;
  noiseVariance = NaN;
  nComponents = 0;
  nFeaturesIn = 0;
  nSamples = 0;

  constructor(opts: PCAOptions = {}) {
    this.opts = opts;
    const nc = opts.nComponents;
    if (nc !== undefined && !(Number.isInteger(nc) ? nc >= 0 : nc > 0 && nc < 1)) throw new RangeError(`PCA: nComponents must be an integer >= 0 or a float in (0, 1), got ${nc}`);
    if (opts.svdSolver !== undefined && !["auto", "full", "randomized"].includes(opts.svdSolver)) throw new RangeError(`PCA: svdSolver must be "auto", "full" or "randomized", got ${String(opts.svdSolver)}`);
  }

  fit(X: MatrixLike): this {
    const x = asMatrix(X, "PCA.fit").to("float64");
    const [n, d] = x.shape;
    const maxK = Math.min(n, d);
    const nc = this.opts.nComponents ?? maxK;
    if (Number.isInteger(nc) && nc > maxK) throw new RangeError(`PCA.fit: nComponents=${nc} must be <= min(nSamples, nFeatures)=${maxK} (X of shape ${fmtShape(x.shape)})`);
    let solver = this.opts.svdSolver ?? "auto";
    if (solver === "auto") solver = Math.max(n, d) <= 500 || !Number.isInteger(nc) || !(nc >= 1 && nc < 0.8 * maxK) ? "full" : "randomized";
    if (solver === "randomized" && !(Number.isInteger(nc) && nc >= 1 && nc < maxK)) throw new RangeError(`PCA.fit: the randomized solver needs an integer nComponents in [1, ${maxK - 1}], got ${nc}`);
    const mean = x.mean(0);
    const xc = x.sub(mean).contiguous();
    const dec = solver === "full" ? fullSvd(xc, n, d) : randomizedSvd(xc, nc, this.opts, n, d);
    const ev = dec.s.map((s) => (s * s) / Math.max(n - 1, 1));
    const totalVar = solver === "full" ? ev.reduce((a, b) => a + b, 0) : (xc.var(0, { correction: 1 }).sum().item() as number);
    const ratio = ev.map((v) => v / totalVar);
    let k = nc;
    if (!Number.isInteger(nc)) {
      let acc = 0; k = 0;
      while (k < ratio.length && (acc += ratio[k]) <= nc) k++;
      k = Math.min(k + 1, ratio.length);
    }
    if (solver === "full") this.noiseVariance = k < maxK ? mean1(ev.subarray(k)) : 0;
    else this.noiseVariance = maxK > k ? (totalVar - ev.subarray(0, k).reduce((a, b) => a + b, 0)) / (maxK - k) : 0;
    this.components = fromTypedArray(dec.vt.slice(0, k * d), [k, d]);
    this.explainedVariance = fromTypedArray(ev.slice(0, k));
    this.explainedVarianceRatio = fromTypedArray(ratio.slice(0, k));
    this.singularValues = fromTypedArray(dec.s.slice(0, k));
    this.mean = mean;
    this.nComponents = k;
    this.nFeaturesIn = d;
    this.nSamples = n;
    return this;
  }

  /** Projections on the components (samples, nComponents), scaled to unit variance when whiten. */
  transform(X: MatrixLike): Tensor {
    const c = fitted(this.components, "PCA.transform");
    const x = asMatrix(X, "PCA.transform", "X", this.nFeaturesIn).to("float64");
    const z = matmul(x.sub(this.mean!), c.transpose(0, 1));
    return this.opts.whiten ? z.div(this.explainedVariance!.sqrt()) : z;
  }

  fitTransform(X: MatrixLike): Tensor {
    return this.fit(X).transform(X);
  }

  /** Back to feature space (samples, features). */
  inverseTransform(Z: MatrixLike): Tensor {
    const c = fitted(this.components, "PCA.inverseTransform");
    const z = asMatrix(Z, "PCA.inverseTransform", "X", this.nComponents).to("float64");
    const w = this.opts.whiten ? c.mul(this.explainedVariance!.sqrt().unsqueeze(1)) : c;
    return matmul(z, w).add(this.mean!);
  }
}

function mean1(a: Float64Array): number {
  return a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0;
}

/** Thin SVD of xc (N, D) from the smaller of XᵀX and XXᵀ, then svd_flip's signs. */
function fullSvd(xc: Tensor, n: number, d: number): Decomposition {
  const k = Math.min(n, d);
  const xt = xc.transpose(0, 1);
  const gram = d <= n ? matmul(xt, xc) : matmul(xc, xt); // (D, D) or (N, N)
  const m = d <= n ? d : n;
  const { values, vectors } = eighDescending(gram.data as Float64Array, m);
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = Math.sqrt(Math.max(values[i], 0));
  let vt: Float64Array;
  if (d <= n) vt = vectors.slice(0, k * d);
  else {
    // V = Xᵀ U / s for the Gram route.
    const u = fromTypedArray(vectors.slice(0, k * n), [k, n]);
    vt = matmul(u, xc).data as Float64Array;
    for (let i = 0; i < k; i++) { const inv = s[i] > 0 ? 1 / s[i] : 0; for (let j = 0; j < d; j++) vt[i * d + j] *= inv; }
  }
  flipSigns(xc, vt, k, d);
  return { s, vt, k };
}

/** svd_flip (u-based): each component's sign makes the largest-magnitude entry of U = X·v positive. */
function flipSigns(xc: Tensor, vt: Float64Array, k: number, d: number): void {
  const u = matmul(xc, fromTypedArray(vt, [k, d]).transpose(0, 1)).data as Float64Array; // (N, k)
  const n = xc.shape[0];
  for (let c = 0; c < k; c++) {
    let best = 0, arg = 0;
    for (let i = 0; i < n; i++) { const a = Math.abs(u[i * k + c]); if (a > best) { best = a; arg = i; } }
    if (u[arg * k + c] < 0) for (let j = 0; j < d; j++) vt[c * d + j] = -vt[c * d + j];
  }
}

/** Orthonormal basis of the columns of a (N, l), by modified Gram–Schmidt run twice (returned as (N, l)). */
function orthonormalColumns(a: Tensor): Tensor {
  const [n, l] = a.shape;
  const q = Float64Array.from(a.transpose(0, 1).contiguous().data as Float64Array); // (l, N) rows
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < l; i++) {
      const qi = q.subarray(i * n, i * n + n);
      for (let j = 0; j < i; j++) {
        const qj = q.subarray(j * n, j * n + n);
        let dot = 0;
        for (let t = 0; t < n; t++) dot += qi[t] * qj[t];
        for (let t = 0; t < n; t++) qi[t] -= dot * qj[t];
      }
      let nrm = 0;
      for (let t = 0; t < n; t++) nrm += qi[t] * qi[t];
      const inv = nrm > 0 ? 1 / Math.sqrt(nrm) : 0;
      for (let t = 0; t < n; t++) qi[t] *= inv;
    }
  }
  return fromTypedArray(q, [l, n]).transpose(0, 1);
}

/** Halko, Martinsson & Tropp's randomized SVD of xc (N, D) as scikit-learn's randomized_svd (QR-normalised power iterations). */
function randomizedSvd(xc: Tensor, k: number, o: PCAOptions, n: number, d: number): Decomposition {
  const l = Math.min(k + (o.nOversamples ?? 10), Math.min(n, d));
  const nIter = o.iteratedPower === undefined || o.iteratedPower === "auto" ? (k < 0.1 * Math.min(n, d) ? 7 : 4) : o.iteratedPower;
  const gen = o.randomState === undefined ? defaultGenerator : new Generator(o.randomState);
  const xt = xc.transpose(0, 1);
  let q = fromTypedArray(gen.normal(d * l), [d, l]);
  for (let i = 0; i < nIter; i++) q = orthonormalColumns(matmul(xt, orthonormalColumns(matmul(xc, q))));
  q = orthonormalColumns(matmul(xc, q)); // (N, l)
  const b = matmul(q.transpose(0, 1), xc); // (l, D)
  const { values, vectors } = eighDescending(matmul(b, b.transpose(0, 1)).data as Float64Array, l); // B Bᵀ = Û S² Ûᵀ
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = Math.sqrt(Math.max(values[i], 0));
  const vt = matmul(fromTypedArray(vectors.slice(0, k * l), [k, l]), b).data as Float64Array; // Ûᵀ B = S Vᵀ
  for (let i = 0; i < k; i++) { const inv = s[i] > 0 ? 1 / s[i] : 0; for (let j = 0; j < d; j++) vt[i * d + j] *= inv; }
  flipSigns(xc, vt, k, d);
  return { s, vt, k };
}
