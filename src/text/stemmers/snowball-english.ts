/**
 * @file The Snowball English stemmer (Porter2), checked word for word against Debian snowball-data's
 * english vocabulary: "generously" → "generous", "skies" → "sky".
 */
import { longestSuffix, regions } from "./regions.ts";

const VOWELS = "aeiouy";
const isV = (c: string | undefined): boolean => c !== undefined && VOWELS.includes(c);

const EXCEPTIONS: Record<string, string> = {
  skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli",
  early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos",
  bias: "bias", andes: "andes",
};
const AFTER_1A = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);

const STEP2: Record<string, string> = {
  tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize", ational: "ate", ation: "ate",
  ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive",
  biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "",
};
const STEP3: Record<string, string> = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
const STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

/** A short syllable ending at w[end-1]. */
function shortSyllable(w: string, end: number): boolean {
  if (end === 2) return isV(w[0]) && !isV(w[1]);
  return end >= 3 && !isV(w[end - 3]) && isV(w[end - 2]) && !isV(w[end - 1]) && !"wxY".includes(w[end - 1]);
}

/** The Snowball (Porter2) stem of a lower-case English word. */
export function snowballEnglishStem(word: string): string {
  if (word.length <= 2) return word;
  if (EXCEPTIONS[word] !== undefined) return EXCEPTIONS[word];
  let w = word.startsWith("'") ? word.slice(1) : word;
  // y at the start or after a vowel is a consonant: Y
  let y = "";
  for (let i = 0; i < w.length; i++) y += w[i] === "y" && (i === 0 || isV(y[i - 1])) ? "Y" : w[i];
  w = y;
  const prefix = /^(gener|commun|arsen)/.exec(w);
  const [r1Default, r2] = regions(w, isV);
  const r1 = prefix ? prefix[0].length : r1Default;
  const R2 = prefix ? regions(w, isV, r1)[1] : r2;
  // step 0
  const s0 = longestSuffix(w, ["'s'", "'s", "'"]);
  if (s0) w = w.slice(0, -s0.length);
  // step 1a
  const s1a = longestSuffix(w, ["sses", "ied", "ies", "us", "ss", "s"]);
  if (s1a === "sses") w = w.slice(0, -2);
  else if (s1a === "ied" || s1a === "ies") w = w.slice(0, -3) + (w.length > 4 ? "i" : "ie");
  else if (s1a === "s") { const stem = w.slice(0, -2); if ([...stem].some(isV)) w = w.slice(0, -1); }
  if (AFTER_1A.has(w)) return w;
  // step 1b
  const s1b = longestSuffix(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
  if (s1b === "eed" || s1b === "eedly") { if (w.length - s1b.length >= r1) w = w.slice(0, -s1b.length) + "ee"; }
  else if (s1b) {
    const stem = w.slice(0, -s1b.length);
    if ([...stem].some(isV)) {
      w = stem;
      if (/(at|bl|iz)$/.test(w)) w += "e";
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
      else if (r1 >= w.length && shortSyllable(w, w.length)) w += "e";
    }
  }
  // step 1c
  if (w.length > 2 && (w.endsWith("y") || w.endsWith("Y")) && !isV(w[w.length - 2])) w = w.slice(0, -1) + "i";
  // step 2
  const s2 = longestSuffix(w, Object.keys(STEP2));
  if (s2 && w.length - s2.length >= r1) {
    const before = w[w.length - s2.length - 1];
    if (s2 === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
    else if (s2 === "li") { if ("cdeghkmnrt".includes(before ?? " ")) w = w.slice(0, -2); }
    else w = w.slice(0, -s2.length) + STEP2[s2];
  }
  // step 3
  const s3 = longestSuffix(w, Object.keys(STEP3));
  if (s3 && w.length - s3.length >= r1 && (s3 !== "ative" || w.length - s3.length >= R2)) w = w.slice(0, -s3.length) + STEP3[s3];
  // step 4
  const s4 = longestSuffix(w, STEP4);
  if (s4 && w.length - s4.length >= R2) {
    if (s4 !== "ion" || "st".includes(w[w.length - 4] ?? " ")) w = w.slice(0, -s4.length);
  }
  // step 5
  if (w.endsWith("e")) {
    const at = w.length - 1;
    if (at >= R2 || (at >= r1 && !shortSyllable(w, at))) w = w.slice(0, -1);
  } else if (w.endsWith("ll") && w.length - 1 >= R2) w = w.slice(0, -1);
  return w.replace(/Y/g, "y");
}
