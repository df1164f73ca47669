/**
 * @file Porter's stemmer as NLTK's `PorterStemmer` with its three modes: "nltk" (NLTK_EXTENSIONS, the default),
 * "martin" (MARTIN_EXTENSIONS: the rules of Martin Porter's hosted implementations) and "original" (the 1980
 * paper, which is also Snowball's `porter`: `porterStem`). The first rule whose suffix matches decides, as in NLTK.
 */

export type PorterMode = "nltk" | "martin" | "original";
export interface PorterStemmerOptions {
  /** Default "nltk" (NLTK's default, NLTK_EXTENSIONS). */
  mode?: PorterMode;
}

/** A rule: suffix, replacement, and the condition on the stem left after removing the suffix. */
type Rule = readonly [suffix: string, replacement: string, condition: ((stem: string) => boolean) | null];

// NLTK_EXTENSIONS' irregular forms: form → stem
const IRREGULAR: Record<string, string> = {
  sky: "sky", skies: "sky", dying: "die", lying: "lie", tying: "tie", news: "news", innings: "inning", inning: "inning",
  outings: "outing", outing: "outing", cannings: "canning", canning: "canning", howe: "howe", proceed: "proceed", exceed: "exceed", succeed: "succeed",
};
const MODES: readonly PorterMode[] = ["nltk", "martin", "original"];

export class PorterStemmer {
  readonly mode: PorterMode;

  constructor(opts: PorterStemmerOptions = {}) {
    const mode = opts.mode ?? "nltk";
    if (!MODES.includes(mode)) throw new Error(`PorterStemmer: mode must be "nltk", "martin" or "original", got ${JSON.stringify(mode)}`);
    this.mode = mode;
  }

  /** The stem of `word` (lower-cased first unless `toLowercase` is false), as NLTK's `PorterStemmer.stem`. */
  stem(word: string, opts: { toLowercase?: boolean } = {}): string {
    if (typeof word !== "string") throw new Error(`PorterStemmer.stem: expected a string, got ${typeof word}`);
    let w = opts.toLowercase ?? true ? word.toLowerCase() : word;
    // as NLTK: the table and the length test look at the word as given, before lower-casing
    if (this.mode === "nltk" && Object.hasOwn(IRREGULAR, word)) return IRREGULAR[w] ?? w;
    if (this.mode !== "original" && word.length <= 2) return w;
    w = this.step1a(w);
    w = this.step1b(w);
    w = this.step1c(w);
    w = this.step2(w);
    w = applyRules(w, STEP3);
    w = applyRules(w, STEP4);
    w = this.step5a(w);
    return applyRules(w, [["ll", "l", (s) => measure(s + "l") > 1]]);
  }

  private endsCvc(w: string): boolean {
    const n = w.length;
    if (n >= 3 && isCons(w, n - 3) && !isCons(w, n - 2) && isCons(w, n - 1) && !"wxy".includes(w[n - 1])) return true;
    return this.mode === "nltk" && n === 2 && !isCons(w, 0) && isCons(w, 1);
  }

  private step1a(w: string): string {
    if (this.mode === "nltk" && w.length === 4 && w.endsWith("ies")) return w.slice(0, -3) + "ie";
    return applyRules(w, [["sses", "ss", null], ["ies", "i", null], ["ss", "ss", null], ["s", "", null]]);
  }

  private step1b(w: string): string {
    if (this.mode === "nltk" && w.endsWith("ied")) return w.slice(0, -3) + (w.length === 4 ? "ie" : "i");
    if (w.endsWith("eed")) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
    let stem: string | null = null;
    for (const suffix of ["ed", "ing"]) {
      if (w.endsWith(suffix) && hasVowel(w.slice(0, -suffix.length))) { stem = w.slice(0, -suffix.length); break; }
    }
    if (stem === null) return w;
    if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return stem + "e";
    if (endsDoubleCons(stem)) return "lsz".includes(stem[stem.length - 1]) ? stem : stem.slice(0, -1);
    return measure(stem) === 1 && this.endsCvc(stem) ? stem + "e" : stem;
  }

  private step1c(w: string): string {
    const cond = this.mode === "nltk" ? (s: string) => s.length > 1 && isCons(s, s.length - 1) : hasVowel;
    return applyRules(w, [["y", "i", cond]]);
  }

  private step2(w: string): string {
    const m0 = (s: string) => measure(s) > 0;
    if (this.mode === "nltk" && w.endsWith("alli") && m0(w.slice(0, -4))) return this.step2(w.slice(0, -4) + "al");
    const rules: Rule[] = [
      ["ational", "ate", m0], ["tional", "tion", m0], ["enci", "ence", m0], ["anci", "ance", m0], ["izer", "ize", m0],
      this.mode === "original" ? ["abli", "able", m0] : ["bli", "ble", m0],
      ["alli", "al", m0], ["entli", "ent", m0], ["eli", "e", m0], ["ousli", "ous", m0], ["ization", "ize", m0], ["ation", "ate", m0],
      ["ator", "ate", m0], ["alism", "al", m0], ["iveness", "ive", m0], ["fulness", "ful", m0], ["ousness", "ous", m0],
      ["aliti", "al", m0], ["iviti", "ive", m0], ["biliti", "ble", m0],
    ];
    // NLTK's logi condition is on the word less "ogi" (one letter more than the stem), Martin's on the stem
    if (this.mode === "nltk") rules.push(["fulli", "ful", m0], ["logi", "log", (s) => m0(s + "l")]);
    if (this.mode === "martin") rules.push(["logi", "log", m0]);
    return applyRules(w, rules);
  }

  private step5a(w: string): string {
    if (!w.endsWith("e")) return w;
    const stem = w.slice(0, -1), m = measure(stem);
    return m > 1 || (m === 1 && !this.endsCvc(stem)) ? stem : w;
  }
}

const ORIGINAL = new PorterStemmer({ mode: "original" });
/** The 1980 algorithm on a lower-case word, as Snowball's `porter` (equal on all of snowball-data's porter vocabulary): "relational" → "relat". */
export const porterStem = (word: string): string => ORIGINAL.stem(word, { toLowercase: false });

const m0 = (s: string) => measure(s) > 0;
const m1 = (s: string) => measure(s) > 1;
const STEP3: Rule[] = [["icate", "ic", m0], ["ative", "", m0], ["alize", "al", m0], ["iciti", "ic", m0], ["ical", "ic", m0], ["ful", "", m0], ["ness", "", m0]];
const STEP4: Rule[] = [
  ...["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"].map((s): Rule => [s, "", m1]),
  ["ion", "", (s) => m1(s) && (s.endsWith("s") || s.endsWith("t"))],
  ...["ou", "ism", "ate", "iti", "ous", "ive", "ize"].map((s): Rule => [s, "", m1]),
];

/** The first rule whose suffix ends `w` decides: replaced when its condition holds, else `w` unchanged. */
function applyRules(w: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, cond] of rules) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, w.length - suffix.length);
    return cond === null || cond(stem) ? stem + replacement : w;
  }
  return w;
}

/** Is w[i] a consonant? y is one at the start and after a vowel. */
function isCons(w: string, i: number): boolean {
  const c = w[i];
  if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
  return c === "y" ? i === 0 || !isCons(w, i - 1) : true;
}
/** Porter's m: the number of vowel-consonant transitions. */
function measure(w: string): number {
  let m = 0;
  for (let i = 1; i < w.length; i++) if (isCons(w, i) && !isCons(w, i - 1)) m++;
  return m;
}
function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isCons(w, i)) return true;
  return false;
}
const endsDoubleCons = (w: string): boolean => w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isCons(w, w.length - 1);
