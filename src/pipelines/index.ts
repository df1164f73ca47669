/**
 * @file `lw.pipeline(task, { model, tokenizer })`, as Hugging Face's `pipeline()`: a callable that takes a text or
 * an array of texts (run in batches) and returns Hugging Face's result shapes. Also `AutoTokenizer`.
 */
import { BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification, BertModel, type AnyBert } from "../models/bert.ts";
import { GPT2LMHeadModel } from "../models/gpt.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { AutoTokenizer } from "./auto-tokenizer.ts";
import type { BatchOptions, Pipeline } from "./common.ts";
import { fillMaskPipeline, type FillMaskOptions, type FillMaskResult } from "./fill-mask.ts";
import { textClassificationPipeline, type LabelScore, type TextClassificationOptions } from "./text-classification.ts";
import { tokenClassificationPipeline, type EntityGroup, type TokenClassificationOptions, type TokenEntity } from "./token-classification.ts";
import { featureExtractionPipeline, type FeatureExtractionOptions } from "./feature-extraction.ts";
import { textGenerationPipeline, type TextGenerationOptions } from "./text-generation.ts";

export { AutoTokenizer } from "./auto-tokenizer.ts";
export type { Pipeline, BatchOptions } from "./common.ts";
export type { FillMaskOptions, FillMaskResult } from "./fill-mask.ts";
export type { LabelScore, TextClassificationOptions } from "./text-classification.ts";
export type { TokenEntity, EntityGroup, Aggregation, TokenClassificationOptions } from "./token-classification.ts";
export type { TextGenerationOptions } from "./text-generation.ts";
export type { FeatureExtractionOptions } from "./feature-extraction.ts";
export { bertSentenceEmbeddings, poolHiddenStates, type Pooling, type SentenceEmbeddingOptions } from "./pooling.ts";

/** The model (or a Hugging Face folder to load it from) and its tokenizer (default: the folder's). */
export interface PipelineArgs<M> { model: M | string; tokenizer?: Tokenizer }

export function pipeline(task: "fill-mask", args: PipelineArgs<BertForMaskedLM>): Pipeline<FillMaskResult[], FillMaskOptions>;
export function pipeline(task: "text-classification" | "sentiment-analysis", args: PipelineArgs<BertForSequenceClassification>): Pipeline<LabelScore[], TextClassificationOptions>;
export function pipeline(task: "token-classification" | "ner", args: PipelineArgs<BertForTokenClassification>): Pipeline<Array<TokenEntity | EntityGroup>, TokenClassificationOptions>;
export function pipeline(task: "feature-extraction", args: PipelineArgs<AnyBert>): Pipeline<number[][][], FeatureExtractionOptions>;
export function pipeline(task: "text-generation", args: PipelineArgs<GPT2LMHeadModel>): Pipeline<{ generated_text: string }[], TextGenerationOptions>;
/**
 * A Hugging Face-style pipeline. @example
 * const unmasker = lw.pipeline("fill-mask", { model: "checkpoints/bert-tiny" });
 * unmasker("the cat sat on the [MASK].", { topK: 5 }) // [{ score, token, token_str, sequence }, …]
 */
export function pipeline(task: string, args: PipelineArgs<AnyBert | GPT2LMHeadModel>): unknown {
  const dir = typeof args.model === "string" ? args.model : null;
  const tokenizer = args.tokenizer ?? (dir ? AutoTokenizer.fromPretrained(dir) : null);
  if (!tokenizer) throw new Error(`pipeline("${task}"): pass a tokenizer with a model object (or a folder as model)`);
  const need = <M>(cls: abstract new (...a: never[]) => M, load: (d: string) => M): M => {
    if (dir) return load(dir);
    if (!(args.model instanceof cls)) throw new TypeError(`pipeline("${task}"): expected a ${cls.name}, got ${(args.model as object)?.constructor?.name ?? typeof args.model}`);
    return args.model as M;
  };
  switch (task) {
    case "fill-mask": return fillMaskPipeline(need(BertForMaskedLM, (d) => BertForMaskedLM.fromPretrained(d)), tokenizer);
    case "text-classification": case "sentiment-analysis":
      return textClassificationPipeline(need(BertForSequenceClassification, (d) => BertForSequenceClassification.fromPretrained(d)), tokenizer);
    case "token-classification": case "ner":
      return tokenClassificationPipeline(need(BertForTokenClassification, (d) => BertForTokenClassification.fromPretrained(d)), tokenizer);
    case "feature-extraction": {
      const m = dir ? BertModel.fromPretrained(dir) : args.model;
      if (m instanceof GPT2LMHeadModel || typeof m === "string") throw new TypeError(`pipeline("feature-extraction"): expected a BERT model, got ${m.constructor.name}`);
      return featureExtractionPipeline(m, tokenizer);
    }
    case "text-generation": return textGenerationPipeline(need(GPT2LMHeadModel, (d) => GPT2LMHeadModel.fromPretrained(d)), tokenizer);
    default: throw new RangeError(`pipeline: unknown task ${JSON.stringify(task)}; known: fill-mask, text-classification, token-classification, feature-extraction, text-generation`);
  }
}
