/** @file pipeline("fill-mask"): the topK words for the [MASK] of each text, as Hugging Face's FillMaskPipeline. */
import { noGrad } from "../core/grad-mode.ts";
import type { BertForMaskedLM } from "../models/bert.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { encodeBatch, makePipeline, pipelineKeys, softmaxRow, topIndices, type BatchOptions, type Pipeline } from "./common.ts";

export interface FillMaskResult { score: number; token: number; token_str: string; sequence: string }
export interface FillMaskOptions extends BatchOptions { topK?: number }

export function fillMaskPipeline(model: BertForMaskedLM, tokenizer: Tokenizer): Pipeline<FillMaskResult[], FillMaskOptions> {
  const maskToken = "[MASK]", mask = tokenizer.tokenToId(maskToken);
  if (mask === undefined) throw new Error(`pipeline("fill-mask"): the tokenizer has no ${maskToken} token`);
  return makePipeline("fill-mask", pipelineKeys("topK"), (texts, opts) => {
    const k = opts.topK ?? 5;
    const encs = encodeBatch(tokenizer, texts, opts.maxLength ?? model.config.maxPositionEmbeddings);
    const at = encs.map((e, i) => {
      const n = e.ids.filter((id) => id === mask).length;
      if (n !== 1) throw new RangeError(`pipeline("fill-mask"): text ${i} must hold exactly one ${maskToken}, it holds ${n}: ${JSON.stringify(texts[i])}`);
      return e.ids.indexOf(mask);
    });
    model.eval();
    const logits = noGrad(() => model.forward(encs).logits); // (B, T, V)
    const V = logits.shape[2], T = logits.shape[1], flat = logits.contiguous().toTypedArray();
    return encs.map((e, b) => {
      const p = softmaxRow(flat.subarray((b * T + at[b]) * V, (b * T + at[b] + 1) * V));
      return topIndices(p, k).map((token) => {
        const ids = e.ids.filter((_, t) => e.attentionMask[t] === 1).map((id, t) => (t === at[b] ? token : id));
        return { score: p[token], token, token_str: tokenizer.decode([token]), sequence: tokenizer.decode(ids) };
      });
    });
  });
}
