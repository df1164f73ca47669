/**
 * @file keras.Sequential: layers applied one after another. Built at once when the first layer has an
 * `inputShape`, else on the first data it sees.
 * @example new Sequential([new Dense(128, { activation: "relu", inputShape: [784] }), new Dense(10, { activation: "softmax" })])
 */
import type { Tensor } from "../../core/tensor.ts";
import { Layer, type LayerShape } from "./layer.ts";
import { Model } from "./model.ts";

export class Sequential extends Model {
  #inputShape: LayerShape | null = null;

  constructor(layers: Layer[] = [], opts: { name?: string } = {}) {
    super(opts.name ?? "sequential");
    if (!Array.isArray(layers)) throw new TypeError("Sequential: expected an array of layers");
    for (const l of layers) this.add(l);
  }

  /** Appends a layer (building it at once if the model is built). */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) throw new TypeError(`Sequential.add: expected a keras layer (Dense, Dropout, …), got ${layer === null ? "null" : typeof layer}`);
    if (this.layers.length && layer.inputShape) throw new RangeError(`Sequential.add: only the first layer may have an inputShape (layer ${this.layers.length} has one)`);
    this.track(layer);
    if (this.layers.length === 1 && layer.inputShape) this.build([layer.inputShape]);
    else if (this.#inputShape) this.build([this.#inputShape]);
    return this;
  }

  get built(): boolean {
    return this.#inputShape !== null && this.layers.every((l) => l.built);
  }

  build([shape]: LayerShape[]): void {
    if (!this.layers.length) throw new Error("Sequential: add layers before building");
    let s = shape;
    for (const l of this.layers) s = l.ensureBuilt([s]);
    this.#inputShape = [...shape];
  }

  forward(...inputs: Tensor[]): Tensor {
    if (inputs.length !== 1) throw new RangeError(`Sequential: takes one input, got ${inputs.length}`);
    let x = inputs[0];
    for (const l of this.layers) x = l.forward(x);
    return x;
  }

  layerRows(): { layer: Layer; outputShape: LayerShape; inbound: string[] }[] {
    let s = this.#inputShape!;
    return this.layers.map((layer, i) => {
      s = layer.computeOutputShape([s]);
      return { layer, outputShape: s, inbound: i ? [this.layers[i - 1].name!] : [] };
    });
  }

  toConfig(): Record<string, unknown> {
    return { class: "Sequential", name: this.name, inputShape: this.#inputShape, layers: this.layers.map((l) => ({ class: l.constructor.name, name: l.name, config: l.getConfig() })) };
  }
}
