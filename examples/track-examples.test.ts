/** @file The tracking example in its smoke mode: two tracked runs, compared, the better one registered, aliased and loaded back with equal predictions. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { main as trackCnn } from "./track-fashion-cnn.ts";

const FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
function needs(path: string, pkg: string): { skip?: string } {
  if (existsSync(path) || process.env.LERNWERK_DATA) return {};
  if (process.env.CI === "true") throw new Error(`missing ${path}: CI must install ${pkg} (see .ci/run)`);
  return { skip: `${path} not found; install ${pkg}` };
}

test("tracked Fashion-MNIST CNN (smoke): two runs compared, the better registered as champion, loaded back by alias with equal predictions", needs(FASHION, "the Debian package dataset-fashion-mnist"), () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-track-ex-"));
  try {
    const r = trackCnn({ trackingUri: dir, epochs: 1, trainLimit: 320, testLimit: 160, batchSize: 32, learningRates: [1e-3, 1e-5], log: () => {} });
    assert.equal(r.runs.length, 2);
    assert.ok(r.runs.every((x) => x.status === "FINISHED"));
    assert.ok(r.runs[0].testAccuracy >= r.runs[1].testAccuracy, "ordered by test accuracy");
    assert.equal(r.best, r.runs[0].runId);
    assert.equal(r.version, 1);
    assert.equal(r.equalPredictions, true);
    assert.equal(r.spec.task, "image-classification");
    assert.deepEqual(r.spec.inputShape, [28, 28, 1]);
    const store = lw.track.trackingStore();
    assert.equal(store.getModelVersionByAlias("fashion-cnn", "champion").runId, r.best);
    const png = readFileSync(store.artifactFile(r.best, "confusion_matrix.png"));
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.deepEqual(store.metricHistory(r.best, "loss").map((p) => p.step), [0]);
  } finally {
    lw.track.setTrackingUri(join(dir, "closed"));
    rmSync(dir, { recursive: true, force: true });
  }
});
