/**
 * @file The Keras Layer base: an nn.Module built lazily from the shape of its first input (or its
 * `inputShape`), with an output-shape rule, a config for saving, and `apply` on symbolic KerasTensors
 * for the functional API (`Input` → layers → `Model({ inputs, outputs })`).
 */
import { Tensor } from "../../core/tensor.ts";
import { Module, type AnyModule } from "../../nn/module.ts";

/** A shape without the batch dim, e.g. [784] or [1, 28, 28]. */
export type LayerShape = readonly number[];

export interface LayerOptions {
  /** The input shape without the batch dim; given on the first layer of a Sequential, it builds the model at once. */
  inputShape?: LayerShape;
  /** The layer's name in summaries and state dicts (default: its kind, numbered: dense, dense_1, …). */
  name?: string;
}

/** A symbolic tensor of the functional API: a shape and the layer call that produces it. */
export class KerasTensor {
  constructor(readonly shape: LayerShape, readonly layer: Layer, readonly inputs: KerasTensor[]) {}
}

export abstract class Layer extends Module<Tensor[], Tensor> {
  /** Set when the layer joins a model (unique there). */
  name: string | undefined;
  readonly inputShape: LayerShape | undefined;
  built = false;
  /** The input shape(s) it was built with. */
  builtShapes: LayerShape[] = [];

  constructor(opts: LayerOptions = {}) {
    super();
    if (opts.inputShape !== undefined && (!Array.isArray(opts.inputShape) || opts.inputShape.some((d) => !Number.isInteger(d) || d < 1))) {
      throw new RangeError(`${this.constructor.name}: inputShape must be a list of positive integers without the batch dim, e.g. [784]; got ${JSON.stringify(opts.inputShape)}`);
    }
    this.inputShape = opts.inputShape;
    this.name = opts.name;
  }

  /** The snake_case base of automatic names ("dense" for Dense). */
  get kind(): string {
    return this.constructor.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  }

  /** Creates the weights for inputs of these shapes (no batch dim). */
  protected build(_shapes: LayerShape[]): void {}
  /** The output shape (no batch dim) for these input shapes. */
  abstract computeOutputShape(shapes: LayerShape[]): LayerShape;
  /** The layer's computation, once built. */
  protected abstract call(inputs: Tensor[]): Tensor;
  /** The constructor arguments, for model.save() / loadModel(). */
  abstract getConfig(): Record<string, unknown>;

  /** Builds the layer once for these input shapes; returns the output shape. */
  ensureBuilt(shapes: LayerShape[]): LayerShape {
    if (!this.built) {
      this.build(shapes);
      this.built = true;
      this.builtShapes = shapes.map((s) => [...s]);
    }
    return this.computeOutputShape(shapes);
  }

  forward(...inputs: Tensor[]): Tensor {
    this.ensureBuilt(inputs.map((x) => x.shape.slice(1)));
    return this.call(inputs);
  }

  /**
   * Functional API (as TF.js): connect this layer to symbolic inputs, `new Dense(10).apply(x)`. Real
   * tensors are run through it; a function is nn.Module's apply (called on every sub-module).
   */
  override apply(fn: (m: AnyModule) => void): this;
  override apply(input: KerasTensor | KerasTensor[]): KerasTensor;
  override apply(input: Tensor): Tensor;
  override apply(input: KerasTensor | KerasTensor[] | Tensor | ((m: AnyModule) => void)): KerasTensor | Tensor | this {
    if (typeof input === "function") return super.apply(input);
    if (input instanceof Tensor) return this.forward(input);
    const ins = Array.isArray(input) ? input : [input];
    if (!ins.every((k) => k instanceof KerasTensor)) throw new TypeError(`${this.constructor.name}.apply: expected KerasTensors from lw.keras.Input or other layers' apply()`);
    return new KerasTensor(this.ensureBuilt(ins.map((k) => k.shape)), this, ins);
  }
}

/** The layer behind `Input(...)` of the functional API: it stands for the model's input tensor and computes nothing. */
export class InputLayer extends Layer {
  constructor(readonly shape: LayerShape, opts: { name?: string } = {}) {
    super({ inputShape: shape, name: opts.name });
    this.built = true;
  }
  override get kind(): string {
    return "input_layer";
  }
  computeOutputShape(): LayerShape {
    return this.shape;
  }
  protected call([x]: Tensor[]): Tensor {
    return x;
  }
  getConfig(): Record<string, unknown> {
    return { shape: this.shape };
  }
}

/** A symbolic input of the given shape (without the batch dim): `const x = lw.keras.Input({ shape: [784] })`. */
export function Input(opts: { shape: LayerShape; name?: string }): KerasTensor {
  if (!opts || !Array.isArray(opts.shape) || opts.shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`Input: shape must be a list of positive integers without the batch dim, e.g. { shape: [784] }; got ${JSON.stringify(opts?.shape)}`);
  }
  const layer = new InputLayer(opts.shape, { name: opts.name });
  return new KerasTensor(opts.shape, layer, []);
}
