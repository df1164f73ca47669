/** @file Embedding: a lookup table of vectors, initialised N(0, 1); the paddingIdx row starts at 0 and gets no gradient. */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { noGrad } from "../../core/grad-mode.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { empty } from "../tensors.ts";
import * as init from "../init.ts";
import { embedding } from "../functional/layers.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const EMBEDDING_OPTIONS = optionKeys<{ paddingIdx?: number | null }>({ paddingIdx: 1 });

/** int32 indices (any shape) → (…, embeddingDim). @example new nn.Embedding(1000, 64, { paddingIdx: 0 }) */
export class Embedding extends Module {
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: { paddingIdx?: number | null } = {}) {
    super();
    checkOptions("Embedding", opts, EMBEDDING_OPTIONS);
    const p = opts.paddingIdx ?? null;
    if (p !== null && (!Number.isInteger(p) || p < -numEmbeddings || p >= numEmbeddings)) {
      throw new RangeError(`Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings}), got ${p}`);
    }
    this.paddingIdx = p === null ? null : p < 0 ? p + numEmbeddings : p;
    this.weight = new Parameter(empty([numEmbeddings, embeddingDim]));
    this.resetParameters();
  }

  /**
   * An Embedding whose weight is `embeddings` [V, D] (storage shared, as torch's `from_pretrained`); frozen
   * (no gradient) unless `freeze: false`. The paddingIdx row keeps its values but gets no gradient.
   * @example nn.Embedding.fromPretrained(keyedVectors.toTensor(), { freeze: false })
   */
  static fromPretrained(embeddings: Tensor, opts: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    if (embeddings.shape.length !== 2) throw new RangeError(`Embedding.fromPretrained: embeddings must be 2-D [numEmbeddings, embeddingDim], got shape ${fmtShape(embeddings.shape)}`);
    if (embeddings.dtype !== "float32" && embeddings.dtype !== "float64") throw new TypeError(`Embedding.fromPretrained: embeddings must be floating point, got ${embeddings.dtype}`);
    const [n, d] = embeddings.shape;
    const emb = new Embedding(n, d, { paddingIdx: opts.paddingIdx });
    emb.weight = new Parameter(embeddings.detach(), !(opts.freeze ?? true));
    return emb;
  }

  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).zero_());
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== "int32") throw new TypeError(`Embedding(${this.numEmbeddings}, ${this.embeddingDim}): indices must have dtype int32, got ${indices.dtype} of shape ${fmtShape(indices.shape)}`);
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ""}`;
  }
}
