/**
 * @file How a model is logged so it can be rebuilt: a folder holding `lwmodel.json` (the spec: flavor,
 * how to rebuild, task, input shape, class names) and `model.safetensors` (the weights; for Keras models
 * the file model.save() writes, architecture included). nn.Modules are rebuilt by a named builder:
 * the lw.models classes are known, others are registered with `registerModelBuilder(name, config => module)`.
 * A text model's tokenizer travels with it as `tokenizer.json` (named by the spec's `tokenizer`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Module, type AnyModule } from "../nn/module.ts";
import { serialize, deserialize } from "../io/safetensors.ts";
import { Model as KerasModel } from "../train/keras/model.ts";
import { loadModel as loadKerasModel } from "../train/keras/load.ts";
import * as models from "../models/index.ts";
import { TrackingError, invalid } from "./errors.ts";
import { lwVersion } from "./context.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { tokenizerFromJSON, tokenizerToJSON } from "../text/hf-json.ts";
import { AutoTokenizer } from "../pipelines/auto-tokenizer.ts";

export const MODEL_SPEC_FILE = "lwmodel.json";
export const MODEL_WEIGHTS_FILE = "model.safetensors";
export const MODEL_FORMAT = "lernwerk.model/1";
export const MODEL_TOKENIZER_FILE = "tokenizer.json";

/** What lwmodel.json holds; the inference server reads task, inputShape and classNames from it. */
export interface ModelSpec {
  format: typeof MODEL_FORMAT;
  flavor: "keras" | "module";
  /** For flavor "module": the builder name and the JSON config it is called with. */
  builder: string | null;
  config: unknown;
  className: string;
  weights: string;
  /** e.g. "image-classification", "text-generation". */
  task: string | null;
  /** One sample's shape, without the batch dimension, e.g. [28, 28, 1]. */
  inputShape: number[] | null;
  classNames: string[] | null;
  numParameters: number;
  runId: string | null;
  artifactPath: string | null;
  createdAt: number;
  lernwerkVersion: string;
  metadata: Record<string, string>;
  /** The tokenizer file in the folder (Hugging Face tokenizer.json), for text models; absent in older folders. */
  tokenizer?: string | null;
}

export interface ModelSpecOptions {
  task?: string;
  inputShape?: number[];
  classNames?: string[];
  /** The builder to rebuild an nn.Module with (default: its class name, if it is a known builder). */
  builder?: string;
  /** The builder's config (default: the module's `config` property). */
  config?: unknown;
  metadata?: Record<string, string>;
  /** A text model's tokenizer, saved as tokenizer.json next to the weights (the server tokenises with it). */
  tokenizer?: Tokenizer;
}

type Builder = (config: unknown) => AnyModule;
const BUILDERS = new Map<string, Builder>();

/** Makes `loadModel` able to rebuild modules logged with `{ builder: name }` (or of the class `name`). */
export function registerModelBuilder(name: string, build: (config: never) => AnyModule): void {
  if (typeof name !== "string" || !name) throw invalid("registerModelBuilder: the name must be a non-empty string");
  if (typeof build !== "function") throw invalid(`registerModelBuilder: the builder of "${name}" must be a function config => module`);
  BUILDERS.set(name, build as Builder);
}

export const modelBuilderNames = (): string[] => [...BUILDERS.keys()].sort();

// lw.models' classes take their config as their only constructor argument.
const KNOWN: Record<string, new (config: never) => AnyModule> = {
  CharLSTM: models.CharLSTM, Seq2SeqGRU: models.Seq2SeqGRU, Seq2SeqTransformer: models.Seq2SeqTransformer,
  DCGANGenerator: models.DCGANGenerator, DCGANDiscriminator: models.DCGANDiscriminator,
  GPT2Model: models.GPT2Model, GPT2LMHeadModel: models.GPT2LMHeadModel,
  BertForMaskedLM: models.BertForMaskedLM, BertForNextSentencePrediction: models.BertForNextSentencePrediction, BertForPreTraining: models.BertForPreTraining,
  BertForSequenceClassification: models.BertForSequenceClassification, BertForTokenClassification: models.BertForTokenClassification,
};
for (const [name, C] of Object.entries(KNOWN)) registerModelBuilder(name, (config) => new C(config));
registerModelBuilder("BertModel", (config: never) => new models.BertModel(config));

/** The spec, weight bytes and extra files (tokenizer.json) of a model, ready to be written into an artefact folder. */
export function packModel(model: AnyModule, opts: ModelSpecOptions & { runId?: string | null; artifactPath?: string | null }): { spec: ModelSpec; weights: Uint8Array; files: Record<string, string> } {
  if (!(model instanceof Module)) throw invalid(`logModel: expected an nn.Module or a keras model, got ${model === null ? "null" : typeof model}`);
  const files: Record<string, string> = {};
  if (opts.tokenizer !== undefined) {
    const tok = opts.tokenizer as unknown;
    if (!tok || typeof tok !== "object" || typeof (tok as Tokenizer).encode !== "function" || !("model" in tok)) {
      throw invalid(`logModel: tokenizer must be a lw.text Tokenizer (e.g. AutoTokenizer.fromPretrained(dir) or lw.text.charLevelTokenizer(texts)), got ${tok === null ? "null" : typeof tok}`);
    }
    files[MODEL_TOKENIZER_FILE] = JSON.stringify(tokenizerToJSON(tok as Tokenizer));
  }
  const base = {
    format: MODEL_FORMAT, className: model.constructor.name, weights: MODEL_WEIGHTS_FILE, task: opts.task ?? null,
    classNames: opts.classNames ?? null, numParameters: model.numParameters(), runId: opts.runId ?? null, artifactPath: opts.artifactPath ?? null,
    createdAt: Date.now(), lernwerkVersion: lwVersion(), metadata: opts.metadata ?? {},
    tokenizer: opts.tokenizer !== undefined ? MODEL_TOKENIZER_FILE : null,
  } as const;
  if (model instanceof KerasModel) {
    if (!model.built) throw invalid(`logModel: the keras model "${model.name}" is not built yet (give the first layer an inputShape, or fit it first)`);
    const cfg = model.toConfig() as { inputShape?: number[] };
    const weights = serialize(model.stateDict(), { "lernwerk.keras": JSON.stringify(model.toConfig()) });
    return { spec: { ...base, flavor: "keras", builder: null, config: null, inputShape: opts.inputShape ?? cfg.inputShape ?? null }, weights, files };
  }
  const builder = opts.builder ?? model.constructor.name;
  if (!BUILDERS.has(builder)) {
    throw invalid(`logModel: cannot record how to rebuild a ${model.constructor.name}: register a builder first, e.g. lw.track.registerModelBuilder("${model.constructor.name}", (config) => new ${model.constructor.name}(config)), and pass { builder, config } if the module has no .config; known builders: ${modelBuilderNames().join(", ")}`);
  }
  const config = opts.config ?? (model as unknown as { config?: unknown }).config ?? null;
  try {
    JSON.stringify(config);
  } catch (e) {
    throw invalid(`logModel: the config of ${model.constructor.name} is not JSON (${(e as Error).message})`);
  }
  return { spec: { ...base, flavor: "module", builder, config, inputShape: opts.inputShape ?? null }, weights: serialize(model.stateDict()), files };
}

/** Reads and checks a logged model folder's spec. */
export function readModelSpec(dir: string, uri: string): ModelSpec {
  const path = join(dir, MODEL_SPEC_FILE);
  if (!existsSync(path)) throw new TrackingError("RESOURCE_DOES_NOT_EXIST", `loadModel: ${uri} (${dir}) holds no ${MODEL_SPEC_FILE}; was it written by lw.track.logModel?`);
  let spec: ModelSpec;
  try {
    spec = JSON.parse(readFileSync(path, "utf8")) as ModelSpec;
  } catch (e) {
    throw new TrackingError("INTERNAL_ERROR", `loadModel: ${path} is not valid JSON (${(e as Error).message})`);
  }
  if (spec?.format !== MODEL_FORMAT) throw new TrackingError("INTERNAL_ERROR", `loadModel: ${path} has format ${JSON.stringify(spec?.format)}, expected "${MODEL_FORMAT}"`);
  if (spec.flavor !== "keras" && spec.flavor !== "module") throw new TrackingError("INTERNAL_ERROR", `loadModel: ${path} has an unknown flavor ${JSON.stringify(spec.flavor)}`);
  if (typeof spec.weights !== "string" || spec.weights.includes("/") || spec.weights.includes("..")) throw new TrackingError("INTERNAL_ERROR", `loadModel: ${path} names weights ${JSON.stringify(spec.weights)} outside its folder`);
  const tk = spec.tokenizer;
  if (tk !== undefined && tk !== null && (typeof tk !== "string" || !tk || tk.includes("/") || tk.includes("\\") || tk.includes(".."))) {
    throw new TrackingError("INTERNAL_ERROR", `loadModel: ${path} names a tokenizer ${JSON.stringify(tk)} outside its folder`);
  }
  return spec;
}

/** Rebuilds the module of a logged model folder (architecture, then weights) in eval mode. */
export function unpackModel(dir: string, uri: string): { model: AnyModule; spec: ModelSpec } {
  const spec = readModelSpec(dir, uri);
  const weightsPath = join(dir, spec.weights);
  if (!existsSync(weightsPath)) throw new TrackingError("RESOURCE_DOES_NOT_EXIST", `loadModel: ${uri} lacks its weights file ${weightsPath}`);
  let model: AnyModule;
  if (spec.flavor === "keras") model = loadKerasModel(weightsPath);
  else {
    const build = BUILDERS.get(spec.builder ?? "");
    if (!build) throw invalid(`loadModel: ${uri} is a ${spec.className} rebuilt by the builder "${spec.builder}", which is not registered in this process; call lw.track.registerModelBuilder("${spec.builder}", config => new ${spec.className}(config)) first`);
    model = build(spec.config);
    const { tensors } = deserialize(readFileSync(weightsPath), weightsPath);
    model.loadStateDict(tensors);
  }
  model.eval();
  return { model, spec };
}

/**
 * The tokenizer of a logged model folder: the spec's tokenizer.json; for folders logged without one
 * (older specs), the Hugging Face files the folder may hold (vocab.txt, vocab.json + merges.txt); else null.
 */
export function readModelTokenizer(dir: string, spec: ModelSpec): Tokenizer | null {
  if (spec.tokenizer) {
    const path = join(dir, spec.tokenizer);
    if (!existsSync(path)) throw new TrackingError("RESOURCE_DOES_NOT_EXIST", `readModelTokenizer: ${dir} names the tokenizer ${spec.tokenizer} in ${MODEL_SPEC_FILE}, but the file is missing`);
    return tokenizerFromJSON(readFileSync(path, "utf8"), path);
  }
  const f = (n: string): boolean => existsSync(join(dir, n));
  if (f(MODEL_TOKENIZER_FILE) || f("vocab.txt") || (f("vocab.json") && f("merges.txt"))) return AutoTokenizer.fromPretrained(dir);
  return null;
}
