/**
 * @file NLTK 3.8's `word_tokenize` for English and German: the rules of its NLTKWordTokenizer (Treebank rules
 * with Unicode quotes, ellipses and clitics), applied in NLTK's order to each sentence, with offsets.
 */
import type { Piece, PreTokenizer } from "./pre-tokenizers.ts";
import { sentenceSpans, type Language } from "./sentences.ts";

// Python's \w, \b and \d are Unicode-aware; JavaScript's are ASCII even with the u flag.
const W = String.raw`[\p{L}\p{N}_]`;
const B = String.raw`(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const END = String.raw`(?=\n?$)`; // Python's $ without MULTILINE: the end, or before a final newline
const re = (src: string, flags = "gu") => new RegExp(src, flags);

type Rule = readonly [RegExp, string];
// NLTK's STARTING_QUOTES, PUNCTUATION, parentheses, double dashes, ENDING_QUOTES and contractions, in order.
const STARTING_QUOTES: Rule[] = [
  [re("([«“‘„]|`+)"), " $1 "],
  [re('^"', "u"), "``"],
  [re("(``)"), " $1 "],
  [re(`([ ([{<])("|'{2})`), "$1 `` "],
  [re(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B}`, "giu"), "$1 $2"],
];
const PUNCTUATION: Rule[] = [
  [re(String.raw`([^.])(\.)([\])}>"'»”’ ]*)\s*${END}`, "u"), "$1 $2 $3 "],
  [re(String.raw`([:,])([^\p{Nd}])`), " $1 $2"],
  [re(`([:,])${END}`, "u"), " $1 "],
  [re(String.raw`\.{2,}`), " $& "],
  [re("[;@#$%&]"), " $& "],
  [re(String.raw`([^.])(\.)([\])}>"']*)\s*${END}`, "u"), "$1 $2$3 "], // the final period
  [re("[?!]"), " $& "],
  [re("([^'])' "), "$1 ' "],
  [re(String.raw`\*`), " $& "],
  [re(String.raw`[\][(){}<>]`), " $& "],
  [re("--"), " -- "],
];
const ENDING_QUOTES: Rule[] = [
  [re("([»”’])"), " $1 "],
  [re("''"), " '' "],
  [re('"'), " '' "],
  [re("([^' ])('[sS]|'[mM]|'[dD]|') "), "$1 $2 "],
  [re("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), "$1 $2 "],
];
const CONTRACTIONS: Rule[] = [
  ...["(can)(not)", "(d)('ye)", "(gim)(me)", "(gon)(na)", "(got)(ta)", "(lem)(me)", "(more)('n)"].map((p): Rule => [re(`${B}${p}${B}`, "giu"), " $1 $2 "]),
  [re(String.raw`${B}(wan)(na)(?=\s)`, "giu"), " $1 $2 "],
  [re(` ('t)(is)${B}`, "giu"), " $1 $2 "],
  [re(` ('t)(was)${B}`, "giu"), " $1 $2 "],
];

/** NLTK's tokens of one sentence, as NLTKWordTokenizer.tokenize writes them (" becomes `` or ''). */
function nltkTokens(sentence: string): string[] {
  let t = sentence;
  for (const [r, s] of STARTING_QUOTES) t = t.replace(r, s);
  for (const [r, s] of PUNCTUATION) t = t.replace(r, s);
  t = ` ${t} `;
  for (const [r, s] of ENDING_QUOTES) t = t.replace(r, s);
  for (const [r, s] of CONTRACTIONS) t = t.replace(r, s);
  return t.split(/\s+/u).filter((x) => x.length > 0);
}

export interface WordToken { text: string; start: number; end: number }

/**
 * Tokens of `text` with their offsets, as NLTK's `word_tokenize`: sentences first (lernwerk's splitter in
 * place of punkt), unless `preserveLine` (NLTK's preserve_line) takes the text as one sentence. Each token
 * is the text it covers, so a double quote stays `"` where NLTK writes `` or ''.
 */
export function wordTokenizeWithOffsets(text: string, opts: { language?: Language; preserveLine?: boolean } = {}): WordToken[] {
  if (typeof text !== "string") throw new Error(`wordTokenize: expected a string, got ${text === null ? "null" : typeof text}`);
  const out: WordToken[] = [];
  const spans: Array<[number, number]> = opts.preserveLine ? [[0, text.length]] : sentenceSpans(text, opts);
  for (const [ss, se] of spans) {
    let at = ss;
    for (const tok of nltkTokens(text.slice(ss, se))) {
      while (at < se && /\s/u.test(text[at])) at++;
      // NLTK writes " as `` or '', and '' after a space or bracket as ``
      const n = text.startsWith(tok, at) ? tok.length : (tok === "``" || tok === "''") && text[at] === '"' ? 1 : tok === "``" && text.startsWith("''", at) ? 2 : -1;
      if (n < 0) throw new Error(`wordTokenize: internal error, token ${JSON.stringify(tok)} not found at ${at} of ${JSON.stringify(text.slice(ss, se))}`);
      out.push({ text: text.slice(at, at + n), start: at, end: at + n });
      at += n;
    }
  }
  return out;
}

/** The tokens of `text` as strings: `wordTokenize("Don't stop.")` → ["Do", "n't", "stop", "."]. */
export function wordTokenize(text: string, opts: { language?: Language; preserveLine?: boolean } = {}): string[] {
  return wordTokenizeWithOffsets(text, opts).map((t) => t.text);
}

/** The word tokenizer as a pipeline pre-tokenizer. */
export class WordPreTokenizer implements PreTokenizer {
  constructor(readonly language: Language = "en") {}
  split(text: string): Piece[] { return wordTokenizeWithOffsets(text, { language: this.language }).map((t) => ({ word: t.text, start: t.start, end: t.end })); }
  toJSON(): Record<string, unknown> { return { type: "lernwerk.Word", language: this.language }; }
}
