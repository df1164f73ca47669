/**
 * @file Learning rate and epochs: the same MNIST MLP trained with Adam at several learning rates; training
 * and validation loss per epoch of every rate in one plot (too small learns slowly, too large diverges or stalls).
 * Run: `npx tsx examples/learning-rate-study.ts [--smoke]` (default: 12,000 training images, 8 epochs).
 */
import { join } from "node:path";
import * as lw from "lernwerk";
import { loadFlat, mlp } from "./keras-mnist.ts";
import { isMain, isSmoke } from "./run.ts";

export const RATES = [1e-4, 1e-3, 1e-2, 1e-1] as const;

export interface LrOptions { epochs?: number; trainLimit?: number; outDir?: string; verbose?: 0 | 1 | 2; log?: (s: string) => void; rates?: readonly number[] }

export function main(opts: LrOptions = {}): { histories: Record<string, lw.train.History>; files: string[] } {
  const log = opts.log ?? console.log;
  const train = loadFlat("mnist", true, opts.trainLimit ?? 12000);
  const histories: Record<string, lw.train.History> = {};
  for (const lr of opts.rates ?? RATES) {
    lw.manualSeed(0);
    const model = mlp();
    model.compile({ optimizer: (params) => new lw.optim.Adam(params, { lr }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    log(`\nlearning rate ${lr}:`);
    histories[`lr ${lr}`] = model.fit(train.x, train.y, { epochs: opts.epochs ?? 8, batchSize: 128, validationSplit: 0.2, verbose: opts.verbose ?? 2 });
  }
  const files = lw.plot.history(histories, join(opts.outDir ?? ".", "learning-rates.svg"), { metrics: ["loss", "val_accuracy"], title: "MNIST MLP: Adam learning rates" });
  for (const [name, h] of Object.entries(histories)) {
    const va = h.history.val_accuracy, best = va.indexOf(Math.max(...va));
    log(`${name.padEnd(10)} final val accuracy ${va[va.length - 1].toFixed(4)}, best ${va[best].toFixed(4)} at epoch ${best + 1}`);
  }
  log(`curves: ${files.join(", ")}`);
  return { histories, files };
}

if (isMain(import.meta.url)) {
  if (isSmoke()) main({ epochs: 1, trainLimit: 600, rates: [1e-3, 1e-1] });
  else main();
}
