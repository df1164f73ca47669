/**
 * @file Seeded toy data sets in the manner of scikit-learn's make_moons, make_circles, make_blobs,
 * make_classification and make_regression. Each returns [X (N, F) float32, y]; pass `generator` for a stream of its own.
 */
import type { Generator } from "../core/random.ts";
import { checkOptions, optionKeys, withKeys } from "../core/options.ts";
import { generatorOf, type SeedOptions } from "./seed.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";

export interface SyntheticOptions extends SeedOptions { shuffle?: boolean }
const SYNTHETIC = optionKeys<SyntheticOptions>({ generator: 1, randomState: 1, shuffle: 1 });
/** Checks the options of `fnName` and returns its generator. */
function start(fnName: string, opts: SyntheticOptions, ...own: string[]): Generator {
  checkOptions(fnName, opts, withKeys(SYNTHETIC, ...own));
  return generatorOf(fnName, opts);
}

/** Builds the tensors from row-major features and labels, shuffling rows together. */
function finish(x: Float64Array, y: ArrayLike<number>, nFeatures: number, o: SyntheticOptions, g: Generator, labelsInt = true): [Tensor, Tensor] {
  const n = y.length;
  const order = o.shuffle ?? true ? g.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const X = new Float32Array(n * nFeatures);
  const Y = labelsInt ? new Int32Array(n) : new Float32Array(n);
  order.forEach((src, dst) => {
    for (let f = 0; f < nFeatures; f++) X[dst * nFeatures + f] = x[src * nFeatures + f];
    Y[dst] = y[src];
  });
  return [fromTypedArray(X, [n, nFeatures]), fromTypedArray(Y)];
}

/** Two interleaving half circles; label 0 outer, 1 inner. */
export function makeMoons(nSamples = 100, opts: SyntheticOptions & { noise?: number } = {}): [Tensor, Tensor] {
  const g = start("makeMoons", opts, "noise");
  const nOut = Math.floor(nSamples / 2), nIn = nSamples - nOut;
  const x = new Float64Array(2 * nSamples), y = new Int32Array(nSamples);
  for (let i = 0; i < nOut; i++) {
    const t = nOut > 1 ? (Math.PI * i) / (nOut - 1) : 0;
    x[2 * i] = Math.cos(t); x[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = nIn > 1 ? (Math.PI * i) / (nIn - 1) : 0, k = nOut + i;
    x[2 * k] = 1 - Math.cos(t); x[2 * k + 1] = 1 - Math.sin(t) - 0.5; y[k] = 1;
  }
  if (opts.noise) g.normal(2 * nSamples).forEach((z, i) => { x[i] += opts.noise! * z; });
  return finish(x, y, 2, opts, g);
}

/** A large circle around a smaller one (radius `factor`); label 0 outer, 1 inner. */
export function makeCircles(nSamples = 100, opts: SyntheticOptions & { noise?: number; factor?: number } = {}): [Tensor, Tensor] {
  const g = start("makeCircles", opts, "noise", "factor");
  const factor = opts.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new RangeError(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const nOut = Math.floor(nSamples / 2), nIn = nSamples - nOut;
  const x = new Float64Array(2 * nSamples), y = new Int32Array(nSamples);
  for (let i = 0; i < nOut; i++) { const t = (2 * Math.PI * i) / nOut; x[2 * i] = Math.cos(t); x[2 * i + 1] = Math.sin(t); }
  for (let i = 0; i < nIn; i++) {
    const t = (2 * Math.PI * i) / nIn, k = nOut + i;
    x[2 * k] = factor * Math.cos(t); x[2 * k + 1] = factor * Math.sin(t); y[k] = 1;
  }
  if (opts.noise) g.normal(2 * nSamples).forEach((z, i) => { x[i] += opts.noise! * z; });
  return finish(x, y, 2, opts, g);
}

/** Gaussian blobs around `centers` (a count drawn uniformly in centerBox, or the coordinates themselves). */
export function makeBlobs(nSamples = 100, opts: SyntheticOptions & { centers?: number | number[][]; nFeatures?: number; clusterStd?: number; centerBox?: [number, number] } = {}): [Tensor, Tensor] {
  const g = start("makeBlobs", opts, "centers", "nFeatures", "clusterStd", "centerBox");
  const [lo, hi] = opts.centerBox ?? [-10, 10];
  let centers: number[][];
  if (Array.isArray(opts.centers)) centers = opts.centers;
  else {
    const k = opts.centers ?? 3, F = opts.nFeatures ?? 2;
    const u = g.uniform(k * F);
    centers = Array.from({ length: k }, (_, c) => Array.from({ length: F }, (_, f) => lo + (hi - lo) * u[c * F + f]));
  }
  const F = centers[0].length, std = opts.clusterStd ?? 1;
  const x = new Float64Array(nSamples * F), y = new Int32Array(nSamples);
  const z = g.normal(nSamples * F);
  for (let i = 0; i < nSamples; i++) {
    const c = i % centers.length; // as even as possible, like sklearn
    y[i] = c;
    for (let f = 0; f < F; f++) x[i * F + f] = centers[c][f] + std * z[i * F + f];
  }
  return finish(x, y, F, opts, g);
}

export interface ClassificationOptions extends SyntheticOptions {
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Distance between the class clusters (the hypercube's half side). */
  classSep?: number;
  /** Fraction of labels flipped at random (label noise). */
  flipY?: number;
}

/**
 * Classes as Gaussian clusters on the vertices of a hypercube in the informative dims, linearly
 * mixed; redundant features are random combinations of the informative ones; the rest is noise.
 */
export function makeClassification(nSamples = 100, opts: ClassificationOptions = {}): [Tensor, Tensor] {
  const g = start("makeClassification", opts, "nFeatures", "nInformative", "nRedundant", "nClasses", "nClustersPerClass", "classSep", "flipY");
  const nInf = opts.nInformative ?? 2, nRed = opts.nRedundant ?? 2, nF = opts.nFeatures ?? 20;
  const nClasses = opts.nClasses ?? 2, perClass = opts.nClustersPerClass ?? 2, sep = opts.classSep ?? 1;
  const nClusters = nClasses * perClass;
  if (nInf + nRed > nF) throw new RangeError(`makeClassification: nInformative + nRedundant (${nInf + nRed}) exceeds nFeatures (${nF})`);
  if (nClusters > 2 ** nInf) throw new RangeError(`makeClassification: nClasses · nClustersPerClass (${nClusters}) must be at most 2^nInformative (${2 ** nInf})`);
  const vertices = g.permutation(2 ** nInf).subarray(0, nClusters);
  const centroid = (k: number, f: number) => (((vertices[k] >> f) & 1) * 2 - 1) * sep;
  const mix = Array.from({ length: nClusters }, () => Array.from(g.uniform(nInf * nInf), (u) => 2 * u - 1));
  const red = Array.from(g.uniform(nInf * nRed), (u) => 2 * u - 1);
  const x = new Float64Array(nSamples * nF), y = new Int32Array(nSamples);
  const z = g.normal(nSamples * nF);
  for (let i = 0; i < nSamples; i++) {
    const k = i % nClusters, row = i * nF;
    y[i] = k % nClasses;
    for (let f = 0; f < nInf; f++) {
      let v = 0;
      for (let j = 0; j < nInf; j++) v += z[row + j] * mix[k][j * nInf + f];
      x[row + f] = v + centroid(k, f);
    }
    for (let r = 0; r < nRed; r++) {
      let v = 0;
      for (let f = 0; f < nInf; f++) v += x[row + f] * red[f * nRed + r];
      x[row + nInf + r] = v;
    }
    for (let f = nInf + nRed; f < nF; f++) x[row + f] = z[row + f];
  }
  const flip = opts.flipY ?? 0.01;
  const u = g.uniform(nSamples), c = g.integers(nSamples, 0, nClasses);
  for (let i = 0; i < nSamples; i++) if (u[i] < flip) y[i] = c[i];
  return finish(x, y, nF, opts, g);
}

/** y = X · coef + bias + noise, with coef 100 · U(0, 1) on the first nInformative features (0 elsewhere). Returns [X, y, coef]. */
export function makeRegression(nSamples = 100, opts: SyntheticOptions & { nFeatures?: number; nInformative?: number; noise?: number; bias?: number } = {}): [Tensor, Tensor, Tensor] {
  const g = start("makeRegression", opts, "nFeatures", "nInformative", "noise", "bias");
  const F = opts.nFeatures ?? 100, nInf = Math.min(opts.nInformative ?? 10, F);
  const x = g.normal(nSamples * F);
  const coef = new Float64Array(F);
  g.uniform(nInf).forEach((u, f) => { coef[f] = 100 * u; });
  const noise = opts.noise ? g.normal(nSamples) : null;
  const y = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    let v = opts.bias ?? 0;
    for (let f = 0; f < F; f++) v += x[i * F + f] * coef[f];
    y[i] = v + (noise ? opts.noise! * noise[i] : 0);
  }
  const [X, Y] = finish(x, y, F, opts, g, false);
  return [X, Y, fromTypedArray(Float32Array.from(coef))];
}
