/** @file The interface every tokenization model (BPE, WordPiece, word level) implements. */

/** Turns one pre-tokenized word into token ids, and knows its vocabulary. */
export interface TokenModel {
  readonly type: "BPE" | "WordPiece" | "WordLevel";
  /** The ids of one word (a piece from the pre-tokenizer). */
  tokenize(word: string): readonly number[];
  /** For each id that `tokenize(word)` gave, its [start, end) in `word` (UTF-16 units). */
  spans(word: string, ids: readonly number[]): Array<[number, number]>;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  readonly vocabSize: number;
  /** The vocabulary as token → id. */
  getVocab(): Map<string, number>;
  /** The model part of a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}

/** A vocabulary map and its inverse, checked for duplicate ids. */
export function invertVocab(vocab: ReadonlyMap<string, number>, what: string): string[] {
  const inv: string[] = [];
  for (const [tok, id] of vocab) {
    if (!Number.isInteger(id) || id < 0) throw new Error(`${what}: token ${JSON.stringify(tok)} has id ${id}; ids must be integers ≥ 0`);
    if (inv[id] !== undefined) throw new Error(`${what}: id ${id} is given to both ${JSON.stringify(inv[id])} and ${JSON.stringify(tok)}`);
    inv[id] = tok;
  }
  return inv;
}

/** `vocab` as a Map, whether it came as a Map or as a plain `{ token: id }` object. */
export function toVocabMap(vocab: ReadonlyMap<string, number> | Readonly<Record<string, number>>): Map<string, number> {
  return vocab instanceof Map ? new Map(vocab) : new Map(Object.entries(vocab));
}

/** A bounded string → ids cache: cleared whole when full, which keeps memory flat on huge inputs. */
export class WordCache {
  private map = new Map<string, readonly number[]>();
  constructor(readonly capacity = 100_000) {}
  get(word: string): readonly number[] | undefined { return this.map.get(word); }
  set(word: string, ids: readonly number[]): void {
    if (this.capacity <= 0) return;
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(word, ids);
  }
  clear(): void { this.map.clear(); }
}
