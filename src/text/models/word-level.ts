/** @file The word-level model: each piece is one token of the vocabulary, or the unk token. */
import { invertVocab, toVocabMap, type TokenModel } from "./model.ts";

export class WordLevel implements TokenModel {
  readonly type = "WordLevel" as const;
  private readonly vocab: Map<string, number>;
  private readonly inverse: string[];
  private readonly unkId: number | undefined;

  constructor(vocab: ReadonlyMap<string, number> | Readonly<Record<string, number>>, readonly unkToken: string | null = "[UNK]") {
    this.vocab = toVocabMap(vocab);
    this.inverse = invertVocab(this.vocab, "WordLevel");
    this.unkId = unkToken === null ? undefined : this.vocab.get(unkToken);
    if (unkToken !== null && this.unkId === undefined) throw new Error(`WordLevel: the unk token ${JSON.stringify(unkToken)} is not in the vocabulary`);
  }

  get vocabSize(): number { return this.vocab.size; }
  tokenToId(token: string): number | undefined { return this.vocab.get(token); }
  idToToken(id: number): string | undefined { return this.inverse[id]; }
  getVocab(): Map<string, number> { return new Map(this.vocab); }

  tokenize(word: string): readonly number[] {
    const id = this.vocab.get(word) ?? this.unkId;
    return id === undefined ? [] : [id];
  }

  spans(word: string, ids: readonly number[]): Array<[number, number]> { return ids.map((): [number, number] => [0, word.length]); }

  toJSON(): Record<string, unknown> { return { type: "WordLevel", vocab: Object.fromEntries(this.vocab), unk_token: this.unkToken }; }
}
