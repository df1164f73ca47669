/**
 * @file Bag of words and TF-IDF with scikit-learn's semantics and defaults: `CountVectorizer`
 * (token pattern `\b\w\w+\b`, n-gram range, min/max df, max features, fixed vocabulary, binary) and
 * `TfidfVectorizer` (smooth idf, sublinear tf, l2/l1 norm), checked against scikit-learn goldens.
 */
import { SparseMatrix } from "./sparse.ts";

export interface CountVectorizerOptions {
  lowercase?: boolean;
  /** Turns a document into tokens; default scikit-learn's `(?u)\b\w\w+\b`. */
  tokenizer?: (doc: string) => string[];
  /** Words removed before n-grams are formed. */
  stopWords?: Iterable<string> | null;
  /** [min n, max n] of word n-grams. Default [1, 1]. */
  ngramRange?: [number, number];
  /** Ignore terms in fewer documents (integer count, or a fraction in [0, 1]). Default 1. */
  minDf?: number;
  /** Ignore terms in more documents (integer count, or a fraction in [0, 1]). Default 1.0. */
  maxDf?: number;
  /** Keep the most frequent terms only. */
  maxFeatures?: number | null;
  /** A fixed vocabulary (term → column, or a list of terms). */
  vocabulary?: ReadonlyMap<string, number> | readonly string[] | null;
  /** Counts become 0/1. */
  binary?: boolean;
}

/** scikit-learn's default token pattern: runs of two or more word characters. */
export const defaultTokenize = (doc: string): string[] => doc.match(/[\p{L}\p{N}\p{Mn}\p{Mc}_]{2,}/gu) ?? [];

/**
 * A df limit as a number of documents: values below 1 (and maxDf exactly 1, scikit-learn's default
 * 1.0) are shares of the documents; other values are counts.
 */
function dfCount(v: number, nDocs: number, isMax: boolean): number {
  if (!(v >= 0)) throw new Error(`CountVectorizer: ${isMax ? "maxDf" : "minDf"} must be ≥ 0, got ${v}`);
  if (isMax && v === 1) return nDocs;
  return v < 1 ? v * nDocs : v;
}

export class CountVectorizer {
  readonly opts: CountVectorizerOptions;
  /** Term → column, after `fit`. */
  vocabulary = new Map<string, number>();
  private fitted = false;

  constructor(opts: CountVectorizerOptions = {}) {
    const [a, b] = opts.ngramRange ?? [1, 1];
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a) throw new Error(`CountVectorizer: ngramRange must be integers 1 ≤ min ≤ max, got [${a}, ${b}]`);
    this.opts = opts;
    if (opts.vocabulary) {
      const v = opts.vocabulary;
      this.vocabulary = Array.isArray(v) ? new Map((v as readonly string[]).map((t, i) => [t, i])) : new Map(v as ReadonlyMap<string, number>);
      this.fitted = true;
    }
  }

  /** The terms (n-grams) of one document, in order. */
  analyze(doc: string): string[] {
    if (typeof doc !== "string") throw new Error(`CountVectorizer: documents must be strings, got ${typeof doc}`);
    const text = this.opts.lowercase ?? true ? doc.toLowerCase() : doc;
    let tokens = (this.opts.tokenizer ?? defaultTokenize)(text);
    if (this.opts.stopWords) { const stop = new Set(this.opts.stopWords); tokens = tokens.filter((t) => !stop.has(t)); }
    const [lo, hi] = this.opts.ngramRange ?? [1, 1];
    if (lo === 1 && hi === 1) return tokens;
    const out: string[] = [];
    for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
    return out;
  }

  private countRows(docs: readonly string[], vocab: Map<string, number> | null): Array<Map<string, number>> {
    return docs.map((d) => {
      const m = new Map<string, number>();
      for (const t of this.analyze(d)) if (!vocab || vocab.has(t)) m.set(t, (m.get(t) ?? 0) + 1);
      return m;
    });
  }

  /** Learns the vocabulary: terms within [minDf, maxDf], the `maxFeatures` most frequent, sorted alphabetically. */
  fit(docs: readonly string[]): this {
    this.fitTransform(docs);
    return this;
  }

  fitTransform(docs: readonly string[]): SparseMatrix {
    if (!Array.isArray(docs)) throw new Error("CountVectorizer: expected an array of documents");
    if (this.opts.vocabulary) return this.transform(docs);
    const rows = this.countRows(docs, null);
    const df = new Map<string, number>(), tf = new Map<string, number>();
    for (const r of rows) for (const [t, c] of r) { df.set(t, (df.get(t) ?? 0) + 1); tf.set(t, (tf.get(t) ?? 0) + c); }
    const n = docs.length;
    const minDf = dfCount(this.opts.minDf ?? 1, n, false), maxDf = dfCount(this.opts.maxDf ?? 1, n, true);
    if (maxDf < minDf) throw new Error(`CountVectorizer: maxDf corresponds to fewer documents (${maxDf}) than minDf (${minDf})`);
    let terms = [...df.keys()].filter((t) => (df.get(t) as number) >= minDf && (df.get(t) as number) <= maxDf);
    const mf = this.opts.maxFeatures;
    if (mf !== undefined && mf !== null && terms.length > mf) terms = terms.sort((a, b) => (tf.get(b) as number) - (tf.get(a) as number) || (a < b ? -1 : 1)).slice(0, mf);
    if (terms.length === 0) throw new Error("CountVectorizer: after pruning, no terms remain; lower minDf or raise maxDf");
    terms.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.vocabulary = new Map(terms.map((t, i) => [t, i]));
    this.fitted = true;
    return this.toMatrix(rows);
  }

  /** Term counts of `docs` over the learned vocabulary. */
  transform(docs: readonly string[]): SparseMatrix {
    if (!this.fitted) throw new Error("CountVectorizer: call fit() before transform()");
    return this.toMatrix(this.countRows(docs, this.vocabulary));
  }

  private toMatrix(rows: Array<Map<string, number>>): SparseMatrix {
    const bin = this.opts.binary ?? false;
    return SparseMatrix.fromRows(rows.map((r) => {
      const m = new Map<number, number>();
      for (const [t, c] of r) { const j = this.vocabulary.get(t); if (j !== undefined) m.set(j, bin ? 1 : c); }
      return m;
    }), this.vocabulary.size);
  }

  /** The terms in column order. */
  getFeatureNames(): string[] {
    const out: string[] = new Array(this.vocabulary.size);
    for (const [t, j] of this.vocabulary) out[j] = t;
    return out;
  }
}

export interface TfidfOptions extends CountVectorizerOptions {
  /** Row normalisation. Default "l2". */
  norm?: "l2" | "l1" | null;
  useIdf?: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1, as if one document held every term. Default true. */
  smoothIdf?: boolean;
  /** tf = 1 + ln(tf). Default false. */
  sublinearTf?: boolean;
}

export class TfidfVectorizer {
  readonly counts: CountVectorizer;
  /** Inverse document frequency per column, after `fit`. */
  idf: Float64Array = new Float64Array(0);
  constructor(readonly opts: TfidfOptions = {}) { this.counts = new CountVectorizer(opts); }

  get vocabulary(): Map<string, number> { return this.counts.vocabulary; }
  getFeatureNames(): string[] { return this.counts.getFeatureNames(); }

  fit(docs: readonly string[]): this { this.fitTransform(docs); return this; }

  fitTransform(docs: readonly string[]): SparseMatrix {
    const c = this.counts.fitTransform(docs);
    const n = c.shape[0], df = new Float64Array(c.shape[1]);
    for (let k = 0; k < c.nnz; k++) df[c.indices[k]]++;
    const smooth = this.opts.smoothIdf ?? true ? 1 : 0;
    this.idf = df.map((d) => Math.log((n + smooth) / (d + smooth)) + 1);
    return this.weight(c);
  }

  transform(docs: readonly string[]): SparseMatrix {
    if (this.idf.length === 0) throw new Error("TfidfVectorizer: call fit() before transform()");
    return this.weight(this.counts.transform(docs));
  }

  private weight(c: SparseMatrix): SparseMatrix {
    const data = Float64Array.from(c.data);
    const useIdf = this.opts.useIdf ?? true, sub = this.opts.sublinearTf ?? false, norm = this.opts.norm === undefined ? "l2" : this.opts.norm;
    for (let k = 0; k < data.length; k++) {
      if (sub) data[k] = 1 + Math.log(data[k]);
      if (useIdf) data[k] *= this.idf[c.indices[k]];
    }
    if (norm) {
      for (let i = 0; i < c.shape[0]; i++) {
        let s = 0;
        for (let k = c.indptr[i]; k < c.indptr[i + 1]; k++) s += norm === "l2" ? data[k] * data[k] : Math.abs(data[k]);
        const d = norm === "l2" ? Math.sqrt(s) : s;
        if (d > 0) for (let k = c.indptr[i]; k < c.indptr[i + 1]; k++) data[k] /= d;
      }
    }
    return new SparseMatrix(c.shape, c.indptr, c.indices, data);
  }
}
