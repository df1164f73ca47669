/**
 * @file The dropout comparison: the MNIST MLP (Dense 128 relu, [Dropout 0.5], Dense 64 relu, [Dropout 0.5],
 * Dense 10 softmax) with Adam, batch 128, validationSplit 0.2, 10 epochs, without and with dropout; learning
 * curves side by side, test accuracies printed. Run: `npx tsx examples/mnist-dropout.ts [--smoke] [--seed N] [--epochs N]`.
 * Reference: `/usr/bin/python3 tools/pytorch_mnist_dropout.py 0 1 2 3` trains the same model with Keras's defaults in PyTorch.
 */
import { join } from "node:path";
import * as lw from "lernwerk";
import { epochTimer, loadFlat, mlp } from "./keras-mnist.ts";
import { isMain, isSmoke } from "./run.ts";

export interface DropoutOptions { epochs?: number; trainLimit?: number; testLimit?: number; outDir?: string; verbose?: 0 | 1 | 2; log?: (s: string) => void; seed?: number }
export interface RunResult { name: string; testAccuracy: number; testLoss: number; epochSeconds: number[]; history: lw.train.History }

export function main(opts: DropoutOptions = {}): { runs: RunResult[]; files: string[] } {
  const log = opts.log ?? console.log;
  const train = loadFlat("mnist", true, opts.trainLimit), test = loadFlat("mnist", false, opts.testLimit);
  const runs: RunResult[] = [];
  for (const [name, dropout] of [["no dropout", 0], ["dropout 0.5", 0.5]] as const) {
    lw.manualSeed(opts.seed ?? 0);
    const model = mlp({ dropout });
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    if (runs.length === 0) model.summary({ print: log });
    const timer = epochTimer();
    log(`\n${name}:`);
    const history = model.fit(train.x, train.y, { epochs: opts.epochs ?? 10, batchSize: 128, validationSplit: 0.2, callbacks: [timer.callback], verbose: opts.verbose ?? 1 });
    const { loss, accuracy } = model.evaluate(test.x, test.y, { batchSize: 512 });
    runs.push({ name, testAccuracy: accuracy, testLoss: loss, epochSeconds: timer.seconds, history });
  }
  const files = lw.plot.history(Object.fromEntries(runs.map((r) => [r.name, r.history])), join(opts.outDir ?? ".", "mnist-dropout.svg"), { sideBySide: true, title: "MNIST MLP without and with dropout" });
  for (const r of runs) log(`${r.name.padEnd(12)} test accuracy ${r.testAccuracy.toFixed(4)}  (test loss ${r.testLoss.toFixed(4)}, ${(r.epochSeconds.reduce((a, b) => a + b, 0) / r.epochSeconds.length).toFixed(1)} s/epoch on ${lw.currentBackend().name})`);
  log(`curves: ${files.join(", ")}`);
  return { runs, files };
}

if (isMain(import.meta.url)) {
  const flag = (name: string): number | undefined => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : undefined; };
  if (isSmoke()) main({ epochs: 1, trainLimit: 1000, testLimit: 500 });
  else main({ seed: flag("seed"), epochs: flag("epochs") });
}
