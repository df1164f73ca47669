/**
 * @file Sentence splitting for English and German prose: a sentence ends at `.`, `!` or `?` (with
 * closing quotes/brackets) before whitespace and an upper-case letter, digit or opening quote,
 * unless the word before is a known abbreviation, an initial, or (German) an ordinal number.
 */

export type Language = "en" | "de";

const ABBREVIATIONS: Record<Language, ReadonlySet<string>> = {
  en: new Set(["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "cf", "no", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "mt", "capt", "col", "gen", "lt", "sgt", "rev", "u.s", "u.k", "a.m", "p.m", "approx", "dept", "est"]),
  de: new Set(["z.b", "bzw", "usw", "u.a", "d.h", "ca", "dr", "prof", "nr", "str", "vgl", "ggf", "evtl", "etc", "s", "sog", "inkl", "zzgl", "bzgl", "abs", "jh", "hr", "fr", "u.ä", "o.ä", "mio", "mrd", "z", "b", "d", "h", "u", "jan", "feb", "aug", "sept", "okt", "nov", "dez"]),
};

const END = /[.!?]+["'”’»)\]]*(?=\s+["'“„‘«(\[]?[\p{Lu}\p{N}])/gu;

/** Splits `text` into sentences (trimmed, empty ones dropped). */
export function splitSentences(text: string, opts: { language?: Language } = {}): string[] {
  return sentenceSpans(text, opts).map(([s, e]) => text.slice(s, e));
}

/** The [start, end) spans of the sentences of `text`. */
export function sentenceSpans(text: string, opts: { language?: Language } = {}): Array<[number, number]> {
  const lang = opts.language ?? "en";
  if (!(lang in ABBREVIATIONS)) throw new Error(`splitSentences: language must be "en" or "de", got ${JSON.stringify(lang)}`);
  const abbrev = ABBREVIATIONS[lang];
  const cuts: number[] = [];
  for (const m of text.matchAll(END)) {
    const at = m.index ?? 0;
    if (m[0][0] === ".") {
      const before = /([\p{L}\p{N}.]+)$/u.exec(text.slice(Math.max(0, at - 20), at))?.[1] ?? "";
      const word = before.toLowerCase();
      if (abbrev.has(word) || /^\p{Lu}$/u.test(before) || /^(\p{L}\.)+\p{L}$/u.test(before)) continue;
      if (lang === "de" && /^\d{1,2}$/.test(before)) continue; // "3. Oktober"
    }
    cuts.push(at + m[0].length);
  }
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const c of [...cuts, text.length]) {
    let s = start, e = c;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) spans.push([s, e]);
    start = c;
  }
  return spans;
}
