/** @file keras.loadModel: rebuilds a Sequential or functional model from the architecture and weights that model.save() wrote. */
import { readFileSync } from "node:fs";
import { deserialize } from "../../io/safetensors.ts";
import { Input, type KerasTensor, type LayerShape } from "./layer.ts";
import { LAYER_CLASSES } from "./layers.ts";
import type { Model } from "./model.ts";
import { isTrainingCheckpoint, loadTrainingCheckpoint } from "../checkpoint.ts";
import { Sequential } from "./sequential.ts";
import { Functional } from "./functional.ts";

interface LayerConfig { class: string; name: string; config: Record<string, unknown>; inbound?: string[] }

function makeLayer(c: LayerConfig, path: string) {
  const make = LAYER_CLASSES[c.class];
  if (!make) throw new Error(`${path}: unknown layer class "${c.class}"; known: ${Object.keys(LAYER_CLASSES).join(", ")}`);
  return make(c.config, c.name);
}

/**
 * Rebuilds the model a file holds, as Keras's load_model: a model.save() file, or a full ModelCheckpoint of a
 * Keras model (its weights, the optimizer state left aside; resume training with fit({ resumeFrom })).
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
  const cfg = JSON.parse(raw) as { class: string; name: string; inputShape?: LayerShape; layers: LayerConfig[]; inputs?: string[]; output?: string };
  let model: Model;
  if (cfg.class === "Sequential") {
    model = new Sequential(cfg.layers.map((l) => makeLayer(l, path)), { name: cfg.name });
    if (cfg.inputShape) model.build([cfg.inputShape]);
  } else if (cfg.class === "Functional") {
    const byName = new Map<string, KerasTensor>();
    for (const l of cfg.layers) {
      if (l.class === "InputLayer") byName.set(l.name, Input({ shape: l.config.shape as LayerShape, name: l.name }));
      else byName.set(l.name, makeLayer(l, path).apply((l.inbound ?? []).map((n) => byName.get(n)!)));
    }
    model = new Functional({ inputs: cfg.inputs!.map((n) => byName.get(n)!), outputs: byName.get(cfg.output!)!, name: cfg.name });
  } else throw new Error(`${path}: unknown model class "${cfg.class}"`);
  model.loadStateDict(tensors);
  return model;
}
