/**
 * @file Character classes for the splitters (letter, number, whitespace, other) with a lookup table
 * for the BMP, following JavaScript's `\p{L}`, `\p{N}` and `\s` exactly; plus BERT's punctuation,
 * control and CJK rules.
 */

export const OTHER = 0;
export const LETTER = 1;
export const NUMBER = 2;
export const SPACE = 3;
export type CharClass = typeof OTHER | typeof LETTER | typeof NUMBER | typeof SPACE;

const L_RE = /\p{L}/u;
const N_RE = /\p{N}/u;
const S_RE = /\s/u;

let bmp: Uint8Array | null = null;

function classOfString(ch: string): CharClass {
  if (L_RE.test(ch)) return LETTER;
  if (N_RE.test(ch)) return NUMBER;
  if (S_RE.test(ch)) return SPACE;
  return OTHER;
}

/** The class table of the 65,536 BMP code units (surrogates are OTHER), built once on first use. */
export function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    t[c] = classOfString(String.fromCharCode(c));
  }
  bmp = t;
  return t;
}

/** The class of a code point (letter, number, whitespace or other), as JavaScript's regex sees it. */
export function classOfCodePoint(cp: number): CharClass {
  if (cp < 65536) return bmpTable()[cp] as CharClass;
  return classOfString(String.fromCodePoint(cp));
}

const P_RE = /\p{P}/u;
const CC_RE = /\p{Cc}|\p{Cf}/u;

/** BERT's punctuation: ASCII symbols 33–47, 58–64, 91–96, 123–126, and every Unicode `P*` character. */
export function isBertPunctuation(cp: number): boolean {
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return cp >= 128 && P_RE.test(String.fromCodePoint(cp));
}

/** BERT's whitespace: space, tab, newline, carriage return and Unicode `Zs`. */
export function isBertWhitespace(cp: number): boolean {
  if (cp === 32 || cp === 9 || cp === 10 || cp === 13) return true;
  return cp >= 128 && /\p{Zs}/u.test(String.fromCodePoint(cp));
}

/** BERT's control characters (removed by its cleaning step): `Cc`/`Cf` except tab, newline, CR. */
export function isBertControl(cp: number): boolean {
  if (cp === 9 || cp === 10 || cp === 13) return false;
  return CC_RE.test(String.fromCodePoint(cp));
}

/** The CJK Unified Ideograph blocks that BERT surrounds with spaces. */
export function isCjk(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}
