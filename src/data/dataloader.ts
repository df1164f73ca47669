/**
 * @file DataLoader: iterates over a dataset in (shuffled, seeded) mini-batches, collated into
 * tensors, optionally cached after the first epoch. `for (const [X, y] of new DataLoader(ds, { batchSize: 64, shuffle: true })) { … }`
 */
import { defaultGenerator, type Generator } from "../core/random.ts";
import { Tensor } from "../core/tensor.ts";
import { stack } from "../ops/movement.ts";
import { tensor } from "../ops/creation.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import type { Collated, Dataset } from "./dataset.ts";

export interface DataLoaderOptions<T, B> {
  batchSize?: number;
  /** A new random order every epoch (each `for...of`), drawn from `generator` or the manualSeed one. */
  shuffle?: boolean;
  generator?: Generator;
  /** Skip the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** Turns a list of samples into a batch (default: stack tensors and numbers, recursively). */
  collate?: (samples: T[]) => B;
  /**
   * Keep the collated batches of the first complete epoch and yield those same objects in later epochs
   * (tf.data's `.cache()`): the dataset is read and collated once. Needs `shuffle: false`; the batches
   * stay in memory (about the dataset's size again), and a batch changed in place stays changed.
   */
  cache?: boolean;
}
const DATALOADER_OPTIONS = optionKeys<DataLoaderOptions<unknown, unknown>>({ batchSize: 1, shuffle: 1, generator: 1, dropLast: 1, collate: 1, cache: 1 });

/** Stacks a list of samples field by field: tensors along a new dim 0, numbers into a 1-D tensor. */
export function defaultCollate<T>(samples: T[]): Collated<T> {
  const first = samples[0] as unknown;
  if (first instanceof Tensor) return stack(samples as Tensor[]) as Collated<T>;
  if (typeof first === "number" || typeof first === "boolean") {
    const ints = samples.every((s) => Number.isInteger(s));
    return tensor(samples as number[], { dtype: typeof first === "boolean" ? "bool" : ints ? "int32" : "float32" }) as Collated<T>;
  }
  if (Array.isArray(first)) return first.map((_, i) => defaultCollate(samples.map((s) => (s as unknown[])[i]))) as Collated<T>;
  if (first !== null && typeof first === "object") {
    return Object.fromEntries(Object.keys(first).map((k) => [k, defaultCollate(samples.map((s) => (s as Record<string, unknown>)[k]))])) as Collated<T>;
  }
  return samples as Collated<T>;
}

export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  readonly cache: boolean;
  readonly #collate: ((samples: T[]) => B) | undefined;
  #cached: B[] | null = null;

  constructor(readonly dataset: Dataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    checkOptions("DataLoader", opts, DATALOADER_OPTIONS);
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    if (!dataset || typeof dataset.getItem !== "function" || !Number.isInteger(dataset.length)) throw new TypeError("DataLoader: dataset must have a length and getItem(i)");
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.generator = opts.generator;
    this.#collate = opts.collate;
    this.cache = opts.cache ?? false;
    if (this.cache && this.shuffle) throw new RangeError("DataLoader: cache keeps the batches of one fixed order, so it needs shuffle: false (a shuffled loader draws new batches every epoch)");
  }

  /** Drops the cached batches (after the dataset changed); the next epoch reads it again. */
  clearCache(): void {
    this.#cached = null;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<B> {
    if (this.#cached) {
      yield* this.#cached;
      return;
    }
    if (!this.cache) {
      yield* this.#batches();
      return;
    }
    const kept: B[] = [];
    for (const b of this.#batches()) {
      kept.push(b);
      yield b;
    }
    this.#cached = kept; // only a complete epoch is kept
  }

  *#batches(): IterableIterator<B> {
    const n = this.dataset.length;
    const order = this.shuffle ? (this.generator ?? defaultGenerator).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    for (let b = 0; b < this.length; b++) {
      const idx = order.subarray(b * this.batchSize, Math.min(n, (b + 1) * this.batchSize));
      if (!this.#collate && this.dataset.getBatch) yield this.dataset.getBatch(idx) as unknown as B;
      else {
        const samples = Array.from(idx, (i) => this.dataset.getItem(i));
        yield this.#collate ? this.#collate(samples) : (defaultCollate(samples) as unknown as B);
      }
    }
  }
}
