/**
 * @file nn.TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder and nn.Transformer
 * as in torch.nn (post-norm by default, pre-norm with normFirst), with PyTorch's state-dict keys and masks.
 */
import type { Tensor } from "../../core/tensor.ts";
import { full } from "../../ops/creation.ts";
import { gelu, relu } from "../../ops/elementwise.ts";
import { Module } from "../module.ts";
import { ModuleList } from "../containers.ts";
import * as init from "../init.ts";
import { MultiheadAttention } from "./attention.ts";
import { Dropout } from "./dropout.ts";
import { Linear } from "./linear.ts";
import { LayerNorm } from "./normalization.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const LAYER_OPTION_KEYS = { dimFeedforward: 1, dropout: 1, activation: 1, layerNormEps: 1, batchFirst: 1, normFirst: 1, bias: 1 } as const;
const LAYER_OPTIONS = optionKeys<TransformerLayerOptions>(LAYER_OPTION_KEYS);
const NORM_OPTIONS = optionKeys<{ norm?: unknown }>({ norm: 1 });
const TRANSFORMER_OPTIONS = optionKeys<TransformerOptions>({ ...LAYER_OPTION_KEYS, dModel: 1, nhead: 1, numEncoderLayers: 1, numDecoderLayers: 1, customEncoder: 1, customDecoder: 1 });

export type TransformerActivation = "relu" | "gelu" | ((x: Tensor) => Tensor);

export interface TransformerLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: TransformerActivation;
  layerNormEps?: number;
  /** Inputs (N, T, E) instead of (T, N, E). */
  batchFirst?: boolean;
  /** Pre-norm (x + f(norm(x))) instead of PyTorch's default post-norm (norm(x + f(x))). */
  normFirst?: boolean;
  bias?: boolean;
}

export interface EncoderLayerForwardOptions {
  /** (T, T) or (N·nhead, T, T): bool true = not allowed, or float added (see Transformer.generateSquareSubsequentMask). */
  srcMask?: Tensor | null;
  /** (N, T): true = padding. */
  srcKeyPaddingMask?: Tensor | null;
  isCausal?: boolean;
}

export interface DecoderLayerForwardOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
  tgtIsCausal?: boolean;
  memoryIsCausal?: boolean;
}

const activationFn = (a: TransformerActivation = "relu"): ((x: Tensor) => Tensor) =>
  a === "relu" ? relu : a === "gelu" ? (x: Tensor) => gelu(x) : a;

/** The feed-forward block shared by both layers: linear1 → activation → dropout → linear2. */
abstract class TransformerLayerBase<In extends unknown[]> extends Module<In, Tensor> {
  // Declared only: the subclasses assign the sub-modules in PyTorch's order (attention first), which the state dict keeps.
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  readonly normFirst: boolean;
  readonly activation: (x: Tensor) => Tensor;

  constructor(readonly dModel: number, readonly nhead: number, readonly options: TransformerLayerOptions) {
    super();
    this.normFirst = options.normFirst ?? false;
    this.activation = activationFn(options.activation);
  }

  protected buildFeedForward(): void {
    const ff = this.options.dimFeedforward ?? 2048, bias = this.options.bias ?? true;
    this.linear1 = new Linear(this.dModel, ff, { bias });
    this.dropout = new Dropout(this.options.dropout ?? 0.1);
    this.linear2 = new Linear(ff, this.dModel, { bias });
  }

  protected attention(): MultiheadAttention {
    const { dropout = 0.1, batchFirst = false, bias = true } = this.options;
    return new MultiheadAttention(this.dModel, this.nhead, { dropout, batchFirst, bias });
  }
  protected norm(): LayerNorm {
    return new LayerNorm(this.dModel, { eps: this.options.layerNormEps ?? 1e-5, bias: this.options.bias ?? true });
  }
  protected feedForward(x: Tensor): Tensor {
    return this.linear2.forward(this.dropout.forward(this.activation(this.linear1.forward(x))));
  }
  /** A fresh layer of the same configuration with a copy of this one's weights (PyTorch's deepcopy in _get_clones). */
  clone(): this {
    const Ctor = this.constructor as new (d: number, h: number, o: TransformerLayerOptions) => this;
    const copy = new Ctor(this.dModel, this.nhead, this.options);
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }
  override extraRepr(): string {
    return `dModel=${this.dModel}, nhead=${this.nhead}, dimFeedforward=${this.linear1.outFeatures}, normFirst=${this.normFirst}`;
  }
}

/** Self-attention + feed-forward: src (T, N, E), or (N, T, E) with batchFirst → same shape. */
export class TransformerEncoderLayer extends TransformerLayerBase<[Tensor, EncoderLayerForwardOptions?]> {
  declare selfAttn: MultiheadAttention;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;

  constructor(dModel: number, nhead: number, opts: TransformerLayerOptions = {}) {
    super(dModel, nhead, opts);
    checkOptions("TransformerEncoderLayer", opts, LAYER_OPTIONS);
    this.selfAttn = this.attention();
    this.buildFeedForward();
    this.norm1 = this.norm();
    this.norm2 = this.norm();
    this.dropout1 = new Dropout(opts.dropout ?? 0.1);
    this.dropout2 = new Dropout(opts.dropout ?? 0.1);
  }

  private selfAttention(x: Tensor, o: EncoderLayerForwardOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, needWeights: false });
    return this.dropout1.forward(y);
  }

  forward(src: Tensor, opts: EncoderLayerForwardOptions = {}): Tensor {
    let x = src;
    if (this.normFirst) {
      x = x.add(this.selfAttention(this.norm1.forward(x), opts));
      return x.add(this.dropout2.forward(this.feedForward(this.norm2.forward(x))));
    }
    x = this.norm1.forward(x.add(this.selfAttention(x, opts)));
    return this.norm2.forward(x.add(this.dropout2.forward(this.feedForward(x))));
  }
}

/** Masked self-attention, cross-attention over memory, feed-forward: tgt (T, N, E), memory (S, N, E) → (T, N, E). */
export class TransformerDecoderLayer extends TransformerLayerBase<[Tensor, Tensor, DecoderLayerForwardOptions?]> {
  declare selfAttn: MultiheadAttention;
  declare multiheadAttn: MultiheadAttention;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;

  constructor(dModel: number, nhead: number, opts: TransformerLayerOptions = {}) {
    super(dModel, nhead, opts);
    checkOptions("TransformerDecoderLayer", opts, LAYER_OPTIONS);
    this.selfAttn = this.attention();
    this.multiheadAttn = this.attention();
    this.buildFeedForward();
    this.norm1 = this.norm();
    this.norm2 = this.norm();
    this.norm3 = this.norm();
    this.dropout1 = new Dropout(opts.dropout ?? 0.1);
    this.dropout2 = new Dropout(opts.dropout ?? 0.1);
    this.dropout3 = new Dropout(opts.dropout ?? 0.1);
  }

  private selfAttention(x: Tensor, o: DecoderLayerForwardOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.tgtMask, keyPaddingMask: o.tgtKeyPaddingMask, isCausal: o.tgtIsCausal, needWeights: false });
    return this.dropout1.forward(y);
  }
  private crossAttention(x: Tensor, mem: Tensor, o: DecoderLayerForwardOptions): Tensor {
    const [y] = this.multiheadAttn.forward(x, mem, mem, { attnMask: o.memoryMask, keyPaddingMask: o.memoryKeyPaddingMask, isCausal: o.memoryIsCausal, needWeights: false });
    return this.dropout2.forward(y);
  }

  forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerForwardOptions = {}): Tensor {
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.selfAttention(this.norm1.forward(x), opts));
      x = x.add(this.crossAttention(this.norm2.forward(x), memory, opts));
      return x.add(this.dropout3.forward(this.feedForward(this.norm3.forward(x))));
    }
    x = this.norm1.forward(x.add(this.selfAttention(x, opts)));
    x = this.norm2.forward(x.add(this.crossAttention(x, memory, opts)));
    return this.norm3.forward(x.add(this.dropout3.forward(this.feedForward(x))));
  }
}

/** numLayers copies of an encoder layer (keys `layers.0.…`), then an optional final norm (`norm.…`). */
export class TransformerEncoder extends Module<[Tensor, { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean }?]> {
  layers: ModuleList<TransformerEncoderLayer>;
  norm: LayerNorm | null;
  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    checkOptions("TransformerEncoder", opts, NORM_OPTIONS);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.norm = opts.norm ?? null;
  }
  forward(src: Tensor, opts: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = layer.forward(x, { srcMask: opts.mask, srcKeyPaddingMask: opts.srcKeyPaddingMask, isCausal: opts.isCausal });
    return this.norm ? this.norm.forward(x) : x;
  }
}

/** numLayers copies of a decoder layer (keys `layers.0.…`), then an optional final norm (`norm.…`). */
export class TransformerDecoder extends Module<[Tensor, Tensor, DecoderLayerForwardOptions?]> {
  layers: ModuleList<TransformerDecoderLayer>;
  norm: LayerNorm | null;
  constructor(decoderLayer: TransformerDecoderLayer, readonly numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    checkOptions("TransformerDecoder", opts, NORM_OPTIONS);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.norm = opts.norm ?? null;
  }
  forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerForwardOptions = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = layer.forward(x, memory, opts);
    return this.norm ? this.norm.forward(x) : x;
  }
}

export interface TransformerOptions extends TransformerLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: TransformerEncoder;
  customDecoder?: TransformerDecoder;
}

export interface TransformerForwardOptions extends DecoderLayerForwardOptions {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  srcIsCausal?: boolean;
}

/**
 * torch.nn.Transformer: an encoder (with final norm) over src and a decoder (with final norm) over tgt and
 * the encoder's memory. src (S, N, E), tgt (T, N, E) (batch first with batchFirst) → (T, N, E).
 * @example new nn.Transformer({ dModel: 32, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, batchFirst: true })
 */
export class Transformer extends Module<[Tensor, Tensor, TransformerForwardOptions?]> {
  encoder: TransformerEncoder;
  decoder: TransformerDecoder;
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;

  constructor(opts: TransformerOptions = {}) {
    super();
    checkOptions("Transformer", opts, TRANSFORMER_OPTIONS);
    const { dModel = 512, nhead = 8, numEncoderLayers = 6, numDecoderLayers = 6, layerNormEps = 1e-5 } = opts;
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = opts.batchFirst ?? false;
    const norm = () => new LayerNorm(dModel, { eps: layerNormEps, bias: opts.bias ?? true });
    const { dModel: _d, nhead: _h, numEncoderLayers: _e, numDecoderLayers: _n, customEncoder: _ce, customDecoder: _cd, ...layerOpts } = opts;
    this.encoder = opts.customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, layerOpts), numEncoderLayers, { norm: norm() });
    this.decoder = opts.customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, layerOpts), numDecoderLayers, { norm: norm() });
    for (const p of this.parameters()) if (p.ndim > 1) init.xavierUniform_(p); // PyTorch's _reset_parameters
  }

  /** (sz, sz) float mask: 0 on and below the diagonal, −∞ above (position i may not see j > i). */
  static generateSquareSubsequentMask(sz: number): Tensor {
    return full([sz, sz], -Infinity).triu(1);
  }

  forward(src: Tensor, tgt: Tensor, opts: TransformerForwardOptions = {}): Tensor {
    const b = this.batchFirst ? 0 : 1;
    if (src.ndim === 3 && tgt.ndim === 3 && src.shape[b] !== tgt.shape[b]) throw new RangeError(`Transformer: the batch size of src (${src.shape[b]}) and tgt (${tgt.shape[b]}) must be equal`);
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new RangeError(`Transformer: the feature size of src and tgt must be dModel = ${this.dModel}, got ${src.shape[src.ndim - 1]} and ${tgt.shape[tgt.ndim - 1]}`);
    }
    const memory = this.encode(src, opts);
    return this.decode(tgt, memory, opts);
  }

  /** The encoder's memory of src. */
  encode(src: Tensor, opts: Pick<TransformerForwardOptions, "srcMask" | "srcKeyPaddingMask" | "srcIsCausal"> = {}): Tensor {
    return this.encoder.forward(src, { mask: opts.srcMask, srcKeyPaddingMask: opts.srcKeyPaddingMask, isCausal: opts.srcIsCausal });
  }
  /** The decoder's output for tgt over memory. */
  decode(tgt: Tensor, memory: Tensor, opts: DecoderLayerForwardOptions = {}): Tensor {
    return this.decoder.forward(tgt, memory, opts);
  }
}
