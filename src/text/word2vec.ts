/**
 * @file word2vec (Mikolov et al. 2013, as word2vec.c): skip-gram or CBOW with negative sampling and
 * frequent-word subsampling, trained on Float32Arrays with a seeded generator; the result is a
 * `KeyedVectors` with `mostSimilar` and analogy queries.
 */
import { KeyedVectors } from "./keyed-vectors.ts";

export interface Word2VecOptions {
  /** Vector size. Default 100. */
  dim?: number;
  /** Maximum distance between the center and a context word. Default 5. */
  window?: number;
  /** Words seen fewer times are dropped. Default 5. */
  minCount?: number;
  /** Negative samples per positive pair. Default 5. */
  negative?: number;
  /** Subsampling threshold for frequent words (0 disables). Default 1e-3. */
  sample?: number;
  epochs?: number;
  /** Start learning rate, decayed linearly to `minAlpha`. Default 0.025 (skip-gram) / 0.05 (CBOW). */
  alpha?: number;
  minAlpha?: number;
  mode?: "skipgram" | "cbow";
  seed?: number;
}

/** xorshift32: a small seeded generator for sampling inside the training loop. */
function rng(seed: number): () => number {
  let s = (seed >>> 0) || 0x9e3779b9;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

/** Trains word vectors on tokenized sentences. */
export function trainWord2Vec(sentences: ReadonlyArray<readonly string[]>, opts: Word2VecOptions = {}): KeyedVectors {
  const dim = opts.dim ?? 100, window = opts.window ?? 5, minCount = opts.minCount ?? 5, negative = opts.negative ?? 5;
  const sample = opts.sample ?? 1e-3, epochs = opts.epochs ?? 5, cbow = (opts.mode ?? "skipgram") === "cbow";
  if (opts.mode !== undefined && opts.mode !== "skipgram" && opts.mode !== "cbow") throw new Error(`trainWord2Vec: mode must be "skipgram" or "cbow", got ${JSON.stringify(opts.mode)}`);
  for (const [k, v] of [["dim", dim], ["window", window], ["epochs", epochs]] as const) if (!Number.isInteger(v) || v < 1) throw new Error(`trainWord2Vec: ${k} must be a positive integer, got ${v}`);
  const alpha0 = opts.alpha ?? (cbow ? 0.05 : 0.025), minAlpha = opts.minAlpha ?? 0.0001 * alpha0;
  const random = rng(opts.seed ?? 1);
  // vocabulary by frequency
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.entries()].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  if (words.length === 0) throw new Error(`trainWord2Vec: no word occurs ${minCount} times or more; lower minCount`);
  const index = new Map(words.map((w, i) => [w, i]));
  const freq = Float64Array.from(words, (w) => counts.get(w) as number);
  const total = freq.reduce((a, b) => a + b, 0);
  const corpus = sentences.map((s) => Int32Array.from(s.filter((w) => index.has(w)), (w) => index.get(w) as number));
  // negative-sampling table: unigram^0.75
  const tableSize = Math.min(1e7, Math.max(1e5, words.length * 100));
  const table = new Int32Array(tableSize);
  const pow = freq.map((f) => f ** 0.75), powSum = pow.reduce((a, b) => a + b, 0);
  for (let i = 0, w = 0, acc = pow[0] / powSum; i < tableSize; i++) {
    table[i] = w;
    if (i / tableSize > acc && w < words.length - 1) { w++; acc += pow[w] / powSum; }
  }
  const keep = freq.map((f) => (sample > 0 ? Math.min(1, (Math.sqrt(f / (sample * total)) + 1) * (sample * total) / f) : 1));
  const syn0 = new Float32Array(words.length * dim).map(() => (random() - 0.5) / dim);
  const syn1 = new Float32Array(words.length * dim);
  const hidden = new Float32Array(dim), grad = new Float32Array(dim);
  const steps = epochs * total;
  let done = 0;

  /** One positive pair and `negative` sampled ones for the input vector `hidden`; accumulates its gradient in `grad`. */
  const learn = (target: number, alpha: number): void => {
    for (let d = 0; d <= negative; d++) {
      const t = d === 0 ? target : table[Math.floor(random() * tableSize)];
      if (d > 0 && t === target) continue;
      const o = t * dim;
      let f = 0;
      for (let k = 0; k < dim; k++) f += hidden[k] * syn1[o + k];
      const p = f > 6 ? 1 : f < -6 ? 0 : 1 / (1 + Math.exp(-f));
      const g = ((d === 0 ? 1 : 0) - p) * alpha;
      for (let k = 0; k < dim; k++) { grad[k] += g * syn1[o + k]; syn1[o + k] += g * hidden[k]; }
    }
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const sent0 of corpus) {
      const sent = sent0.filter((w) => keep[w] >= 1 || random() < keep[w]);
      done += sent0.length;
      const alpha = Math.max(minAlpha, alpha0 * (1 - done / (steps + 1)));
      for (let i = 0; i < sent.length; i++) {
        const b = Math.floor(random() * window); // reduced window, as word2vec.c
        const lo = Math.max(0, i - window + b), hi = Math.min(sent.length - 1, i + window - b);
        if (cbow) {
          hidden.fill(0); grad.fill(0);
          let n = 0;
          for (let j = lo; j <= hi; j++) if (j !== i) { n++; const o = sent[j] * dim; for (let k = 0; k < dim; k++) hidden[k] += syn0[o + k]; }
          if (n === 0) continue;
          for (let k = 0; k < dim; k++) hidden[k] /= n;
          learn(sent[i], alpha);
          for (let j = lo; j <= hi; j++) if (j !== i) { const o = sent[j] * dim; for (let k = 0; k < dim; k++) syn0[o + k] += grad[k] / n; }
        } else {
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            grad.fill(0);
            const o = sent[j] * dim;
            hidden.set(syn0.subarray(o, o + dim));
            learn(sent[i], alpha);
            for (let k = 0; k < dim; k++) syn0[o + k] += grad[k];
          }
        }
      }
    }
  }
  return new KeyedVectors(words, syn0, dim);
}
