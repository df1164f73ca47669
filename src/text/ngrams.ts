/** @file N-grams of token sequences and of characters. */

/** The n-grams of `tokens` as arrays: ngrams(["a","b","c"], 2) → [["a","b"], ["b","c"]]. */
export function ngrams<T>(tokens: readonly T[], n: number): T[][] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`ngrams: n must be an integer ≥ 1, got ${n}`);
  const out: T[][] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n));
  return out;
}

/** All n-grams for n in [min, max], joined with `sep` (scikit-learn's word n-gram order). */
export function everygrams(tokens: readonly string[], min: number, max: number, sep = " "): string[] {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) throw new Error(`everygrams: need integers 1 ≤ min ≤ max, got [${min}, ${max}]`);
  const out: string[] = [];
  for (let n = min; n <= max; n++) for (const g of ngrams(tokens, n)) out.push(g.join(sep));
  return out;
}

/** Character n-grams of a string (by code point). */
export function charNgrams(text: string, n: number): string[] {
  return ngrams(Array.from(text), n).map((g) => g.join(""));
}
