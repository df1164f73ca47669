/**
 * @file Loading and saving Hugging Face `tokenizer.json`: normalizers, pre-tokenizers, the BPE,
 * byte-level BPE, WordPiece and WordLevel models, post-processors, decoders, added tokens,
 * truncation and padding. Unknown component types are refused with an error naming them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { JsonFields, type Json } from "../io/json-fields.ts";
import type { PaddingOptions, TruncationOptions, TruncationStrategy } from "./encoding.ts";
import { addedTokensFrom, decoderFrom, hasByteLevel, modelFrom, normalizerFrom, postProcessorFrom, preTokenizerFrom } from "./hf-json-read.ts";
import { Tokenizer } from "./tokenizer.ts";

const STRATEGY: Record<string, TruncationStrategy> = { LongestFirst: "longest_first", OnlyFirst: "only_first", OnlySecond: "only_second" };
const STRATEGY_BACK: Record<TruncationStrategy, string> = { longest_first: "LongestFirst", only_first: "OnlyFirst", only_second: "OnlySecond" };

function truncationFrom(r: JsonFields, v: unknown): TruncationOptions | null {
  const t = r.optObject(v, "truncation");
  if (!t) return null;
  const strategy = r.oneOf(r.get(t, "strategy"), "truncation.strategy", ["LongestFirst", "OnlyFirst", "OnlySecond"] as const, "LongestFirst");
  return {
    maxLength: r.integer(r.get(t, "max_length"), "truncation.max_length", { min: 1 }), strategy: STRATEGY[strategy],
    direction: r.oneOf(r.get(t, "direction"), "truncation.direction", ["Left", "Right"] as const, "Right") === "Left" ? "left" : "right",
  };
}

function paddingFrom(r: JsonFields, v: unknown): PaddingOptions | null {
  const p = r.optObject(v, "padding");
  if (!p) return null;
  const s = r.get(p, "strategy");
  let length: number | undefined;
  if (typeof s === "object" && s !== null && !Array.isArray(s)) length = r.integer(r.get(s as Json, "Fixed"), "padding.strategy.Fixed", { min: 1 });
  else r.oneOf(s, "padding.strategy", ["BatchLongest"] as const, "BatchLongest");
  const multiple = r.get(p, "pad_to_multiple_of");
  return {
    length, padToMultipleOf: multiple === null || multiple === undefined ? undefined : r.integer(multiple, "padding.pad_to_multiple_of", { min: 1 }),
    padId: r.integer(r.get(p, "pad_id"), "padding.pad_id", { dflt: 0 }), padToken: r.string(r.get(p, "pad_token"), "padding.pad_token", "[PAD]"),
    padTypeId: r.integer(r.get(p, "pad_type_id"), "padding.pad_type_id", { dflt: 0 }),
    direction: r.oneOf(r.get(p, "direction"), "padding.direction", ["Left", "Right"] as const, "Right") === "Left" ? "left" : "right",
  };
}

/**
 * A tokenizer from the contents of a Hugging Face `tokenizer.json` (text or parsed object). Text is parsed
 * strictly (no byte-order mark, no key twice); every field is checked, and errors name `file` and the field's path.
 */
export function tokenizerFromJSON(source: string | Json, file = "tokenizer.json"): Tokenizer {
  const r = new JsonFields(file);
  const j = r.object(typeof source === "string" ? r.parse(source) : source, "");
  const f = (k: string): unknown => r.get(j, k);
  const pre = r.optObject(f("pre_tokenizer"), "pre_tokenizer");
  const model = modelFrom(r, f("model"), hasByteLevel(pre));
  const normalizer = r.optObject(f("normalizer"), "normalizer");
  const post = r.optObject(f("post_processor"), "post_processor");
  const decoder = r.optObject(f("decoder"), "decoder");
  const parts = {
    normalizer: normalizer && normalizerFrom(r, normalizer, "normalizer"),
    preTokenizer: pre && preTokenizerFrom(r, pre, "pre_tokenizer"),
    postProcessor: post && postProcessorFrom(r, post, "post_processor"),
    decoder: decoder && decoderFrom(r, decoder, "decoder"),
    addedTokens: addedTokensFrom(r, f("added_tokens"), model),
    truncation: truncationFrom(r, f("truncation")), padding: paddingFrom(r, f("padding")),
  };
  return r.build("", () => new Tokenizer(model, parts));
}

/** The Hugging Face `tokenizer.json` object of a tokenizer. */
export function tokenizerToJSON(tok: Tokenizer): Json {
  const t = tok.truncation, p = tok.padding;
  return {
    version: "1.0",
    truncation: t && { direction: t.direction === "left" ? "Left" : "Right", max_length: t.maxLength, strategy: STRATEGY_BACK[t.strategy ?? "longest_first"], stride: 0 },
    padding: p && {
      strategy: p.length === undefined ? "BatchLongest" : { Fixed: p.length }, direction: p.direction === "left" ? "Left" : "Right",
      pad_to_multiple_of: p.padToMultipleOf ?? null, pad_id: p.padId ?? 0, pad_type_id: p.padTypeId ?? 0, pad_token: p.padToken ?? "[PAD]",
    },
    added_tokens: tok.addedTokens.map((a) => ({ id: a.id, content: a.content, single_word: false, lstrip: false, rstrip: false, normalized: !a.special, special: a.special })),
    normalizer: tok.normalizer?.toJSON() ?? null,
    pre_tokenizer: tok.preTokenizer?.toJSON() ?? null,
    post_processor: tok.postProcessor?.toJSON() ?? null,
    decoder: tok.decoder?.toJSON() ?? null,
    model: tok.model.toJSON(),
  };
}

/** Writes `tokenizer.json`. */
export function saveTokenizer(tok: Tokenizer, path: string): void {
  writeFileSync(path, JSON.stringify(tokenizerToJSON(tok)));
}

/** Reads a `tokenizer.json` file; errors name the file and the field. */
export function loadTokenizer(path: string): Tokenizer {
  return tokenizerFromJSON(readFileSync(path, "utf8"), path);
}
