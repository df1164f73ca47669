/**
 * @file Keras-style text utilities: `KerasTokenizer` (`fitOnTexts`, `textsToSequences`, `numWords`,
 * OOV token, word or character level) and `padSequences` (pre/post padding and truncation) giving an
 * int32 tensor ready for an embedding layer.
 */
import { tensor } from "../ops/creation.ts";
import type { Tensor } from "../core/tensor.ts";

export interface KerasTokenizerOptions {
  /** Keep only the `numWords - 1` most frequent words when converting (index 0 is reserved). */
  numWords?: number | null;
  /** Characters removed before splitting. Default Keras's punctuation, tab and newline. */
  filters?: string;
  lower?: boolean;
  /** Word separator. Default " ". */
  split?: string;
  /** Every character is a token. Default false. */
  charLevel?: boolean;
  /** Token that stands for words out of the vocabulary (gets index 1). */
  oovToken?: string | null;
}

const DEFAULT_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

/** Keras's `text_to_word_sequence`: lower-case, filtered characters become the separator, split. */
export function textToWordSequence(text: string, opts: Pick<KerasTokenizerOptions, "filters" | "lower" | "split"> = {}): string[] {
  const split = opts.split ?? " ";
  let t = opts.lower ?? true ? text.toLowerCase() : text;
  for (const ch of opts.filters ?? DEFAULT_FILTERS) t = t.split(ch).join(split);
  return t.split(split).filter((w) => w.length > 0);
}

export class KerasTokenizer {
  readonly numWords: number | null;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | null;
  /** How often each token was seen, in order of first appearance. */
  readonly wordCounts = new Map<string, number>();
  /** In how many texts each token appears. */
  readonly wordDocs = new Map<string, number>();
  /** Token → index (1 = most frequent, or the OOV token). */
  wordIndex = new Map<string, number>();
  /** Index → token. */
  indexWord = new Map<number, string>();
  documentCount = 0;

  constructor(opts: KerasTokenizerOptions = {}) {
    this.numWords = opts.numWords ?? null;
    if (this.numWords !== null && (!Number.isInteger(this.numWords) || this.numWords < 1)) throw new Error(`KerasTokenizer: numWords must be a positive integer, got ${this.numWords}`);
    this.filters = opts.filters ?? DEFAULT_FILTERS;
    this.lower = opts.lower ?? true;
    this.split = opts.split ?? " ";
    this.charLevel = opts.charLevel ?? false;
    this.oovToken = opts.oovToken ?? null;
  }

  private tokens(text: string): string[] {
    if (typeof text !== "string") throw new Error(`KerasTokenizer: texts must be strings, got ${typeof text}`);
    if (this.charLevel) return Array.from(this.lower ? text.toLowerCase() : text);
    return textToWordSequence(text, this);
  }

  /** Counts the tokens of `texts` and (re)builds the index, most frequent first. */
  fitOnTexts(texts: Iterable<string>): this {
    for (const text of texts) {
      this.documentCount++;
      const seq = this.tokens(text);
      for (const w of seq) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    const sorted = [...this.wordCounts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w); // stable: ties keep first-seen order
    const vocab = this.oovToken === null ? sorted : [this.oovToken, ...sorted.filter((w) => w !== this.oovToken)];
    this.wordIndex = new Map(vocab.map((w, i) => [w, i + 1]));
    this.indexWord = new Map(vocab.map((w, i) => [i + 1, w]));
    return this;
  }

  /** Each text as a list of indices (unknown or rare words dropped, or the OOV index). */
  textsToSequences(texts: Iterable<string>): number[][] {
    const oov = this.oovToken === null ? undefined : this.wordIndex.get(this.oovToken);
    const out: number[][] = [];
    for (const text of texts) {
      const seq: number[] = [];
      for (const w of this.tokens(text)) {
        const i = this.wordIndex.get(w);
        if (i !== undefined && (this.numWords === null || i < this.numWords)) seq.push(i);
        else if (oov !== undefined) seq.push(oov);
      }
      out.push(seq);
    }
    return out;
  }

  /** Index sequences back to text (tokens joined by spaces, or nothing at character level). */
  sequencesToTexts(sequences: Iterable<readonly number[]>): string[] {
    const out: string[] = [];
    for (const seq of sequences) {
      const words = seq.filter((i) => this.numWords === null || i < this.numWords).map((i) => this.indexWord.get(i) ?? this.oovToken).filter((w): w is string => w !== null && w !== undefined);
      out.push(words.join(this.charLevel ? "" : " "));
    }
    return out;
  }
}

export interface PadSequencesOptions {
  /** Length of every row; default the longest sequence. */
  maxlen?: number;
  /** Pad at the start ("pre", Keras's default) or the end ("post"). */
  padding?: "pre" | "post";
  /** Cut long sequences at the start ("pre", default) or the end ("post"). */
  truncating?: "pre" | "post";
  /** Padding value. Default 0. */
  value?: number;
}

/** Keras's `pad_sequences`: a [N, maxlen] int32 tensor. */
export function padSequences(sequences: ReadonlyArray<readonly number[]>, opts: PadSequencesOptions = {}): Tensor {
  if (!Array.isArray(sequences)) throw new Error("padSequences: expected an array of number arrays");
  const maxlen = opts.maxlen ?? Math.max(0, ...sequences.map((s) => s.length));
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new Error(`padSequences: maxlen must be an integer ≥ 0, got ${maxlen}`);
  for (const o of [["padding", opts.padding], ["truncating", opts.truncating]] as const) {
    if (o[1] !== undefined && o[1] !== "pre" && o[1] !== "post") throw new Error(`padSequences: ${o[0]} must be "pre" or "post", got ${JSON.stringify(o[1])}`);
  }
  const value = opts.value ?? 0;
  const rows = sequences.map((s) => {
    const cut = s.length <= maxlen ? [...s] : opts.truncating === "post" ? s.slice(0, maxlen) : s.slice(s.length - maxlen);
    const pad = new Array<number>(maxlen - cut.length).fill(value);
    return opts.padding === "post" ? [...cut, ...pad] : [...pad, ...cut];
  });
  return rows.length === 0 ? tensor([], { dtype: "int32" }).reshape(0, maxlen) : tensor(rows, { dtype: "int32" });
}
