/** @file Datasets: the Dataset interface, TensorDataset, Subset, ConcatDataset and randomSplit, as torch.utils.data. */
import { checkOptions } from "../core/options.ts";
import { generatorOf, SEED_OPTIONS, type SeedOptions } from "./seed.ts";
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";

/** Indexed samples: `length` and `getItem(i)` (PyTorch's __len__ and __getitem__). */
export interface Dataset<T> {
  readonly length: number;
  getItem(index: number): T;
  /** Optional fast path: the default-collated batch of these samples at once. */
  getBatch?(indices: Int32Array): Collated<T>;
}

/** What the default collate makes of a list of samples: tensors and numbers stacked along a new first dim. */
export type Collated<T> = T extends Tensor ? Tensor
  : T extends number | boolean ? Tensor
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
  : T extends object ? { [K in keyof T]: Collated<T[K]> }
  : T;

function checkIndex(i: number, n: number, what: string): number {
  if (!Number.isInteger(i) || i < -n || i >= n) throw new RangeError(`${what}: index ${i} is out of range for ${n} samples`);
  return i < 0 ? i + n : i;
}

/** Samples are the i-th rows of each tensor: `new TensorDataset(X, y).getItem(i)` → [X[i], y[i]]. */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements Dataset<T> {
  readonly tensors: T;
  constructor(...tensors: T) {
    if (tensors.length === 0) throw new RangeError("TensorDataset: needs at least one tensor");
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset: argument ${i} is not a Tensor`);
      if (t.ndim === 0 || t.shape[0] !== tensors[0].shape[0]) {
        throw new RangeError(`TensorDataset: every tensor needs the same first dimension; tensor 0 has shape ${fmtShape(tensors[0].shape)}, tensor ${i} ${fmtShape(t.shape)}`);
      }
    });
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].shape[0];
  }
  getItem(index: number): T {
    const i = checkIndex(index, this.length, "TensorDataset");
    return this.tensors.map((t) => t.select(0, i)) as T;
  }
  getBatch(indices: Int32Array): Collated<T> {
    const idx = fromTypedArray(indices);
    return this.tensors.map((t) => t.indexSelect(0, idx)) as Collated<T>;
  }
}

/** The samples of `dataset` at `indices`. */
export class Subset<T> implements Dataset<T> {
  readonly indices: Int32Array;
  constructor(readonly dataset: Dataset<T>, indices: ArrayLike<number>) {
    this.indices = Int32Array.from(indices, (i) => checkIndex(i, dataset.length, "Subset"));
  }
  get length(): number {
    return this.indices.length;
  }
  getItem(index: number): T {
    return this.dataset.getItem(this.indices[checkIndex(index, this.length, "Subset")]);
  }
  getBatch(indices: Int32Array): Collated<T> {
    if (!this.dataset.getBatch) throw new Error("Subset.getBatch: the underlying dataset has no getBatch");
    return this.dataset.getBatch(indices.map((i) => this.indices[i]));
  }
}

/** Datasets one after another. */
export class ConcatDataset<T> implements Dataset<T> {
  readonly #ends: number[] = [];
  constructor(readonly datasets: Dataset<T>[]) {
    let n = 0;
    for (const d of datasets) this.#ends.push((n += d.length));
  }
  get length(): number {
    return this.#ends[this.#ends.length - 1] ?? 0;
  }
  getItem(index: number): T {
    const i = checkIndex(index, this.length, "ConcatDataset");
    const k = this.#ends.findIndex((e) => i < e);
    return this.datasets[k].getItem(i - (k ? this.#ends[k - 1] : 0));
  }
}

/**
 * Splits a dataset into random non-overlapping subsets of the given lengths (counts, or fractions
 * summing to 1), seeded by `generator` (default: the one `manualSeed` seeds).
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], opts: SeedOptions = {}): Subset<T>[] {
  checkOptions("randomSplit", opts, SEED_OPTIONS);
  const n = dataset.length;
  let counts = [...lengths];
  if (counts.every((l) => l >= 0 && l <= 1) && Math.abs(counts.reduce((a, b) => a + b, 0) - 1) < 1e-9 && counts.some((l) => !Number.isInteger(l))) {
    counts = counts.map((f) => Math.floor(f * n));
    for (let i = 0, rest = n - counts.reduce((a, b) => a + b, 0); rest > 0; i = (i + 1) % counts.length, rest--) counts[i]++;
  }
  if (counts.some((c) => !Number.isInteger(c) || c < 0) || counts.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError(`randomSplit: lengths [${lengths.join(", ")}] must be counts summing to ${n} or fractions summing to 1`);
  }
  const perm = generatorOf("randomSplit", opts).permutation(n);
  let at = 0;
  return counts.map((c) => new Subset(dataset, perm.subarray(at, (at += c))));
}
