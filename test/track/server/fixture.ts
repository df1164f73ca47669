/** @file A small tracking store for the server and browser tests: one experiment, three runs with curves, an artefact, a registered model. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { TrackingStore } from "../../../src/track/store.ts";

export interface Fixture { dir: string; store: TrackingStore; experimentId: string; runIds: string[]; cleanup(): void }

/** A 16x16 PNG with a gradient (an image artefact). */
export function tinyPng(): Buffer {
  const png = new PNG({ width: 16, height: 16 });
  for (let i = 0; i < 256; i++) png.data.set([i, 255 - i, 128, 255], i * 4);
  return PNG.sync.write(png);
}

export function makeFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "lw-track-ui-"));
  const store = TrackingStore.open(join(dir, "store"));
  const experimentId = store.createExperiment("mnist-mlp");
  const runIds: string[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (const [i, lr] of [0.1, 0.01, 0.001].entries()) {
    const run = store.createRun({ experimentId, runName: `lr-${lr}`, startTime: t0 + i * 1000 });
    store.logParams(run.runId, { lr, batchSize: i === 2 ? 64 : 32, optimizer: "adam" });
    const metrics = [];
    for (let step = 0; step < 50; step++) {
      const loss = 2 * Math.exp(-step * lr * 3) + 0.05 * (i + 1);
      metrics.push({ key: "loss", value: loss, step, timestamp: t0 + i * 1000 + step * 100 });
      if (step % 10 === 9) metrics.push({ key: "val_acc", value: 1 - loss / 3, step, timestamp: t0 + i * 1000 + step * 100 });
    }
    store.logMetrics(run.runId, metrics);
    store.setTags(run.runId, { note: `run ${i}` });
    store.updateRun(run.runId, { status: "FINISHED", endTime: t0 + i * 1000 + 5000 });
    runIds.push(run.runId);
  }
  const src = join(dir, "curve.png");
  writeFileSync(src, tinyPng());
  store.logArtifact(runIds[0], src, "plots");
  store.logText(runIds[0], "hello from run 0\n", "notes.txt");
  store.createModelVersion("mnist-classifier", { source: `runs:/${runIds[0]}/model`, runId: runIds[0], description: "first" });
  store.createModelVersion("mnist-classifier", { source: `runs:/${runIds[1]}/model`, runId: runIds[1] });
  store.setRegisteredModelAlias("mnist-classifier", "champion", 2);
  return { dir, store, experimentId, runIds, cleanup: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}
