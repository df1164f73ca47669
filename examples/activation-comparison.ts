/**
 * @file Activation functions compared (sigmoid, tanh, relu, leaky relu, elu, selu) on the MNIST MLP with
 * Adam; validation accuracy and loss of all six in one plot, test accuracies printed.
 * Run: `npx tsx examples/activation-comparison.ts [--smoke]` (default: 12,000 training images, 5 epochs).
 */
import { join } from "node:path";
import * as lw from "lernwerk";
import { epochTimer, loadFlat, mlp } from "./keras-mnist.ts";
import { isMain, isSmoke } from "./run.ts";

export const ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu"] as const;

export interface ActivationOptions { epochs?: number; trainLimit?: number; testLimit?: number; outDir?: string; verbose?: 0 | 1 | 2; log?: (s: string) => void; activations?: readonly string[] }

export function main(opts: ActivationOptions = {}): { results: { activation: string; testAccuracy: number; epochSeconds: number[] }[]; files: string[] } {
  const log = opts.log ?? console.log;
  const train = loadFlat("mnist", true, opts.trainLimit ?? 12000), test = loadFlat("mnist", false, opts.testLimit ?? 2000);
  const histories: Record<string, lw.train.History> = {};
  const results: { activation: string; testAccuracy: number; epochSeconds: number[] }[] = [];
  for (const activation of opts.activations ?? ACTIVATIONS) {
    lw.manualSeed(0);
    const model = mlp({ activation });
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const timer = epochTimer();
    log(`\n${activation}:`);
    histories[activation] = model.fit(train.x, train.y, { epochs: opts.epochs ?? 5, batchSize: 128, validationSplit: 0.2, callbacks: [timer.callback], verbose: opts.verbose ?? 2 });
    results.push({ activation, testAccuracy: model.evaluate(test.x, test.y, { batchSize: 512 }).accuracy, epochSeconds: timer.seconds });
  }
  const files = lw.plot.history(histories, join(opts.outDir ?? ".", "activations.svg"), { metrics: ["val_accuracy", "val_loss"], title: "MNIST MLP: activation functions (validation)" });
  for (const r of results) log(`${r.activation.padEnd(11)} test accuracy ${r.testAccuracy.toFixed(4)}`);
  log(`curves: ${files.join(", ")}`);
  return { results, files };
}

if (isMain(import.meta.url)) {
  if (isSmoke()) main({ epochs: 1, trainLimit: 600, testLimit: 300 });
  else main();
}
