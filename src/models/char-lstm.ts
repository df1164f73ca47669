/**
 * @file A character-level language model: Embedding → stacked LSTMs with dropout between them →
 * Linear to logits over the characters; with its character vocabulary and seeded text generation.
 */
import type { Tensor } from "../core/tensor.ts";
import { tensor } from "../ops/creation.ts";
import { noGrad } from "../core/grad-mode.ts";
import { Module } from "../nn/module.ts";
import { Embedding } from "../nn/layers/embedding.ts";
import { Dropout } from "../nn/layers/dropout.ts";
import { Linear } from "../nn/layers/linear.ts";
import { LSTM } from "../nn/layers/rnn.ts";
import { sampleSequence } from "../generate/search.ts";
import type { SamplingOptions } from "../generate/sampling.ts";

/** The sorted set of characters of a text; id i is chars[i]. */
export class CharVocab {
  readonly chars: readonly string[];
  readonly #index: Map<string, number>;
  constructor(chars: Iterable<string>) {
    this.chars = Object.freeze([...new Set(chars)].sort());
    this.#index = new Map(this.chars.map((c, i) => [c, i]));
  }
  static fromText(text: string): CharVocab {
    return new CharVocab(text);
  }
  get size(): number {
    return this.chars.length;
  }
  /** Ids of the characters of text; an unknown character is an error that names it and where it is. */
  encode(text: string, what = "text"): number[] {
    return [...text].map((c, i) => {
      const id = this.#index.get(c);
      if (id === undefined) {
        const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        throw new RangeError(`CharVocab: unknown character ${JSON.stringify(c)} (${code}) at position ${i} of the ${what}; the vocabulary has ${this.size} characters`);
      }
      return id;
    });
  }
  decode(ids: Iterable<number>): string {
    return Array.from(ids, (i) => this.chars[i] ?? "").join("");
  }
}

export interface CharLSTMConfig {
  vocabSize: number;
  embeddingDim?: number;
  hiddenSize?: number;
  numLayers?: number;
  /** Dropout between the LSTM layers and before the output layer. */
  dropout?: number;
}

export type LSTMState = [Tensor, Tensor];

/** ids (B, T) → logits (B, T, V) and the LSTM state, which generation carries from step to step. */
export class CharLSTM extends Module<[Tensor, LSTMState?], [Tensor, LSTMState]> {
  readonly config: Required<CharLSTMConfig>;
  embedding: Embedding;
  lstm: LSTM;
  dropout: Dropout;
  head: Linear;

  constructor(config: CharLSTMConfig) {
    super();
    this.config = { embeddingDim: 64, hiddenSize: 256, numLayers: 2, dropout: 0.2, ...config };
    const c = this.config;
    this.embedding = new Embedding(c.vocabSize, c.embeddingDim);
    this.lstm = new LSTM(c.embeddingDim, c.hiddenSize, { numLayers: c.numLayers, dropout: c.dropout, batchFirst: true });
    this.dropout = new Dropout(c.dropout);
    this.head = new Linear(c.hiddenSize, c.vocabSize);
  }

  forward(ids: Tensor, state?: LSTMState): [Tensor, LSTMState] {
    const [h, next] = this.lstm.forward(this.embedding.forward(ids), state); // (B, T, H)
    return [this.head.forward(this.dropout.forward(h)), next];
  }

  /**
   * Continues `prompt` by `length` characters sampled with temperature / top-k / top-p (in eval mode).
   * @example model.generate(vocab, "Call me ", { length: 200, temperature: 0.8, generator: new lw.Generator(1) })
   */
  generate(vocab: CharVocab, prompt: string, opts: SamplingOptions & { length: number }): string {
    if (prompt.length === 0) throw new RangeError("CharLSTM.generate: the prompt is empty; give at least one character to start from");
    if (vocab.size !== this.config.vocabSize) throw new RangeError(`CharLSTM.generate: the vocabulary has ${vocab.size} characters, the model ${this.config.vocabSize}`);
    const ids = vocab.encode(prompt, "prompt");
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        const [, state] = ids.length > 1 ? this.forward(tensor([ids.slice(0, -1)], { dtype: "int32" })) : [null, undefined];
        const step = (token: number, s: LSTMState | undefined) => {
          const [logits, next] = this.forward(tensor([[token]], { dtype: "int32" }), s);
          return { logits: logits.reshape(-1), state: next as LSTMState | undefined };
        };
        const out = sampleSequence(step, ids[ids.length - 1], state, { ...opts, maxLength: opts.length });
        return prompt + vocab.decode(out.tokens);
      });
    } finally {
      this.train(wasTraining);
    }
  }
}
