/**
 * @file Word vectors with their vocabulary: lookup, cosine similarity, `mostSimilar`, analogies
 * ("man : king :: woman : ?"), and the [V, D] float32 weight tensor an embedding layer can take.
 */
import { fromTypedArray } from "../ops/creation.ts";
import type { Tensor } from "../core/tensor.ts";

export class KeyedVectors {
  readonly index: Map<string, number>;
  private norms: Float32Array | null = null;

  /** `vectors` holds `words.length` rows of `dim` numbers. */
  constructor(readonly words: readonly string[], readonly vectors: Float32Array, readonly dim: number) {
    if (vectors.length !== words.length * dim) throw new Error(`KeyedVectors: ${words.length} words × ${dim} dims needs ${words.length * dim} numbers, got ${vectors.length}`);
    this.index = new Map(words.map((w, i) => [w, i]));
  }

  get size(): number { return this.words.length; }
  has(word: string): boolean { return this.index.has(word); }

  /** The vector of a word (a view; throws for unknown words). */
  vector(word: string): Float32Array {
    const i = this.index.get(word);
    if (i === undefined) throw new Error(`KeyedVectors: "${word}" is not in the vocabulary (${this.size} words)`);
    return this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  private norm(i: number): number {
    if (!this.norms) {
      const n = new Float32Array(this.size);
      for (let r = 0; r < this.size; r++) { let s = 0; for (let k = 0; k < this.dim; k++) s += this.vectors[r * this.dim + k] ** 2; n[r] = Math.sqrt(s); }
      this.norms = n;
    }
    return this.norms[i];
  }

  /** Cosine similarity of two words. */
  similarity(a: string, b: string): number {
    const va = this.vector(a), vb = this.vector(b);
    let dot = 0;
    for (let k = 0; k < this.dim; k++) dot += va[k] * vb[k];
    return dot / (this.norm(this.index.get(a) as number) * this.norm(this.index.get(b) as number) || 1);
  }

  /**
   * The `topn` words closest (cosine) to the sum of the unit vectors of `positive` minus those of
   * `negative`, the query words excluded — gensim's `most_similar`.
   */
  mostSimilar(query: string | { positive: readonly string[]; negative?: readonly string[] }, opts: { topn?: number } = {}): Array<[string, number]> {
    const pos = typeof query === "string" ? [query] : query.positive;
    const neg = typeof query === "string" ? [] : query.negative ?? [];
    const target = new Float32Array(this.dim);
    for (const [list, sign] of [[pos, 1], [neg, -1]] as const) {
      for (const w of list) {
        const v = this.vector(w), n = this.norm(this.index.get(w) as number) || 1;
        for (let k = 0; k < this.dim; k++) target[k] += (sign * v[k]) / n;
      }
    }
    let tn = 0;
    for (let k = 0; k < this.dim; k++) tn += target[k] ** 2;
    tn = Math.sqrt(tn) || 1;
    const skip = new Set([...pos, ...neg]);
    const topn = opts.topn ?? 10;
    const best: Array<[string, number]> = [];
    for (let r = 0; r < this.size; r++) {
      if (skip.has(this.words[r])) continue;
      let dot = 0;
      for (let k = 0; k < this.dim; k++) dot += this.vectors[r * this.dim + k] * target[k];
      const score = dot / (tn * (this.norm(r) || 1));
      if (best.length < topn || score > best[best.length - 1][1]) {
        best.push([this.words[r], score]);
        best.sort((x, y) => y[1] - x[1]);
        if (best.length > topn) best.pop();
      }
    }
    return best;
  }

  /** a : b :: c : ? — the words closest to b − a + c. */
  analogy(a: string, b: string, c: string, opts: { topn?: number } = {}): Array<[string, number]> {
    return this.mostSimilar({ positive: [b, c], negative: [a] }, opts);
  }

  /** The [V, D] float32 weight tensor (row i = `words[i]`), e.g. for `Embedding.fromPretrained`. */
  toTensor(): Tensor { return fromTypedArray(Float32Array.from(this.vectors), [this.size, this.dim]); }
}
