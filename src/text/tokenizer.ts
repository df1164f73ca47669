/**
 * @file The tokenizer pipeline (Hugging Face `tokenizers` shape): added/special tokens → normalizer →
 * pre-tokenizer → model → post-processor, with offsets, truncation, padding and batches; decoding back.
 */
import type { Tensor } from "../core/tensor.ts";
import { BatchEncoding, type ReturnTensors } from "./batch-encoding.ts";
import { ByteLevelDecoder, type Decoder } from "./decoders.ts";
import {
  asSequence, concatEncodings, emptyEncoding, padEncoding, paddedLength, truncateEncoding, truncationLengths,
  type Encoding, type PaddingOptions, type TruncationOptions, type TruncationStrategy,
} from "./encoding.ts";
import { gpt2Split } from "./gpt2-split.ts";
import type { TokenModel } from "./models/model.ts";
import { NormalizedString } from "./normalized-string.ts";
import type { Normalizer } from "./normalizers.ts";
import type { PostProcessor } from "./post-processors.ts";
import { ByteLevelPreTokenizer, type PreTokenizer } from "./pre-tokenizers.ts";
import { checkOptions, optionKeys } from "../core/options.ts";

/** A token added on top of the model's vocabulary (special tokens such as `[CLS]` or `<|endoftext|>`). */
export interface AddedToken {
  id: number;
  content: string;
  /** Special tokens are matched in text only when allowed (`allowedSpecial`) and are skipped when decoding. */
  special: boolean;
}

/** Which special-token strings in the text become control tokens: none (default), all, or those listed. */
export type AllowedSpecial = "all" | "none" | readonly string[];

export interface EncodeOptions {
  /** The second text of a pair (segment id 1). */
  pair?: TextInput | null;
  /** Add the post-processor's special tokens ([CLS], [SEP] …). Default true. */
  addSpecialTokens?: boolean;
  /** Special-token strings inside the text stay plain text unless allowed here. Default "none". */
  allowedSpecial?: AllowedSpecial;
  /** Truncate to `maxLength` (true = "longest_first"). Default: the tokenizer's `truncation` setting. */
  truncation?: boolean | TruncationStrategy;
  maxLength?: number;
  /** Pad: "max_length" to `maxLength`, "longest" (or true) to the longest of the batch. Default: the tokenizer's `padding`. */
  padding?: boolean | "longest" | "max_length";
  padToMultipleOf?: number;
  /** Hugging Face's `is_split_into_words`: texts given as word lists; each word is encoded on its own and
   * `wordIds` index the list. Offsets then refer to the words joined by single spaces. */
  isSplitIntoWords?: boolean;
}

/** What `encode`/`encodeBatch` take: a text, or (with `isSplitIntoWords`) its words. */
export type TextInput = string | readonly string[];

/** Options of `call`: those of `encode` (the pair as `textPair`), and `returnTensors`. */
export interface CallOptions extends Omit<EncodeOptions, "pair"> {
  /** The second text of each pair: one per text (or, for a single text, one). */
  textPair?: TextInput | readonly TextInput[] | null;
  /** Give inputIds, attentionMask and tokenTypeIds as int32 tensors (B, T) instead of lists. */
  returnTensors?: ReturnTensors;
}

export interface DecodeOptions {
  /** Leave out special tokens. Default true. */
  skipSpecialTokens?: boolean;
}

const ENCODE_OPTIONS = optionKeys<EncodeOptions>({ pair: 1, isSplitIntoWords: 1, addSpecialTokens: 1, allowedSpecial: 1, truncation: 1, maxLength: 1, padding: 1, padToMultipleOf: 1 });
const DECODE_OPTIONS = optionKeys<DecodeOptions>({ skipSpecialTokens: 1 });

export interface TokenizerParts {
  normalizer?: Normalizer | null;
  preTokenizer?: PreTokenizer | null;
  postProcessor?: PostProcessor | null;
  decoder?: Decoder | null;
  addedTokens?: readonly AddedToken[];
  truncation?: TruncationOptions | null;
  padding?: PaddingOptions | null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class Tokenizer {
  normalizer: Normalizer | null;
  preTokenizer: PreTokenizer | null;
  postProcessor: PostProcessor | null;
  decoder: Decoder | null;
  /** Default truncation for `encode` (Hugging Face `enable_truncation`); null = none. */
  truncation: TruncationOptions | null;
  /** Default padding for `encode`/`encodeBatch` (Hugging Face `enable_padding`); null = none. */
  padding: PaddingOptions | null;
  private added: AddedToken[] = [];
  private addedById = new Map<number, AddedToken>();
  private addedByContent = new Map<string, AddedToken>();
  private splitters = new Map<string, RegExp | null>();

  constructor(readonly model: TokenModel, parts: TokenizerParts = {}) {
    this.normalizer = parts.normalizer ?? null;
    this.preTokenizer = parts.preTokenizer ?? null;
    this.postProcessor = parts.postProcessor ?? null;
    this.decoder = parts.decoder ?? null;
    this.truncation = parts.truncation ?? null;
    this.padding = parts.padding ?? null;
    this.addTokens(parts.addedTokens ?? []);
  }

  /** Registers added tokens; a token without an id gets the model's id or the next free one. */
  addTokens(tokens: ReadonlyArray<AddedToken | { content: string; special?: boolean; id?: number }>): void {
    for (const t of tokens) {
      if (typeof t.content !== "string" || t.content.length === 0) throw new Error(`addTokens: a token needs non-empty content, got ${JSON.stringify(t.content)}`);
      if (this.addedByContent.has(t.content)) continue;
      const id = t.id ?? this.model.tokenToId(t.content) ?? this.vocabSize;
      const tok: AddedToken = { id, content: t.content, special: t.special ?? true };
      this.added.push(tok);
      this.addedById.set(id, tok);
      this.addedByContent.set(t.content, tok);
    }
    this.splitters.clear();
  }

  get addedTokens(): readonly AddedToken[] { return this.added; }
  /** Vocabulary size including added tokens. */
  get vocabSize(): number {
    let n = this.model.vocabSize;
    for (const t of this.added ?? []) if (this.model.tokenToId(t.content) === undefined) n++;
    return n;
  }
  tokenToId(token: string): number | undefined { return this.addedByContent.get(token)?.id ?? this.model.tokenToId(token); }
  idToToken(id: number): string | undefined { return this.addedById.get(id)?.content ?? this.model.idToToken(id); }

  /** The regex that finds the added tokens usable in this call (null: none). */
  private splitter(allowed: AllowedSpecial): RegExp | null {
    const key = typeof allowed === "string" ? allowed : allowed.join("\u0000");
    if (this.splitters.has(key)) return this.splitters.get(key) as RegExp | null;
    if (typeof allowed !== "string") {
      for (const a of allowed) if (!this.addedByContent.get(a)?.special) throw new Error(`allowedSpecial: ${JSON.stringify(a)} is not a special token of this tokenizer`);
    }
    const usable = this.added.filter((t) => !t.special || allowed === "all" || (typeof allowed !== "string" && allowed.includes(t.content)));
    const re = usable.length === 0 ? null : new RegExp(usable.map((t) => t.content).sort((a, b) => b.length - a.length).map(escapeRe).join("|"), "gu");
    this.splitters.set(key, re);
    return re;
  }

  /** Cuts `text` into plain runs and added tokens: calls `onText(start, end)` or `onAdded(token, start)`. */
  private segments(text: string, allowed: AllowedSpecial, onText: (s: number, e: number) => void, onAdded: (t: AddedToken, s: number) => void): void {
    const re = this.splitter(allowed);
    let last = 0;
    if (re) {
      for (const m of text.matchAll(re)) {
        const s = m.index ?? 0;
        if (s > last) onText(last, s);
        onAdded(this.addedByContent.get(m[0]) as AddedToken, s);
        last = s + m[0].length;
      }
    }
    if (last < text.length) onText(last, text.length);
  }

  /** The model ids of `text` without offsets or padding: the fast path (tiktoken's `encode`). */
  encodeIds(text: string, opts: { allowedSpecial?: AllowedSpecial; addSpecialTokens?: boolean } = {}): number[] {
    assertText(text, "encodeIds");
    const out: number[] = [];
    const model = this.model;
    const pre = this.preTokenizer;
    const push = (word: string) => { const ids = model.tokenize(word); for (let k = 0; k < ids.length; k++) out.push(ids[k]); };
    const fastGpt2 = !this.normalizer && pre instanceof ByteLevelPreTokenizer && !pre.addPrefixSpace && pre.useRegex;
    this.segments(text, opts.allowedSpecial ?? "none", (s, e) => {
      if (fastGpt2) { gpt2Split(text, (a, b) => push(text.slice(a, b)), s, e); return; }
      let seg = text.slice(s, e);
      if (this.normalizer) seg = this.normalizer.normalize(NormalizedString.from(seg)).text;
      if (pre) for (const p of pre.split(seg)) push(p.word);
      else if (seg.length > 0) push(seg);
    }, (t) => out.push(t.id));
    if ((opts.addSpecialTokens ?? true) && this.postProcessor && this.postProcessor.addedTokens(false) > 0) {
      const zeros = out.map(() => 0);
      return this.postProcessor.process({ ids: out, tokens: out.map(String), offsets: out.map((): [number, number] => [0, 0]), typeIds: zeros, attentionMask: out.map(() => 1), specialTokensMask: zeros, wordIds: zeros, sequenceIds: zeros }, null, true, text).ids;
    }
    return out;
  }

  /** One text, or its words (`isSplitIntoWords`), without special tokens, truncation or padding. */
  private encodeInput(input: TextInput, allowed: AllowedSpecial, splitIntoWords: boolean, where: string): Encoding {
    if (!splitIntoWords) return this.encodeSequence(assertText(input, where), allowed, null);
    if (!Array.isArray(input) || !input.every((w) => typeof w === "string")) throw new Error(`${where}: isSplitIntoWords needs an array of words, got ${typeof input}`);
    let at = 0;
    return concatEncodings(input.map((word: string, i: number) => {
      const w = this.encodeSequence(word, allowed, i), shift = at;
      at += word.length + 1;
      return { ...w, offsets: w.offsets.map(([a, b]): [number, number] => [a + shift, b + shift]) };
    }));
  }

  /** One text (no special tokens, truncation or padding) with tokens, offsets and word ids (`word` fixed, or one per piece). */
  private encodeSequence(text: string, allowed: AllowedSpecial, word: number | null): Encoding {
    const e = emptyEncoding();
    let piece = -1;
    const add = (id: number, token: string, start: number, end: number, special: number) => {
      e.ids.push(id); e.tokens.push(token); e.offsets.push([start, end]); e.typeIds.push(0); e.attentionMask.push(1); e.specialTokensMask.push(special);
      e.wordIds.push(word ?? piece); e.sequenceIds.push(0);
    };
    this.segments(text, allowed, (s, end) => {
      const ns = NormalizedString.from(text.slice(s, end));
      const norm = this.normalizer ? this.normalizer.normalize(ns) : ns;
      const pieces = this.preTokenizer ? this.preTokenizer.split(norm.text) : [{ word: norm.text, start: 0, end: norm.text.length }];
      for (const p of pieces) {
        if (p.word.length === 0) continue;
        piece++;
        const ids = this.model.tokenize(p.word);
        const spans = this.model.spans(p.word, ids);
        const shift = p.word.length - (p.end - p.start); // characters a pre-tokenizer added in front
        ids.forEach((id, k) => {
          const a = Math.min(p.end, Math.max(p.start, p.start + spans[k][0] - shift));
          const b = Math.min(p.end, Math.max(a, p.start + spans[k][1] - shift));
          const [os, oe] = norm.originalSpan(a, b);
          add(id, this.model.idToToken(id) ?? "", s + os, s + oe, 0);
        });
      }
    }, (t, s) => { piece++; add(t.id, t.content, s, s + t.content.length, 0); });
    return e;
  }

  private resolveTruncation(opts: EncodeOptions): TruncationOptions | null {
    const t = opts.truncation;
    if (t === false) return null;
    if (t === undefined && opts.maxLength === undefined) return this.truncation;
    if (t === undefined && !this.truncation) return null;
    const maxLength = opts.maxLength ?? this.truncation?.maxLength;
    if (maxLength === undefined) throw new Error("encode: truncation needs maxLength (in the call or via tokenizer.truncation)");
    if (!Number.isInteger(maxLength) || maxLength < 0) throw new Error(`encode: maxLength must be an integer ≥ 0, got ${maxLength}`);
    const strategy = typeof t === "string" ? t : this.truncation?.strategy ?? "longest_first";
    return { maxLength, strategy, direction: this.truncation?.direction ?? "right" };
  }

  private resolvePadding(opts: EncodeOptions): PaddingOptions | null {
    const p = opts.padding;
    if (p === false) return null;
    const base: PaddingOptions = { padId: this.tokenToId("[PAD]") ?? 0, padToken: this.idToToken(this.tokenToId("[PAD]") ?? 0) ?? "[PAD]", ...this.padding };
    if (p === undefined) return this.padding ? { ...base, padToMultipleOf: opts.padToMultipleOf ?? base.padToMultipleOf } : null;
    if (p === "max_length") {
      const length = opts.maxLength ?? this.padding?.length ?? this.truncation?.maxLength;
      if (length === undefined) throw new Error('encode: padding "max_length" needs maxLength');
      return { ...base, length, padToMultipleOf: opts.padToMultipleOf ?? base.padToMultipleOf };
    }
    return { ...base, length: undefined, padToMultipleOf: opts.padToMultipleOf ?? base.padToMultipleOf };
  }

  /** Encodes one text or a pair (`opts.pair`) with special tokens, offsets, truncation and padding. */
  encode(text: TextInput, opts: EncodeOptions = {}): Encoding {
    checkOptions("encode", opts, ENCODE_OPTIONS);
    return this.pad([this.encodeUnpadded(text, opts, opts.pair ?? null)], opts)[0];
  }

  private encodeUnpadded(text: TextInput, opts: EncodeOptions, pair: TextInput | null): Encoding {
    const allowed = opts.allowedSpecial ?? "none", words = opts.isSplitIntoWords ?? false;
    let a = this.encodeInput(text, allowed, words, "encode");
    let b = pair === null ? null : this.encodeInput(pair, allowed, words, "encode (pair)");
    const addSpecial = opts.addSpecialTokens ?? true;
    const trunc = this.resolveTruncation(opts);
    if (trunc) {
      const added = addSpecial && this.postProcessor ? this.postProcessor.addedTokens(b !== null) : 0;
      const [la, lb] = truncationLengths(a.ids.length, b ? b.ids.length : null, trunc.maxLength - added, trunc.strategy ?? "longest_first");
      a = truncateEncoding(a, la, trunc.direction);
      if (b) b = truncateEncoding(b, lb, trunc.direction);
    }
    if (this.postProcessor) return this.postProcessor.process(a, b, addSpecial, typeof text === "string" ? text : text.join(" "));
    return b ? concatEncodings([a, asSequence(b, 1, 1)]) : a;
  }

  private pad(encodings: Encoding[], opts: EncodeOptions): Encoding[] {
    const p = this.resolvePadding(opts);
    if (!p) return encodings;
    const n = paddedLength(encodings.map((e) => e.ids.length), p);
    return encodings.map((e) => padEncoding(e, n, p));
  }

  /**
   * Encodes many texts or [text, pair] tuples (with `isSplitIntoWords`: word lists, or [words, words] tuples);
   * padding "longest" pads to the longest of them.
   */
  encodeBatch(inputs: ReadonlyArray<TextInput | readonly [TextInput, TextInput]>, opts: EncodeOptions = {}): Encoding[] {
    if (!Array.isArray(inputs)) throw new Error("encodeBatch: expected an array of texts or [text, pair] tuples");
    checkOptions("encodeBatch", opts, ENCODE_OPTIONS);
    const isPair = (x: TextInput | readonly [TextInput, TextInput]): x is readonly [TextInput, TextInput] =>
      typeof x !== "string" && (!opts.isSplitIntoWords || (x.length === 2 && Array.isArray(x[0])));
    return this.pad(inputs.map((x) => (isPair(x) ? this.encodeUnpadded(x[0], opts, x[1]) : this.encodeUnpadded(x, opts, null))), opts);
  }

  /**
   * Hugging Face's `tokenizer(texts, …)`: one text or a list (with `isSplitIntoWords`, one word list or a list of
   * them), pairs from `textPair`; returns a BatchEncoding (B = 1 for a single text) with ids, masks and segment ids
   * as lists, or as int32 tensors (B, T) with `returnTensors: "lw"` (alias "pt"), and `wordIds(i)`/`sequenceIds(i)`.
   * @example tok.call(["Hello world", "Hi"], { padding: true, returnTensors: "pt" }).inputIds.shape // [2, 4]
   */
  call(text: TextInput | readonly TextInput[], opts: CallOptions & { returnTensors: ReturnTensors }): BatchEncoding<Tensor>;
  call(text: TextInput | readonly TextInput[], opts?: CallOptions): BatchEncoding<number[][]>;
  call(text: TextInput | readonly TextInput[], opts: CallOptions = {}): BatchEncoding<Tensor> | BatchEncoding<number[][]> {
    const { textPair, returnTensors, ...encodeOpts } = opts;
    const single = opts.isSplitIntoWords ? (Array.isArray(text) && (text.length === 0 || typeof text[0] === "string")) : typeof text === "string";
    const texts = (single ? [text] : text) as readonly TextInput[];
    if (!Array.isArray(texts)) throw new Error(`tokenizer.call: expected a text or a list of texts, got ${typeof text}`);
    let pairs: ReadonlyArray<TextInput | null> = texts.map(() => null);
    if (textPair !== undefined && textPair !== null) {
      pairs = (single ? [textPair] : textPair) as readonly TextInput[];
      if (pairs.length !== texts.length) throw new Error(`tokenizer.call: ${texts.length} texts but ${pairs.length} textPair entries`);
    }
    const encodings = this.pad(texts.map((t, i) => this.encodeUnpadded(t, encodeOpts, pairs[i])), encodeOpts);
    return returnTensors === undefined ? new BatchEncoding<number[][]>(encodings) : new BatchEncoding<Tensor>(encodings, returnTensors);
  }

  /** Turns ids back into text; added tokens are kept whole, the rest goes through the decoder. */
  decode(ids: readonly number[], opts: DecodeOptions = {}): string {
    checkOptions("decode", opts, DECODE_OPTIONS);
    const skip = opts.skipSpecialTokens ?? true;
    let out = "";
    let run: string[] = [];
    const flush = () => { if (run.length) { out += this.decoder ? this.decoder.decode(run) : run.join(" "); run = []; } };
    for (const id of ids) {
      const added = this.addedById.get(id);
      if (added) {
        if (skip && added.special) continue;
        if (this.decoder instanceof ByteLevelDecoder || !this.decoder) { flush(); out += added.content; continue; }
      }
      const tok = added?.content ?? this.model.idToToken(id);
      if (tok === undefined) throw new Error(`decode: id ${id} is not in the vocabulary (size ${this.vocabSize})`);
      run.push(tok);
    }
    flush();
    return out;
  }

  decodeBatch(batch: ReadonlyArray<readonly number[]>, opts: DecodeOptions = {}): string[] { return batch.map((ids) => this.decode(ids, opts)); }
}

function assertText(text: unknown, where: string): string {
  if (typeof text !== "string") throw new Error(`${where}: expected a string, got ${text === null ? "null" : typeof text}`);
  return text;
}
