/**
 * @file A punctuation-aware word tokenizer for English and German, modelled on NLTK's
 * `word_tokenize` (Treebank rules): punctuation split off, clitics (`n't`, `'s`, `'ll` …) separated,
 * the sentence-final period split but abbreviations and numbers kept whole; with offsets.
 */
import type { Piece, PreTokenizer } from "./pre-tokenizers.ts";
import { sentenceSpans, type Language } from "./sentences.ts";

// a token: "...", "--", a word with inner . , : ' - / (numbers 1,000.5 and 10:30, -5 after a space, U.S., e-mail)
// and one final period unless "..." follows, or one symbol
const TOKEN = /\.\.\.|--|(?:(?<!\S)-(?=\p{N}))?[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_\-/'’]|[.,:](?=[\p{L}\p{N}]))*(?:\.(?!\.))?|\S/gu;
const CLITIC = /(n['’]t|['’](?:s|m|d|ll|re|ve)|['’])$/iu;
const SPLIT_WORDS = /^(can)(not)$|^(gon)(na)$|^(got)(ta)$|^(wan)(na)$|^(lem)(me)$|^(gim)(me)$/iu;

export interface WordToken { text: string; start: number; end: number }

/** Tokens of `text` with their offsets, NLTK-style. */
export function wordTokenizeWithOffsets(text: string, opts: { language?: Language } = {}): WordToken[] {
  const out: WordToken[] = [];
  const push = (s: number, e: number) => { if (e > s) out.push({ text: text.slice(s, e), start: s, end: e }); };
  for (const [ss, se] of sentenceSpans(text, opts)) {
    const sentence = text.slice(ss, se);
    const tokens = [...sentence.matchAll(TOKEN)];
    // the last word-like token of the sentence (before closing quotes/brackets) loses its final period
    let lastWord = tokens.length - 1;
    while (lastWord >= 0 && /^["'”’»)\]}]$/u.test(tokens[lastWord][0])) lastWord--;
    tokens.forEach((m, k) => {
      const s = ss + (m.index ?? 0), e = s + m[0].length;
      const tok = m[0];
      if (k === lastWord && tok.length > 1 && tok.endsWith(".") && tok !== "...") { pushWord(s, e - 1); push(e - 1, e); return; }
      if (/^[\p{L}\p{N}]/u.test(tok)) pushWord(s, e); else push(s, e);
    });
  }
  return out;

  function pushWord(s: number, e: number): void {
    const w = text.slice(s, e);
    const split = SPLIT_WORDS.exec(w);
    if (split) {
      const parts = split.slice(1).filter((p) => p !== undefined);
      push(s, s + parts[0].length); push(s + parts[0].length, e);
      return;
    }
    const c = CLITIC.exec(w);
    if (c && c[0].length < w.length) { push(s, e - c[0].length); push(e - c[0].length, e); return; }
    push(s, e);
  }
}

/** The tokens of `text` as strings: `wordTokenize("Don't stop.")` → ["Do", "n't", "stop", "."]. */
export function wordTokenize(text: string, opts: { language?: Language } = {}): string[] {
  return wordTokenizeWithOffsets(text, opts).map((t) => t.text);
}

/** The word tokenizer as a pipeline pre-tokenizer. */
export class WordPreTokenizer implements PreTokenizer {
  constructor(readonly language: Language = "en") {}
  split(text: string): Piece[] { return wordTokenizeWithOffsets(text, { language: this.language }).map((t) => ({ word: t.text, start: t.start, end: t.end })); }
  toJSON(): Record<string, unknown> { return { type: "lernwerk.Word", language: this.language }; }
}
