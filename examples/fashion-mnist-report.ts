/**
 * @file Evaluating the Fashion-MNIST model: train the MLP (Adam, 5 epochs), then the confusion matrix as a
 * heat-map with the class names, the classification report printed as scikit-learn's, and one-vs-rest ROC AUC.
 * Run: `npx tsx examples/fashion-mnist-report.ts [--smoke]`.
 */
import { join } from "node:path";
import * as lw from "lernwerk";
import { epochTimer, loadFlat, mlp } from "./keras-mnist.ts";
import { isMain, isSmoke } from "./run.ts";

export interface ReportOptions { epochs?: number; trainLimit?: number; testLimit?: number; outDir?: string; verbose?: 0 | 1 | 2; log?: (s: string) => void }

export function main(opts: ReportOptions = {}): { accuracy: number; report: string; rocAuc: number; matrix: number[][]; files: string[]; epochSeconds: number[] } {
  const log = opts.log ?? console.log;
  const train = loadFlat("fashionMNIST", true, opts.trainLimit), test = loadFlat("fashionMNIST", false, opts.testLimit);
  lw.manualSeed(0);
  const model = mlp({ dropout: 0.2 });
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const timer = epochTimer();
  model.fit(train.x, train.y, { epochs: opts.epochs ?? 5, batchSize: 128, validationSplit: 0.1, callbacks: [timer.callback], verbose: opts.verbose ?? 1 });
  const probs = model.predict(test.x, { batchSize: 512 });
  const yPred = probs.argmax(1);
  const names = test.classes;
  const matrix = lw.metrics.confusionMatrix(test.y, yPred, { labels: names.map((_, i) => i) });
  const report = lw.metrics.classificationReport(test.y, yPred, { labels: names.map((_, i) => i), targetNames: names, digits: 3 });
  const rocAuc = lw.metrics.rocAuc(test.y, probs.to("float64"), { labels: names.map((_, i) => i) });
  const accuracy = lw.metrics.accuracy(test.y, yPred);
  const files = lw.plot.confusionMatrix(matrix, join(opts.outDir ?? ".", "fashion-confusion.svg"), { classNames: names, title: "Fashion-MNIST test set: confusion matrix" });
  log(`\ntest accuracy ${accuracy.toFixed(4)}, one-vs-rest ROC AUC (macro) ${rocAuc.toFixed(4)}\n`);
  log(report);
  log(`confusion matrix: ${files.join(", ")}`);
  return { accuracy, report, rocAuc, matrix, files, epochSeconds: timer.seconds };
}

if (isMain(import.meta.url)) {
  if (isSmoke()) main({ epochs: 1, trainLimit: 1000, testLimit: 500 });
  else main();
}
