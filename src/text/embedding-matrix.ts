/**
 * @file Pretrained vectors for a tokenizer's vocabulary: row i of the [V, D] matrix is the vector of
 * token i, for `nn.Embedding.fromPretrained`; tokens without a vector get zeros or N(0, std²).
 */
import { defaultGenerator, type Generator } from "../core/random.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import type { KeyedVectors } from "./keyed-vectors.ts";

/** id → token list, token → id map (e.g. `KerasTokenizer.wordIndex`), or a `Tokenizer`. */
export type Vocabulary = readonly string[] | ReadonlyMap<string, number> | { readonly vocabSize: number; idToToken(id: number): string | undefined };

export interface EmbeddingMatrixOptions {
  /** Also try the lower-cased token (GloVe 6B is lower case); default true. */
  lowercase?: boolean;
  /** Rows of tokens without a vector: "zeros" or "normal" (N(0, std²), seeded); default "normal". */
  oov?: "zeros" | "normal";
  /** Standard deviation of "normal" rows; default: that of the found vectors. */
  std?: number;
  generator?: Generator;
  /** This row is all zeros (the padding token). */
  paddingIdx?: number;
}

export interface EmbeddingMatrix { weights: Tensor; found: number; missing: string[] }

function tokensOf(vocab: Vocabulary): Array<string | undefined> {
  if (Array.isArray(vocab)) return [...(vocab as readonly string[])];
  if (vocab instanceof Map) {
    const out: Array<string | undefined> = [];
    for (const [tok, id] of vocab as ReadonlyMap<string, number>) {
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`embeddingMatrix: token ${JSON.stringify(tok)} has id ${id}, not a non-negative integer`);
      out[id] = tok;
    }
    return Array.from(out, (t) => t);
  }
  const v = vocab as { readonly vocabSize: number; idToToken(id: number): string | undefined };
  return Array.from({ length: v.vocabSize }, (_, i) => v.idToToken(i));
}

/**
 * The [V, D] float32 weights for `vocab` from `vectors`, with how many tokens were found and which were not.
 * @example const { weights } = embeddingMatrix(glove, keras.wordIndex, { paddingIdx: 0 }); nn.Embedding.fromPretrained(weights, { paddingIdx: 0 })
 */
export function embeddingMatrix(vectors: KeyedVectors, vocab: Vocabulary, opts: EmbeddingMatrixOptions = {}): EmbeddingMatrix {
  const tokens = tokensOf(vocab);
  const d = vectors.dim, lower = opts.lowercase ?? true;
  if (opts.paddingIdx !== undefined && (!Number.isInteger(opts.paddingIdx) || opts.paddingIdx < 0 || opts.paddingIdx >= tokens.length)) {
    throw new RangeError(`embeddingMatrix: paddingIdx must be an integer in [0, ${tokens.length}), got ${opts.paddingIdx}`);
  }
  const out = new Float32Array(tokens.length * d);
  const missingRows: number[] = [];
  const missing: string[] = [];
  let found = 0, sum = 0, sumSq = 0;
  tokens.forEach((tok, i) => {
    if (i === opts.paddingIdx) return;
    const key = tok === undefined ? undefined : vectors.has(tok) ? tok : lower && vectors.has(tok.toLowerCase()) ? tok.toLowerCase() : undefined;
    if (key === undefined) { missingRows.push(i); if (tok !== undefined) missing.push(tok); return; }
    const v = vectors.vector(key);
    out.set(v, i * d);
    for (let k = 0; k < d; k++) { sum += v[k]; sumSq += v[k] * v[k]; }
    found++;
  });
  if ((opts.oov ?? "normal") === "normal" && missingRows.length > 0) {
    const n = found * d;
    const std = opts.std ?? (n > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1))) : 1);
    const z = (opts.generator ?? defaultGenerator).normal(missingRows.length * d);
    missingRows.forEach((row, j) => { for (let k = 0; k < d; k++) out[row * d + k] = z[j * d + k] * std; });
  }
  return { weights: fromTypedArray(out, [tokens.length, d]), found, missing };
}
