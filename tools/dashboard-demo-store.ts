/**
 * @file A realistic tracking store for the dashboard's screenshot: the course's MNIST MLP trained with Adam at five
 * learning rates (per-batch loss and accuracy, per-epoch validation), the best run registered as a model.
 * `npx tsx tools/dashboard-demo-store.ts DIR`, then `LERNWERK_SCREENSHOT=1 LERNWERK_SCREENSHOT_STORE=DIR node --import tsx --test test/track/ui-browser.test.ts`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../src/index.ts";
import { TrackingStore } from "../src/track/store.ts";
import type { MetricPoint } from "../src/track/types.ts";
import { loadFlat, mlp } from "../examples/keras-mnist.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: npx tsx tools/dashboard-demo-store.ts DIR");
const store = TrackingStore.open(dir);
const exp = store.getOrCreateExperiment("mnist-mlp-lr");
const train = loadFlat("mnist", true, 16000);
const EPOCHS = 5, BATCH = 64;
let best = { runId: "", acc: -1 };
for (const [i, lr] of [3e-4, 1e-3, 3e-3, 1e-2, 3e-2].entries()) {
  lw.manualSeed(i);
  const start = Date.now();
  const run = store.createRun({ experimentId: exp, runName: `adam-lr-${lr}`, startTime: start });
  store.logParams(run.runId, { lr, batchSize: BATCH, epochs: EPOCHS, optimizer: "adam", hidden: "128-64", dropout: i % 2 ? 0.1 : 0 });
  const model = mlp({ dropout: i % 2 ? 0.1 : 0 });
  model.compile({ optimizer: (params) => new lw.optim.Adam(params, { lr }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  let step = 0, epochNow = 0, prevLoss = 0, prevAcc = 0;
  const pending: MetricPoint[] = [];
  const callback = new lw.callbacks.LambdaCallback({
    onEpochBegin: (e: number) => { epochNow = e; },
    onBatchEnd: (b: number, logs: Record<string, number>) => {
      // the logs hold the epoch's running means; (b + 1) m_b - b m_(b-1) is this batch's own value
      const t = Date.now();
      const loss = (b + 1) * logs.loss - b * prevLoss, acc = (b + 1) * logs.accuracy - b * prevAcc;
      prevLoss = logs.loss; prevAcc = logs.accuracy;
      pending.push({ key: "train/loss", value: loss, step, timestamp: t }, { key: "train/accuracy", value: acc, step, timestamp: t });
      step++;
      if (pending.length >= 200) store.logMetrics(run.runId, pending.splice(0));
    },
    onEpochEnd: (_e: number, logs: Record<string, number>) => {
      const t = Date.now();
      pending.push({ key: "val/loss", value: logs.val_loss, step, timestamp: t }, { key: "val/accuracy", value: logs.val_accuracy, step, timestamp: t }, { key: "epoch", value: epochNow + 1, step, timestamp: t });
      store.logMetrics(run.runId, pending.splice(0));
      if (logs.val_accuracy > best.acc && epochNow === EPOCHS - 1) best = { runId: run.runId, acc: logs.val_accuracy };
    },
  });
  const history = model.fit(train.x, train.y, { epochs: EPOCHS, batchSize: BATCH, validationSplit: 0.2, verbose: 0, callbacks: [callback] });
  store.logMetrics(run.runId, pending.splice(0));
  const plotDir = mkdtempSync(join(tmpdir(), "lw-demo-plot-"));
  for (const file of lw.plot.history({ [`lr ${lr}`]: history }, join(plotDir, "curves.svg"), { metrics: ["loss", "val_accuracy"] })) store.logArtifact(run.runId, file, "plots");
  rmSync(plotDir, { recursive: true, force: true });
  store.updateRun(run.runId, { status: "FINISHED", endTime: Date.now() });
  console.log(`lr ${lr}: ${step} steps, ${((Date.now() - start) / 1000).toFixed(1)} s`);
}
store.createModelVersion("mnist-mlp", { source: `runs:/${best.runId}/model`, runId: best.runId, description: "best validation accuracy of the learning-rate study", tags: { dataset: "mnist" } });
store.setRegisteredModelAlias("mnist-mlp", "champion", store.listModelVersions("mnist-mlp").at(-1)!.version);
store.close();
console.log(`store at ${dir}; best run ${best.runId} (val accuracy ${best.acc.toFixed(4)})`);
