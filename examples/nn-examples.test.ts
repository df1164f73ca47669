/** @file The nn/optim/data examples in their smoke modes: each runs end to end and its printed claims are checked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needsData } from "../test/data/needs.ts";
import { main as quickstart } from "./fashion-mnist-quickstart.ts";

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
