/** @file Stemmers: Porter (1980), Snowball English (Porter2) and Snowball German, behind one `stem` function. */
import { porterStem } from "./porter.ts";
import { snowballEnglishStem } from "./snowball-english.ts";
import { snowballGermanStem } from "./snowball-german.ts";

export { porterStem, snowballEnglishStem, snowballGermanStem };

export type StemmerName = "porter" | "english" | "german";

const STEMMERS: Record<StemmerName, (w: string) => string> = { porter: porterStem, english: snowballEnglishStem, german: snowballGermanStem };

/** The stemming function of an algorithm: "porter", "english" (Snowball) or "german" (Snowball). */
export function stemmer(name: StemmerName = "english"): (word: string) => string {
  const f = STEMMERS[name];
  if (!f) throw new Error(`stemmer: unknown algorithm ${JSON.stringify(name)}; use porter, english or german`);
  return (word: string) => f(word.toLowerCase());
}

/** Stems every token (lower-cased) with the named algorithm. */
export function stem(tokens: readonly string[], name: StemmerName = "english"): string[] {
  const f = stemmer(name);
  return tokens.map(f);
}
