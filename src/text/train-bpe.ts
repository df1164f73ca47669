/**
 * @file BPE training (Hugging Face `BpeTrainer` semantics): count words, start from their characters
 * (or the 256 byte symbols), and repeatedly merge the most frequent adjacent pair until the vocabulary
 * is full or no pair reaches `minFrequency`. Ties go to the pair of smaller ids.
 */
import { BYTE_TO_CHAR } from "./byte-level.ts";

export interface BpeTrainerOptions {
  /** Vocabulary size to reach, special tokens and alphabet included. Default 30,000. */
  vocabSize?: number;
  /** A pair must occur at least this often to be merged. Default 2. */
  minFrequency?: number;
  /** Tokens put first in the vocabulary (ids 0, 1, …), never split or merged. */
  specialTokens?: readonly string[];
  /** Prefix of symbols inside a word ("##" for WordPiece). */
  continuingSubwordPrefix?: string;
  /** Suffix of a word's last symbol (e.g. "</w>"). */
  endOfWordSuffix?: string;
  /** Keep only this many most frequent characters in the alphabet. */
  limitAlphabet?: number;
  /** Characters always in the alphabet (the 256 byte symbols for byte-level BPE). */
  initialAlphabet?: readonly string[];
}

export interface TrainedBpe { vocab: Map<string, number>; merges: Array<[string, string]> }

/** The 256 byte symbols: the alphabet of a byte-level BPE. */
export const BYTE_ALPHABET: readonly string[] = BYTE_TO_CHAR;

const KEY = 0x200000;

/** Max-heap of [count, pairKey] with the smaller key first among equal counts. */
class CountHeap {
  private c: number[] = [];
  private k: number[] = [];
  get size(): number { return this.c.length; }
  private above(i: number, j: number): boolean { return this.c[i] > this.c[j] || (this.c[i] === this.c[j] && this.k[i] < this.k[j]); }
  private swap(i: number, j: number): void {
    [this.c[i], this.c[j]] = [this.c[j], this.c[i]];
    [this.k[i], this.k[j]] = [this.k[j], this.k[i]];
  }
  push(count: number, key: number): void {
    this.c.push(count); this.k.push(key);
    for (let i = this.c.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p); i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.c[0], this.k[0]];
    const last = this.c.length - 1;
    this.swap(0, last); this.c.pop(); this.k.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < this.c.length && this.above(l, m)) m = l;
      if (r < this.c.length && this.above(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m); i = m;
    }
    return top;
  }
}

/** Trains BPE merges on word counts (`word → count`, words as the pre-tokenizer gives them). */
export function trainBpe(wordCounts: ReadonlyMap<string, number>, opts: BpeTrainerOptions = {}): TrainedBpe {
  const vocabSize = opts.vocabSize ?? 30_000;
  const minFrequency = opts.minFrequency ?? 2;
  const prefix = opts.continuingSubwordPrefix ?? "";
  const suffix = opts.endOfWordSuffix ?? "";
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`trainBpe: vocabSize must be a positive integer, got ${vocabSize}`);
  const vocab = new Map<string, number>();
  const tokens: string[] = [];
  const add = (t: string): number => {
    let id = vocab.get(t);
    if (id === undefined) { id = tokens.length; vocab.set(t, id); tokens.push(t); }
    return id;
  };
  for (const s of opts.specialTokens ?? []) add(s);
  // alphabet: initial characters plus the most frequent characters of the corpus
  const charCounts = new Map<string, number>();
  for (const [w, c] of wordCounts) for (const ch of w) charCounts.set(ch, (charCounts.get(ch) ?? 0) + c);
  let alphabet = [...charCounts.keys()];
  if (opts.limitAlphabet !== undefined && alphabet.length > opts.limitAlphabet) {
    alphabet = alphabet.sort((a, b) => (charCounts.get(b) as number) - (charCounts.get(a) as number)).slice(0, opts.limitAlphabet);
  }
  const kept = new Set([...alphabet, ...(opts.initialAlphabet ?? [])]);
  for (const ch of [...kept].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number))) add(ch);
  // words as symbol ids (prefixed/suffixed symbols join the vocabulary as Hugging Face does)
  const words: number[][] = [];
  const counts: number[] = [];
  for (const [w, c] of wordCounts) {
    const chars = Array.from(w);
    const syms: number[] = [];
    chars.forEach((ch, i) => {
      if (!kept.has(ch)) return;
      let t = i > 0 ? prefix + ch : ch;
      if (i === chars.length - 1) t += suffix;
      syms.push(add(t));
    });
    if (syms.length > 0) { words.push(syms); counts.push(c); }
  }
  // pair statistics
  const pairCount = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const addPairs = (wi: number, sign: 1 | -1): void => {
    const w = words[wi], c = counts[wi] * sign;
    for (let i = 0; i + 1 < w.length; i++) {
      const key = w[i] * KEY + w[i + 1];
      pairCount.set(key, (pairCount.get(key) ?? 0) + c);
      if (sign > 0) { let s = where.get(key); if (!s) where.set(key, (s = new Set())); s.add(wi); }
    }
  };
  words.forEach((_, wi) => addPairs(wi, 1));
  const heap = new CountHeap();
  for (const [k, c] of pairCount) heap.push(c, k);
  const merges: Array<[string, string]> = [];
  while (tokens.length < vocabSize && heap.size > 0) {
    const [c, key] = heap.pop();
    if (pairCount.get(key) !== c) continue; // stale
    if (c < minFrequency) break;
    const a = Math.floor(key / KEY), b = key - a * KEY;
    const ta = tokens[a], tb = tokens[b];
    const merged = ta + (prefix && tb.startsWith(prefix) ? tb.slice(prefix.length) : tb);
    const id = add(merged);
    merges.push([ta, tb]);
    const touched = new Set<number>();
    for (const wi of where.get(key) ?? []) {
      const w = words[wi];
      let has = false;
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) { has = true; break; }
      if (!has) continue;
      for (let i = 0; i + 1 < w.length; i++) touched.add(w[i] * KEY + w[i + 1]);
      addPairs(wi, -1);
      const out: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) { out.push(id); i++; } else out.push(w[i]);
      }
      words[wi] = out;
      addPairs(wi, 1);
      for (let i = 0; i + 1 < out.length; i++) touched.add(out[i] * KEY + out[i + 1]);
    }
    where.delete(key);
    pairCount.delete(key);
    // every pair whose count changed gets a fresh entry; the old ones are skipped as stale
    for (const k of touched) { if (k === key) continue; const n = pairCount.get(k) ?? 0; if (n > 0) heap.push(n, k); }
  }
  return { vocab, merges };
}
