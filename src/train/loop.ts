/**
 * @file The fit loop, one story: epochs of batches (forward, loss, backward, gradient accumulation
 * and clipping, optimizer and scheduler steps, streaming metrics), validation, callbacks, history,
 * and exact resume from a checkpoint. Keras models and the Trainer both train through it.
 */
import { noGrad } from "../core/grad-mode.ts";
import { defaultGenerator, type Generator } from "../core/random.ts";
import { Tensor } from "../core/tensor.ts";
import { cat } from "../ops/movement.ts";
import type { AnyModule } from "../nn/module.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { clipGradNorm, clipGradValue } from "../optim/clip.ts";
import type { Metric } from "../metrics/streaming.ts";
import { Callback, type FitRun, type Logs, type Scheduler } from "./callbacks/callback.ts";
import { ProgressBar } from "./callbacks/progress.ts";
import { History } from "./history.ts";
import { loadSchedulerState, loadTrainingCheckpoint, restoreModel, saveTrainingCheckpoint, schedulerState, type TrainingCheckpoint } from "./checkpoint.ts";

/** A batch: model inputs (one tensor, or several for a model with several inputs) and the target. */
export type Batch = [Tensor | Tensor[], Tensor];
/** Batches of an epoch, iterated once per epoch (a DataLoader is one). */
export type BatchSource = Iterable<Batch> & { readonly length: number };

/** What is trained and how one step works. */
export interface FitSetup {
  model: AnyModule;
  /** The model's output for a batch's inputs. */
  forward: (inputs: Tensor[]) => Tensor;
  /** loss(prediction, target) → 0-d tensor. */
  loss: (prediction: Tensor, target: Tensor) => Tensor;
  optimizer: Optimizer<{ lr: number }>;
  metrics: Metric[];
  scheduler?: Scheduler | null;
  /** Step the scheduler after every optimizer step ("batch") or every epoch ("epoch", default). */
  schedulerInterval?: "batch" | "epoch";
  /** The log key passed to a scheduler whose step takes a metric (ReduceLROnPlateau); default val_loss, else loss. */
  schedulerMonitor?: string;
  /** Sum gradients over this many batches before each optimizer step (default 1). */
  gradientAccumulationSteps?: number;
  /** Clip the joint gradient norm to this value before each step. */
  clipGradNorm?: number;
  /** Clamp every gradient element to ±this value before each step. */
  clipGradValue?: number;
}

export interface FitLoopOptions {
  epochs: number;
  /** The epoch to start at (0-based); a resumed run starts after the checkpoint's epoch. */
  initialEpoch?: number;
  train: BatchSource;
  validation?: BatchSource | null;
  callbacks?: Callback[];
  /** 0 silent, 1 a progress bar per epoch (plain lines when not on a terminal), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** A checkpoint written by ModelCheckpoint (saveWeightsOnly false) or run.saveCheckpoint to continue from. */
  resumeFrom?: string;
  /** The generators whose state checkpoints keep (default: the manualSeed one and the train loader's own, if any). */
  generators?: Record<string, Generator>;
}

/** Makes extra callbacks for every fit() given its user callbacks (lw.track.autolog registers one); they are not part of checkpoints. */
export type FitCallbackFactory = (userCallbacks: readonly Callback[]) => Callback | null;
export const fitCallbackFactories = new Set<FitCallbackFactory>();
/** What an evaluate() of a Keras model or Trainer saw: the logs and every batch's predictions and targets. */
export interface EvaluationRecord { model: AnyModule; logs: Logs; predictions: Tensor[]; targets: Tensor[] }
/** Told about every evaluate() (not about fit's validation passes); lw.track.autolog registers one. */
export const evaluationObservers = new Set<(record: EvaluationRecord) => void>();
/** A callback that wants to hear that fit() threw (the tracking callback marks its run FAILED). */
interface ErrorHook { onTrainError?(error: unknown): void }

const inputsOf = (x: Tensor | Tensor[]): Tensor[] => (Array.isArray(x) ? x : [x]);
const batchSize = (y: Tensor): number => (y.ndim ? y.shape[0] : 1);

/** Trains `setup.model` and returns the History of every epoch's logs. */
export function fitLoop(setup: FitSetup, opts: FitLoopOptions): History {
  const { model, optimizer } = setup;
  const accumulate = setup.gradientAccumulationSteps ?? 1;
  if (!Number.isInteger(accumulate) || accumulate < 1) throw new RangeError(`fit: gradientAccumulationSteps must be a positive integer, got ${accumulate}`);
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0) throw new RangeError(`fit: epochs must be a non-negative integer, got ${opts.epochs}`);
  const verbose = opts.verbose ?? 1;
  const loaderGen = (opts.train as { generator?: Generator }).generator;
  const generators = opts.generators ?? { default: defaultGenerator, ...(loaderGen && loaderGen !== defaultGenerator ? { loader: loaderGen } : {}) };
  const scheduler = setup.scheduler ?? null;
  const userCallbacks = opts.callbacks ?? [];
  const extra = [...fitCallbackFactories].map((make) => make(userCallbacks)).filter((c): c is Callback => c !== null);
  const callbacks = [...userCallbacks, ...extra, ...(verbose ? [new ProgressBar({ verbose })] : [])];
  const metricNames = setup.metrics.map((m) => m.name);
  let history = new History();
  let epoch = opts.initialEpoch ?? 0, globalStep = 0;

  const snapshot = (): TrainingCheckpoint => ({
    model: model.stateDict(), optimizer: optimizer.stateDict(), scheduler: schedulerState(scheduler),
    epoch: epoch + 1, globalStep, history: history.toJSON(),
    rng: Object.fromEntries(Object.entries(generators).map(([k, g]) => [k, g.getState()])),
    callbacks: Object.fromEntries(userCallbacks.map((c, i) => [`${i}:${c.constructor.name}`, c.stateDict()]).filter(([, s]) => s !== null)),
  });
  const run: FitRun = {
    model, optimizer, scheduler, stopTraining: false,
    get epoch() { return epoch; },
    get globalStep() { return globalStep; },
    params: { epochs: opts.epochs, steps: opts.train.length, verbose, metrics: metricNames },
    get history() { return history; },
    saveCheckpoint: (path) => saveTrainingCheckpoint(snapshot(), path),
  };

  if (opts.resumeFrom) {
    const ckpt = loadTrainingCheckpoint(opts.resumeFrom);
    restoreModel(model, ckpt, opts.resumeFrom);
    optimizer.loadStateDict(ckpt.optimizer as never);
    loadSchedulerState(scheduler, ckpt.scheduler);
    for (const [k, g] of Object.entries(generators)) if (ckpt.rng[k]) g.setState(ckpt.rng[k]);
    history = History.fromJSON(ckpt.history);
    userCallbacks.forEach((c, i) => { const s = ckpt.callbacks[`${i}:${c.constructor.name}`]; if (s) c.loadStateDict(s); });
    epoch = ckpt.epoch;
    globalStep = ckpt.globalStep;
  }
  history.params = { ...run.params };
  for (const c of callbacks) c.setRun(run);

  const lrNow = (): number => optimizer.paramGroups[0].lr;
  const optimizerStep = (): void => {
    if (setup.clipGradValue !== undefined) clipGradValue(model.parameters(), setup.clipGradValue);
    if (setup.clipGradNorm !== undefined) clipGradNorm(model.parameters(), setup.clipGradNorm);
    optimizer.step();
    optimizer.zeroGrad();
    globalStep++;
    if (scheduler && setup.schedulerInterval === "batch") scheduler.step();
  };

  try {
    for (const c of callbacks) c.onTrainBegin({});
    for (; epoch < opts.epochs && !run.stopTraining; epoch++) {
      for (const c of callbacks) c.onEpochBegin(epoch, {});
      model.train();
      for (const m of setup.metrics) m.reset();
      const lr = lrNow();
      let lossSum = 0, seen = 0, batch = 0, logs: Logs = {};
      optimizer.zeroGrad();
      const steps = opts.train.length;
      for (const [x, y] of opts.train) {
        for (const c of callbacks) c.onBatchBegin(batch, { size: batchSize(y) });
        const prediction = setup.forward(inputsOf(x));
        const loss = setup.loss(prediction, y);
        if (loss.numel !== 1) throw new RangeError(`fit: the loss must be a single number, got a tensor of shape [${loss.shape.join(", ")}]`);
        (accumulate > 1 ? loss.div(accumulate) : loss).backward();
        const n = batchSize(y);
        lossSum += loss.item() * n;
        seen += n;
        noGrad(() => { for (const m of setup.metrics) m.update(prediction.detach(), y); });
        batch++;
        if (batch % accumulate === 0 || batch === steps) optimizerStep();
        logs = { loss: lossSum / seen, ...Object.fromEntries(setup.metrics.map((m) => [m.name, m.result()])) };
        for (const c of callbacks) c.onBatchEnd(batch - 1, logs);
        if (run.stopTraining) break;
      }
      if (opts.validation) {
        const v = evaluateLoop(setup, opts.validation);
        for (const [k, val] of Object.entries(v)) logs[`val_${k}`] = val;
      }
      logs.lr = lr;
      if (scheduler && setup.schedulerInterval !== "batch") {
        const key = setup.schedulerMonitor ?? ("val_loss" in logs ? "val_loss" : "loss");
        if (scheduler.step.length > 0 && !(key in logs)) throw new RangeError(`fit: the scheduler monitors "${key}", which is not logged; logged: ${Object.keys(logs).join(", ")}`);
        scheduler.step(logs[key]);
      }
      history.append(epoch, logs);
      for (const c of callbacks) c.onEpochEnd(epoch, logs);
    }
    for (const c of callbacks) c.onTrainEnd(history.epoch.length ? Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v[v.length - 1]])) : {});
  } catch (e) {
    for (const c of callbacks) (c as ErrorHook).onTrainError?.(e);
    for (const c of callbacks) c.setRun(null);
    throw e;
  }
  for (const c of callbacks) c.setRun(null);
  return history;
}

/** The mean loss and metrics over `source` in eval mode, without gradients. */
export function evaluateLoop(setup: Pick<FitSetup, "model" | "forward" | "loss" | "metrics">, source: BatchSource, opts: { notify?: boolean } = {}): Logs {
  const observe = opts.notify === true && evaluationObservers.size > 0;
  const predictions: Tensor[] = [], targets: Tensor[] = [];
  const wasTraining = setup.model.training;
  setup.model.eval();
  for (const m of setup.metrics) m.reset();
  let lossSum = 0, seen = 0;
  try {
    noGrad(() => {
      for (const [x, y] of source) {
        const prediction = setup.forward(inputsOf(x));
        const n = batchSize(y);
        lossSum += setup.loss(prediction, y).item() * n;
        seen += n;
        for (const m of setup.metrics) m.update(prediction, y);
        if (observe) { predictions.push(prediction.detach()); targets.push(y); }
      }
    });
  } finally {
    setup.model.train(wasTraining);
  }
  if (seen === 0) throw new RangeError("evaluate: the data has no batches");
  const logs: Logs = { loss: lossSum / seen, ...Object.fromEntries(setup.metrics.map((m) => [m.name, m.result()])) };
  if (observe) for (const o of evaluationObservers) o({ model: setup.model, logs, predictions, targets });
  return logs;
}

/** The model's outputs for every batch of inputs, concatenated along dim 0, in eval mode without gradients. */
export function predictLoop(model: AnyModule, forward: (inputs: Tensor[]) => Tensor, batches: Iterable<Tensor[]>): Tensor {
  const wasTraining = model.training;
  model.eval();
  const outs: Tensor[] = [];
  try {
    noGrad(() => { for (const inputs of batches) outs.push(forward(inputs)); });
  } finally {
    model.train(wasTraining);
  }
  if (!outs.length) throw new RangeError("predict: the data has no batches");
  return outs.length === 1 ? outs[0] : cat(outs, 0);
}
