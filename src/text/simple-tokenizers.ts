/**
 * @file Word-level and character-level vocabularies built from texts, as full `Tokenizer`s (offsets,
 * special tokens, padding, batches): `wordLevelTokenizer` and `charLevelTokenizer`.
 */
import { FuseDecoder, SpaceDecoder } from "./decoders.ts";
import { WordLevel } from "./models/word-level.ts";
import { Lowercase, type Normalizer } from "./normalizers.ts";
import { CharSplit, type PreTokenizer } from "./pre-tokenizers.ts";
import type { Language } from "./sentences.ts";
import { Tokenizer } from "./tokenizer.ts";
import { countWords } from "./trainers.ts";
import { WordPreTokenizer } from "./word-tokenize.ts";

export interface VocabularyOptions {
  /** Tokens first in the vocabulary. Default ["[PAD]", "[UNK]"]. */
  specialTokens?: readonly string[];
  /** Token for everything out of the vocabulary. Default "[UNK]". */
  unkToken?: string;
  /** Keep tokens seen at least this often. Default 1. */
  minFrequency?: number;
  /** Keep at most this many tokens (specials included), the most frequent. */
  maxSize?: number;
  lowercase?: boolean;
}

function buildVocab(counts: Map<string, number>, opts: VocabularyOptions): { vocab: Map<string, number>; specials: string[]; unk: string } {
  const unk = opts.unkToken ?? "[UNK]";
  const specials = [...(opts.specialTokens ?? ["[PAD]", "[UNK]"])];
  if (!specials.includes(unk)) specials.push(unk);
  const vocab = new Map<string, number>(specials.map((s, i) => [s, i]));
  const ranked = [...counts.entries()].filter(([w, c]) => c >= (opts.minFrequency ?? 1) && !vocab.has(w)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [w] of ranked) {
    if (opts.maxSize !== undefined && vocab.size >= opts.maxSize) break;
    vocab.set(w, vocab.size);
  }
  return { vocab, specials, unk };
}

function fromCounts(texts: Iterable<string>, normalizer: Normalizer | null, pre: PreTokenizer, opts: VocabularyOptions, chars: boolean): Tokenizer {
  const { vocab, specials, unk } = buildVocab(countWords(texts, normalizer, pre), opts);
  return new Tokenizer(new WordLevel(vocab, unk), {
    normalizer, preTokenizer: pre, decoder: chars ? new FuseDecoder() : new SpaceDecoder(),
    addedTokens: specials.map((s) => ({ id: vocab.get(s) as number, content: s, special: true })),
  });
}

/** A word-level tokenizer whose vocabulary is the words of `texts` (NLTK-style word splitting). */
export function wordLevelTokenizer(texts: Iterable<string>, opts: VocabularyOptions & { language?: Language } = {}): Tokenizer {
  return fromCounts(texts, opts.lowercase ?? true ? new Lowercase() : null, new WordPreTokenizer(opts.language ?? "en"), opts, false);
}

/** A character-level tokenizer whose vocabulary is the characters of `texts` (whitespace included). */
export function charLevelTokenizer(texts: Iterable<string>, opts: VocabularyOptions = {}): Tokenizer {
  return fromCounts(texts, opts.lowercase ? new Lowercase() : null, new CharSplit(false), opts, true);
}
