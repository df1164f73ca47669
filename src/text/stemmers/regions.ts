/** @file Shared pieces of the Snowball stemmers: the R1/R2 regions and longest-suffix lookup. */

/**
 * R1 and R2 (as string indices): R1 starts after the first non-vowel that follows a vowel
 * (searching from `from`), R2 the same again inside R1. Equal to the word length when absent.
 */
export function regions(w: string, isVowel: (c: string) => boolean, from = 0): [number, number] {
  const next = (start: number): number => {
    for (let i = start + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
    return w.length;
  };
  const r1 = from > 0 ? from : next(0);
  return [r1, next(r1)];
}

/** The longest of `suffixes` that `w` ends with, or null. */
export function longestSuffix(w: string, suffixes: readonly string[]): string | null {
  let best: string | null = null;
  for (const s of suffixes) if (w.endsWith(s) && (best === null || s.length > best.length)) best = s;
  return best;
}
