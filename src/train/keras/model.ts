/**
 * @file The Keras Model: compile({ optimizer, loss, metrics }), fit(x, y, {...}) → History, evaluate,
 * predict, summary, getWeights/setWeights, save/loadWeights. Sequential and functional models extend it;
 * training runs through the shared fit loop (src/train/loop.ts).
 */
import { readFileSync } from "node:fs";
import { Tensor, type NestedArray } from "../../core/tensor.ts";
import { fmtShape } from "../../core/shape.ts";
import { tensor } from "../../ops/creation.ts";
import { Module } from "../../nn/module.ts";
import type { Optimizer } from "../../optim/optimizer.ts";
import { TensorDataset } from "../../data/dataset.ts";
import { DataLoader } from "../../data/dataloader.ts";
import { serialize, deserialize } from "../../io/safetensors.ts";
import { metricFromSpec, type Metric, type MetricSpec } from "../../metrics/streaming.ts";
import { atomicWrite } from "../../io/atomic.ts";
import { isTrainingCheckpoint, loadTrainingCheckpoint } from "../checkpoint.ts";
import { toCallback, type CallbackLike, type Logs } from "../callbacks/callback.ts";
import type { History } from "../history.ts";
import { evaluateLoop, fitLoop, predictLoop, type BatchSource, type FitSetup } from "../loop.ts";
import type { Layer, LayerShape } from "./layer.ts";
import { getLoss, type LossFn } from "./losses.ts";
import { checkOptimizerSpec, makeOptimizer, type OptimizerSpec } from "./optimizers.ts";
import { formatSummary } from "./summary.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const COMPILE_OPTIONS = optionKeys<CompileOptions>({ optimizer: 1, loss: 1, metrics: 1 });
const FIT_OPTIONS = optionKeys<FitOptions>({ epochs: 1, batchSize: 1, validationData: 1, validationSplit: 1, shuffle: 1, callbacks: 1, verbose: 1, initialEpoch: 1, resumeFrom: 1 });
const BATCH_SIZE = optionKeys<{ batchSize?: number }>({ batchSize: 1 });

/** Inputs as a tensor or nested arrays of numbers; several inputs as a list of them. */
export type ArrayInput = Tensor | NestedArray[];

export interface CompileOptions {
  optimizer: OptimizerSpec;
  /** "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "mse", "mae", "huber", a loss module, or (prediction, target) => Tensor. */
  loss: string | LossFn | Module<[Tensor, Tensor], Tensor>;
  /** "accuracy", "mse", …, Metric objects, or { name, fn }. */
  metrics?: MetricSpec[];
}

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  /** Held-out data evaluated after every epoch (val_loss, val_<metric>). */
  validationData?: [ArrayInput, ArrayInput];
  /** Hold out this fraction of the samples, taken from the end before shuffling (as Keras). */
  validationSplit?: number;
  /** Shuffle the training samples every epoch (default true), drawn from the manualSeed generator. */
  shuffle?: boolean;
  callbacks?: CallbackLike[];
  /** 0 silent, 1 progress bar (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  initialEpoch?: number;
  /** Continue from a full checkpoint written by ModelCheckpoint. */
  resumeFrom?: string;
}

/** A tensor as given, or nested arrays as float32 (x) or, for 1-D integer labels, int32 (y). */
const toTensor = (x: ArrayInput, what: string, labels: boolean): Tensor => {
  if (x instanceof Tensor) return x;
  if (!Array.isArray(x)) throw new TypeError(`${what} must be a Tensor or an array of numbers, got ${typeof x}`);
  const intLabels = labels && x.every((v) => typeof v === "number" && Number.isInteger(v));
  return tensor(x, { dtype: intLabels ? "int32" : "float32" });
};
/** One input, or a list of tensors for a model with several inputs. */
const inputsOf = (x: ArrayInput | ArrayInput[], what: string): Tensor[] =>
  Array.isArray(x) && x.length > 0 && x[0] instanceof Tensor ? (x as Tensor[]) : [toTensor(x as ArrayInput, what, false)];

export abstract class Model extends Module<Tensor[], Tensor> {
  /** The layers in the order they run. */
  readonly layers: Layer[] = [];
  optimizer: Optimizer<{ lr: number }> | null = null;
  /** The History of the last fit(). */
  history: History | null = null;
  #compiled: { optimizer: OptimizerSpec; loss: LossFn; metrics: Metric[] } | null = null;
  readonly #names = new Map<string, number>();

  constructor(readonly name: string) {
    super();
  }

  /** Registers a layer under a unique snake_case name (its own, or its kind numbered: dense, dense_1, …). */
  protected track(layer: Layer): void {
    let name = layer.name;
    if (!name) {
      const n = this.#names.get(layer.kind) ?? 0;
      this.#names.set(layer.kind, n + 1);
      name = n === 0 ? layer.kind : `${layer.kind}_${n}`;
    }
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new RangeError(`${this.constructor.name}: layer name "${name}" must be snake_case (letters, digits, _)`);
    if (name in this) throw new RangeError(`${this.constructor.name}: two layers are named "${name}" (or the name is taken by the model); give each a unique name`);
    layer.name = name;
    (this as unknown as Record<string, unknown>)[name] = layer;
    this.layers.push(layer);
  }

  /** True once every layer has its weights. */
  abstract get built(): boolean;
  /** Builds the model for inputs of these shapes (no batch dim). */
  abstract build(shapes: LayerShape[]): void;
  /** Rows for summary(): layer, output shape (no batch dim), inbound layer names. */
  abstract layerRows(): { layer: Layer; outputShape: LayerShape; inbound: string[] }[];

  compile(opts: CompileOptions): this {
    if (!opts || typeof opts !== "object") throw new TypeError("compile: expected { optimizer, loss, metrics }");
    checkOptions("compile", opts, COMPILE_OPTIONS);
    if (opts.optimizer === undefined) throw new TypeError("compile: optimizer is required (e.g. \"adam\")");
    checkOptimizerSpec(opts.optimizer);
    const loss = getLoss(opts.loss);
    const binary = opts.loss === "binary_crossentropy";
    this.#compiled = { optimizer: opts.optimizer, loss, metrics: (opts.metrics ?? []).map((m) => metricFromSpec(m, binary ? { threshold: 0.5 } : {})) };
    this.optimizer = null;
    return this;
  }

  #compiledOrThrow(fn: string): { optimizer: OptimizerSpec; loss: LossFn; metrics: Metric[] } {
    if (!this.#compiled) throw new Error(`${this.constructor.name}: call compile({ optimizer, loss, metrics }) before ${fn}()`);
    return this.#compiled;
  }

  /** The fit-loop setup; the optimizer is created (once) only for training. */
  #setup(training: boolean): FitSetup {
    const c = this.#compiledOrThrow(training ? "fit" : "evaluate");
    if (training) this.optimizer ??= makeOptimizer(c.optimizer, this.parameters());
    return { model: this, forward: (xs) => this.forward(...xs), loss: c.loss, optimizer: this.optimizer!, metrics: c.metrics, architecture: () => this.toConfig() };
  }

  #data(x: ArrayInput | ArrayInput[], y: ArrayInput, fn: string): [Tensor[], Tensor] {
    const xs = inputsOf(x, `${fn}: x`), yt = toTensor(y, `${fn}: y`, true);
    for (const t of xs) {
      if (t.ndim === 0 || yt.ndim === 0 || t.shape[0] !== yt.shape[0]) {
        throw new RangeError(`${fn}: x and y must have the same number of samples; x has shape ${fmtShape(t.shape)} (${t.shape[0] ?? 0} samples), y ${fmtShape(yt.shape)} (${yt.shape[0] ?? 0} samples)`);
      }
    }
    if (!this.built) this.build(xs.map((t) => t.shape.slice(1)));
    return [xs, yt];
  }

  #batches(xs: Tensor[], y: Tensor, batchSize: number, shuffle: boolean): BatchSource {
    const loader = new DataLoader(new TensorDataset(...xs, y), { batchSize, shuffle });
    return {
      get length() { return loader.length; },
      get generator() { return loader.generator; },
      *[Symbol.iterator]() {
        for (const b of loader) yield [b.length === 2 ? b[0] : b.slice(0, -1), b[b.length - 1]] as [Tensor | Tensor[], Tensor];
      },
    } as BatchSource;
  }

  /** Trains on (x, y) and returns the History (also kept as `model.history`). */
  fit(x: ArrayInput | ArrayInput[], y: ArrayInput, opts: FitOptions = {}): History {
    checkOptions("fit", opts, FIT_OPTIONS);
    this.#compiledOrThrow("fit");
    let [xs, yt] = this.#data(x, y, "fit");
    const batchSize = opts.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`fit: batchSize must be a positive integer, got ${opts.batchSize}`);
    let validation: BatchSource | null = null;
    if (opts.validationData) {
      if (!Array.isArray(opts.validationData) || opts.validationData.length !== 2) throw new TypeError("fit: validationData must be [xVal, yVal]");
      const [vx, vy] = this.#data(opts.validationData[0], opts.validationData[1], "fit (validationData)");
      validation = this.#batches(vx, vy, batchSize, false);
    } else if (opts.validationSplit) {
      const f = opts.validationSplit;
      if (!(f > 0 && f < 1)) throw new RangeError(`fit: validationSplit must be in (0, 1), got ${f}`);
      const n = yt.shape[0], nTrain = Math.floor(n * (1 - f));
      if (nTrain < 1 || nTrain >= n) throw new RangeError(`fit: validationSplit ${f} of ${n} samples leaves no training or no validation samples`);
      validation = this.#batches(xs.map((t) => t.narrow(0, nTrain, n - nTrain)), yt.narrow(0, nTrain, n - nTrain), batchSize, false);
      xs = xs.map((t) => t.narrow(0, 0, nTrain));
      yt = yt.narrow(0, 0, nTrain);
    }
    const setup = this.#setup(true);
    this.history = fitLoop(setup, {
      epochs: opts.epochs ?? 1, initialEpoch: opts.initialEpoch, train: this.#batches(xs, yt, batchSize, opts.shuffle ?? true), validation,
      callbacks: (opts.callbacks ?? []).map(toCallback), verbose: opts.verbose ?? 1, resumeFrom: opts.resumeFrom,
    });
    return this.history;
  }

  /** The mean loss and metrics on (x, y): `{ loss, accuracy, … }`. */
  evaluate(x: ArrayInput | ArrayInput[], y: ArrayInput, opts: { batchSize?: number } = {}): Logs {
    checkOptions("evaluate", opts, BATCH_SIZE);
    this.#compiledOrThrow("evaluate");
    const [xs, yt] = this.#data(x, y, "evaluate");
    return evaluateLoop(this.#setup(false), this.#batches(xs, yt, opts.batchSize ?? 32, false), { notify: true });
  }

  /** The model's outputs for x, in batches, in evaluation mode. */
  predict(x: ArrayInput | ArrayInput[], opts: { batchSize?: number } = {}): Tensor {
    checkOptions("predict", opts, BATCH_SIZE);
    const xs = inputsOf(x, "predict: x");
    if (!this.built) this.build(xs.map((t) => t.shape.slice(1)));
    const bs = opts.batchSize ?? 32, n = xs[0].shape[0];
    const batches = function* (): Generator<Tensor[]> {
      for (let i = 0; i < n; i += bs) yield xs.map((t) => t.narrow(0, i, Math.min(bs, n - i)));
    };
    return predictLoop(this, (ins) => this.forward(...ins), batches());
  }

  /** Prints (and returns) the Keras-style table: layer (type), output shape, parameter count, totals. */
  override summary(opts: { print?: (s: string) => void } = {}): string {
    if (!this.built) throw new Error(`${this.constructor.name}.summary: the model is not built yet; give the first layer an inputShape, or fit/predict first`);
    const s = formatSummary(this);
    (opts.print ?? console.log)(s);
    return s;
  }

  /** Copies of every weight (the state dict's tensors, in its order; Dense kernels are (units, inputs) as PyTorch's). */
  getWeights(): Tensor[] {
    return Object.values(this.stateDict()).map((t) => t.clone());
  }

  /** Sets every weight from a list shaped as getWeights() returns. */
  setWeights(weights: readonly Tensor[]): void {
    const keys = Object.keys(this.stateDict());
    if (!Array.isArray(weights) || weights.length !== keys.length) throw new RangeError(`setWeights: the model has ${keys.length} weights (${keys.join(", ")}), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    this.loadStateDict(Object.fromEntries(keys.map((k, i) => [k, weights[i]])));
  }

  /** The architecture as JSON, so that loadModel() can rebuild the model. */
  abstract toConfig(): Record<string, unknown>;

  /** Writes weights and architecture to one safetensors file, atomically; `lw.keras.loadModel(path)` reads it back. */
  save(path: string): void {
    if (!this.built) throw new Error(`${this.constructor.name}.save: the model is not built yet`);
    atomicWrite(path, serialize(this.stateDict(), { "lernwerk.keras": JSON.stringify(this.toConfig()) }));
  }
  /** Writes only the weights (a plain state dict, loadable by nn.Module.loadStateDict). */
  saveWeights(path: string): void {
    atomicWrite(path, serialize(this.stateDict()));
  }
  /** Loads weights saved by save(), saveWeights() or ModelCheckpoint (either kind); a file of another architecture lists the mismatched keys. */
  loadWeights(path: string): void {
    const bytes = readFileSync(path);
    const { tensors, metadata } = deserialize(bytes, path);
    try {
      this.loadStateDict(isTrainingCheckpoint(metadata) ? loadTrainingCheckpoint(path).model : tensors);
    } catch (e) {
      throw new Error(`${path}: the weights do not fit this model (another architecture?)\n${(e as Error).message}`);
    }
  }
}
