/** @file Sentence vectors as the average of their words' vectors (word2vec/GloVe `KeyedVectors`); words not in the vocabulary are skipped. */
import type { KeyedVectors } from "./keyed-vectors.ts";
import { wordTokenize } from "./word-tokenize.ts";

export interface AverageWordVectorsOptions {
  /** Splits a text into words (default: NLTK-style `wordTokenize`, lower-cased). */
  tokenize?: (text: string) => string[];
  /** Scale each result to unit L2 length (default false). */
  normalize?: boolean;
  /** Divide each word vector by its own length before averaging (default false). */
  unitWords?: boolean;
}

const defaultWords = (t: string): string[] => wordTokenize(t.toLowerCase());

/**
 * (B, dim) row-major: row b is the mean of the vectors of the known words of texts[b] (zeros if none is known).
 * @example const X = averageWordVectors(lw.text.loadWinkEmbeddings(), ["a cat sat", "dogs bark"], { normalize: true });
 */
export function averageWordVectors(kv: KeyedVectors, texts: readonly string[], opts: AverageWordVectorsOptions = {}): Float32Array {
  const tokenize = opts.tokenize ?? defaultWords, D = kv.dim;
  const out = new Float32Array(texts.length * D); // (B, D)
  texts.forEach((text, b) => {
    if (typeof text !== "string") throw new TypeError(`averageWordVectors: text ${b} is ${text === null ? "null" : typeof text}, expected a string`);
    const row = out.subarray(b * D, (b + 1) * D);
    let n = 0;
    for (const w of tokenize(text)) {
      if (!kv.has(w)) continue;
      const v = kv.vector(w);
      const scale = opts.unitWords ? 1 / Math.max(Math.hypot(...v), 1e-12) : 1;
      for (let d = 0; d < D; d++) row[d] += v[d] * scale;
      n++;
    }
    if (n > 0) for (let d = 0; d < D; d++) row[d] /= n;
    if (opts.normalize) {
      const len = Math.hypot(...row);
      if (len > 0) for (let d = 0; d < D; d++) row[d] /= len;
    }
  });
  return out;
}

/** How many words of `text` the vectors know, and which are missing — to judge an averaged vector. */
export function coverage(kv: KeyedVectors, text: string, tokenize: (t: string) => string[] = defaultWords): { known: number; missing: string[] } {
  const words = tokenize(text), missing = words.filter((w) => !kv.has(w));
  return { known: words.length - missing.length, missing };
}
