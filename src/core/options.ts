/**
 * @file Options objects checked against the keys a function knows: a misspelt key (`maxLenght`) fails
 * naming the function and the nearest known key, instead of being silently ignored.
 */

/** The keys a function accepts, built from a record that must list every key of T (so it cannot drift from the interface). */
export type OptionKeys = ReadonlySet<string>;

/** `optionKeys<GenerateOptions>({ maxNewTokens: 1, … })`: a compile error if a key of T is missing or unknown. */
export function optionKeys<T extends object>(keys: { readonly [K in keyof Required<T>]: 1 }): OptionKeys {
  return new Set(Object.keys(keys));
}

/** Adds keys to a set from optionKeys (for options that extend another's, or aliases that are not in the interface). */
export function withKeys(base: OptionKeys, ...extra: readonly string[]): OptionKeys {
  return new Set([...base, ...extra]);
}

/** Levenshtein distance of two short strings (optimal string alignment: a swap of two neighbours counts 1). */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0), prev = Array.from({ length: n + 1 }, (_, j) => j), cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** The known key nearest to `key` (case-insensitive, snake_case read as camelCase; one holding the other counts as near), or undefined when none is close. */
export function nearestKey(key: string, known: Iterable<string>): string | undefined {
  const norm = (s: string): string => s.replace(/_/g, "").toLowerCase();
  const k = norm(key);
  let best: string | undefined, bestD = Infinity;
  for (const c of known) {
    const n = norm(c);
    if (n.length >= 3 && k.length >= 3 && (k.includes(n) || n.includes(k))) return c; // "epsilon" → "eps"
    const d = editDistance(k, n);
    if (d < bestD) { best = c; bestD = d; }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Throws when `opts` holds a key that `allowed` lacks: `generate: unknown option "maxLenght"; did you mean "maxLength"?`.
 * Cheap (no allocation unless it throws); undefined and null opts pass. Meant for constructors and top-level calls, not per-element code.
 */
export function checkOptions(fnName: string, opts: object | null | undefined, allowed: OptionKeys): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== "object") throw new TypeError(`${fnName}: options must be an object, got ${typeof opts}`);
  for (const key in opts) {
    if (allowed.has(key)) continue;
    const near = nearestKey(key, allowed);
    throw new RangeError(`${fnName}: unknown option "${key}"; ${near ? `did you mean "${near}"?` : `known options: ${[...allowed].join(", ")}`}`);
  }
}
