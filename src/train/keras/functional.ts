/**
 * @file The functional API: `Input` → layers' `apply` → `new Functional({ inputs, outputs })` (also
 * exported as `Model` in lw.keras). The graph is run in topological order.
 * @example const x = Input({ shape: [784] }); const y = new Dense(10, { activation: "softmax" }).apply(new Dense(64, { activation: "relu" }).apply(x)); new keras.Model({ inputs: x, outputs: y })
 */
import type { Tensor } from "../../core/tensor.ts";
import { InputLayer, KerasTensor, type Layer, type LayerShape } from "./layer.ts";
import { Model } from "./model.ts";

export class Functional extends Model {
  readonly inputs: KerasTensor[];
  readonly output: KerasTensor;
  /** Every symbolic tensor from the inputs to the output, in the order they are computed. */
  readonly #order: KerasTensor[] = [];

  constructor(opts: { inputs: KerasTensor | KerasTensor[]; outputs: KerasTensor; name?: string }) {
    super(opts?.name ?? "model");
    const inputs = Array.isArray(opts?.inputs) ? opts.inputs : [opts?.inputs];
    if (!inputs.every((k) => k instanceof KerasTensor && k.layer instanceof InputLayer)) throw new TypeError("Model: inputs must be the KerasTensors returned by lw.keras.Input");
    if (!(opts.outputs instanceof KerasTensor)) throw new TypeError("Model: outputs must be a KerasTensor (the result of layer.apply(...)); one output is supported");
    this.inputs = inputs;
    this.output = opts.outputs;
    const seen = new Set<KerasTensor>();
    const visit = (k: KerasTensor): void => {
      if (seen.has(k)) return;
      seen.add(k);
      if (k.layer instanceof InputLayer && !inputs.includes(k)) throw new RangeError(`Model: the output depends on an Input (shape [${k.shape.join(", ")}]) that is not in inputs`);
      k.inputs.forEach(visit);
      this.#order.push(k);
    };
    visit(this.output);
    const missing = inputs.filter((k) => !seen.has(k));
    if (missing.length) throw new RangeError(`Model: ${missing.length} of the inputs do not lead to the output`);
    const layers = new Set<Layer>();
    for (const k of this.#order) {
      if (layers.has(k.layer)) throw new RangeError(`Model: layer ${k.layer.constructor.name} is applied twice; shared layers are not supported yet`);
      layers.add(k.layer);
      this.track(k.layer);
    }
  }

  get built(): boolean {
    return true;
  }
  build(): void {}

  forward(...xs: Tensor[]): Tensor {
    if (xs.length !== this.inputs.length) throw new RangeError(`Model "${this.name}": takes ${this.inputs.length} input(s), got ${xs.length}`);
    const values = new Map<KerasTensor, Tensor>();
    this.inputs.forEach((k, i) => {
      if (xs[i].shape.slice(1).join() !== k.shape.join()) throw new RangeError(`Model "${this.name}": input ${i} ("${k.layer.name}") expects shape (None, ${k.shape.join(", ")}), got [${xs[i].shape.join(", ")}]`);
      values.set(k, xs[i]);
    });
    for (const k of this.#order) if (!values.has(k)) values.set(k, k.layer.forward(...k.inputs.map((i) => values.get(i)!)));
    return values.get(this.output)!;
  }

  layerRows(): { layer: Layer; outputShape: LayerShape; inbound: string[] }[] {
    return this.#order.map((k) => ({ layer: k.layer, outputShape: k.shape, inbound: k.inputs.map((i) => i.layer.name!) }));
  }

  toConfig(): Record<string, unknown> {
    return {
      class: "Functional", name: this.name,
      layers: this.#order.map((k) => ({ class: k.layer instanceof InputLayer ? "InputLayer" : k.layer.constructor.name, name: k.layer.name, config: k.layer.getConfig(), inbound: k.inputs.map((i) => i.layer.name) })),
      inputs: this.inputs.map((k) => k.layer.name), output: this.output.layer.name,
    };
  }
}
