/**
 * @file pipeline("feature-extraction"): the last hidden states of each text as nested arrays (1, T, H), as Hugging Face's;
 * with `pooling: "mean" | "cls"` one pooled row per text (1, 1, H), optionally `normalize`d to unit length.
 */
import { noGrad } from "../core/grad-mode.ts";
import { BertModel, type AnyBert } from "../models/bert.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { encodeBatch, makePipeline, pipelineKeys, type BatchOptions, type Pipeline } from "./common.ts";
import { checkPooling, normalizeInPlace, poolHiddenStates, type Pooling } from "./pooling.ts";

export interface FeatureExtractionOptions extends BatchOptions {
  /** "none" (default): every token's row; "mean": the average over the attention mask; "cls": the [CLS] row. */
  pooling?: Pooling;
  /** Unit-length rows (default false). */
  normalize?: boolean;
}

const KEYS = pipelineKeys("pooling", "normalize");

/** (1, T, H) per text, T counting [CLS] and [SEP] but not padding; (1, 1, H) when pooled. */
export function featureExtractionPipeline(model: AnyBert, tokenizer: Tokenizer): Pipeline<number[][][], FeatureExtractionOptions> {
  const bert = model instanceof BertModel ? model : model.bert;
  return makePipeline("feature-extraction", KEYS, (texts, opts) => {
    const pooling = checkPooling(opts.pooling ?? "none", `pipeline("feature-extraction")`);
    const encs = encodeBatch(tokenizer, texts, opts.maxLength ?? bert.config.maxPositionEmbeddings);
    bert.eval();
    const h = noGrad(() => bert.forward(encs).lastHiddenState); // (B, T, H)
    const [, T, H] = h.shape, flat = h.contiguous().toTypedArray() as Float32Array;
    if (pooling !== "none") {
      const pooled = poolHiddenStates(flat, encs.map((e) => e.attentionMask), T, H, pooling, opts.normalize ?? false); // (B, H)
      return encs.map((_, b) => [[Array.from(pooled.subarray(b * H, (b + 1) * H))]]);
    }
    return encs.map((e, b) => {
      const n = e.attentionMask.reduce((a, v) => a + v, 0);
      const rows = Array.from({ length: n }, (_, t) => flat.subarray((b * T + t) * H, (b * T + t + 1) * H));
      if (opts.normalize) rows.forEach((r, t) => { rows[t] = normalizeInPlace(r.slice()); });
      return [rows.map((r) => Array.from(r))];
    });
  });
}

