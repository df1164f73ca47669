/**
 * @file Pre-tokenizers (Hugging Face `pre_tokenizers`): split normalized text into word pieces with
 * their [start, end) positions. Byte-level (GPT-2), BERT, whitespace, regex split, characters.
 */
import { gpt2Split } from "./gpt2-split.ts";
import { isBertPunctuation, isBertWhitespace } from "./unicode.ts";

/** One piece of text for the model: `word` is what gets tokenized, [start, end) where it sits in the text. */
export interface Piece { word: string; start: number; end: number }

export interface PreTokenizer {
  split(text: string): Piece[];
  toJSON(): Record<string, unknown>;
}

const piece = (text: string, start: number, end: number): Piece => ({ word: text.slice(start, end), start, end });

/** GPT-2's byte-level pre-tokenizer: the GPT-2 regex split (optionally with a space added in front). */
export class ByteLevelPreTokenizer implements PreTokenizer {
  constructor(readonly addPrefixSpace = false, readonly useRegex = true, readonly trimOffsets = true) {}
  split(text: string): Piece[] {
    const out: Piece[] = [];
    const prefix = this.addPrefixSpace && text.length > 0 && !text.startsWith(" ");
    const src = prefix ? " " + text : text;
    const shift = prefix ? 1 : 0;
    const add = (s: number, e: number) => out.push({ word: src.slice(s, e), start: Math.max(0, s - shift), end: e - shift });
    if (this.useRegex) gpt2Split(src, add);
    else if (src.length > 0) add(0, src.length);
    return out;
  }
  toJSON() { return { type: "ByteLevel", add_prefix_space: this.addPrefixSpace, trim_offsets: this.trimOffsets, use_regex: this.useRegex }; }
}

/** Walks code points: `kind(cp)` says 0 = part of a word, 1 = separator dropped, 2 = a piece of its own. */
function scan(text: string, kind: (cp: number) => 0 | 1 | 2): Piece[] {
  const out: Piece[] = [];
  let start = -1;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const w = cp > 0xffff ? 2 : 1;
    const k = kind(cp);
    if (k === 0) { if (start < 0) start = i; }
    else {
      if (start >= 0) { out.push(piece(text, start, i)); start = -1; }
      if (k === 2) out.push(piece(text, i, i + w));
    }
    i += w;
  }
  if (start >= 0) out.push(piece(text, start, text.length));
  return out;
}

/** BERT's pre-tokenizer: split on whitespace, and every punctuation character is its own piece. */
export class BertPreTokenizer implements PreTokenizer {
  split(text: string): Piece[] { return scan(text, (cp) => (isBertWhitespace(cp) ? 1 : isBertPunctuation(cp) ? 2 : 0)); }
  toJSON() { return { type: "BertPreTokenizer" }; }
}

/** Splits on whitespace only. */
export class WhitespaceSplit implements PreTokenizer {
  split(text: string): Piece[] { return scan(text, (cp) => (/\s/u.test(String.fromCodePoint(cp)) ? 1 : 0)); }
  toJSON() { return { type: "WhitespaceSplit" }; }
}

/** What a regex split does with the matches: keep them as pieces of their own, or drop them. */
export type SplitBehavior = "Isolated" | "Removed";

/** Splits on a pattern (string or regex); `invert` makes the matches the pieces. */
export class RegexSplit implements PreTokenizer {
  private readonly re: RegExp;
  constructor(readonly pattern: string | RegExp, readonly behavior: SplitBehavior = "Isolated", readonly invert = false) {
    if (behavior !== "Isolated" && behavior !== "Removed") throw new Error(`RegexSplit: behavior must be "Isolated" or "Removed", got ${JSON.stringify(behavior)}`);
    const src = typeof pattern === "string" ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern.source;
    this.re = new RegExp(src, "gu");
  }
  split(text: string): Piece[] {
    const out: Piece[] = [];
    let last = 0;
    for (const m of text.matchAll(this.re)) {
      const s = m.index ?? 0, e = s + m[0].length;
      if (e === s) continue;
      if (this.invert) { out.push(piece(text, s, e)); continue; }
      if (s > last) out.push(piece(text, last, s));
      if (this.behavior === "Isolated") out.push(piece(text, s, e));
      last = e;
    }
    if (!this.invert && last < text.length) out.push(piece(text, last, text.length));
    return out;
  }
  toJSON(): Record<string, unknown> {
    const pattern = typeof this.pattern === "string" ? { String: this.pattern } : { Regex: this.pattern.source };
    return { type: "Split", pattern, behavior: this.behavior, invert: this.invert };
  }
}

/** `\w+|[^\w\s]+` (Hugging Face's `Whitespace`): words and runs of symbols. */
export class WhitespacePreTokenizer extends RegexSplit {
  constructor() { super(/\w+|[^\w\s]+/u, "Isolated", true); }
  override toJSON(): Record<string, unknown> { return { type: "Whitespace" }; }
}

/** Every character (code point) is a piece; whitespace too unless `dropWhitespace`. */
export class CharSplit extends RegexSplit {
  constructor(readonly dropWhitespace = false) { super(dropWhitespace ? /\S/u : /[^]/u, "Isolated", true); }
}

/** Several pre-tokenizers: each splits the pieces of the one before. */
export class PreTokenizerSequence implements PreTokenizer {
  constructor(readonly preTokenizers: readonly PreTokenizer[]) {}
  split(text: string): Piece[] {
    let pieces: Piece[] = [{ word: text, start: 0, end: text.length }];
    for (const p of this.preTokenizers) {
      pieces = pieces.flatMap((pc) => p.split(pc.word).map((q) => ({ word: q.word, start: pc.start + q.start, end: pc.start + q.end })));
    }
    return pieces;
  }
  toJSON() { return { type: "Sequence", pretokenizers: this.preTokenizers.map((p) => p.toJSON()) }; }
}
