/** @file keras.loadModel: rebuilds a Sequential or functional model from the architecture and weights that model.save() wrote. */
import { readFileSync } from "node:fs";
import { deserialize } from "../../io/safetensors.ts";
import { Input, type KerasTensor, type LayerShape } from "./layer.ts";
import { LAYER_CLASSES } from "./layers.ts";
import type { Model } from "./model.ts";
import { isTrainingCheckpoint, loadTrainingCheckpoint } from "../checkpoint.ts";
import { Sequential } from "./sequential.ts";
import { Functional } from "./functional.ts";
import { JsonFields } from "../../io/json-fields.ts";

interface LayerConfig { class: string; name: string; config: Record<string, unknown>; inbound: string[] }

/** One entry of `layers`, checked: its class is a known layer (own keys of LAYER_CLASSES only), config an object. */
function layerConfig(r: JsonFields, v: unknown, at: string, functional: boolean): LayerConfig {
  const o = r.object(v, at);
  const cls = r.string(r.get(o, "class"), `${at}.class`);
  const known = functional ? [...Object.keys(LAYER_CLASSES), "InputLayer"] : Object.keys(LAYER_CLASSES);
  if (!known.includes(cls)) r.fail(`${at}.class`, `${JSON.stringify(cls)} is not a layer class lernwerk knows (known: ${known.join(", ")})`);
  const inbound = functional ? r.array(r.get(o, "inbound") ?? [], `${at}.inbound`, "layer names").map((n, i) => r.string(n, `${at}.inbound[${i}]`)) : [];
  return { class: cls, name: r.string(r.get(o, "name"), `${at}.name`), config: r.object(r.get(o, "config"), `${at}.config`), inbound };
}

function makeLayer(r: JsonFields, c: LayerConfig, at: string) {
  return r.build(at, () => LAYER_CLASSES[c.class](c.config, c.name));
}

/**
 * Rebuilds the model a file holds, as Keras's load_model: a model.save() file, or a full ModelCheckpoint of a
 * Keras model (its weights, the optimizer state left aside; resume training with fit({ resumeFrom })).
 * A corrupted architecture is an error naming the file and the field.
 */
export function loadModel(path: string): Model {
  const file = deserialize(readFileSync(path), path);
  let { tensors } = file;
  let raw = file.metadata["lernwerk.keras"];
  if (isTrainingCheckpoint(file.metadata)) {
    const ckpt = loadTrainingCheckpoint(path);
    if (!ckpt.architecture) throw new Error(`${path}: a training checkpoint without a Keras architecture (written by Trainer or fitLoop for an nn.Module); build the model in code and call model.loadStateDict(lw.train.loadTrainingCheckpoint(path).model)`);
    raw = ckpt.architecture;
    tensors = ckpt.model;
  }
  if (!raw) throw new Error(`${path}: no model architecture in this file (written by saveWeights, ModelCheckpoint({ saveWeightsOnly: true }) or lw.save); build the model in code and call model.loadWeights(path)`);
  const r = new JsonFields(`${path}: lernwerk.keras`);
  const cfg = r.object(r.parse(raw), "");
  const cls = r.oneOf(r.get(cfg, "class"), "class", ["Sequential", "Functional"] as const);
  const name = r.optString(r.get(cfg, "name"), "name") ?? undefined;
  const list = r.array(r.get(cfg, "layers"), "layers", "layers");
  let model: Model;
  if (cls === "Sequential") {
    const layers = list.map((l, i) => makeLayer(r, layerConfig(r, l, `layers[${i}]`, false), `layers[${i}]`));
    model = r.build("", () => new Sequential(layers, { name }));
    const inputShape = r.get(cfg, "inputShape");
    if (inputShape !== undefined && inputShape !== null) {
      const shape = r.array(inputShape, "inputShape", "sizes").map((d, i) => (d === null ? null : r.integer(d, `inputShape[${i}]`, { min: 1 })));
      r.build("inputShape", () => model.build([shape as LayerShape]));
    }
  } else {
    const byName = new Map<string, KerasTensor>();
    list.forEach((l, i) => {
      const at = `layers[${i}]`, c = layerConfig(r, l, at, true);
      const inputs = c.inbound.map((n, j) => byName.get(n) ?? r.fail(`${at}.inbound[${j}]`, `${JSON.stringify(n)} is not an earlier layer of the model`));
      if (c.class === "InputLayer") byName.set(c.name, r.build(at, () => Input({ shape: c.config.shape as LayerShape, name: c.name })));
      else {
        const layer = makeLayer(r, c, at);
        byName.set(c.name, r.build(at, () => layer.apply(inputs)));
      }
    });
    const named = (n: unknown, at: string): KerasTensor => byName.get(r.string(n, at)) ?? r.fail(at, `${JSON.stringify(n)} is not a layer of the model`);
    const inputs = r.array(r.get(cfg, "inputs"), "inputs", "layer names").map((n, i) => named(n, `inputs[${i}]`));
    const output = named(r.get(cfg, "output"), "output");
    model = r.build("", () => new Functional({ inputs, outputs: output, name }));
  }
  model.loadStateDict(tensors);
  return model;
}
