/**
 * @file Learning-rate schedules compared on an MNIST CNN (Conv 32 → MaxPool → Dropout 0.25 → Flatten → Dense 128 →
 * Dropout 0.5 → Dense 10), same seed and data for each: constant, step decay, exponential, linear warm-up, cyclical.
 * Loss, accuracy and learning rate of all five in one plot. Run: `npx tsx examples/mnist-lr-schedules.ts [--smoke]`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export class MnistCnn extends nn.Module {
  features = new nn.Sequential(new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Dropout(0.25)); // (N, 32, 13, 13)
  classifier = new nn.Sequential(new nn.Flatten(), new nn.Linear(32 * 13 * 13, 128), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(128, 10));
  forward(x: lw.Tensor): lw.Tensor {
    return this.classifier.forward(this.features.forward(x)); // (N, 10) logits
  }
}

type Optim = lw.optim.Adam;
/** Each schedule: the scheduler it builds for an Adam of lr 1e-3, stepped per batch or per epoch. */
const SCHEDULES: Record<string, (opt: Optim, stepsPerEpoch: number) => { scheduler?: lw.callbacks.Scheduler; interval: "batch" | "epoch" }> = {
  constant: () => ({ interval: "epoch" }),
  "step decay": (opt) => ({ scheduler: new lw.optim.lrScheduler.StepLR(opt, 1, { gamma: 0.5 }), interval: "epoch" }),
  exponential: (opt, n) => ({ scheduler: new lw.optim.lrScheduler.ExponentialLR(opt, 0.5 ** (1 / n)), interval: "batch" }),
  "warm-up": (opt, n) => ({ scheduler: new lw.optim.lrScheduler.LinearLR(opt, { startFactor: 0.05, totalIters: n }), interval: "batch" }),
  cyclical: (opt, n) => ({ scheduler: new lw.optim.lrScheduler.CyclicLR(opt, 2e-4, 3e-3, { stepSizeUp: Math.max(1, Math.floor(n / 4)) }), interval: "batch" }),
};

export interface ScheduleOptions { epochs?: number; trainLimit?: number; testLimit?: number; out?: string; log?: (...a: unknown[]) => void }

export function main(opts: ScheduleOptions = {}) {
  const log = opts.log ?? console.log;
  const train = lw.data.datasets.mnist({ train: true, limit: opts.trainLimit ?? 12_000 });
  const test = lw.data.datasets.mnist({ train: false, limit: opts.testLimit ?? 2_000 });
  const histories: Record<string, lw.callbacks.History> = {};
  const results: Record<string, { accuracy: number; loss: number; seconds: number }> = {};
  for (const [name, make] of Object.entries(SCHEDULES)) {
    lw.manualSeed(0); // the same initial weights and batch order for every schedule
    const model = new MnistCnn();
    const trainLoader = new lw.data.DataLoader(train, { batchSize: 64, shuffle: true });
    const optimizer = new lw.optim.Adam(model.parameters(), { lr: 1e-3 });
    const { scheduler, interval } = make(optimizer, trainLoader.length);
    const trainer = new lw.train.Trainer(model, optimizer, new nn.CrossEntropyLoss(), {
      trainLoader, evalLoader: new lw.data.DataLoader(test, { batchSize: 500 }), metrics: ["accuracy"], scheduler, schedulerInterval: interval, verbose: 0,
    });
    const start = performance.now();
    histories[name] = trainer.fit({ epochs: opts.epochs ?? 4 });
    const h = histories[name].history;
    results[name] = { accuracy: h.val_accuracy.at(-1)!, loss: h.val_loss.at(-1)!, seconds: (performance.now() - start) / 1000 };
    log(`${name.padEnd(12)} val accuracy ${(100 * results[name].accuracy).toFixed(2)}%, val loss ${results[name].loss.toFixed(4)}, final lr ${h.lr.at(-1)!.toExponential(2)}, ${results[name].seconds.toFixed(0)} s`);
  }
  const files = lw.plot.history(histories, opts.out ?? "lr-schedules.svg", { metrics: ["loss", "accuracy", "lr"], title: "MNIST CNN: learning-rate schedules" });
  log(`curves: ${files.join(", ")}`);
  return { results, histories, files };
}

if (isMain(import.meta.url)) {
  if (isSmoke()) main({ epochs: 2, trainLimit: 256, testLimit: 128, out: "/tmp/lr-schedules-smoke.svg" });
  else main();
}
