/**
 * @file The BPE model: a vocabulary plus ranked merges, applied to the characters of a word or,
 * when `byteLevel` is set, to its UTF-8 bytes spelled with GPT-2's byte alphabet (Hugging Face
 * `models.BPE` semantics: unk token, continuing-subword prefix, end-of-word suffix).
 */
import { bpeMerge, mergeTable, type MergeTable } from "../bpe-merge.ts";
import { BYTE_TO_CHAR } from "../byte-level.ts";
import { utf8EncodeInto, type LoneSurrogates } from "../utf8.ts";
import { invertVocab, toVocabMap, WordCache, type TokenModel } from "./model.ts";

export interface BpeOptions {
  /** Work on UTF-8 bytes (GPT-2 style) instead of characters. Default false. */
  byteLevel?: boolean;
  /** Token for characters missing from the vocabulary (character-level only); without it they are dropped. */
  unkToken?: string | null;
  /** Merge consecutive unknown characters into one unk token. Default false. */
  fuseUnk?: boolean;
  /** Prefix of every symbol that does not start a word (e.g. "##"). */
  continuingSubwordPrefix?: string;
  /** Suffix of the symbol that ends a word (e.g. "</w>"). */
  endOfWordSuffix?: string;
  /** Lone surrogates in byte-level mode: kept as WTF-8 bytes (default, lossless) or replaced by U+FFFD as tiktoken does. */
  loneSurrogates?: LoneSurrogates;
  /** Words remembered with their ids (default 100,000; 0 disables the cache). */
  cacheSize?: number;
}

/** A merge as its two parts: `"Ġ t"` or `["Ġ", "t"]`. */
export type Merge = string | readonly [string, string];

export class Bpe implements TokenModel {
  readonly type = "BPE" as const;
  readonly byteLevel: boolean;
  readonly unkToken: string | null;
  readonly fuseUnk: boolean;
  readonly continuingSubwordPrefix: string;
  readonly endOfWordSuffix: string;
  readonly loneSurrogates: LoneSurrogates;
  readonly merges: ReadonlyArray<readonly [string, string]>;
  private readonly vocab: Map<string, number>;
  private readonly inverse: string[];
  private readonly table: MergeTable;
  private readonly byteIds = new Int32Array(256).fill(-1);
  private readonly cache: WordCache;
  private buf = new Uint8Array(1024);
  private syms = new Int32Array(1024);

  constructor(vocab: ReadonlyMap<string, number> | Readonly<Record<string, number>>, merges: readonly Merge[], opts: BpeOptions = {}) {
    this.vocab = toVocabMap(vocab);
    this.inverse = invertVocab(this.vocab, "BPE");
    this.byteLevel = opts.byteLevel ?? false;
    this.unkToken = opts.unkToken ?? null;
    this.fuseUnk = opts.fuseUnk ?? false;
    this.continuingSubwordPrefix = opts.continuingSubwordPrefix ?? "";
    this.endOfWordSuffix = opts.endOfWordSuffix ?? "";
    this.loneSurrogates = opts.loneSurrogates ?? "keep";
    this.cache = new WordCache(opts.cacheSize ?? 100_000);
    if (this.unkToken !== null && !this.vocab.has(this.unkToken)) throw new Error(`BPE: the unk token ${JSON.stringify(this.unkToken)} is not in the vocabulary`);
    const p = this.continuingSubwordPrefix.length;
    const triples: Array<[number, number, number]> = [];
    this.merges = merges.map((m, r) => {
      const pair = typeof m === "string" ? splitMerge(m, r) : m;
      const [a, b] = pair;
      const merged = a + (p > 0 && b.startsWith(this.continuingSubwordPrefix) ? b.slice(p) : b);
      const ia = this.vocab.get(a), ib = this.vocab.get(b), im = this.vocab.get(merged);
      if (ia === undefined || ib === undefined || im === undefined) {
        const missing = [a, b, merged].find((t) => !this.vocab.has(t));
        throw new Error(`BPE: merge ${r} (${JSON.stringify(a)} + ${JSON.stringify(b)}) uses ${JSON.stringify(missing)}, which is not in the vocabulary`);
      }
      triples.push([ia, ib, im]);
      return [a, b] as const;
    });
    this.table = mergeTable(triples);
    if (this.byteLevel) {
      for (let b = 0; b < 256; b++) {
        const id = this.vocab.get(BYTE_TO_CHAR[b]);
        if (id === undefined) throw new Error(`BPE: a byte-level vocabulary needs all 256 byte symbols; ${JSON.stringify(BYTE_TO_CHAR[b])} (byte ${b}) is missing`);
        this.byteIds[b] = id;
      }
    }
  }

  get vocabSize(): number { return this.vocab.size; }
  tokenToId(token: string): number | undefined { return this.vocab.get(token); }
  idToToken(id: number): string | undefined { return this.inverse[id]; }
  getVocab(): Map<string, number> { return new Map(this.vocab); }
  clearCache(): void { this.cache.clear(); }

  tokenize(word: string): readonly number[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const ids = this.byteLevel ? this.tokenizeBytes(word) : this.tokenizeChars(word);
    this.cache.set(word, ids);
    return ids;
  }

  private tokenizeBytes(word: string): number[] {
    if (this.buf.length < word.length * 3) { this.buf = new Uint8Array(word.length * 3); this.syms = new Int32Array(word.length * 3); }
    const n = utf8EncodeInto(word, 0, word.length, this.buf, this.loneSurrogates);
    const s = this.syms;
    for (let i = 0; i < n; i++) s[i] = this.byteIds[this.buf[i]];
    const m = bpeMerge(s, n, this.table);
    return Array.from(s.subarray(0, m));
  }

  private tokenizeChars(word: string): number[] {
    const chars = Array.from(word);
    const syms: number[] = [];
    const unk = this.unkToken === null ? undefined : this.vocab.get(this.unkToken);
    let lastUnk = false;
    chars.forEach((ch, i) => {
      let tok = ch;
      if (i > 0) tok = this.continuingSubwordPrefix + tok;
      if (i === chars.length - 1) tok += this.endOfWordSuffix;
      const id = this.vocab.get(tok);
      if (id !== undefined) { syms.push(id); lastUnk = false; return; }
      if (unk === undefined) return;
      if (!(this.fuseUnk && lastUnk)) syms.push(unk);
      lastUnk = true;
    });
    return syms.slice(0, bpeMerge(syms, syms.length, this.table));
  }

  spans(word: string, ids: readonly number[]): Array<[number, number]> {
    if (this.byteLevel) return byteSpans(word, ids.map((id) => this.inverse[id].length), this.loneSurrogates);
    const out: Array<[number, number]> = [];
    let pos = 0;
    for (const id of ids) {
      let tok = this.inverse[id];
      if (tok === this.unkToken) {
        const cp = word.codePointAt(pos) ?? 0;
        const len = cp > 0xffff ? 2 : 1;
        out.push([pos, pos + len]);
        pos += len;
        continue;
      }
      if (out.length > 0 && this.continuingSubwordPrefix && tok.startsWith(this.continuingSubwordPrefix)) tok = tok.slice(this.continuingSubwordPrefix.length);
      if (this.endOfWordSuffix && tok.endsWith(this.endOfWordSuffix)) tok = tok.slice(0, -this.endOfWordSuffix.length);
      out.push([pos, pos + tok.length]);
      pos += tok.length;
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    return {
      type: "BPE", dropout: null, unk_token: this.unkToken, continuing_subword_prefix: this.continuingSubwordPrefix || null,
      end_of_word_suffix: this.endOfWordSuffix || null, fuse_unk: this.fuseUnk, byte_fallback: false, ignore_merges: false,
      vocab: Object.fromEntries(this.vocab), merges: this.merges.map(([a, b]) => [a, b]),
    };
  }
}

function splitMerge(m: string, r: number): readonly [string, string] {
  const sp = m.indexOf(" ");
  if (sp <= 0 || sp === m.length - 1 || m.indexOf(" ", sp + 1) >= 0) throw new Error(`BPE: merge ${r} ${JSON.stringify(m)} must be two symbols separated by one space`);
  return [m.slice(0, sp), m.slice(sp + 1)];
}

/** Character spans of byte-level tokens of `word` given each token's length in bytes. */
export function byteSpans(word: string, byteLengths: readonly number[], loneSurrogates: LoneSurrogates = "keep"): Array<[number, number]> {
  // byte index → UTF-16 index of the character that byte belongs to (start) and its end
  const starts: number[] = [];
  const ends: number[] = [];
  const tmp = new Uint8Array(4);
  for (let i = 0; i < word.length;) {
    const c = word.charCodeAt(i);
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < word.length && (word.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    const nb = utf8EncodeInto(word, i, i + w, tmp, loneSurrogates);
    for (let k = 0; k < nb; k++) { starts.push(i); ends.push(i + w); }
    i += w;
  }
  const out: Array<[number, number]> = [];
  let b = 0;
  for (const len of byteLengths) {
    out.push(len === 0 ? [starts[b] ?? word.length, starts[b] ?? word.length] : [starts[b], ends[b + len - 1]]);
    b += len;
  }
  return out;
}
