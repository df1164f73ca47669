/**
 * @file The Snowball German stemmer, checked word for word against Debian snowball-data's german
 * vocabulary: "aufeinanderfolgenden" → "aufeinanderfolg", "häuser" → "haus".
 */
import { longestSuffix, regions } from "./regions.ts";

const VOWELS = "aeiouyäöü";
const isV = (c: string | undefined): boolean => c !== undefined && VOWELS.includes(c);
const S_ENDING = "bdfghklmnrt";
const ST_ENDING = "bdfghklmnt";

/** The Snowball stem of a lower-case German word. */
export function snowballGermanStem(word: string): string {
  let w = word.replace(/ß/g, "ss");
  // u and y between vowels are consonants: U, Y
  let marked = "";
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    marked += (c === "u" || c === "y") && i > 0 && i + 1 < w.length && isV(marked[i - 1]) && isV(w[i + 1]) ? c.toUpperCase() : c;
  }
  w = marked;
  let [r1, r2] = regions(w, isV);
  r1 = Math.max(r1, 3);
  // step 1
  const s1 = longestSuffix(w, ["em", "ern", "er", "e", "en", "es", "s"]);
  if (s1 && w.length - s1.length >= r1) {
    if (s1 === "s") { if (S_ENDING.includes(w[w.length - 2] ?? " ")) w = w.slice(0, -1); }
    else {
      w = w.slice(0, -s1.length);
      if ((s1 === "e" || s1 === "en" || s1 === "es") && w.endsWith("niss")) w = w.slice(0, -1);
    }
  }
  // step 2
  const s2 = longestSuffix(w, ["en", "er", "est", "st"]);
  if (s2 && w.length - s2.length >= r1) {
    if (s2 === "st") { if (ST_ENDING.includes(w[w.length - 3] ?? " ") && w.length - 3 >= 3) w = w.slice(0, -2); }
    else w = w.slice(0, -s2.length);
  }
  // step 3: d-suffixes
  const s3 = longestSuffix(w, ["end", "ung", "ig", "ik", "isch", "lich", "heit", "keit"]);
  if (s3 && w.length - s3.length >= r2) {
    const stem = w.slice(0, -s3.length);
    if (s3 === "end" || s3 === "ung") {
      w = stem;
      if (w.endsWith("ig") && w.length - 2 >= r2 && w[w.length - 3] !== "e") w = w.slice(0, -2);
    } else if (s3 === "ig" || s3 === "ik" || s3 === "isch") {
      if (!stem.endsWith("e")) w = stem;
    } else if (s3 === "lich" || s3 === "heit") {
      w = stem;
      const p = longestSuffix(w, ["er", "en"]);
      if (p && w.length - 2 >= r1) w = w.slice(0, -2);
    } else {
      w = stem;
      const p = longestSuffix(w, ["lich", "ig"]);
      if (p && w.length - p.length >= r2) w = w.slice(0, -p.length);
    }
  }
  return w.replace(/U/g, "u").replace(/Y/g, "y").replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u");
}
