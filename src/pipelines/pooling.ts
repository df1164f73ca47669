/** @file Sentence embeddings from a BERT's last hidden states: mean over the attention mask (sentence-transformers), the [CLS] row, optional L2 normalisation. */
import { noGrad } from "../core/grad-mode.ts";
import { BertModel, type AnyBert } from "../models/bert.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { encodeBatch } from "./common.ts";

export type Pooling = "none" | "mean" | "cls";
export const POOLINGS: readonly Pooling[] = ["none", "mean", "cls"];

export interface SentenceEmbeddingOptions {
  /** "mean" (default): the average of the token rows the attention mask keeps, [CLS] and [SEP] included; "cls": the first row. */
  pooling?: Exclude<Pooling, "none">;
  /** Scale each embedding to unit L2 length (default false). */
  normalize?: boolean;
  /** Texts per forward pass (default 8). */
  batchSize?: number;
  /** Longest encoding in tokens (default: the model's maxPositionEmbeddings). */
  maxLength?: number;
}

export function checkPooling(p: unknown, fn: string): Pooling {
  if (!POOLINGS.includes(p as Pooling)) throw new RangeError(`${fn}: pooling must be one of ${POOLINGS.join(", ")}, got ${JSON.stringify(p)}`);
  return p as Pooling;
}

/** Pools (B, T, H) hidden states `flat` to (B, H) rows with each text's mask; `normalize` scales rows to length 1. */
export function poolHiddenStates(flat: Float32Array, masks: readonly (readonly number[])[], T: number, H: number, pooling: Exclude<Pooling, "none">, normalize: boolean): Float32Array {
  const B = masks.length, out = new Float32Array(B * H); // (B, H)
  for (let b = 0; b < B; b++) {
    const row = out.subarray(b * H, (b + 1) * H);
    if (pooling === "cls") row.set(flat.subarray(b * T * H, b * T * H + H));
    else {
      let n = 0;
      for (let t = 0; t < T; t++) {
        if (!masks[b][t]) continue;
        n++;
        const h = flat.subarray((b * T + t) * H, (b * T + t + 1) * H);
        for (let d = 0; d < H; d++) row[d] += h[d];
      }
      for (let d = 0; d < H; d++) row[d] /= Math.max(n, 1e-9);
    }
    if (normalize) normalizeInPlace(row);
  }
  return out;
}

/** Divides a vector by its L2 norm (max(norm, 1e-12), as torch.nn.functional.normalize). */
export function normalizeInPlace(v: Float32Array): Float32Array {
  let s = 0;
  for (let d = 0; d < v.length; d++) s += v[d] * v[d];
  const n = Math.max(Math.sqrt(s), 1e-12);
  for (let d = 0; d < v.length; d++) v[d] /= n;
  return v;
}

/**
 * One embedding per text, (B, H) row-major, from a BERT: sentence-transformers' mean pooling by default.
 * @example const X = bertSentenceEmbeddings(model, tok, ["a cat", "a dog"], { normalize: true }); // Float32Array(2 * H)
 */
export function bertSentenceEmbeddings(model: AnyBert, tokenizer: Tokenizer, texts: readonly string[], opts: SentenceEmbeddingOptions = {}): Float32Array {
  const pooling = checkPooling(opts.pooling ?? "mean", "bertSentenceEmbeddings");
  if (pooling === "none") throw new RangeError(`bertSentenceEmbeddings: pooling must be "mean" or "cls", got "none"`);
  const bert = model instanceof BertModel ? model : model.bert;
  const H = bert.config.hiddenSize, size = opts.batchSize ?? 8;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`bertSentenceEmbeddings: batchSize must be a positive integer, got ${size}`);
  const out = new Float32Array(texts.length * H);
  bert.eval();
  for (let i = 0; i < texts.length; i += size) {
    const encs = encodeBatch(tokenizer, texts.slice(i, i + size), opts.maxLength ?? bert.config.maxPositionEmbeddings);
    const h = noGrad(() => bert.forward(encs).lastHiddenState); // (B, T, H)
    const pooled = poolHiddenStates(h.contiguous().toTypedArray() as Float32Array, encs.map((e) => e.attentionMask), h.shape[1], H, pooling, opts.normalize ?? false);
    out.set(pooled, i * H);
  }
  return out;
}
