/**
 * @file Hugging Face's `BatchEncoding`: what `tokenizer.call(texts, …)` returns — inputIds, attentionMask and
 * tokenTypeIds as lists or int32 tensors (B, T) (`returnTensors`), with `wordIds(i)` and `sequenceIds(i)` per text.
 */
import type { Tensor } from "../core/tensor.ts";
import { tensor } from "../ops/creation.ts";
import type { Encoding } from "./encoding.ts";

/** "lw": lernwerk int32 tensors; "pt" is accepted as an alias so Hugging Face code reads the same. */
export type ReturnTensors = "lw" | "pt";

export class BatchEncoding<T extends Tensor | number[][] = number[][]> {
  /** (B, T) token ids. */
  readonly inputIds: T;
  /** (B, T) 1 for real tokens, 0 for padding. */
  readonly attentionMask: T;
  /** (B, T) segment ids. */
  readonly tokenTypeIds: T;

  constructor(readonly encodings: readonly Encoding[], returnTensors?: ReturnTensors) {
    if (returnTensors !== undefined && returnTensors !== "lw" && returnTensors !== "pt") {
      throw new Error(`tokenizer.call: returnTensors must be "lw" (or its alias "pt"), got ${JSON.stringify(returnTensors)}`);
    }
    const rows = (f: "ids" | "attentionMask" | "typeIds"): number[][] => encodings.map((e) => [...e[f]]);
    if (returnTensors === undefined) {
      [this.inputIds, this.attentionMask, this.tokenTypeIds] = [rows("ids"), rows("attentionMask"), rows("typeIds")] as T[];
      return;
    }
    const T = encodings[0]?.ids.length ?? 0;
    const i = encodings.findIndex((e) => e.ids.length !== T);
    if (i >= 0) throw new Error(`tokenizer.call: returnTensors needs texts of one length, but text 0 has ${T} tokens and text ${i} has ${encodings[i].ids.length}; pass padding: true (or "max_length" with maxLength) or truncation`);
    const asTensor = (f: "ids" | "attentionMask" | "typeIds"): T =>
      (encodings.length === 0 ? tensor([], { dtype: "int32" }).reshape([0, 0]) : tensor(rows(f), { dtype: "int32" })) as T;
    [this.inputIds, this.attentionMask, this.tokenTypeIds] = [asTensor("ids"), asTensor("attentionMask"), asTensor("typeIds")];
  }

  /** The number of texts (B). */
  get length(): number { return this.encodings.length; }

  /** Hugging Face's `word_ids(batch_index)`: each token's word index, null for special tokens and padding. */
  wordIds(batchIndex = 0): Array<number | null> { return [...this.at(batchIndex, "wordIds").wordIds]; }
  /** Hugging Face's `sequence_ids(batch_index)`: 0 or 1 per token of a pair's texts, null for special tokens and padding. */
  sequenceIds(batchIndex = 0): Array<number | null> { return [...this.at(batchIndex, "sequenceIds").sequenceIds]; }
  /** The tokens of text `batchIndex`. */
  tokens(batchIndex = 0): string[] { return [...this.at(batchIndex, "tokens").tokens]; }

  private at(i: number, what: string): Encoding {
    if (!Number.isInteger(i) || i < 0 || i >= this.encodings.length) throw new RangeError(`BatchEncoding.${what}: batch index ${i} is outside [0, ${this.encodings.length})`);
    return this.encodings[i];
  }
}
