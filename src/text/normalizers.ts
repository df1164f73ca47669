/**
 * @file Normalizers as composable steps (Hugging Face `normalizers`): lowercase, NFC/NFKC/NFD/NFKD,
 * accent stripping, BERT's cleaning, replace, strip, sequence. Each keeps offsets to the original.
 */
import { NormalizedString, combiningBounds } from "./normalized-string.ts";
import { isBertControl, isBertWhitespace, isCjk } from "./unicode.ts";

export interface Normalizer {
  normalize(s: NormalizedString): NormalizedString;
  toJSON(): Record<string, unknown>;
}

const MN = /\p{Mn}/gu;
const stripMarks = (s: string): string => s.normalize("NFD").replace(MN, "");

/** Per code point lowercasing ("Straße" → "straße"; "İ" → "i̇"). */
export class Lowercase implements Normalizer {
  normalize(s: NormalizedString): NormalizedString { return s.rewrite((c) => c.toLowerCase()); }
  toJSON() { return { type: "Lowercase" }; }
}

export type UnicodeForm = "NFC" | "NFD" | "NFKC" | "NFKD";

/** Unicode normalisation, applied per base character with its combining marks. */
export class UnicodeNormalizer implements Normalizer {
  constructor(readonly form: UnicodeForm) {
    if (!["NFC", "NFD", "NFKC", "NFKD"].includes(form)) throw new Error(`UnicodeNormalizer: form must be NFC, NFD, NFKC or NFKD, got ${JSON.stringify(form)}`);
  }
  normalize(s: NormalizedString): NormalizedString { return s.rewrite((c) => c.normalize(this.form), combiningBounds); }
  toJSON() { return { type: this.form }; }
}

/** Removes accents: NFD, then drops the non-spacing marks ("Café" → "Cafe"). */
export class StripAccents implements Normalizer {
  normalize(s: NormalizedString): NormalizedString { return s.rewrite(stripMarks, combiningBounds); }
  toJSON() { return { type: "StripAccents" }; }
}

/** Removes whitespace at the left and/or right end. */
export class Strip implements Normalizer {
  constructor(readonly left = true, readonly right = true) {}
  normalize(s: NormalizedString): NormalizedString {
    const t = s.text;
    const a = this.left ? t.length - t.trimStart().length : 0;
    const b = this.right ? t.trimEnd().length : t.length;
    return cut(s, a, Math.max(a, b));
  }
  toJSON() { return { type: "Strip", strip_left: this.left, strip_right: this.right }; }
}

function cut(s: NormalizedString, a: number, b: number): NormalizedString {
  return new NormalizedString(s.text.slice(a, b), s.starts.slice(a, b), s.ends.slice(a, b), s.originalLength);
}

/** Replaces every match of a string or regex by `content`. */
export class Replace implements Normalizer {
  private readonly re: RegExp;
  constructor(readonly pattern: string | RegExp, readonly content: string) {
    this.re = typeof pattern === "string" ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu") : new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g");
  }
  normalize(s: NormalizedString): NormalizedString {
    const bounds = [0];
    for (const m of s.text.matchAll(this.re)) {
      if (m[0].length === 0) continue;
      const i = m.index ?? 0;
      if (i > bounds[bounds.length - 1]) bounds.push(i);
      bounds.push(i + m[0].length);
    }
    if (bounds[bounds.length - 1] < s.text.length) bounds.push(s.text.length);
    const re = new RegExp(`^(?:${this.re.source})$`, this.re.flags.replace("g", ""));
    return s.rewrite((seg) => (re.test(seg) ? seg.replace(re, this.content) : seg), () => bounds);
  }
  toJSON() {
    return { type: "Replace", pattern: typeof this.pattern === "string" ? { String: this.pattern } : { Regex: this.pattern.source }, content: this.content };
  }
}

export interface BertNormalizerOptions {
  /** Remove control characters and turn every whitespace into a plain space. Default true. */
  cleanText?: boolean;
  /** Put spaces around CJK ideographs. Default true. */
  handleChineseChars?: boolean;
  /** Strip accents; null (default) follows `lowercase`, as bert-base-uncased does. */
  stripAccents?: boolean | null;
  /** Lowercase. Default true. */
  lowercase?: boolean;
}

/** BERT's normalizer: clean, space out CJK, strip accents and lowercase (bert-base-uncased). */
export class BertNormalizer implements Normalizer {
  readonly cleanText: boolean;
  readonly handleChineseChars: boolean;
  readonly stripAccents: boolean | null;
  readonly lowercase: boolean;
  constructor(opts: BertNormalizerOptions = {}) {
    this.cleanText = opts.cleanText ?? true;
    this.handleChineseChars = opts.handleChineseChars ?? true;
    this.stripAccents = opts.stripAccents ?? null;
    this.lowercase = opts.lowercase ?? true;
  }
  normalize(s: NormalizedString): NormalizedString {
    let out = s;
    if (this.cleanText) {
      out = out.rewrite((c) => {
        const cp = c.codePointAt(0) ?? 0;
        if (cp === 0 || cp === 0xfffd || isBertControl(cp)) return "";
        return isBertWhitespace(cp) ? " " : c;
      });
    }
    if (this.handleChineseChars) out = out.rewrite((c) => (isCjk(c.codePointAt(0) ?? 0) ? ` ${c} ` : c));
    if (this.stripAccents ?? this.lowercase) out = out.rewrite(stripMarks, combiningBounds);
    if (this.lowercase) out = out.rewrite((c) => c.toLowerCase());
    return out;
  }
  toJSON() {
    return { type: "BertNormalizer", clean_text: this.cleanText, handle_chinese_chars: this.handleChineseChars, strip_accents: this.stripAccents, lowercase: this.lowercase };
  }
}

/** Several normalizers, applied in order. */
export class NormalizerSequence implements Normalizer {
  constructor(readonly normalizers: readonly Normalizer[]) {}
  normalize(s: NormalizedString): NormalizedString { return this.normalizers.reduce((acc, n) => n.normalize(acc), s); }
  toJSON() { return { type: "Sequence", normalizers: this.normalizers.map((n) => n.toJSON()) }; }
}
