/**
 * @file Martin Porter's 1980 stemming algorithm, as Snowball's `porter` implements it (checked word
 * for word against Debian snowball-data's porter vocabulary): "relational" → "relat".
 */

const STEP2: Array<[string, string]> = [
  ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"], ["abli", "able"], ["alli", "al"],
  ["entli", "ent"], ["eli", "e"], ["ousli", "ous"], ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"],
  ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"],
];
const STEP3: Array<[string, string]> = [["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""]];
const STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"];

/** Is w[i] a consonant? (y is a consonant at the start or after a vowel… i.e. after a consonant it is a vowel) */
function isCons(w: string, i: number): boolean {
  const c = w[i];
  if ("aeiou".includes(c)) return false;
  if (c === "y") return i === 0 || !isCons(w, i - 1);
  return true;
}

/** Porter's m: the number of VC sequences in w[0, end). */
function measure(w: string, end: number): number {
  let m = 0, i = 0;
  while (i < end && isCons(w, i)) i++;
  while (i < end) {
    while (i < end && !isCons(w, i)) i++;
    if (i >= end) break;
    m++;
    while (i < end && isCons(w, i)) i++;
  }
  return m;
}
const hasVowel = (w: string, end: number): boolean => { for (let i = 0; i < end; i++) if (!isCons(w, i)) return true; return false; };
const doubleCons = (w: string, end: number): boolean => end >= 2 && w[end - 1] === w[end - 2] && isCons(w, end - 1);
/** *o: the stem ends consonant-vowel-consonant, the last not w, x or y. */
const cvc = (w: string, end: number): boolean =>
  end >= 3 && isCons(w, end - 3) && !isCons(w, end - 2) && isCons(w, end - 1) && !"wxy".includes(w[end - 1]);

/** The Porter stem of a lower-case English word. */
export function porterStem(word: string): string {
  let w = word;
  // step 1a
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (!w.endsWith("ss") && w.endsWith("s")) w = w.slice(0, -1);
  // step 1b
  let extra = false;
  if (w.endsWith("eed")) { if (measure(w, w.length - 3) > 0) w = w.slice(0, -1); }
  else if (w.endsWith("ed") && hasVowel(w, w.length - 2)) { w = w.slice(0, -2); extra = true; }
  else if (w.endsWith("ing") && hasVowel(w, w.length - 3)) { w = w.slice(0, -3); extra = true; }
  if (extra) {
    if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
    else if (doubleCons(w, w.length) && !"lsz".includes(w[w.length - 1])) w = w.slice(0, -1);
    else if (measure(w, w.length) === 1 && cvc(w, w.length)) w += "e";
  }
  // step 1c
  if (w.endsWith("y") && hasVowel(w, w.length - 1)) w = w.slice(0, -1) + "i";
  // step 2, 3: longest matching suffix, replaced when m > 0
  for (const table of [STEP2, STEP3]) {
    let best: [string, string] | null = null;
    for (const e of table) if (w.endsWith(e[0]) && (!best || e[0].length > best[0].length)) best = e;
    if (best && measure(w, w.length - best[0].length) > 0) w = w.slice(0, -best[0].length) + best[1];
  }
  // step 4: remove when m > 1
  let s4: string | null = null;
  for (const s of STEP4) if (w.endsWith(s) && (!s4 || s.length > s4.length)) s4 = s;
  if (s4) {
    const stem = w.length - s4.length;
    if (measure(w, stem) > 1 && (s4 !== "ion" || (stem > 0 && "st".includes(w[stem - 1])))) w = w.slice(0, stem);
  }
  // step 5a, 5b
  if (w.endsWith("e")) {
    const m = measure(w, w.length - 1);
    if (m > 1 || (m === 1 && !cvc(w, w.length - 1))) w = w.slice(0, -1);
  }
  if (w.endsWith("ll") && measure(w, w.length) > 1) w = w.slice(0, -1);
  return w;
}
