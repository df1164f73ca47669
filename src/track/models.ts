/**
 * @file Logged models and the registry from the fluent side: logModel (spec + weights into the run's
 * artefacts, optionally registered), registerModel, and loadModel of `runs:/RUN/PATH`,
 * `models:/NAME/VERSION`, `models:/NAME@ALIAS`, `models:/NAME/latest` or a folder.
 * @example lw.track.loadModel("models:/fashion-cnn@champion").forward(x)
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { AnyModule } from "../nn/module.ts";
import type { Tokenizer } from "../text/tokenizer.ts";
import { TrackingError, invalid, notFound } from "./errors.ts";
import { activeRun, startRun, trackingStore, type ActiveRun } from "./fluent.ts";
import { MODEL_SPEC_FILE, MODEL_WEIGHTS_FILE, packModel, readModelSpec, readModelTokenizer, unpackModel, type ModelSpec, type ModelSpecOptions } from "./model-format.ts";
import { normalizeArtifactPath } from "./names.ts";
import type { TrackingStore } from "./store.ts";
import type { ModelVersion } from "./types.ts";

export interface LogModelOptions extends ModelSpecOptions {
  /** Also register the model as a new version of this registered model. */
  registeredModelName?: string;
  /** The run to log into (default: the active run, started if none). */
  run?: ActiveRun;
}

export interface ModelInfo {
  /** `runs:/<runId>/<artifactPath>`. */
  modelUri: string;
  runId: string;
  artifactPath: string;
  spec: ModelSpec;
  registeredModelVersion: ModelVersion | null;
}

/** Where a model URI's files are, and which run / registered version it came from. */
export interface ResolvedModel { dir: string; runId: string | null; version: ModelVersion | null }

/** Resolves a model URI to its folder (following a registered version's source). */
export function resolveModelUri(uri: string, store: TrackingStore = trackingStore()): ResolvedModel {
  if (typeof uri !== "string" || !uri) throw invalid(`loadModel: the model URI must be a non-empty string, got ${JSON.stringify(uri)}`);
  const runs = /^runs:\/+([0-9a-f]{32})(?:\/(.*))?$/.exec(uri);
  if (runs) {
    const path = normalizeArtifactPath(runs[2] ?? "");
    const dir = path ? store.artifactFile(runs[1], path) : store.artifactDir(runs[1]);
    return { dir, runId: runs[1], version: null };
  }
  if (uri.startsWith("runs:")) throw invalid(`loadModel: "${uri}" is not runs:/<32-hex run id>/<artefact path>`);
  if (uri.startsWith("models:")) {
    const m = /^models:\/+([^/@]+)(?:@([\w-]+)|\/([^/]+))$/.exec(uri);
    if (!m) throw invalid(`loadModel: "${uri}" is not models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest`);
    const [, name, alias, ver] = m;
    let version: ModelVersion;
    if (alias) version = store.getModelVersionByAlias(name, alias);
    else if (ver === "latest") {
      const latest = store.getRegisteredModel(name).latestVersion;
      if (latest === null) throw notFound(`loadModel: registered model "${name}" has no versions`);
      version = store.getModelVersion(name, latest);
    } else version = store.getModelVersion(name, ver);
    if (version.source.startsWith("models:")) throw invalid(`loadModel: version ${version.version} of "${name}" points at another registered model (${version.source})`);
    return { ...resolveModelUri(version.source, store), version };
  }
  const path = uri.startsWith("file://") ? new URL(uri).pathname : uri;
  if (!isAbsolute(path) && !existsSync(path)) throw invalid(`loadModel: "${uri}" is neither runs:/…, models:/… nor an existing folder`);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw notFound(`loadModel: no model folder at "${uri}"`);
  return { dir: path, runId: null, version: null };
}

/**
 * Logs `model` as the artefact folder `artifactPath` of the active run: lwmodel.json (how to rebuild
 * it, task, input shape, class names) and model.safetensors; the spec is written last, so a folder with
 * a spec is complete.
 */
export function logModel(model: AnyModule, artifactPath = "model", opts: LogModelOptions = {}): ModelInfo {
  const run = opts.run ?? activeRun() ?? startRun();
  const path = normalizeArtifactPath(artifactPath);
  if (!path) throw invalid(`logModel: artifactPath must name a folder, got "${artifactPath}"`);
  const { run: _run, registeredModelName: _name, ...specOptions } = opts;
  const { spec, weights, files } = packModel(model, { ...specOptions, runId: run.runId, artifactPath: path });
  const store = run.store;
  store.logText(run.runId, weights, `${path}/${MODEL_WEIGHTS_FILE}`);
  for (const [name, text] of Object.entries(files)) store.logText(run.runId, text, `${path}/${name}`);
  const summary = (model as { summary?: (o?: object) => string }).summary;
  if (typeof summary === "function") {
    try {
      store.logText(run.runId, String(summary.call(model, { print: () => {} })) + "\n", `${path}/summary.txt`);
    } catch { /* an unbuilt model has no summary; the spec still says what it is */ }
  }
  store.logText(run.runId, JSON.stringify(spec, null, 2) + "\n", `${path}/${MODEL_SPEC_FILE}`);
  const history = store.getRun(run.runId).data.tags["lw.loggedModels"];
  const list = history ? (JSON.parse(history) as { artifactPath: string }[]).filter((h) => h.artifactPath !== path) : [];
  list.push({ artifactPath: path, flavor: spec.flavor, className: spec.className, task: spec.task, createdAt: spec.createdAt } as never);
  store.setTags(run.runId, { "lw.loggedModels": JSON.stringify(list) });
  const modelUri = `runs:/${run.runId}/${path}`;
  const registeredModelVersion = opts.registeredModelName ? registerModel(modelUri, opts.registeredModelName, { store }) : null;
  return { modelUri, runId: run.runId, artifactPath: path, spec, registeredModelVersion };
}

/** Registers the model at `modelUri` (usually runs:/RUN/model) as a new version of `name` (created if missing). */
export function registerModel(modelUri: string, name: string, opts: { tags?: Record<string, string>; description?: string; store?: TrackingStore } = {}): ModelVersion {
  const store = opts.store ?? trackingStore();
  const resolved = resolveModelUri(modelUri, store);
  if (resolved.version) throw invalid(`registerModel: "${modelUri}" is a registered model already; register its source (${resolved.version.source})`);
  readModelSpec(resolved.dir, modelUri);
  return store.createModelVersion(name, { source: modelUri, runId: resolved.runId, tags: opts.tags, description: opts.description });
}

/** The spec of a logged model and where its files are, without building it (what an inference server reads first). */
export function getModelInfo(modelUri: string, opts: { store?: TrackingStore } = {}): ResolvedModel & { spec: ModelSpec } {
  const resolved = resolveModelUri(modelUri, opts.store);
  return { ...resolved, spec: readModelSpec(resolved.dir, modelUri) };
}

/** A ready module (architecture + weights, eval mode) from a model URI. */
export function loadModel<M extends AnyModule = AnyModule>(modelUri: string, opts: { store?: TrackingStore } = {}): M {
  try {
    return unpackModel(resolveModelUri(modelUri, opts.store).dir, modelUri).model as M;
  } catch (e) {
    if (e instanceof TrackingError) throw e;
    throw new TrackingError("INTERNAL_ERROR", `loadModel: ${modelUri}: ${(e as Error).message}`, { cause: e });
  }
}

/** The tokenizer logged with a text model (`logModel(m, "model", { tokenizer })`), or null when it has none. */
export function loadModelTokenizer(modelUri: string, opts: { store?: TrackingStore } = {}): Tokenizer | null {
  const { dir } = resolveModelUri(modelUri, opts.store);
  return readModelTokenizer(dir, readModelSpec(dir, modelUri));
}
