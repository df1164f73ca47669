/**
 * @file GPT-2's pre-tokenizer as a hand-written scanner, linear in the input and equal to the regex
 * `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (JavaScript semantics).
 */
import { bmpTable, classOfCodePoint, LETTER, NUMBER, OTHER, SPACE } from "./unicode.ts";

/** The regex this scanner implements, for reference and for tests. */
export const GPT2_SPLIT_REGEX = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Calls `emit(start, end)` for each GPT-2 piece of `text[from, to)`, in order. No allocation per
 * piece; a lone surrogate counts as "other", like the regex with the `u` flag.
 */
export function gpt2Split(text: string, emit: (start: number, end: number) => void, from = 0, to = text.length): void {
  const table = bmpTable();
  // class and width (1 or 2 code units) of the code point at j
  let w = 1;
  const cls = (j: number): number => {
    const c = text.charCodeAt(j);
    if (c < 0xd800 || c > 0xdfff) { w = 1; return table[c]; }
    if (c <= 0xdbff && j + 1 < to) {
      const d = text.charCodeAt(j + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { w = 2; return classOfCodePoint(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)); }
    }
    w = 1;
    return OTHER;
  };
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 39 && i + 1 < to) { // contractions: 's 't 'm 'd 're 've 'll
      const n = text.charCodeAt(i + 1);
      if (n === 115 || n === 116 || n === 109 || n === 100) { emit(i, i + 2); i += 2; continue; }
      if (i + 2 < to) {
        const n2 = text.charCodeAt(i + 2);
        if ((n2 === 101 && (n === 114 || n === 118)) || (n === 108 && n2 === 108)) { emit(i, i + 3); i += 3; continue; }
      }
    }
    let j = i;
    let k = cls(j);
    if (c === 32 && i + 1 < to) { // " ?X+": a single space joins a following letter/number/other run
      const k1 = cls(i + 1);
      if (k1 !== SPACE) { j = i + 1; k = k1; }
      else w = 1;
    }
    if (k === LETTER || k === NUMBER || k === OTHER) {
      j += w;
      while (j < to && cls(j) === k) j += w;
      emit(i, j);
      i = j;
      continue;
    }
    // whitespace run: \s+(?!\S) leaves the last space for the next piece, else \s+
    j = i + 1;
    while (j < to && table[text.charCodeAt(j)] === SPACE) j++;
    if (j < to && j - i >= 2) j--;
    emit(i, j);
    i = j;
  }
}

/** The GPT-2 pieces of `text` as strings. */
export function gpt2Pieces(text: string): string[] {
  const out: string[] = [];
  gpt2Split(text, (s, e) => out.push(text.slice(s, e)));
  return out;
}
