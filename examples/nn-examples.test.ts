/** @file The nn/optim/data examples in their smoke modes: each runs end to end and its printed claims are checked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needsData } from "../test/data/needs.ts";
import { main as quickstart } from "./fashion-mnist-quickstart.ts";
import { main as iris } from "./iris-mlp.ts";
import { main as regression } from "./regression.ts";
import { main as binary } from "./binary-classification.ts";
import { main as xor } from "./xor-mlp.ts";
import { main as perceptron } from "./perceptron.ts";

const quiet = () => {};
const IRIS = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv";

const FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";


test("Fashion-MNIST quickstart (smoke: 640 images, 1 epoch) trains, saves, reloads and predicts", needsData(FASHION, "the Debian package dataset-fashion-mnist"), () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-quickstart-"));
  try {
    const lines: string[] = [];
    const r = quickstart({ epochs: 1, trainLimit: 640, testLimit: 320, modelPath: join(dir, "model.safetensors"), log: (...a) => lines.push(a.join(" ")) });
    assert.equal(r.epochs.length, 1);
    const { accuracy, avgLoss } = r.epochs[0];
    assert.ok(accuracy >= 0 && accuracy <= 100);
    assert.ok(avgLoss > 1.5 && avgLoss < 2.5, `after 10 SGD steps the loss is still near ln 10, got ${avgLoss}`);
    assert.ok(lines.some((l) => /Test Error: \n Accuracy: \d+\.\d%, Avg loss: \d\.\d{6}/.test(l)), "prints PyTorch's Test Error line");
    assert.ok(lines.includes("Shape of X [N, C, H, W]: [64, 1, 28, 28]"));
    assert.equal(r.actual, "Ankle boot"); // the first test image of Fashion-MNIST
    assert.ok(existsSync(join(dir, "model.safetensors")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Iris MLP with Adam reaches at least 95% test accuracy", needsData(IRIS, "the Debian package python3-sklearn"), () => {
  const { testAccuracy, trainLoss } = iris({ log: quiet });
  assert.ok(testAccuracy >= 0.95, `test accuracy ${testAccuracy}`);
  assert.ok(trainLoss < 0.1, `train loss ${trainLoss}`);
});

test("regression (smoke: 300 steps) fits 5x³ + 10 and sin(x) on [-3, 3]", () => {
  const mse = regression({ steps: 300, log: quiet });
  assert.ok(mse["5x³ + 10"] < 5, `cubic MSE ${mse["5x³ + 10"]} (the target's variance is about 2600)`);
  assert.ok(mse["sin(x)"] < 0.01, `sine MSE ${mse["sin(x)"]}`);
});

test("binary classification of sum > 5 (full: 20 epochs, batch 16) reaches at least 0.95 test accuracy", () => {
  const { testAccuracy } = binary({ log: quiet });
  assert.ok(testAccuracy >= 0.95, `test accuracy ${testAccuracy}`);
});

test("a two-layer MLP learns XOR, which the perceptron cannot", () => {
  assert.deepEqual(xor({ steps: 300, log: quiet }).predictions, [0, 1, 1, 0]);
  const p = perceptron(100, quiet).find((g) => g.gate === "XOR")!;
  assert.ok(p.accuracy < 1);
});
