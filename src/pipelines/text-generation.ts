/** @file pipeline("text-generation"): `[{ generated_text }]` (prompt and continuation) from GPT-2's generate(). */
import type { GPT2LMHeadModel, GenerateOptions } from "../models/gpt.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { GENERATE_OPTIONS } from "../models/gpt.ts";
import { withKeys } from "../core/options.ts";
import { BATCH_OPTIONS, makePipeline, type BatchOptions, type Pipeline } from "./common.ts";

export interface TextGenerationOptions extends BatchOptions, Omit<GenerateOptions, "attentionMask" | "onToken"> {
  /** Leave the prompt out of generated_text (HF's return_full_text: false). */
  returnFullText?: boolean;
}

const TEXT_GENERATION_OPTIONS = withKeys(BATCH_OPTIONS, ...[...GENERATE_OPTIONS].filter((k) => k !== "attentionMask" && k !== "onToken"), "returnFullText");

export function textGenerationPipeline(model: GPT2LMHeadModel, tokenizer: Tokenizer): Pipeline<{ generated_text: string }[], TextGenerationOptions> {
  return makePipeline("text-generation", TEXT_GENERATION_OPTIONS, (texts, opts) => {
    const { batchSize: _b, returnFullText = true, ...gen } = opts; // maxLength goes to generate (prompt + new tokens), as HF's
    const prompts = texts.map((t) => tokenizer.encode(t).ids);
    const rows = model.generate(prompts, gen);
    return rows.map((ids, b) => [{ generated_text: tokenizer.decode(returnFullText ? ids : ids.slice(prompts[b].length)) }]);
  });
}
