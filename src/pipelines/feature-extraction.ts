/** @file pipeline("feature-extraction"): the last hidden states of each text as nested arrays (1, T, H), as Hugging Face's. */
import { noGrad } from "../core/grad-mode.ts";
import { BertModel, type AnyBert } from "../models/bert.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { encodeBatch, makePipeline, BATCH_OPTIONS, type BatchOptions, type Pipeline } from "./common.ts";

/** (1, T, H) per text, T counting [CLS] and [SEP] but not padding. */
export function featureExtractionPipeline(model: AnyBert, tokenizer: Tokenizer): Pipeline<number[][][], BatchOptions> {
  const bert = model instanceof BertModel ? model : model.bert;
  return makePipeline("feature-extraction", BATCH_OPTIONS, (texts, opts) => {
    const encs = encodeBatch(tokenizer, texts, opts.maxLength ?? bert.config.maxPositionEmbeddings);
    bert.eval();
    const h = noGrad(() => bert.forward(encs).lastHiddenState); // (B, T, H)
    const [, T, H] = h.shape, flat = h.contiguous().toTypedArray();
    return encs.map((e, b) => {
      const n = e.attentionMask.reduce((a, v) => a + v, 0);
      return [Array.from({ length: n }, (_, t) => Array.from(flat.subarray((b * T + t) * H, (b * T + t + 1) * H)))];
    });
  });
}
