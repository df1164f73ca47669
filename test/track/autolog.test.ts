/** @file Autolog and the Tracking callback: a keras fit and a Trainer fit log params, epoch metrics, summary and model without user code; evaluate logs the confusion matrix; a failing fit leaves a FAILED run. */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { tempDir } from "./helpers.ts";

const T = lw.track, K = lw.keras;
const tmp = tempDir();
before(() => T.setTrackingUri(tmp.dir));
after(() => { T.autolog({ disable: true }); T.setTrackingUri(join(tmp.dir, "unused")); tmp.cleanup(); });

/** Two Gaussian blobs in 4-D, labels 0/1 (int32). */
function blobs(n: number): [lw.Tensor, lw.Tensor] {
  lw.manualSeed(3);
  const y = lw.randint(0, 2, [n], { dtype: "int32" });
  const x = lw.randn(n, 4).add(y.unsqueeze(1).float().mul(3));
  return [x, y];
}
const classifier = () => new K.Sequential([new K.Dense(8, { activation: "relu", inputShape: [4] }), new K.Dense(2, { activation: "softmax" })]);

test("autolog: keras fit logs optimizer params, batch size, every epoch, the summary and the model; evaluate logs the confusion matrix", () => {
  T.setExperiment("autolog");
  T.autolog({ task: "tabular-classification", classNames: ["left", "right"], logSystemMetrics: false });
  const [x, y] = blobs(128);
  const model = classifier().compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  model.fit(x, y, { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0 });
  const test = model.evaluate(x, y);
  T.autolog({ disable: true });

  const run = T.lastActiveRun()!;
  assert.equal(run.info.status, "FINISHED");
  const p = run.data.params;
  assert.equal(p.optimizer_name, "Adam");
  assert.equal(p.optimizer_lr, "0.001");
  assert.equal(p.optimizer_eps, "1e-7");
  assert.equal(p.epochs, "3");
  assert.equal(p.batch_size, "16");
  assert.equal(p.num_params, String(model.numParameters()));
  assert.equal(p.metrics, "accuracy");
  const store = T.trackingStore();
  assert.deepEqual(store.metricHistory(run.info.runId, "loss").map((q) => q.step), [0, 1, 2]);
  assert.deepEqual(store.metricHistory(run.info.runId, "val_accuracy").map((q) => q.value), model.history!.history.val_accuracy);
  assert.equal(run.data.metrics.eval_accuracy.value, test.accuracy);
  assert.equal(run.data.tags["lw.autolog"], "true");
  assert.match(readFileSync(store.artifactFile(run.info.runId, "model_summary.txt"), "utf8"), /Total params: 58/);
  const cm = JSON.parse(readFileSync(store.artifactFile(run.info.runId, "confusion_matrix.json"), "utf8")) as { matrix: number[][]; classNames: string[] };
  assert.equal(cm.matrix.flat().reduce((a, b) => a + b, 0), 128);
  assert.deepEqual(cm.classNames, ["left", "right"]);
  const png = readFileSync(store.artifactFile(run.info.runId, "confusion_matrix.png"));
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  const back = T.loadModel<lw.keras.BaseModel>(`runs:/${run.info.runId}/model`);
  assert.deepEqual(back.predict(x).tolist(), model.predict(x).tolist());
  assert.equal(T.getModelInfo(`runs:/${run.info.runId}/model`).spec.task, "tabular-classification");
});

test("Trainer({ tracking }) logs an nn.Module fit; inside an active run it logs there and leaves the run open", () => {
  const [x, y] = blobs(64);
  const net = new lw.nn.Sequential(new lw.nn.Linear(4, 8), new lw.nn.ReLU(), new lw.nn.Linear(8, 2));
  const loader = new lw.data.DataLoader(new lw.data.TensorDataset(x, y), { batchSize: 32 });
  const opt = new lw.optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
  const outer = T.startRun({ runName: "study" });
  try {
    new lw.train.Trainer(net, opt, new lw.nn.CrossEntropyLoss(), { trainLoader: loader, tracking: { logModel: false, logSystemMetrics: false }, verbose: 0 }).fit({ epochs: 2 });
    assert.equal(T.activeRun(), outer, "the user's run stays active");
  } finally {
    T.endRun();
  }
  const run = T.getRun(outer.runId);
  assert.equal(run.data.params.optimizer_name, "SGD");
  assert.equal(run.data.params.optimizer_momentum, "0.9");
  assert.equal(run.data.params.batch_size, "32");
  assert.equal(run.data.metrics.loss.step, 1);
  assert.ok("lr" in run.data.metrics);
  assert.ok(run.data.metrics.loss.value < 1);
});

test("a fit that throws leaves its run FAILED with the error and what it logged", () => {
  const [x, y] = blobs(32);
  const model = classifier().compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy" });
  const boom = new lw.callbacks.LambdaCallback({ onEpochEnd: (e) => { if (e === 1) throw new Error("disk full"); } });
  const tracking = new lw.callbacks.Tracking({ runName: "crashes", logSystemMetrics: false });
  assert.throws(() => model.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [tracking, boom] }), /disk full/);
  const run = T.getRun(tracking.trackedRun!.runId);
  assert.equal(run.info.status, "FAILED");
  assert.match(run.data.tags["lw.error"], /disk full/);
  assert.deepEqual(T.trackingStore().metricHistory(run.info.runId, "loss").map((p) => p.step), [0, 1]);
  assert.equal(T.activeRun(), null);
});
