/**
 * @file A GRU encoder–decoder with Bahdanau attention (PyTorch's "translation with a sequence to
 * sequence network and attention"): teacher-forced training, greedy and beam-search decoding.
 */
import type { Tensor } from "../core/tensor.ts";
import { tensor } from "../ops/creation.ts";
import { cat, stack } from "../ops/movement.ts";
import { noGrad } from "../core/grad-mode.ts";
import { Module } from "../nn/module.ts";
import { Embedding } from "../nn/layers/embedding.ts";
import { Dropout } from "../nn/layers/dropout.ts";
import { Linear } from "../nn/layers/linear.ts";
import { GRU } from "../nn/layers/rnn.ts";
import { GRUCell } from "../nn/layers/rnn-cells.ts";
import { packPaddedSequence, padPackedSequence, stepMask } from "../nn/layers/rnn-packed.ts";
import { BahdanauAttention } from "../nn/layers/attention-seq.ts";
import { beamSearch, greedyDecode, type StepFn } from "../generate/search.ts";

export interface Seq2SeqConfig {
  srcVocabSize: number;
  tgtVocabSize: number;
  embeddingDim?: number;
  hiddenSize?: number;
  dropout?: number;
  /** Token id of padding in both vocabularies (its embedding stays 0). Default 0. */
  padId?: number;
}

/** The encoder's view of a source batch: outputs (B, S, H), the mask of real tokens (B, S), the final state (B, H). */
export interface Encoded { outputs: Tensor; mask: Tensor; hidden: Tensor }

/** One decoded sentence with its attention weights: one row (over the source) per produced token. */
export interface Translation { tokens: number[]; attention: number[][]; logProb: number }

export class Seq2SeqGRU extends Module<[Tensor, number[], Tensor], Tensor> {
  readonly config: Required<Seq2SeqConfig>;
  srcEmbedding: Embedding;
  encoder: GRU;
  tgtEmbedding: Embedding;
  attention: BahdanauAttention;
  decoder: GRUCell;
  dropout: Dropout;
  out: Linear;

  constructor(config: Seq2SeqConfig) {
    super();
    this.config = { embeddingDim: 64, hiddenSize: 128, dropout: 0.1, padId: 0, ...config };
    const { srcVocabSize, tgtVocabSize, embeddingDim: E, hiddenSize: H, padId } = this.config;
    this.srcEmbedding = new Embedding(srcVocabSize, E, { paddingIdx: padId });
    this.encoder = new GRU(E, H, { batchFirst: true });
    this.tgtEmbedding = new Embedding(tgtVocabSize, E, { paddingIdx: padId });
    this.attention = new BahdanauAttention(H, H, H);
    this.decoder = new GRUCell(E + H, H);
    this.dropout = new Dropout(this.config.dropout);
    this.out = new Linear(H, tgtVocabSize);
  }

  /** src (B, S) int32 padded at the end, with the true lengths. */
  encode(src: Tensor, lengths: number[]): Encoded {
    const x = this.dropout.forward(this.srcEmbedding.forward(src)); // (B, S, E)
    const [packed, h] = this.encoder.forward(packPaddedSequence(x, lengths, { batchFirst: true, enforceSorted: false }));
    const [outputs] = padPackedSequence(packed, { batchFirst: true, totalLength: src.shape[1] }); // (B, S, H)
    return { outputs, mask: stepMask(lengths, src.shape[1]).T, hidden: h.index(0) };
  }

  /** One decoder step: previous tokens (B) → logits (B, V), the next hidden state (B, H), attention weights (B, S). */
  decodeStep(tokens: Tensor, hidden: Tensor, enc: Encoded): { logits: Tensor; hidden: Tensor; weights: Tensor } {
    const emb = this.dropout.forward(this.tgtEmbedding.forward(tokens)); // (B, E)
    const { context, weights } = this.attention.forward(hidden, enc.outputs, { mask: enc.mask }); // (B, H), (B, S)
    const next = this.decoder.forward(cat([emb, context], 1), hidden);
    return { logits: this.out.forward(this.dropout.forward(next)), hidden: next, weights };
  }

  /** Teacher forcing: tgtIn (B, T) = <start> y₁ … → logits (B, T, V) for y₁ … <end>. */
  forward(src: Tensor, srcLengths: number[], tgtIn: Tensor): Tensor {
    const enc = this.encode(src, srcLengths);
    let hidden = enc.hidden;
    const logits: Tensor[] = [];
    for (let t = 0; t < tgtIn.shape[1]; t++) {
      const step = this.decodeStep(tgtIn.select(1, t), hidden, enc);
      hidden = step.hidden;
      logits.push(step.logits);
    }
    return stack(logits, 1);
  }

  /** Translates one source sentence (ids without padding) greedily, or by beam search with beamWidth > 1. */
  translate(srcIds: number[], opts: { startId: number; endId: number; maxLength?: number; beamWidth?: number; lengthPenalty?: number }): Translation {
    if (srcIds.length === 0) throw new RangeError("Seq2SeqGRU.translate: the source sentence is empty");
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        const enc = this.encode(tensor([srcIds], { dtype: "int32" }), [srcIds.length]);
        type State = { hidden: Tensor; attention: number[][] };
        const step: StepFn<State> = (token, s) => {
          const r = this.decodeStep(tensor([token], { dtype: "int32" }), s.hidden, enc);
          return { logits: r.logits.reshape(-1), state: { hidden: r.hidden, attention: [...s.attention, [...r.weights.toTypedArray()]] } };
        };
        const start: State = { hidden: enc.hidden, attention: [] };
        const decode = { maxLength: opts.maxLength ?? 2 * srcIds.length + 5, endToken: opts.endId };
        const best = (opts.beamWidth ?? 1) > 1
          ? beamSearch(step, opts.startId, start, { ...decode, beamWidth: opts.beamWidth, lengthPenalty: opts.lengthPenalty })[0]
          : greedyDecode(step, opts.startId, start, decode);
        return { tokens: best.tokens, attention: best.state.attention, logProb: best.logProb };
      });
    } finally {
      this.train(wasTraining);
    }
  }
}
