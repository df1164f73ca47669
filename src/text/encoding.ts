/**
 * @file The result of encoding (ids, tokens, offsets, segment ids, attention mask), and the
 * truncation and padding applied to it, with the option types that drive them.
 */

/** One encoded text or text pair, as Hugging Face's `Encoding`. */
export interface Encoding {
  ids: number[];
  tokens: string[];
  /** [start, end) of each token in the original text (UTF-16 units); [0, 0] for added special tokens. */
  offsets: Array<[number, number]>;
  /** Segment (token type) ids: 0 for the first sequence, 1 for the second of a pair. */
  typeIds: number[];
  /** 1 for real tokens, 0 for padding. */
  attentionMask: number[];
  /** 1 for special tokens added by the post-processor or padding, else 0. */
  specialTokensMask: number[];
  /** Hugging Face's `word_ids`: the index of the word (pre-tokenizer piece, or input word) each token comes
   * from, counted per sequence; null for special tokens and padding. */
  wordIds: Array<number | null>;
  /** Hugging Face's `sequence_ids`: 0 or 1 for tokens of the first or second text of a pair, null for special tokens and padding. */
  sequenceIds: Array<number | null>;
}

export type TruncationStrategy = "longest_first" | "only_first" | "only_second";

export interface TruncationOptions {
  maxLength: number;
  /** Which sequence of a pair loses tokens. Default "longest_first". */
  strategy?: TruncationStrategy;
  /** Cut at the end ("right", default) or at the start ("left"). */
  direction?: "right" | "left";
}

export interface PaddingOptions {
  /** Pad to this length; without it, pad each batch to its longest encoding. */
  length?: number;
  /** Round the padded length up to a multiple of this. */
  padToMultipleOf?: number;
  padId?: number;
  padToken?: string;
  padTypeId?: number;
  /** Pad at the end ("right", default) or at the start ("left"). */
  direction?: "right" | "left";
}

export const emptyEncoding = (): Encoding => ({ ids: [], tokens: [], offsets: [], typeIds: [], attentionMask: [], specialTokensMask: [], wordIds: [], sequenceIds: [] });

const FIELDS = ["ids", "tokens", "offsets", "typeIds", "attentionMask", "specialTokensMask", "wordIds", "sequenceIds"] as const;

/** `n` special tokens (added by a post-processor): mask 1, no word, no sequence. */
export function specialEncoding(ids: readonly number[], tokens: readonly string[], typeId: number): Encoding {
  const n = ids.length;
  return { ids: [...ids], tokens: [...tokens], offsets: ids.map((): [number, number] => [0, 0]), typeIds: new Array<number>(n).fill(typeId), attentionMask: new Array<number>(n).fill(1), specialTokensMask: new Array<number>(n).fill(1), wordIds: new Array<null>(n).fill(null), sequenceIds: new Array<null>(n).fill(null) };
}

/** `e` as sequence `seq` of its input (0 or 1) with segment id `typeId`: real tokens get the sequence id. */
export function asSequence(e: Encoding, seq: number, typeId: number): Encoding {
  return { ...e, typeIds: e.typeIds.map(() => typeId), sequenceIds: e.sequenceIds.map((s) => (s === null ? null : seq)) };
}

/** Keeps `n` tokens of `e` (cutting at the end or the start). */
export function truncateEncoding(e: Encoding, n: number, direction: "right" | "left" = "right"): Encoding {
  if (e.ids.length <= n) return e;
  const cut = <T>(a: T[]): T[] => (direction === "right" ? a.slice(0, n) : a.slice(a.length - n));
  return { ids: cut(e.ids), tokens: cut(e.tokens), offsets: cut(e.offsets), typeIds: cut(e.typeIds), attentionMask: cut(e.attentionMask), specialTokensMask: cut(e.specialTokensMask), wordIds: cut(e.wordIds), sequenceIds: cut(e.sequenceIds) };
}

/**
 * How many tokens each sequence keeps so that together they fit in `budget` tokens
 * (Hugging Face's strategies; "longest_first" removes one token at a time from the longer).
 */
export function truncationLengths(a: number, b: number | null, budget: number, strategy: TruncationStrategy): [number, number] {
  if (budget < 0) throw new Error(`truncation: maxLength is smaller than the ${-budget} more special tokens the post-processor adds`);
  const bl = b ?? 0;
  if (a + bl <= budget) return [a, bl];
  if (b === null || strategy === "only_first") {
    if (bl > budget) throw new Error(`truncation: the second sequence alone (${bl} tokens) exceeds maxLength; use "only_second" or "longest_first"`);
    return [budget - bl, bl];
  }
  if (strategy === "only_second") {
    if (a > budget) throw new Error(`truncation: the first sequence alone (${a} tokens) exceeds maxLength; use "only_first" or "longest_first"`);
    return [a, budget - a];
  }
  // longest_first, as Hugging Face tokenizers: the shorter keeps what it can up to half, the longer the rest
  const swap = a > bl;
  let n1 = swap ? bl : a, n2 = swap ? a : bl;
  n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
  if (n1 + n2 > budget) { n1 = Math.floor(budget / 2); n2 = n1 + (budget % 2); }
  return swap ? [n2, n1] : [n1, n2];
}

/** Pads `e` to `length` with the pad token (mask 0), at the end or the start. */
export function padEncoding(e: Encoding, length: number, opts: PaddingOptions = {}): Encoding {
  const n = length - e.ids.length;
  if (n <= 0) return e;
  const id = opts.padId ?? 0, tok = opts.padToken ?? "[PAD]", type = opts.padTypeId ?? 0;
  const fill = <T>(v: T): T[] => new Array<T>(n).fill(v);
  const join = <T>(a: T[], pad: T[]): T[] => (opts.direction === "left" ? [...pad, ...a] : [...a, ...pad]);
  return {
    ids: join(e.ids, fill(id)), tokens: join(e.tokens, fill(tok)),
    offsets: join(e.offsets, Array.from({ length: n }, (): [number, number] => [0, 0])),
    typeIds: join(e.typeIds, fill(type)), attentionMask: join(e.attentionMask, fill(0)), specialTokensMask: join(e.specialTokensMask, fill(1)),
    wordIds: join(e.wordIds, fill(null)), sequenceIds: join(e.sequenceIds, fill(null)),
  };
}

/** The length a batch is padded to: the fixed length, or the longest, rounded up to the multiple. */
export function paddedLength(lengths: readonly number[], opts: PaddingOptions): number {
  let n = opts.length ?? Math.max(0, ...lengths);
  const m = opts.padToMultipleOf;
  if (m !== undefined) {
    if (!Number.isInteger(m) || m < 1) throw new Error(`padding: padToMultipleOf must be a positive integer, got ${m}`);
    n = Math.ceil(n / m) * m;
  }
  return n;
}

/** Concatenates encodings (fields in order). */
export function concatEncodings(parts: readonly Encoding[]): Encoding {
  const out = emptyEncoding();
  for (const p of parts) for (const f of FIELDS) (out[f] as unknown[]).push(...(p[f] as unknown[]));
  return out;
}
