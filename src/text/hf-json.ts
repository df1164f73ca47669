/**
 * @file Loading and saving Hugging Face `tokenizer.json`: normalizers, pre-tokenizers, the BPE,
 * byte-level BPE, WordPiece and WordLevel models, post-processors, decoders, added tokens,
 * truncation and padding. Unknown component types are refused with an error naming them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { BpeDecoder, ByteLevelDecoder, FuseDecoder, SpaceDecoder, WordPieceDecoder, type Decoder } from "./decoders.ts";
import type { PaddingOptions, TruncationOptions, TruncationStrategy } from "./encoding.ts";
import { Bpe, type Merge } from "./models/bpe.ts";
import { WordLevel } from "./models/word-level.ts";
import { WordPiece } from "./models/wordpiece.ts";
import type { TokenModel } from "./models/model.ts";
import {
  BertNormalizer, Lowercase, NormalizerSequence, Replace, Strip, StripAccents, UnicodeNormalizer, type Normalizer,
} from "./normalizers.ts";
import { ByteLevelProcessor, TemplateProcessing, type PostProcessor, type TemplatePiece, type TemplateSpecialToken } from "./post-processors.ts";
import {
  BertPreTokenizer, ByteLevelPreTokenizer, PreTokenizerSequence, RegexSplit, WhitespacePreTokenizer, WhitespaceSplit,
  type PreTokenizer, type SplitBehavior,
} from "./pre-tokenizers.ts";
import { Tokenizer } from "./tokenizer.ts";
import { WordPreTokenizer } from "./word-tokenize.ts";

type Json = Record<string, unknown>;

const obj = (v: unknown, where: string): Json => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`tokenizer.json: ${where} must be an object`);
  return v as Json;
};
const unknownType = (kind: string, t: unknown): Error =>
  new Error(`tokenizer.json: ${kind} type ${JSON.stringify(t)} is not supported by lernwerk`);
const pattern = (p: unknown): string | RegExp => {
  const o = obj(p, "pattern");
  return typeof o.String === "string" ? o.String : new RegExp(String(o.Regex), "u");
};

function normalizerFrom(j: Json): Normalizer {
  switch (j.type) {
    case "BertNormalizer":
      return new BertNormalizer({ cleanText: j.clean_text as boolean, handleChineseChars: j.handle_chinese_chars as boolean, stripAccents: (j.strip_accents ?? null) as boolean | null, lowercase: j.lowercase as boolean });
    case "Lowercase": return new Lowercase();
    case "NFC": case "NFD": case "NFKC": case "NFKD": return new UnicodeNormalizer(j.type);
    case "StripAccents": return new StripAccents();
    case "Strip": return new Strip(j.strip_left as boolean, j.strip_right as boolean);
    case "Replace": return new Replace(pattern(j.pattern), String(j.content));
    case "Sequence": return new NormalizerSequence((j.normalizers as Json[]).map(normalizerFrom));
    default: throw unknownType("normalizer", j.type);
  }
}

function preTokenizerFrom(j: Json): PreTokenizer {
  switch (j.type) {
    case "ByteLevel": return new ByteLevelPreTokenizer(Boolean(j.add_prefix_space), j.use_regex !== false, j.trim_offsets !== false);
    case "BertPreTokenizer": return new BertPreTokenizer();
    case "Whitespace": return new WhitespacePreTokenizer();
    case "WhitespaceSplit": return new WhitespaceSplit();
    case "Split": return new RegexSplit(pattern(j.pattern), j.behavior as SplitBehavior, Boolean(j.invert));
    case "Sequence": return new PreTokenizerSequence((j.pretokenizers as Json[]).map(preTokenizerFrom));
    case "lernwerk.Word": return new WordPreTokenizer(j.language === "de" ? "de" : "en");
    default: throw unknownType("pre_tokenizer", j.type);
  }
}

const hasByteLevel = (j: Json | null): boolean =>
  j !== null && (j.type === "ByteLevel" || (j.type === "Sequence" && (j.pretokenizers as Json[]).some(hasByteLevel)));

function modelFrom(j: Json, byteLevel: boolean): TokenModel {
  const vocab = obj(j.vocab, "model.vocab") as Record<string, number>;
  switch (j.type) {
    case "BPE":
      return new Bpe(vocab, j.merges as Merge[], {
        byteLevel, unkToken: (j.unk_token ?? null) as string | null, fuseUnk: Boolean(j.fuse_unk),
        continuingSubwordPrefix: (j.continuing_subword_prefix ?? "") as string, endOfWordSuffix: (j.end_of_word_suffix ?? "") as string,
      });
    case "WordPiece":
      return new WordPiece(vocab, { unkToken: j.unk_token as string, continuingSubwordPrefix: j.continuing_subword_prefix as string, maxInputCharsPerWord: j.max_input_chars_per_word as number });
    case "WordLevel": return new WordLevel(vocab, (j.unk_token ?? null) as string | null);
    default: throw unknownType("model", j.type);
  }
}

function postProcessorFrom(j: Json): PostProcessor {
  switch (j.type) {
    case "TemplateProcessing":
      return new TemplateProcessing(j.single as TemplatePiece[], j.pair as TemplatePiece[], j.special_tokens as Record<string, TemplateSpecialToken>);
    case "BertProcessing": case "RobertaProcessing": {
      const [cls, clsId] = j.cls as [string, number];
      const [sep, sepId] = j.sep as [string, number];
      const special = { [cls]: { id: cls, ids: [clsId], tokens: [cls] }, [sep]: { id: sep, ids: [sepId], tokens: [sep] } };
      return j.type === "BertProcessing"
        ? new TemplateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} $B:1 ${sep}:1`, special)
        : new TemplateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} ${sep} $B ${sep}`, special);
    }
    case "ByteLevel": return new ByteLevelProcessor(Boolean(j.trim_offsets), j.add_prefix_space !== false);
    default: throw unknownType("post_processor", j.type);
  }
}

function decoderFrom(j: Json): Decoder {
  switch (j.type) {
    case "ByteLevel": return new ByteLevelDecoder();
    case "WordPiece": return new WordPieceDecoder((j.prefix ?? "##") as string, j.cleanup !== false);
    case "BPEDecoder": return new BpeDecoder((j.suffix ?? "</w>") as string);
    case "Fuse": return new FuseDecoder();
    case "lernwerk.Space": return new SpaceDecoder();
    default: throw unknownType("decoder", j.type);
  }
}

const STRATEGY: Record<string, TruncationStrategy> = { LongestFirst: "longest_first", OnlyFirst: "only_first", OnlySecond: "only_second" };
const STRATEGY_BACK: Record<TruncationStrategy, string> = { longest_first: "LongestFirst", only_first: "OnlyFirst", only_second: "OnlySecond" };

/** A tokenizer from the contents of a Hugging Face `tokenizer.json` (string or parsed object). */
export function tokenizerFromJSON(source: string | Json): Tokenizer {
  const j = typeof source === "string" ? obj(JSON.parse(source), "the file") : source;
  if (j.model === undefined) throw new Error("tokenizer.json: no \"model\" entry; is this a Hugging Face tokenizer.json?");
  const pre = (j.pre_tokenizer ?? null) as Json | null;
  const t = (j.truncation ?? null) as Json | null;
  const p = (j.padding ?? null) as Json | null;
  const truncation: TruncationOptions | null = t && {
    maxLength: t.max_length as number, strategy: STRATEGY[String(t.strategy)] ?? "longest_first", direction: t.direction === "Left" ? "left" : "right",
  };
  const fixed = p && typeof p.strategy === "object" && p.strategy !== null ? (p.strategy as Json).Fixed as number : undefined;
  const padding: PaddingOptions | null = p && {
    length: fixed, padToMultipleOf: (p.pad_to_multiple_of ?? undefined) as number | undefined, padId: p.pad_id as number,
    padToken: p.pad_token as string, padTypeId: p.pad_type_id as number, direction: p.direction === "Left" ? "left" : "right",
  };
  return new Tokenizer(modelFrom(obj(j.model, "model"), hasByteLevel(pre)), {
    normalizer: j.normalizer ? normalizerFrom(obj(j.normalizer, "normalizer")) : null,
    preTokenizer: pre ? preTokenizerFrom(pre) : null,
    postProcessor: j.post_processor ? postProcessorFrom(obj(j.post_processor, "post_processor")) : null,
    decoder: j.decoder ? decoderFrom(obj(j.decoder, "decoder")) : null,
    addedTokens: ((j.added_tokens ?? []) as Json[]).map((a) => ({ id: a.id as number, content: a.content as string, special: Boolean(a.special) })),
    truncation, padding,
  });
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

/** Reads a `tokenizer.json` file. */
export function loadTokenizer(path: string): Tokenizer {
  return tokenizerFromJSON(readFileSync(path, "utf8"));
}
