/** @file pipeline("text-classification"): labels with scores (softmax, or sigmoid for one label), as Hugging Face's. */
import { noGrad } from "../core/grad-mode.ts";
import type { BertForSequenceClassification } from "../models/bert.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { encodeBatch, makePipeline, pipelineKeys, softmaxRow, topIndices, type BatchOptions, type Pipeline } from "./common.ts";

export interface LabelScore { label: string; score: number }
export interface TextClassificationOptions extends BatchOptions {
  /** How many labels per text, best first (default 1; null = all). */
  topK?: number | null;
}

/** One text gives `[{ label, score }]` (topK entries); an array gives one such array per text. */
export function textClassificationPipeline(model: BertForSequenceClassification, tokenizer: Tokenizer): Pipeline<LabelScore[], TextClassificationOptions> {
  return makePipeline("text-classification", pipelineKeys("topK"), (texts, opts) => {
    const encs = encodeBatch(tokenizer, texts, opts.maxLength ?? model.config.maxPositionEmbeddings);
    model.eval();
    const logits = noGrad(() => model.forward(encs).logits); // (B, C)
    const C = logits.shape[1], flat = logits.contiguous().toTypedArray();
    const k = opts.topK === null ? C : opts.topK ?? 1;
    return texts.map((_, b) => {
      const row = flat.subarray(b * C, (b + 1) * C);
      const p = C === 1 ? [1 / (1 + Math.exp(-row[0]))] : softmaxRow(row);
      return topIndices(p, k).map((i) => ({ label: model.config.id2label[i] ?? `LABEL_${i}`, score: p[i] }));
    });
  });
}
