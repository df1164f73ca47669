/**
 * @file Keras recurrent layers for Sequential: Embedding (maskZero), SimpleRNN, LSTM, GRU (returnSequences,
 * returnState), Bidirectional and TimeDistributed. Batch-first (N, T, F) as Keras; inside they run nn.RNN/LSTM/GRU,
 * so weights are PyTorch-shaped, and a mask from `Embedding({ maskZero: true })` makes them skip padded steps.
 */
import { Tensor } from "../../core/tensor.ts";
import { noGrad } from "../../core/grad-mode.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";
import { Embedding as NnEmbedding } from "../../nn/layers/embedding.ts";
import { GRU as NnGRU, LSTM as NnLSTM, RNN as NnRNN, type RNNBase } from "../../nn/layers/rnn.ts";
import * as init from "../../nn/init.ts";
import { Layer, type LayerOptions, type LayerShape } from "./layer.ts";

const shapeStr = (s: LayerShape): string => `(None, ${s.join(", ")})`;

/** Masks that Embedding({ maskZero }) attaches to its outputs (true at real tokens), read by the recurrent layers. */
const MASKS = new WeakMap<Tensor, Tensor>();

export interface EmbeddingOptions extends LayerOptions {
  /** Id 0 is padding: the following recurrent layer skips those steps (pre- or post-padding). */
  maskZero?: boolean;
  /** Keras's `weights=[matrix]`: start from this (inputDim, outputDim) matrix, e.g. pretrained GloVe vectors. */
  weights?: readonly [Tensor];
  /** "uniform" (U(−0.05, 0.05), Keras's default), "zeros", "ones", "normal" (N(0, 0.05)), or a function filling the (inputDim, outputDim) tensor in place. */
  embeddingsInitializer?: "uniform" | "zeros" | "ones" | "normal" | ((weight: Tensor) => void);
  /** false freezes the vectors (no gradient, the optimizer leaves them). Default true. */
  trainable?: boolean;
}
const EMBEDDING_OPTIONS = optionKeys<EmbeddingOptions>({ inputShape: 1, name: 1, maskZero: 1, weights: 1, embeddingsInitializer: 1, trainable: 1 });

/** keras.layers.Embedding: ids (N, T) → vectors (N, T, outputDim); weights ~ U(−0.05, 0.05) as Keras, or given. */
export class Embedding extends Layer {
  embedding: NnEmbedding;
  readonly maskZero: boolean;
  readonly trainable: boolean;
  constructor(readonly inputDim: number, readonly outputDim: number, opts: EmbeddingOptions = {}) {
    super(opts);
    checkOptions("Embedding", opts, EMBEDDING_OPTIONS);
    this.maskZero = opts.maskZero ?? false;
    this.trainable = opts.trainable ?? true;
    this.embedding = new NnEmbedding(inputDim, outputDim);
    const w = this.embedding.weight;
    if (opts.weights !== undefined) {
      const m = Array.isArray(opts.weights) && opts.weights.length === 1 ? opts.weights[0] : undefined;
      if (!(m instanceof Tensor) || m.ndim !== 2 || m.shape[0] !== inputDim || m.shape[1] !== outputDim) {
        throw new RangeError(`Embedding: weights must be [matrix] with one (inputDim, outputDim) = (${inputDim}, ${outputDim}) tensor, got ${m instanceof Tensor ? `shape [${m.shape.join(", ")}]` : JSON.stringify(typeof opts.weights)}`);
      }
      noGrad(() => w.copy_(m));
    } else {
      const fill = opts.embeddingsInitializer ?? "uniform";
      if (typeof fill === "function") noGrad(() => fill(w));
      else if (fill === "uniform") init.uniform_(w, -0.05, 0.05);
      else if (fill === "normal") init.normal_(w, 0, 0.05);
      else if (fill === "zeros") init.zeros_(w);
      else if (fill === "ones") init.constant_(w, 1);
      else throw new RangeError(`Embedding: embeddingsInitializer must be "uniform", "zeros", "ones", "normal" or a function, got ${JSON.stringify(fill)}`);
    }
    if (!this.trainable) w.requiresGrad = false;
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    return [...shape, this.outputDim];
  }
  protected call([ids]: Tensor[]): Tensor {
    const idx = ids.dtype === "int32" ? ids : ids.to("int32");
    const out = this.embedding.forward(idx);
    if (this.maskZero) MASKS.set(out, idx.ne(0));
    return out;
  }
  getConfig(): Record<string, unknown> {
    return { inputDim: this.inputDim, outputDim: this.outputDim, maskZero: this.maskZero, trainable: this.trainable };
  }
}

export interface RecurrentOptions extends LayerOptions {
  /** Output the whole sequence (N, T, units) instead of the last output (N, units). Default false. */
  returnSequences?: boolean;
  /** Keep the final states: `callWithState` returns them; `states` holds those of the last call. Default false. */
  returnState?: boolean;
}

type Kind = "SimpleRNN" | "LSTM" | "GRU";
const LAYER_OPTIONS = optionKeys<LayerOptions>({ inputShape: 1, name: 1 });
const RECURRENT_OPTIONS = optionKeys<RecurrentOptions>({ inputShape: 1, name: 1, returnSequences: 1, returnState: 1 });
const BIDIRECTIONAL_OPTIONS = optionKeys<LayerOptions & { mergeMode?: "concat" }>({ inputShape: 1, name: 1, mergeMode: 1 });

/** Shared by SimpleRNN, LSTM and GRU (and used by Bidirectional with two directions). */
abstract class Recurrent extends Layer {
  rnn: RNNBase<Tensor | [Tensor, Tensor]> | null = null;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  /** The final states of the last call (h, or h and c for LSTM), each (N, units). */
  states: Tensor[] = [];
  protected abstract readonly recurrentKind: Kind;
  /** Two directions (set by Bidirectional). */
  bidirectional = false;

  constructor(readonly units: number, opts: RecurrentOptions = {}) {
    super(opts);
    checkOptions(new.target.name, opts, RECURRENT_OPTIONS);
    if (!Number.isInteger(units) || units < 1) throw new RangeError(`${this.constructor.name}: units must be a positive integer, got ${units}`);
    this.returnSequences = opts.returnSequences ?? false;
    this.returnState = opts.returnState ?? false;
  }
  get #label(): string {
    return `${this.constructor.name} "${this.name ?? this.kind}"`;
  }
  protected override build([shape]: LayerShape[]): void {
    this.computeOutputShape([shape]);
    const opts = { batchFirst: true, bidirectional: this.bidirectional };
    const F = shape[1];
    this.rnn = (this.recurrentKind === "LSTM" ? new NnLSTM(F, this.units, opts) : this.recurrentKind === "GRU" ? new NnGRU(F, this.units, opts) : new NnRNN(F, this.units, opts)) as RNNBase<Tensor | [Tensor, Tensor]>;
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    if (shape?.length !== 2) throw new RangeError(`${this.#label}: expects sequences (timesteps, features) per sample, batch first: inputs (N, T, F); got ${shapeStr(shape ?? [])}`);
    if (this.rnn && shape[1] !== this.rnn.inputSize) throw new RangeError(`${this.#label}: built for ${this.rnn.inputSize} features per step, got inputs of shape ${shapeStr(shape)}`);
    const width = this.units * (this.bidirectional ? 2 : 1);
    return this.returnSequences ? [shape[0], width] : [width];
  }
  /** The output and the final states [h] or [h, c] (each (N, units), both directions concatenated). */
  callWithState(x: Tensor, initialState?: Tensor[]): Tensor[] {
    this.ensureBuilt([x.shape.slice(1)]);
    const rnn = this.rnn!;
    const mask = MASKS.get(x);
    const hx = initialState ? (this.recurrentKind === "LSTM" ? [initialState[0].unsqueeze(0), initialState[1].unsqueeze(0)] : initialState[0].unsqueeze(0)) as Tensor | [Tensor, Tensor] : undefined;
    const [y, fin] = mask ? rnn.forwardMasked(x, mask, hx) : rnn.forward(x, hx); // y (N, T, dirs·units)
    // final states (dirs, N, units) → (N, dirs·units), forward direction first as Keras's Bidirectional
    const states = (Array.isArray(fin) ? fin : [fin]).map((s) => (s.shape[0] === 1 ? s.index(0) : s.permute(1, 0, 2).reshape(s.shape[1], -1)));
    this.states = states;
    return [this.returnSequences ? y : states[0], ...states];
  }
  protected call([x]: Tensor[]): Tensor {
    return this.callWithState(x)[0];
  }
  getConfig(): Record<string, unknown> {
    return { units: this.units, returnSequences: this.returnSequences, returnState: this.returnState };
  }
}

/** keras.layers.SimpleRNN (tanh). */
export class SimpleRNN extends Recurrent {
  protected readonly recurrentKind = "SimpleRNN";
}
/** keras.layers.LSTM: gates i, f, g(c), o as Keras and PyTorch. @example new LSTM(64, { returnSequences: true }) */
export class LSTM extends Recurrent {
  protected readonly recurrentKind = "LSTM";
}
/** keras.layers.GRU with reset_after = true (TensorFlow 2's default), the formulation of PyTorch's GRU. */
export class GRU extends Recurrent {
  protected readonly recurrentKind = "GRU";
}

/** keras.layers.Bidirectional(LSTM(…)): both directions, outputs concatenated (mergeMode "concat", the default only). */
export class Bidirectional extends Layer {
  constructor(readonly layer: SimpleRNN | LSTM | GRU, opts: LayerOptions & { mergeMode?: "concat" } = {}) {
    super({ inputShape: opts.inputShape ?? layer.inputShape, name: opts.name });
    checkOptions("Bidirectional", opts, BIDIRECTIONAL_OPTIONS);
    if (!(layer instanceof Recurrent)) throw new TypeError("Bidirectional: expects a SimpleRNN, LSTM or GRU layer");
    if ((opts.mergeMode ?? "concat") !== "concat") throw new RangeError(`Bidirectional: only mergeMode "concat" is supported, got ${JSON.stringify(opts.mergeMode)}`);
    if (layer.built) throw new RangeError("Bidirectional: wrap a fresh layer (this one is already built)");
    layer.bidirectional = true;
  }
  computeOutputShape(shapes: LayerShape[]): LayerShape {
    return this.layer.computeOutputShape(shapes);
  }
  protected override build(shapes: LayerShape[]): void {
    this.layer.ensureBuilt(shapes);
  }
  protected call([x]: Tensor[]): Tensor {
    return this.layer.forward(x);
  }
  getConfig(): Record<string, unknown> {
    return { layer: { class: this.layer.constructor.name, config: this.layer.getConfig() } };
  }
}

/** keras.layers.TimeDistributed(Dense(…)): applies a layer to every time step: (N, T, …) → (N, T, …out). */
export class TimeDistributed extends Layer {
  constructor(readonly layer: Layer, opts: LayerOptions = {}) {
    super(opts);
    checkOptions("TimeDistributed", opts, LAYER_OPTIONS);
    if (!(layer instanceof Layer)) throw new TypeError("TimeDistributed: expects a Keras layer");
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    if (!shape || shape.length < 2) throw new RangeError(`TimeDistributed: expects inputs (N, T, …) with a time dim, got ${shapeStr(shape ?? [])}`);
    return [shape[0], ...this.layer.computeOutputShape([shape.slice(1)])];
  }
  protected override build([shape]: LayerShape[]): void {
    this.layer.ensureBuilt([shape.slice(1)]);
  }
  protected call([x]: Tensor[]): Tensor {
    const [N, T] = x.shape;
    const y = this.layer.forward(x.reshape(N * T, ...x.shape.slice(2)));
    return y.reshape(N, T, ...y.shape.slice(1));
  }
  getConfig(): Record<string, unknown> {
    return { layer: { class: this.layer.constructor.name, config: this.layer.getConfig() } };
  }
}

/** The classes of this file by name, for loadModel(). */
export const RECURRENT_LAYER_CLASSES: Record<string, (config: Record<string, unknown>, name: string) => Layer> = {
  Embedding: (c, name) => new Embedding(c.inputDim as number, c.outputDim as number, { maskZero: c.maskZero as boolean, trainable: (c.trainable as boolean | undefined) ?? true, name }),
  SimpleRNN: (c, name) => new SimpleRNN(c.units as number, { returnSequences: c.returnSequences as boolean, returnState: c.returnState as boolean, name }),
  LSTM: (c, name) => new LSTM(c.units as number, { returnSequences: c.returnSequences as boolean, returnState: c.returnState as boolean, name }),
  GRU: (c, name) => new GRU(c.units as number, { returnSequences: c.returnSequences as boolean, returnState: c.returnState as boolean, name }),
};
