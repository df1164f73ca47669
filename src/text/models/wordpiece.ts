/**
 * @file The WordPiece model (BERT): greedy longest-match-first over a vocabulary where pieces inside
 * a word carry the `##` prefix; a word with an unknown piece or too many characters becomes `[UNK]`.
 */
import { invertVocab, toVocabMap, WordCache, type TokenModel } from "./model.ts";

export interface WordPieceOptions {
  unkToken?: string;
  continuingSubwordPrefix?: string;
  /** Longer words (in characters) become the unk token. Default 100, as BERT. */
  maxInputCharsPerWord?: number;
}

export class WordPiece implements TokenModel {
  readonly type = "WordPiece" as const;
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly vocab: Map<string, number>;
  private readonly inverse: string[];
  private readonly unkId: number;
  private readonly cache = new WordCache(50_000);

  constructor(vocab: ReadonlyMap<string, number> | Readonly<Record<string, number>>, opts: WordPieceOptions = {}) {
    this.vocab = toVocabMap(vocab);
    this.inverse = invertVocab(this.vocab, "WordPiece");
    this.unkToken = opts.unkToken ?? "[UNK]";
    this.continuingSubwordPrefix = opts.continuingSubwordPrefix ?? "##";
    this.maxInputCharsPerWord = opts.maxInputCharsPerWord ?? 100;
    const unk = this.vocab.get(this.unkToken);
    if (unk === undefined) throw new Error(`WordPiece: the unk token ${JSON.stringify(this.unkToken)} is not in the vocabulary`);
    this.unkId = unk;
  }

  /** A WordPiece model from `vocab.txt` lines (one token per line; the line number is the id). */
  static fromVocabLines(lines: readonly string[], opts: WordPieceOptions = {}): WordPiece {
    const vocab = new Map<string, number>();
    lines.forEach((t, i) => { if (!vocab.has(t)) vocab.set(t, i); });
    return new WordPiece(vocab, opts);
  }

  get vocabSize(): number { return this.vocab.size; }
  tokenToId(token: string): number | undefined { return this.vocab.get(token); }
  idToToken(id: number): string | undefined { return this.inverse[id]; }
  getVocab(): Map<string, number> { return new Map(this.vocab); }

  tokenize(word: string): readonly number[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const ids = this.greedy(word);
    this.cache.set(word, ids);
    return ids;
  }

  private greedy(word: string): number[] {
    const chars = Array.from(word);
    if (chars.length > this.maxInputCharsPerWord) return [this.unkId];
    const ids: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const sub = (start > 0 ? this.continuingSubwordPrefix : "") + chars.slice(start, end).join("");
        found = this.vocab.get(sub);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      ids.push(found);
      start = end;
    }
    return ids;
  }

  spans(word: string, ids: readonly number[]): Array<[number, number]> {
    if (ids.length === 1 && ids[0] === this.unkId) return [[0, word.length]];
    const out: Array<[number, number]> = [];
    let pos = 0;
    ids.forEach((id, k) => {
      let tok = this.inverse[id];
      if (k > 0 && tok.startsWith(this.continuingSubwordPrefix)) tok = tok.slice(this.continuingSubwordPrefix.length);
      out.push([pos, pos + tok.length]);
      pos += tok.length;
    });
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { type: "WordPiece", unk_token: this.unkToken, continuing_subword_prefix: this.continuingSubwordPrefix, max_input_chars_per_word: this.maxInputCharsPerWord, vocab: Object.fromEntries(this.vocab) };
  }
}
