/** @file Keras layers: Dense, Dropout, Flatten, Activation, and the merge layers Add and Concatenate. */
import type { Tensor } from "../../core/tensor.ts";
import { zeros } from "../../ops/creation.ts";
import { cat } from "../../ops/movement.ts";
import { Parameter } from "../../nn/parameter.ts";
import { dropout, linear } from "../../nn/functional/layers.ts";
import * as init from "../../nn/init.ts";
import { getActivation } from "./activations.ts";
import { Layer, type LayerOptions, type LayerShape } from "./layer.ts";
import { CONV_LAYER_CLASSES } from "./conv.ts";
import { RECURRENT_LAYER_CLASSES } from "./recurrent.ts";
import { ATTENTION_LAYER_CLASSES } from "./attention.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

export { MultiHeadAttention, LayerNormalization, type MultiHeadAttentionOptions, type MultiHeadAttentionCallOptions, type LayerNormalizationOptions } from "./attention.ts";
export { Embedding, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, type EmbeddingOptions, type RecurrentOptions } from "./recurrent.ts";
export { Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, type Conv2DOptions, type Pooling2DOptions } from "./conv.ts";

type ActivationSpec = string | ((x: Tensor) => Tensor) | null;
const shapeStr = (s: LayerShape): string => `(None, ${s.join(", ")})`;

export interface DenseOptions extends LayerOptions {
  /** "relu", "softmax", … (default: none, linear). */
  activation?: ActivationSpec;
  useBias?: boolean;
}
const LAYER_OPTIONS = optionKeys<LayerOptions>({ inputShape: 1, name: 1 });
const DENSE_OPTIONS = optionKeys<DenseOptions>({ inputShape: 1, name: 1, activation: 1, useBias: 1 });

/** A fully connected layer: activation(x Wᵀ + b); W is stored (units, inputDim) as PyTorch's Linear, Glorot-uniform initialised, b zeros (Keras's defaults). */
export class Dense extends Layer {
  weight: Parameter | null = null;
  bias: Parameter | null = null;
  readonly activation: (x: Tensor) => Tensor;
  readonly activationName: string;
  readonly useBias: boolean;

  constructor(readonly units: number, opts: DenseOptions = {}) {
    super(opts);
    checkOptions("Dense", opts, DENSE_OPTIONS);
    if (!Number.isInteger(units) || units < 1) throw new RangeError(`Dense: units must be a positive integer, got ${units}`);
    this.activation = getActivation(opts.activation, "Dense");
    this.activationName = typeof opts.activation === "string" ? opts.activation : opts.activation ? "custom" : "linear";
    this.useBias = opts.useBias ?? true;
  }
  protected override build([shape]: LayerShape[]): void {
    const inDim = shape[shape.length - 1];
    this.weight = new Parameter(init.xavierUniform_(zeros([this.units, inDim])));
    if (this.useBias) this.bias = new Parameter(zeros([this.units]));
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    if (!shape?.length) throw new RangeError(`Dense${this.name ? ` "${this.name}"` : ""}: needs inputs with a feature dim, got shape ${shapeStr(shape ?? [])}`);
    if (this.weight && shape[shape.length - 1] !== this.weight.shape[1]) {
      throw new RangeError(`Dense "${this.name ?? "dense"}": built for ${this.weight.shape[1]} input features, got inputs of shape ${shapeStr(shape)}`);
    }
    return [...shape.slice(0, -1), this.units];
  }
  protected call([x]: Tensor[]): Tensor {
    const last = x.shape[x.ndim - 1];
    if (last !== this.weight!.shape[1]) throw new RangeError(`Dense "${this.name ?? "dense"}": expected ${this.weight!.shape[1]} input features, got inputs of shape [${x.shape.join(", ")}]`);
    return this.activation(linear(x, this.weight!, this.bias));
  }
  getConfig(): Record<string, unknown> {
    return { units: this.units, activation: this.activationName, useBias: this.useBias };
  }
}

/** Zeroes a fraction `rate` of the inputs while training (scaled by 1/(1−rate)); identity in evaluation. */
export class Dropout extends Layer {
  constructor(readonly rate: number, opts: LayerOptions = {}) {
    super(opts);
    checkOptions("Dropout", opts, LAYER_OPTIONS);
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`Dropout: rate must be in [0, 1), got ${rate}`);
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    return shape;
  }
  protected call([x]: Tensor[]): Tensor {
    return dropout(x, this.rate, { training: this.training });
  }
  getConfig(): Record<string, unknown> {
    return { rate: this.rate };
  }
}

/** Flattens each sample to one dim: (N, 28, 28) → (N, 784). */
export class Flatten extends Layer {
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    return [shape.reduce((a, b) => a * b, 1)];
  }
  protected call([x]: Tensor[]): Tensor {
    return x.ndim <= 2 ? x : x.flatten(1);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** An activation as a layer: `new Activation("relu")`. */
export class Activation extends Layer {
  readonly fn: (x: Tensor) => Tensor;
  constructor(readonly activation: string, opts: LayerOptions = {}) {
    super(opts);
    checkOptions("Activation", opts, LAYER_OPTIONS);
    this.fn = getActivation(activation, "Activation");
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    return shape;
  }
  protected call([x]: Tensor[]): Tensor {
    return this.fn(x);
  }
  getConfig(): Record<string, unknown> {
    return { activation: this.activation };
  }
}

/** Element-wise sum of inputs of one shape (functional API). */
export class Add extends Layer {
  computeOutputShape(shapes: LayerShape[]): LayerShape {
    if (shapes.length < 2 || shapes.some((s) => s.join() !== shapes[0].join())) throw new RangeError(`Add: needs two or more inputs of one shape, got ${shapes.map(shapeStr).join(", ")}`);
    return shapes[0];
  }
  protected call(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((a, b) => a.add(b), inputs[0]);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Joins inputs along the last axis (functional API). */
export class Concatenate extends Layer {
  computeOutputShape(shapes: LayerShape[]): LayerShape {
    if (shapes.length < 2 || shapes.some((s) => s.length !== shapes[0].length || s.slice(0, -1).join() !== shapes[0].slice(0, -1).join())) {
      throw new RangeError(`Concatenate: inputs must agree on every dim but the last, got ${shapes.map(shapeStr).join(", ")}`);
    }
    return [...shapes[0].slice(0, -1), shapes.reduce((a, s) => a + s[s.length - 1], 0)];
  }
  protected call(inputs: Tensor[]): Tensor {
    return cat(inputs, -1);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** The layer classes by name, for loadModel(). */
export const LAYER_CLASSES: Record<string, (config: Record<string, unknown>, name: string) => Layer> = {
  Dense: (c, name) => new Dense(c.units as number, { activation: c.activation as string, useBias: c.useBias as boolean, name }),
  Dropout: (c, name) => new Dropout(c.rate as number, { name }),
  Flatten: (_c, name) => new Flatten({ name }),
  Activation: (c, name) => new Activation(c.activation as string, { name }),
  Add: (_c, name) => new Add({ name }),
  Concatenate: (_c, name) => new Concatenate({ name }),
  ...CONV_LAYER_CLASSES,
  ...RECURRENT_LAYER_CLASSES,
  ...ATTENTION_LAYER_CLASSES,
};
