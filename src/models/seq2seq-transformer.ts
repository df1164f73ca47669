/**
 * @file An encoder–decoder transformer for sequence-to-sequence tasks (PyTorch's "language translation with
 * nn.Transformer" tutorial): token embeddings · √dModel + sinusoidal positions → nn.Transformer → vocabulary logits.
 */
import type { Tensor } from "../core/tensor.ts";
import { noGrad } from "../core/grad-mode.ts";
import { tensor } from "../ops/creation.ts";
import { Module } from "../nn/module.ts";
import { Embedding } from "../nn/layers/embedding.ts";
import { Linear } from "../nn/layers/linear.ts";
import { PositionalEncoding } from "../nn/layers/positional.ts";
import { Transformer } from "../nn/layers/transformer.ts";
import { beamSearch, greedyDecode, type StepFn } from "../generate/search.ts";

export interface Seq2SeqTransformerConfig {
  srcVocabSize: number;
  tgtVocabSize: number;
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  dimFeedforward?: number;
  dropout?: number;
  /** Longest source or target sequence. */
  maxLen?: number;
  /** The padding id of both vocabularies: masked out as keys, ignored by the loss. */
  padId?: number;
  normFirst?: boolean;
}

export interface TransformerTranslation { tokens: number[]; logProb: number }

export class Seq2SeqTransformer extends Module<[Tensor, Tensor], Tensor> {
  readonly config: Required<Seq2SeqTransformerConfig>;
  srcTokEmb: Embedding;
  tgtTokEmb: Embedding;
  positionalEncoding: PositionalEncoding;
  transformer: Transformer;
  generator: Linear;

  constructor(config: Seq2SeqTransformerConfig) {
    super();
    this.config = { dModel: 128, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 256, dropout: 0.1, maxLen: 128, padId: 0, normFirst: false, ...config };
    const { srcVocabSize, tgtVocabSize, dModel, dropout, maxLen } = this.config;
    this.srcTokEmb = new Embedding(srcVocabSize, dModel);
    this.tgtTokEmb = new Embedding(tgtVocabSize, dModel);
    this.positionalEncoding = new PositionalEncoding(dModel, { dropout, maxLen, batchFirst: true });
    const { srcVocabSize: _s, tgtVocabSize: _t, maxLen: _m, padId: _p, ...transformerOpts } = this.config; // the rest are nn.Transformer's options
    this.transformer = new Transformer({ ...transformerOpts, batchFirst: true });
    this.generator = new Linear(dModel, tgtVocabSize);
  }

  private embed(emb: Embedding, ids: Tensor): Tensor {
    return this.positionalEncoding.forward(emb.forward(ids).mul(Math.sqrt(this.config.dModel))); // (B, T, dModel)
  }

  /** src (B, S) int32 ids → memory (B, S, dModel) and the source padding mask (B, S), true = padding. */
  encode(src: Tensor): { memory: Tensor; srcPadding: Tensor } {
    const srcPadding = src.eq(this.config.padId); // (B, S)
    return { memory: this.transformer.encode(this.embed(this.srcTokEmb, src), { srcKeyPaddingMask: srcPadding }), srcPadding };
  }

  /** tgtIn (B, T) = <start> y₁ … over the memory → logits (B, T, tgtVocab); position t sees targets ≤ t only. */
  decode(tgtIn: Tensor, enc: { memory: Tensor; srcPadding: Tensor }): Tensor {
    const T = tgtIn.shape[1];
    const y = this.transformer.decode(this.embed(this.tgtTokEmb, tgtIn), enc.memory, {
      tgtMask: Transformer.generateSquareSubsequentMask(T), // (T, T)
      tgtKeyPaddingMask: tgtIn.eq(this.config.padId), // (B, T)
      memoryKeyPaddingMask: enc.srcPadding, // (B, S)
    });
    return this.generator.forward(y); // (B, T, V)
  }

  /** Teacher forcing: src (B, S), tgtIn (B, T) → logits (B, T, tgtVocab) for y₁ … <end>. */
  forward(src: Tensor, tgtIn: Tensor): Tensor {
    return this.decode(tgtIn, this.encode(src));
  }

  /** Translates one source sentence (ids without padding) greedily, or by beam search with beamWidth > 1. */
  translate(srcIds: number[], opts: { startId: number; endId: number; maxLength?: number; beamWidth?: number; lengthPenalty?: number }): TransformerTranslation {
    if (srcIds.length === 0) throw new RangeError("Seq2SeqTransformer.translate: the source sentence is empty");
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        const enc = this.encode(tensor([srcIds], { dtype: "int32" }));
        // The state is the prefix so far; each step re-decodes it (no key/value cache: sentences are short).
        const step: StepFn<number[]> = (token, prefix) => {
          const tokens = [...prefix, token];
          const logits = this.decode(tensor([tokens], { dtype: "int32" }), enc); // (1, t, V)
          return { logits: logits.select(1, tokens.length - 1).reshape(-1), state: tokens };
        };
        const decode = { maxLength: Math.min(opts.maxLength ?? 2 * srcIds.length + 5, this.config.maxLen - 1), endToken: opts.endId };
        const best = (opts.beamWidth ?? 1) > 1
          ? beamSearch(step, opts.startId, [], { ...decode, beamWidth: opts.beamWidth, lengthPenalty: opts.lengthPenalty })[0]
          : greedyDecode(step, opts.startId, [], decode);
        return { tokens: best.tokens, logProb: best.logProb };
      });
    } finally {
      this.train(wasTraining);
    }
  }
}
