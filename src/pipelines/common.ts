/** @file What every pipeline shares: one or many inputs, batches of padded encodings, inference without the tape. */
import { checkOptions, optionKeys, withKeys, type OptionKeys } from "../core/options.ts";
import type { Encoding } from "../text/encoding.ts";
import type { Tokenizer } from "../text/tokenizer.ts";

export interface BatchOptions {
  /** Texts per forward pass (default 8). */
  batchSize?: number;
  /** Longest encoding in tokens; longer texts are truncated (default: the model's maxPositionEmbeddings). */
  maxLength?: number;
}

export const BATCH_OPTIONS = optionKeys<BatchOptions>({ batchSize: 1, maxLength: 1 });
/** The keys of a pipeline's options: the batch options and its own. */
export const pipelineKeys = (...own: string[]): OptionKeys => withKeys(BATCH_OPTIONS, ...own);

/** A pipeline: one text gives one result, an array of texts gives an array of results. */
export interface Pipeline<R, O> {
  (inputs: string, opts?: O): R;
  (inputs: readonly string[], opts?: O): R[];
  readonly task: string;
}

/** Makes the callable pipeline from a function over a batch of texts. */
export function makePipeline<R, O extends BatchOptions>(task: string, allowed: OptionKeys, run: (texts: string[], opts: O) => R[]): Pipeline<R, O> {
  const call = (inputs: string | readonly string[], opts?: O): R | R[] => {
    const single = typeof inputs === "string";
    const texts = single ? [inputs] : [...inputs];
    texts.forEach((t, i) => {
      if (typeof t !== "string") throw new TypeError(`pipeline("${task}"): input ${i} is ${t === null ? "null" : typeof t}, expected a string`);
    });
    checkOptions(`pipeline("${task}")`, opts, allowed);
    const o = (opts ?? {}) as O;
    const size = o.batchSize ?? 8;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pipeline("${task}"): batchSize must be a positive integer, got ${size}`);
    const out: R[] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...run(texts.slice(i, i + size), o));
    return single ? out[0] : out;
  };
  return Object.assign(call, { task }) as Pipeline<R, O>;
}

/** Encodes texts padded to the longest of the batch and truncated to maxLength; "[MASK]" etc. in the text are special tokens, as in HF. */
export function encodeBatch(tok: Tokenizer, texts: readonly string[], maxLength: number): Encoding[] {
  return tok.encodeBatch(texts, { padding: true, truncation: true, maxLength, allowedSpecial: "all" });
}

/** Softmax of one row of logits. */
export function softmaxRow(row: ArrayLike<number>): number[] {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) m = Math.max(m, row[i]);
  const e = Array.from(row, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Indices of the k largest values, largest first. */
export function topIndices(values: readonly number[], k: number): number[] {
  return values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, i]) => i);
}
