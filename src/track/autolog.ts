/**
 * @file Autolog: the Tracking callback (lw.callbacks.Tracking) logs what fit() / Trainer know without
 * user code (optimizer and its hyper-parameters, epochs, batch size, parameter counts, the summary,
 * every epoch's logs, the final model) and `autolog()` adds it to every fit; an evaluate() of a
 * classifier logs eval_* metrics and the confusion-matrix PNG into the model's run.
 */
import { Tensor } from "../core/tensor.ts";
import { argmax } from "../ops/reduce.ts";
import { cat } from "../ops/movement.ts";
import type { AnyModule } from "../nn/module.ts";
import { confusionMatrix } from "../metrics/classification.ts";
import { confusionMatrixSvg } from "../plot/confusion.ts";
import { svgToPng } from "../plot/write.ts";
import { Callback, type Logs } from "../train/callbacks/callback.ts";
import { evaluationObservers, fitCallbackFactories, type EvaluationRecord } from "../train/loop.ts";
import { Model as KerasModel } from "../train/keras/model.ts";
import { TrackingError } from "./errors.ts";
import { activeRun, setExperiment, startRun, type ActiveRun } from "./fluent.ts";
import { logModel } from "./models.ts";
import type { ParamValue } from "./store.ts";

export interface TrackingOptions {
  runName?: string;
  /** Make this the current experiment first. */
  experimentName?: string;
  tags?: Record<string, string>;
  /** Extra params to log with the run's own. */
  params?: Record<string, ParamValue>;
  /** Log the trained model at the end of fit (default true) as the artefact folder "model". */
  logModel?: boolean;
  /** Also register the logged model under this name. */
  registeredModelName?: string;
  /** Recorded in the model's spec for the inference server, e.g. "image-classification". */
  task?: string;
  classNames?: string[];
  inputShape?: number[];
  /** Also log batch logs as batch/<name> every n optimizer steps (default 0: epochs only). */
  everySteps?: number;
  /** system/... metrics while training (default true). */
  logSystemMetrics?: boolean;
  systemMetricsIntervalMs?: number;
}

/** Which run trained which model, so a later evaluate() logs into it. */
const runOfModel = new WeakMap<object, { runId: string; options: TrackingOptions }>();

/** Scalars and short strings of an optimizer's first parameter group (lr, betas, weightDecay, …). */
function optimizerParams(opt: { constructor: { name: string }; paramGroups: Record<string, unknown>[] }): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = { optimizer_name: opt.constructor.name };
  for (const [k, v] of Object.entries(opt.paramGroups[0] ?? {})) {
    if (k === "params") continue;
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") out[`optimizer_${k}`] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "number")) out[`optimizer_${k}`] = JSON.stringify(v);
  }
  return out;
}

/** The summary table of a model (Keras's when it is a built keras model). */
function summaryText(model: AnyModule): string | null {
  try {
    if (model instanceof KerasModel) return model.built ? model.summary({ print: () => {} }) : null;
    return model.summary();
  } catch {
    return null;
  }
}

/**
 * Logs a fit into the active run, or into a run of its own (ended with the fit: FINISHED, or FAILED
 * when fit throws). Keras: `model.fit(x, y, { callbacks: [new lw.callbacks.Tracking()] })`.
 */
export class Tracking extends Callback {
  readonly options: TrackingOptions;
  #run: ActiveRun | null = null;
  #ownsRun = false;
  #batchSizeLogged = false;
  #conflicts: string[] = [];

  constructor(opts: TrackingOptions = {}) {
    super();
    this.options = opts;
    if (opts.everySteps !== undefined && (!Number.isInteger(opts.everySteps) || opts.everySteps < 0)) throw new RangeError(`Tracking: everySteps must be a non-negative integer, got ${opts.everySteps}`);
  }

  /** The run this callback logs into (during and after fit). */
  get trackedRun(): ActiveRun | null {
    return this.#run;
  }

  /** Params that differ from ones the run has (a second fit into one run) are kept as they were and listed in a tag. */
  #params(params: Record<string, ParamValue>): void {
    const run = this.#run!;
    for (const [k, v] of Object.entries(params)) {
      try {
        run.store.logParams(run.runId, { [k]: v });
      } catch (e) {
        if (!(e instanceof TrackingError && /changing a param/.test(e.message))) throw e;
        this.#conflicts.push(k);
        run.store.setTags(run.runId, { "lw.autolog.paramConflicts": [...new Set(this.#conflicts)].join(",") });
      }
    }
  }

  override onTrainBegin(): void {
    if (this.#ownsRun && this.#run && !this.#run.ended) this.#run.end("FAILED");
    if (this.options.experimentName) setExperiment(this.options.experimentName);
    const active = activeRun();
    this.#ownsRun = active === null;
    this.#run = active ?? startRun({
      runName: this.options.runName, tags: { ...(this.options.tags ?? {}), "lw.autolog": "true" },
      logSystemMetrics: this.options.logSystemMetrics ?? true, systemMetricsIntervalMs: this.options.systemMetricsIntervalMs,
    });
    this.#batchSizeLogged = false;
    const { model, optimizer, params } = this.run;
    this.#params({
      epochs: params.epochs, steps_per_epoch: params.steps, model_class: model.constructor.name,
      num_params: model.numParameters(), trainable_params: model.numParameters({ trainable: true }),
      ...(params.metrics.length ? { metrics: params.metrics.join(",") } : {}),
      ...optimizerParams(optimizer as never), ...(this.options.params ?? {}),
    });
    const summary = summaryText(model);
    if (summary) this.#run.store.logText(this.#run.runId, summary + "\n", "model_summary.txt");
  }

  override onBatchBegin(_batch: number, logs: Logs): void {
    if (this.#batchSizeLogged || !logs.size) return;
    this.#batchSizeLogged = true;
    this.#params({ batch_size: logs.size });
  }

  override onBatchEnd(_batch: number, logs: Logs): void {
    const n = this.options.everySteps ?? 0;
    const step = this.run.globalStep;
    if (!n || step % n !== 0) return;
    const now = Date.now();
    for (const [k, v] of Object.entries(logs)) if (k !== "size") this.#run!.pushMetric({ key: `batch/${k}`, value: v, step, timestamp: now });
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const now = Date.now();
    for (const [k, v] of Object.entries(logs)) this.#run!.pushMetric({ key: k, value: v, step: epoch, timestamp: now });
  }

  override onTrainEnd(): void {
    const run = this.#run!;
    run.flush();
    const model = this.run.model;
    if (this.options.logModel ?? true) {
      logModel(model, "model", { run, task: this.options.task, classNames: this.options.classNames, inputShape: this.options.inputShape, registeredModelName: this.options.registeredModelName });
    }
    runOfModel.set(model, { runId: run.runId, options: this.options });
    evaluationObservers.add(logEvaluation); // a later evaluate() of this model logs into this run
    if (this.#ownsRun) run.end("FINISHED");
  }

  /** fit() threw: the run keeps what was logged and, if it is ours, ends FAILED with the error. */
  onTrainError(error: unknown): void {
    const run = this.#run;
    if (!run || run.ended) return;
    try {
      run.store.setTags(run.runId, { "lw.error": String((error as Error)?.stack ?? error).slice(0, 5000) });
    } finally {
      if (this.#ownsRun) run.end("FAILED");
      else run.flush();
    }
  }
}

/** Class labels (true, predicted) of a classifier's outputs: (N, C ≥ 2) logits/probabilities or (N, 1) probabilities, with integer or one-hot targets. */
export function classificationLabels(predictions: Tensor[], targets: Tensor[]): { yTrue: number[]; yPred: number[]; numClasses: number } | null {
  if (!predictions.length || predictions.some((p) => !(p instanceof Tensor))) return null;
  const pred = predictions.length === 1 ? predictions[0] : cat(predictions, 0);
  const target = targets.length === 1 ? targets[0] : cat(targets, 0);
  if (pred.ndim !== 2 || target.shape[0] !== pred.shape[0]) return null;
  const C = pred.shape[1];
  let yTrue: number[];
  if (target.ndim === 1 || (target.ndim === 2 && target.shape[1] === 1)) yTrue = Array.from(target.reshape([-1]).toTypedArray(), Number);
  else if (target.ndim === 2 && target.shape[1] === C && C > 1) yTrue = Array.from(argmax(target, 1).toTypedArray(), Number);
  else return null;
  const classes = Math.max(C, 2);
  if (!yTrue.every((v) => Number.isInteger(v) && v >= 0 && v < classes)) return null;
  const yPred = C === 1 ? Array.from(pred.reshape([-1]).toTypedArray(), (p) => (Number(p) > 0.5 ? 1 : 0)) : Array.from(argmax(pred, 1).toTypedArray(), Number);
  return { yTrue, yPred, numClasses: classes };
}

/** Logs an evaluate() into the active run or the run that trained the model: eval_* metrics, and for a classifier the confusion matrix (PNG + JSON). */
function logEvaluation(record: EvaluationRecord): void {
  const known = runOfModel.get(record.model);
  if (!autologOptions && !known) return;
  const active = activeRun();
  if (!active && !known) return;
  const run = active ?? startRun({ runId: known!.runId });
  try {
    const now = Date.now();
    for (const [k, v] of Object.entries(record.logs)) run.pushMetric({ key: `eval_${k}`, value: v, step: 0, timestamp: now });
    const labels = classificationLabels(record.predictions, record.targets);
    if (labels) {
      const matrix = confusionMatrix(labels.yTrue, labels.yPred, { labels: Array.from({ length: labels.numClasses }, (_, i) => i) });
      const classNames = known?.options.classNames?.length === labels.numClasses ? known.options.classNames : undefined;
      const svg = confusionMatrixSvg(matrix, { classNames, title: "Confusion matrix (evaluate)" });
      run.store.logText(run.runId, svgToPng(svg), "confusion_matrix.png");
      run.store.logText(run.runId, JSON.stringify({ classNames: classNames ?? null, matrix }) + "\n", "confusion_matrix.json");
    }
  } finally {
    if (!active) run.end("FINISHED");
    else run.flush();
  }
}

let autologOptions: TrackingOptions | null = null;
const factory = (userCallbacks: readonly Callback[]): Callback | null =>
  autologOptions && !userCallbacks.some((c) => c instanceof Tracking) ? new Tracking(autologOptions) : null;

/**
 * Makes every keras fit() and Trainer.fit() log into a run (the active one, or one per fit), and
 * every evaluate() log its metrics and confusion matrix into the model's run; `autolog({ disable: true })` stops it.
 */
export function autolog(opts: TrackingOptions & { disable?: boolean } = {}): void {
  const { disable, ...rest } = opts;
  if (disable) {
    autologOptions = null;
    fitCallbackFactories.delete(factory);
    return;
  }
  autologOptions = rest;
  fitCallbackFactories.add(factory);
  evaluationObservers.add(logEvaluation);
}
