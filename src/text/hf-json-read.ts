/**
 * @file The components of a Hugging Face `tokenizer.json`, read with every field checked: a wrong or missing
 * field is an error naming the file and its path (`tokenizer.json: model.merges[3]: …`), never a TypeError.
 */
import type { JsonFields, Json } from "../io/json-fields.ts";
import { describeJson } from "../io/json-fields.ts";
import { childPath, nullRecord } from "../io/json.ts";
import { BpeDecoder, ByteLevelDecoder, FuseDecoder, SpaceDecoder, WordPieceDecoder, type Decoder } from "./decoders.ts";
import type { AddedToken } from "./tokenizer.ts";
import { Bpe } from "./models/bpe.ts";
import { WordLevel } from "./models/word-level.ts";
import { WordPiece } from "./models/wordpiece.ts";
import type { TokenModel } from "./models/model.ts";
import {
  BertNormalizer, Lowercase, NormalizerSequence, Replace, Strip, StripAccents, UnicodeNormalizer, type Normalizer,
} from "./normalizers.ts";
import { ByteLevelProcessor, TemplateProcessing, type PostProcessor, type TemplatePiece, type TemplateSpecialToken } from "./post-processors.ts";
import {
  BertPreTokenizer, ByteLevelPreTokenizer, PreTokenizerSequence, RegexSplit, WhitespacePreTokenizer, WhitespaceSplit, type PreTokenizer,
} from "./pre-tokenizers.ts";
import { WordPreTokenizer } from "./word-tokenize.ts";

const unsupported = (r: JsonFields, at: string, kind: string, t: unknown, known: readonly string[]): never =>
  r.fail(`${at}.type`, `${describeJson(t)} is not a ${kind} lernwerk supports (it reads ${known.join(", ")})`);

/** A `{"String": s}` or `{"Regex": r}` pattern. */
function pattern(r: JsonFields, v: unknown, at: string): string | RegExp {
  const o = r.object(v, at);
  const s = r.get(o, "String"), re = r.get(o, "Regex");
  if (typeof s === "string" && re === undefined) return s;
  if (typeof re === "string" && s === undefined) return r.build(`${at}.Regex`, () => new RegExp(re, "u"));
  return r.fail(at, `expected {"String": …} or {"Regex": …} with a string, got ${JSON.stringify(o).slice(0, 60)}`);
}

const NORMALIZERS = ["BertNormalizer", "Lowercase", "NFC", "NFD", "NFKC", "NFKD", "StripAccents", "Strip", "Replace", "Sequence"] as const;

export function normalizerFrom(r: JsonFields, v: unknown, at: string): Normalizer {
  const j = r.object(v, at), f = (k: string): unknown => r.get(j, k), p = (k: string): string => `${at}.${k}`;
  const type = f("type");
  switch (type) {
    case "BertNormalizer": {
      const sa = f("strip_accents");
      return new BertNormalizer({
        cleanText: r.boolean(f("clean_text"), p("clean_text"), true), handleChineseChars: r.boolean(f("handle_chinese_chars"), p("handle_chinese_chars"), true),
        stripAccents: sa === null || sa === undefined ? null : r.boolean(sa, p("strip_accents"), false), lowercase: r.boolean(f("lowercase"), p("lowercase"), true),
      });
    }
    case "Lowercase": return new Lowercase();
    case "NFC": case "NFD": case "NFKC": case "NFKD": return new UnicodeNormalizer(type);
    case "StripAccents": return new StripAccents();
    case "Strip": return new Strip(r.boolean(f("strip_left"), p("strip_left"), true), r.boolean(f("strip_right"), p("strip_right"), true));
    case "Replace": {
      const pat = pattern(r, f("pattern"), p("pattern"));
      return r.build(at, () => new Replace(pat, r.string(f("content"), p("content"))));
    }
    case "Sequence":
      return new NormalizerSequence(r.array(f("normalizers"), p("normalizers"), "normalizers").map((n, i) => normalizerFrom(r, n, `${p("normalizers")}[${i}]`)));
    default: return unsupported(r, at, "normalizer", type, NORMALIZERS);
  }
}

const PRE_TOKENIZERS = ["ByteLevel", "BertPreTokenizer", "Whitespace", "WhitespaceSplit", "Split", "Sequence", "lernwerk.Word"] as const;

export function preTokenizerFrom(r: JsonFields, v: unknown, at: string): PreTokenizer {
  const j = r.object(v, at), f = (k: string): unknown => r.get(j, k), p = (k: string): string => `${at}.${k}`;
  const type = f("type");
  switch (type) {
    case "ByteLevel":
      return new ByteLevelPreTokenizer(r.boolean(f("add_prefix_space"), p("add_prefix_space"), false), r.boolean(f("use_regex"), p("use_regex"), true), r.boolean(f("trim_offsets"), p("trim_offsets"), true));
    case "BertPreTokenizer": return new BertPreTokenizer();
    case "Whitespace": return new WhitespacePreTokenizer();
    case "WhitespaceSplit": return new WhitespaceSplit();
    case "Split": {
      const pat = pattern(r, f("pattern"), p("pattern"));
      const behavior = r.oneOf(f("behavior"), p("behavior"), ["Isolated", "Removed"] as const);
      return r.build(at, () => new RegexSplit(pat, behavior, r.boolean(f("invert"), p("invert"), false)));
    }
    case "Sequence":
      return new PreTokenizerSequence(r.array(f("pretokenizers"), p("pretokenizers"), "pre-tokenizers").map((n, i) => preTokenizerFrom(r, n, `${p("pretokenizers")}[${i}]`)));
    case "lernwerk.Word": return new WordPreTokenizer(r.oneOf(f("language"), p("language"), ["en", "de"] as const, "en"));
    default: return unsupported(r, at, "pre-tokenizer", type, PRE_TOKENIZERS);
  }
}

/** One merge, as HF writes them: `"a b"` (before tokenizers 0.20) or `["a", "b"]`. */
function merge(r: JsonFields, m: unknown, i: number): [string, string] {
  if (Array.isArray(m) && m.length === 2 && typeof m[0] === "string" && typeof m[1] === "string" && m[0] && m[1]) return m as [string, string]; // the common case, without building a path
  const at = `model.merges[${i}]`, expected = `expected "a b" or ["a","b"]`;
  if (typeof m === "string") {
    const parts = m.split(" ");
    if (parts.length !== 2 || !parts[0] || !parts[1]) r.fail(at, `${JSON.stringify(m)} has ${parts.length} part${parts.length === 1 ? "" : "s"}; ${expected}`);
    return [parts[0], parts[1]];
  }
  if (Array.isArray(m) && m.every((s) => typeof s === "string")) {
    if (m.length !== 2 || !m[0] || !m[1]) r.fail(at, `${describeJson(m)}; ${expected}`);
    return [m[0] as string, m[1] as string];
  }
  return r.fail(at, `${expected}, got ${describeJson(m)}`);
}

/** `model.vocab`: token → id, every id an integer ≥ 0. */
function vocabFrom(r: JsonFields, v: unknown, at: string): Map<string, number> {
  const o = r.object(v, at);
  const out = new Map<string, number>();
  for (const [k, id] of Object.entries(o)) out.set(k, Number.isSafeInteger(id) && (id as number) >= 0 ? id as number : r.integer(id, childPath(at, k)));
  return out;
}

const MODELS = ["BPE", "WordPiece", "WordLevel"] as const;

export function modelFrom(r: JsonFields, v: unknown, byteLevel: boolean): TokenModel {
  const at = "model";
  if (v === undefined) r.fail(at, `expected an object, got nothing (the field is missing): no "model" entry; is this a Hugging Face tokenizer.json?`);
  const j = r.object(v, at), f = (k: string): unknown => r.get(j, k), p = (k: string): string => `${at}.${k}`;
  const type = f("type");
  if (!MODELS.includes(type as (typeof MODELS)[number])) unsupported(r, at, "model", type, MODELS);
  const vocab = vocabFrom(r, f("vocab"), p("vocab"));
  switch (type) {
    case "BPE": {
      if (f("byte_fallback") === true) r.fail(p("byte_fallback"), "true is not supported by lernwerk (unknown bytes would become <0x..> tokens)");
      if (f("ignore_merges") === true) r.fail(p("ignore_merges"), "true is not supported by lernwerk (words in the vocabulary would skip the merges)");
      if (r.number(f("dropout"), p("dropout"), 0, 1, 0) !== 0) r.fail(p("dropout"), "BPE dropout is not supported by lernwerk");
      const merges = r.array(f("merges"), p("merges"), "merges").map((m, i) => merge(r, m, i));
      const opts = {
        byteLevel, unkToken: r.optString(f("unk_token"), p("unk_token")), fuseUnk: r.boolean(f("fuse_unk"), p("fuse_unk"), false),
        continuingSubwordPrefix: r.optString(f("continuing_subword_prefix"), p("continuing_subword_prefix")) ?? "",
        endOfWordSuffix: r.optString(f("end_of_word_suffix"), p("end_of_word_suffix")) ?? "",
      };
      try {
        return new Bpe(vocab, merges, opts);
      } catch (e) {
        const m = /^BPE: merge (\d+) /.exec((e as Error).message);
        return r.fail(m ? `${p("merges")}[${m[1]}]` : p("vocab"), (e as Error).message);
      }
    }
    case "WordPiece": {
      const opts = {
        unkToken: r.string(f("unk_token"), p("unk_token"), "[UNK]"), continuingSubwordPrefix: r.string(f("continuing_subword_prefix"), p("continuing_subword_prefix"), "##"),
        maxInputCharsPerWord: r.integer(f("max_input_chars_per_word"), p("max_input_chars_per_word"), { dflt: 100, min: 1 }),
      };
      return r.build(p("vocab"), () => new WordPiece(vocab, opts));
    }
    default: {
      const unk = r.optString(f("unk_token"), p("unk_token"));
      return r.build(p("vocab"), () => new WordLevel(vocab, unk));
    }
  }
}

/** `added_tokens`: each id must be the model's id of that content, or a free id right after the model's vocabulary. */
export function addedTokensFrom(r: JsonFields, v: unknown, model: TokenModel): AddedToken[] {
  if (v === undefined || v === null) return [];
  const list = r.array(v, "added_tokens", "added tokens");
  const vocab = model.getVocab();
  let maxId = -1;
  for (const id of vocab.values()) maxId = Math.max(maxId, id);
  const outside = list.filter((a) => typeof a !== "object" || a === null || !vocab.has(String((a as Json).content))).length;
  const limit = maxId + outside; // the largest id an added token may have
  const seen = new Map<number, number>();
  return list.map((raw, i) => {
    const at = `added_tokens[${i}]`;
    const a = r.object(raw, at);
    const content = r.string(r.get(a, "content"), `${at}.content`);
    if (content === "") r.fail(`${at}.content`, "an added token needs non-empty content");
    const id = r.integer(r.get(a, "id"), `${at}.id`);
    const own = vocab.get(content), there = model.idToToken(id);
    if (own !== undefined && own !== id) r.fail(`${at}.id`, `${JSON.stringify(content)} has id ${own} in model.vocab, not ${id}`);
    if (there !== undefined && there !== content) r.fail(`${at}.id`, `id ${id} is ${JSON.stringify(there)} in model.vocab, not ${JSON.stringify(content)}`);
    if (id > limit) r.fail(`${at}.id`, `${id} is outside the vocabulary (ids 0 to ${limit})`);
    const twin = seen.get(id);
    if (twin !== undefined) r.fail(`${at}.id`, `id ${id} is also added_tokens[${twin}] (${JSON.stringify((list[twin] as Json).content)})`);
    seen.set(id, i);
    return { id, content, special: r.boolean(r.get(a, "special"), `${at}.special`, false) };
  });
}

function templatePieces(r: JsonFields, v: unknown, at: string): TemplatePiece[] {
  return r.array(v, at, "template pieces").map((raw, i) => {
    const pa = `${at}[${i}]`, o = r.object(raw, pa);
    const st = r.get(o, "SpecialToken"), sq = r.get(o, "Sequence");
    if (st !== undefined && sq === undefined) {
      const s = r.object(st, `${pa}.SpecialToken`);
      return { SpecialToken: { id: r.string(r.get(s, "id"), `${pa}.SpecialToken.id`), type_id: r.integer(r.get(s, "type_id"), `${pa}.SpecialToken.type_id`, { dflt: 0 }) } };
    }
    if (sq !== undefined && st === undefined) {
      const s = r.object(sq, `${pa}.Sequence`);
      return { Sequence: { id: r.oneOf(r.get(s, "id"), `${pa}.Sequence.id`, ["A", "B"] as const), type_id: r.integer(r.get(s, "type_id"), `${pa}.Sequence.type_id`, { dflt: 0 }) } };
    }
    return r.fail(pa, `expected {"SpecialToken": …} or {"Sequence": …}, got ${JSON.stringify(o).slice(0, 60)}`);
  });
}

function tokenIdPair(r: JsonFields, v: unknown, at: string): [string, number] {
  const a = r.array(v, at, "[token, id]");
  if (a.length !== 2) r.fail(at, `expected [token, id], got ${describeJson(a)}`);
  return [r.string(a[0], `${at}[0]`), r.integer(a[1], `${at}[1]`)];
}

const POST_PROCESSORS = ["TemplateProcessing", "BertProcessing", "RobertaProcessing", "ByteLevel"] as const;

export function postProcessorFrom(r: JsonFields, v: unknown, at: string): PostProcessor {
  const j = r.object(v, at), f = (k: string): unknown => r.get(j, k), p = (k: string): string => `${at}.${k}`;
  const type = f("type");
  switch (type) {
    case "TemplateProcessing": {
      const single = templatePieces(r, f("single"), p("single")), pair = templatePieces(r, f("pair"), p("pair"));
      const special = nullRecord<TemplateSpecialToken>();
      for (const [name, raw] of Object.entries(r.object(f("special_tokens"), p("special_tokens")))) {
        const sa = childPath(p("special_tokens"), name), o = r.object(raw, sa);
        special[name] = {
          id: r.string(r.get(o, "id"), `${sa}.id`),
          ids: r.array(r.get(o, "ids"), `${sa}.ids`, "ids").map((x, i) => r.integer(x, `${sa}.ids[${i}]`)),
          tokens: r.array(r.get(o, "tokens"), `${sa}.tokens`, "tokens").map((x, i) => r.string(x, `${sa}.tokens[${i}]`)),
        };
        if (special[name].ids.length !== special[name].tokens.length) r.fail(sa, `has ${special[name].ids.length} ids but ${special[name].tokens.length} tokens`);
      }
      return r.build(at, () => new TemplateProcessing(single, pair, special));
    }
    case "BertProcessing": case "RobertaProcessing": {
      const [cls, clsId] = tokenIdPair(r, f("cls"), p("cls"));
      const [sep, sepId] = tokenIdPair(r, f("sep"), p("sep"));
      const special = nullRecord<TemplateSpecialToken>();
      special[cls] = { id: cls, ids: [clsId], tokens: [cls] };
      special[sep] = { id: sep, ids: [sepId], tokens: [sep] };
      return type === "BertProcessing"
        ? new TemplateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} $B:1 ${sep}:1`, special)
        : new TemplateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} ${sep} $B ${sep}`, special);
    }
    case "ByteLevel": return new ByteLevelProcessor(r.boolean(f("trim_offsets"), p("trim_offsets"), false), r.boolean(f("add_prefix_space"), p("add_prefix_space"), true));
    default: return unsupported(r, at, "post-processor", type, POST_PROCESSORS);
  }
}

const DECODERS = ["ByteLevel", "WordPiece", "BPEDecoder", "Fuse", "lernwerk.Space"] as const;

export function decoderFrom(r: JsonFields, v: unknown, at: string): Decoder {
  const j = r.object(v, at), f = (k: string): unknown => r.get(j, k), p = (k: string): string => `${at}.${k}`;
  const type = f("type");
  switch (type) {
    case "ByteLevel": return new ByteLevelDecoder();
    case "WordPiece": return new WordPieceDecoder(r.string(f("prefix"), p("prefix"), "##"), r.boolean(f("cleanup"), p("cleanup"), true));
    case "BPEDecoder": return new BpeDecoder(r.string(f("suffix"), p("suffix"), "</w>"));
    case "Fuse": return new FuseDecoder();
    case "lernwerk.Space": return new SpaceDecoder();
    default: return unsupported(r, at, "decoder", type, DECODERS);
  }
}

/** Whether the pre-tokenizer is ByteLevel or a Sequence holding one (the model then works on bytes). */
export function hasByteLevel(j: unknown): boolean {
  if (typeof j !== "object" || j === null) return false;
  const o = j as Json;
  return o.type === "ByteLevel" || (o.type === "Sequence" && Array.isArray(o.pretokenizers) && o.pretokenizers.some(hasByteLevel));
}
