/**
 * @file Synonym-replacement augmentation (EDA, Wei & Zou 2019): replace `n` random non-stop-words with a
 * random WordNet synonym, seeded by a lernwerk `Generator`.
 */
import { defaultGenerator, type Generator } from "../core/random.ts";
import { stopWords } from "./stopwords.ts";
import { wordnet, type WordNet, type WordNetPos } from "./wordnet.ts";

export interface SynonymReplacementOptions {
  /** How many distinct words to replace (default 1); fewer when fewer have synonyms. */
  n?: number;
  /** Random source (default: the global generator, seeded by `manualSeed`). */
  generator?: Generator;
  /** Words never replaced (default: English stop words). */
  stopWords?: ReadonlySet<string>;
  /** Only synonyms of this POS (default: any). */
  pos?: WordNetPos;
  /** The WordNet to draw from (default: `wordnet()`). */
  wordnet?: WordNet;
}

/**
 * EDA's synonym replacement: the distinct non-stop-words are shuffled; each, in turn, gets a random
 * synonym (every occurrence of it is replaced) until `n` words were replaced. Multi-word synonyms
 * ("domestic dog") become several tokens; alphabetic-only words are considered.
 * @example synonymReplacement(["the", "quick", "dog", "barks"], { n: 1, generator: new Generator(0) })
 */
export function synonymReplacement(tokens: readonly string[], opts: SynonymReplacementOptions = {}): string[] {
  const n = opts.n ?? 1;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`synonymReplacement: n must be a non-negative integer, got ${n}`);
  const gen = opts.generator ?? defaultGenerator;
  const stop = opts.stopWords ?? stopWords("en");
  const wn = opts.wordnet ?? wordnet();
  const candidates = [...new Set(tokens.filter((t) => /^\p{L}[\p{L}'-]*$/u.test(t) && !stop.has(t.toLowerCase())))];
  const order = gen.permutation(candidates.length);
  const replacement = new Map<string, string[]>();
  for (let k = 0; k < order.length && replacement.size < n; k++) {
    const word = candidates[order[k]];
    const syns = wn.synonyms(word, opts.pos).filter((s) => s.toLowerCase() !== word.toLowerCase());
    if (syns.length === 0) continue;
    const pick = syns[Math.floor(gen.uniform(1)[0] * syns.length)];
    replacement.set(word, pick.split(" "));
  }
  return tokens.flatMap((t) => replacement.get(t) ?? [t]);
}
