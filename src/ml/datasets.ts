/**
 * @file Toy data sets with scikit-learn's generators and parameters (sklearn.datasets.make_blobs, make_moons), drawn
 * from lernwerk's Philox generator: the same distributions as scikit-learn, not the same numbers.
 */
import { defaultGenerator, Generator } from "../core/random.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { checkInt, checkPositive } from "./input.ts";

/** Samples (N, D) float64 and their generating component (N) int32. */
export interface Dataset { X: Tensor; y: Tensor }

export interface MakeBlobsOptions {
  /** Samples in all (default 100), split as evenly as possible over the centers. */
  nSamples?: number;
  /** Features (default 2); ignored when centers are given as coordinates. */
  nFeatures?: number;
  /** Number of centers drawn uniformly in centerBox (default 3) or their coordinates. */
  centers?: number | number[][];
  /** Standard deviation of every blob, or one per center (default 1). */
  clusterStd?: number | number[];
  /** Box the random centers are drawn from (default [-10, 10]). */
  centerBox?: [number, number];
  /** Shuffle the samples (default true). */
  shuffle?: boolean;
  randomState?: number;
}

/** Isotropic Gaussian blobs (scikit-learn's make_blobs). */
export function makeBlobs(opts: MakeBlobsOptions = {}): Dataset {
  const who = "makeBlobs";
  const n = opts.nSamples ?? 100;
  checkInt(n, who, "nSamples", 1);
  const gen = opts.randomState === undefined ? defaultGenerator : new Generator(opts.randomState);
  const [lo, hi] = opts.centerBox ?? [-10, 10];
  let centers: number[][];
  const given = opts.centers ?? 3;
  if (typeof given === "number") {
    checkInt(given, who, "centers", 1);
    const d = opts.nFeatures ?? 2;
    checkInt(d, who, "nFeatures", 1);
    const u = gen.uniform(given * d);
    centers = Array.from({ length: given }, (_, c) => Array.from({ length: d }, (_, f) => lo + (hi - lo) * u[c * d + f]));
  } else {
    if (given.length === 0 || given.some((c) => c.length !== given[0].length)) throw new RangeError(`${who}: centers must be a non-empty list of equally long coordinate rows`);
    centers = given;
  }
  const k = centers.length, d = centers[0].length;
  const std = typeof opts.clusterStd === "object" ? opts.clusterStd : new Array<number>(k).fill(opts.clusterStd ?? 1);
  if (std.length !== k) throw new RangeError(`${who}: clusterStd has ${std.length} values for ${k} centers`);
  std.forEach((s) => checkPositive(s, who, "clusterStd", true));
  const x = new Float64Array(n * d), y = new Int32Array(n);
  const z = gen.normal(n * d);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const count = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let t = 0; t < count; t++, row++) {
      y[row] = c;
      for (let f = 0; f < d; f++) x[row * d + f] = centers[c][f] + std[c] * z[row * d + f];
    }
  }
  return finish(x, y, n, d, opts.shuffle ?? true, gen);
}

export interface MakeMoonsOptions {
  /** Samples in all (default 100): ⌊N/2⌋ on the outer moon, the rest on the inner one. */
  nSamples?: number;
  /** Standard deviation of Gaussian noise added to every coordinate (default 0: none). */
  noise?: number;
  /** Shuffle the samples (default true). */
  shuffle?: boolean;
  randomState?: number;
}

/** Two interleaving half circles (scikit-learn's make_moons). */
export function makeMoons(opts: MakeMoonsOptions = {}): Dataset {
  const n = opts.nSamples ?? 100;
  checkInt(n, "makeMoons", "nSamples", 2);
  const noise = opts.noise ?? 0;
  checkPositive(noise, "makeMoons", "noise", true);
  const gen = opts.randomState === undefined ? defaultGenerator : new Generator(opts.randomState);
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const x = new Float64Array(n * 2), y = new Int32Array(n);
  const lin = (i: number, m: number): number => (m === 1 ? 0 : (Math.PI * i) / (m - 1));
  for (let i = 0; i < nOut; i++) { x[2 * i] = Math.cos(lin(i, nOut)); x[2 * i + 1] = Math.sin(lin(i, nOut)); }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    x[2 * r] = 1 - Math.cos(lin(i, nIn)); x[2 * r + 1] = 1 - Math.sin(lin(i, nIn)) - 0.5; y[r] = 1;
  }
  if (noise > 0) { const z = gen.normal(n * 2); for (let i = 0; i < n * 2; i++) x[i] += noise * z[i]; }
  return finish(x, y, n, 2, opts.shuffle ?? true, gen);
}

function finish(x: Float64Array, y: Int32Array, n: number, d: number, shuffle: boolean, gen: Generator): Dataset {
  if (!shuffle) return { X: fromTypedArray(x, [n, d]), y: fromTypedArray(y) };
  const perm = gen.permutation(n);
  const xs = new Float64Array(n * d), ys = new Int32Array(n);
  for (let i = 0; i < n; i++) { ys[i] = y[perm[i]]; xs.set(x.subarray(perm[i] * d, perm[i] * d + d), i * d); }
  return { X: fromTypedArray(xs, [n, d]), y: fromTypedArray(ys) };
}
