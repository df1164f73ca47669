/**
 * @file Trainer: fit/evaluate/predict for any nn.Module, as the HF Trainer and Lightning do it: data
 * loaders, metrics, callbacks, gradient accumulation and clipping, an LR scheduler stepped per batch
 * or per epoch, checkpoints and exact resume.
 * @example new lw.train.Trainer(model, optimizer, new nn.CrossEntropyLoss(), { trainLoader, evalLoader, metrics: ["accuracy"] }).fit({ epochs: 5 })
 */
import type { Tensor } from "../core/tensor.ts";
import { Module, type AnyModule } from "../nn/module.ts";
import { Optimizer } from "../optim/optimizer.ts";
import { metricFromSpec, type Metric, type MetricSpec } from "../metrics/streaming.ts";
import { toCallback, type CallbackLike, type Logs, type Scheduler } from "./callbacks/callback.ts";
import type { History } from "./history.ts";
import { evaluateLoop, fitLoop, predictLoop, type BatchSource, type FitSetup } from "./loop.ts";
import { Tracking, type TrackingOptions } from "../track/autolog.ts";

/** A loss: a module such as nn.CrossEntropyLoss, or a function (prediction, target) → 0-d tensor. */
export type LossLike = Module<[Tensor, Tensor], Tensor> | ((prediction: Tensor, target: Tensor) => Tensor);

export interface TrainerOptions {
  /** Batches of [inputs, target] for training (a DataLoader). */
  trainLoader?: BatchSource;
  /** Batches for validation after each epoch and for evaluate(). */
  evalLoader?: BatchSource;
  metrics?: MetricSpec[];
  callbacks?: CallbackLike[];
  scheduler?: Scheduler;
  /** Step the scheduler after each optimizer step ("batch") or each epoch ("epoch", default). */
  schedulerInterval?: "batch" | "epoch";
  /** For a scheduler that takes a metric (ReduceLROnPlateau): the log key (default val_loss). */
  schedulerMonitor?: string;
  gradientAccumulationSteps?: number;
  clipGradNorm?: number;
  clipGradValue?: number;
  /** 0 silent, 1 progress bar (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Log every fit into lw.track (params, epoch metrics, the model; evaluate's confusion matrix): true, or the Tracking callback's options. */
  tracking?: boolean | TrackingOptions;
}

export interface TrainerFitOptions {
  epochs: number;
  /** Continue from a full checkpoint (ModelCheckpoint without saveWeightsOnly). */
  resumeFrom?: string;
  /** Callbacks for this fit() only, after the Trainer's own. */
  callbacks?: CallbackLike[];
  verbose?: 0 | 1 | 2;
}

export class Trainer {
  readonly lossFn: (prediction: Tensor, target: Tensor) => Tensor;
  readonly metrics: Metric[];

  constructor(readonly model: AnyModule, readonly optimizer: Optimizer<{ lr: number }>, loss: LossLike, readonly opts: TrainerOptions = {}) {
    if (!(model instanceof Module)) throw new TypeError(`Trainer: model must be an nn.Module, got ${typeof model}`);
    if (!(optimizer instanceof Optimizer)) throw new TypeError("Trainer: optimizer must be an lw.optim optimizer (e.g. new lw.optim.Adam(model.parameters()))");
    if (loss instanceof Module) this.lossFn = (p, t) => (loss as Module<[Tensor, Tensor], Tensor>).forward(p, t);
    else if (typeof loss === "function") this.lossFn = loss;
    else throw new TypeError("Trainer: loss must be a loss module (e.g. new nn.CrossEntropyLoss()) or a function (prediction, target) => Tensor");
    this.metrics = (opts.metrics ?? []).map((m) => metricFromSpec(m));
  }

  #setup(): FitSetup {
    const model = this.model as unknown as Module<Tensor[], Tensor>;
    return {
      model: this.model, forward: (inputs) => model.forward(...inputs), loss: this.lossFn, optimizer: this.optimizer, metrics: this.metrics,
      scheduler: this.opts.scheduler, schedulerInterval: this.opts.schedulerInterval, schedulerMonitor: this.opts.schedulerMonitor,
      gradientAccumulationSteps: this.opts.gradientAccumulationSteps, clipGradNorm: this.opts.clipGradNorm, clipGradValue: this.opts.clipGradValue,
    };
  }

  /** Trains for `epochs` epochs over trainLoader, validating on evalLoader after each; returns the History. */
  fit(opts: TrainerFitOptions): History {
    const train = this.opts.trainLoader;
    if (!train) throw new Error("Trainer.fit: no trainLoader; pass { trainLoader } to the Trainer");
    return fitLoop(this.#setup(), {
      epochs: opts.epochs, train, validation: this.opts.evalLoader, resumeFrom: opts.resumeFrom,
      callbacks: [...(this.opts.callbacks ?? []), ...(opts.callbacks ?? []), ...(this.opts.tracking ? [new Tracking(this.opts.tracking === true ? {} : this.opts.tracking)] : [])].map(toCallback),
      verbose: opts.verbose ?? this.opts.verbose ?? 1,
    });
  }

  /** Mean loss and metrics over `loader` (default evalLoader). */
  evaluate(loader: BatchSource | undefined = this.opts.evalLoader): Logs {
    if (!loader) throw new Error("Trainer.evaluate: no data; pass a loader or give the Trainer an evalLoader");
    return evaluateLoop(this.#setup(), loader, { notify: true });
  }

  /** The model's outputs over every batch of `loader` (the inputs of [inputs, target] batches), concatenated. */
  predict(loader: Iterable<[Tensor | Tensor[], unknown] | Tensor>): Tensor {
    const model = this.model as unknown as Module<Tensor[], Tensor>;
    const inputs = function* (): Generator<Tensor[]> {
      for (const b of loader) {
        const x = Array.isArray(b) ? b[0] : b;
        yield Array.isArray(x) ? x : [x];
      }
    };
    return predictLoop(this.model, (xs) => model.forward(...xs), inputs());
  }
}
