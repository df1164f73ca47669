/** @file Callbacks in fit(): progress output (terminal, plain lines, silent), EarlyStopping, ModelCheckpoint, CSVLogger, RunLogger, LR callbacks, custom hooks. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";

const { keras, callbacks: cb } = lw;

function data(): { x: lw.Tensor; y: lw.Tensor } {
  const g = new lw.Generator(3);
  const y = lw.tensor(Array.from({ length: 64 }, (_, i) => i % 2), { dtype: "int32" });
  const x = lw.tensor([[1, -1], [-1, 1]]).indexSelect(0, y).add(lw.randn([64, 2], { generator: g }).mul(0.8));
  return { x, y };
}
function model(lr = 0.05): lw.keras.Sequential {
  lw.manualSeed(0);
  const m = new keras.Sequential([new keras.layers.Dense(8, { activation: "relu", inputShape: [2] }), new keras.layers.Dense(2, { activation: "softmax" })]);
  m.compile({ optimizer: (p) => new lw.optim.SGD(p, { lr }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  return m;
}
class Capture extends Writable {
  text = "";
  constructor(readonly isTTY: boolean) { super(); }
  override _write(chunk: Buffer, _enc: string, done: () => void): void { this.text += chunk.toString(); done(); }
}

test("custom callbacks see every hook in Keras's order with the logs, and can stop training", () => {
  const { x, y } = data();
  const events: string[] = [];
  class Stopper extends cb.Callback {
    override onTrainBegin(): void { events.push(`trainBegin steps=${this.run.params.steps}`); }
    override onEpochBegin(e: number): void { events.push(`epochBegin ${e}`); }
    override onBatchEnd(b: number, logs: lw.callbacks.Logs): void { if (b === 0) events.push(`batchEnd ${b} ${Object.keys(logs).join(",")}`); }
    override onEpochEnd(e: number, logs: lw.callbacks.Logs): void { events.push(`epochEnd ${e} ${Object.keys(logs).join(",")}`); if (e === 1) this.run.stopTraining = true; }
    override onTrainEnd(): void { events.push("trainEnd"); }
  }
  const h = model().fit(x, y, { epochs: 5, batchSize: 32, validationData: [x, y], callbacks: [new Stopper(), { onBatchBegin: (b) => { if (b === 1) events.push("plain object hook"); } }], verbose: 0 });
  assert.deepEqual(events, [
    "trainBegin steps=2", "epochBegin 0", "batchEnd 0 loss,accuracy", "plain object hook", "epochEnd 0 loss,accuracy,val_loss,val_accuracy,lr",
    "epochBegin 1", "batchEnd 0 loss,accuracy", "plain object hook", "epochEnd 1 loss,accuracy,val_loss,val_accuracy,lr", "trainEnd",
  ]);
  assert.equal(h.epoch.length, 2);
});

test("progress: a redrawn bar with steps, ETA and running metrics on a terminal; plain lines off a terminal; one line per epoch with verbose 2; nothing with verbose 0", (t) => {
  const { x, y } = data();
  const tty = new Capture(true);
  model().fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [new cb.ProgressBar({ stream: tty as unknown as NodeJS.WritableStream })] });
  assert.match(tty.text, /Epoch 1\/2\n/);
  assert.match(tty.text, /4\/4 \[==============================\] - \d+(ms|s) \d+(ms|s)\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}/);
  assert.ok(tty.text.includes("\x1b["), "redraws in place with terminal escapes");
  const pipe = new Capture(false);
  model().fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [new cb.ProgressBar({ stream: pipe as unknown as NodeJS.WritableStream, lineEvery: 0 })] });
  assert.ok(!pipe.text.includes("\x1b"), "no escapes when not a terminal");
  const lines = pipe.text.trim().split("\n");
  assert.equal(lines[0], "Epoch 1/2");
  assert.match(lines[1], /^1\/4 - \d+(ms|s) - ETA: \d+(ms|s) - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/);
  assert.match(lines[4], /^4\/4 - \d+(ms|s) \d+(ms|s)\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/);
  const two = new Capture(false);
  model().fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [new cb.ProgressBar({ verbose: 2, stream: two as unknown as NodeJS.WritableStream })] });
  assert.match(two.text, /^Epoch 1\/2 - 4\/4 - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4}\nEpoch 2\/2 - 4\/4 - .*\n$/);
  const write = t.mock.method(process.stdout, "write", () => true);
  model().fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
  model().fit(x, y, { epochs: 1, batchSize: 16, verbose: 2 });
  write.mock.restore();
  assert.equal(write.mock.callCount(), 1, "verbose 0 writes nothing; verbose 2 writes one line");
});

test("EarlyStopping stops after `patience` epochs without improvement and restores the best weights; a metric never logged warns naming those that are", (t) => {
  const { x, y } = data();
  const m = model(0.05);
  let bestWeights: lw.Tensor[] = [];
  const es = new cb.EarlyStopping({ monitor: "val_loss", patience: 2, restoreBestWeights: true, verbose: false });
  // a scripted val_loss: best at epoch 1, then worse
  const script = [1.0, 0.5, 0.7, 0.8, 0.9, 0.95];
  const fake = { onEpochEnd: (e: number, logs: lw.callbacks.Logs) => { logs.val_loss = script[e]; if (e === 1) bestWeights = m.getWeights(); } };
  const h = m.fit(x, y, { epochs: 6, batchSize: 32, callbacks: [fake, es], verbose: 0 });
  assert.equal(es.stoppedEpoch, 3, "stopped at epoch 4 (0-based 3): epochs 3 and 4 did not improve on epoch 2");
  assert.equal(h.epoch.length, 4);
  assert.equal(es.bestEpoch, 1);
  m.getWeights().forEach((w, i) => assert.deepEqual(w.toTypedArray(), bestWeights[i].toTypedArray()));

  const warn = t.mock.method(console, "warn", () => {});
  model().fit(x, y, { epochs: 2, batchSize: 32, callbacks: [new cb.EarlyStopping({ monitor: "val_acc" })], verbose: 0 });
  assert.equal(warn.mock.callCount(), 1, "warned once");
  assert.match(String(warn.mock.calls[0].arguments[0]), /EarlyStopping: the monitored metric "val_acc" is not logged, so it does nothing\. Logged metrics: loss, accuracy, lr\. \(val_ metrics need validationData or validationSplit\.\)/);
});

test("ModelCheckpoint fills {epoch:02d}/{val_loss:.4f}, saves only improvements with saveBestOnly, weights-only files load with lw.load; CSVLogger and RunLogger write their files", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-cb-"));
  try {
    const { x, y } = data();
    const script = [0.9, 0.6, 0.7, 0.4];
    const fake = { onEpochEnd: (e: number, logs: lw.callbacks.Logs) => { logs.val_loss = script[e]; } };
    const best = new cb.ModelCheckpoint(join(dir, "best-{epoch:02d}-{val_loss:.4f}.safetensors"), { saveBestOnly: true, saveWeightsOnly: true });
    const csv = new cb.CSVLogger(join(dir, "log.csv"));
    const runLog = new cb.RunLogger(join(dir, "run"), { config: { lr: 0.05 } });
    model().fit(x, y, { epochs: 4, batchSize: 32, callbacks: [fake, best, csv, runLog], verbose: 0 });
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith("best")).sort(), ["best-01-0.9000.safetensors", "best-02-0.6000.safetensors", "best-04-0.4000.safetensors"]);
    assert.deepEqual(Object.keys(lw.load(join(dir, "best-04-0.4000.safetensors"))), ["dense.weight", "dense.bias", "dense_1.weight", "dense_1.bias"]);
    const rows = readFileSync(join(dir, "log.csv"), "utf8").trim().split("\n");
    assert.equal(rows[0], "epoch,accuracy,loss,lr,val_loss");
    assert.equal(rows.length, 5);
    assert.match(rows[4], /^3,[\d.]+,[\d.]+,0\.05,0\.4$/);
    const scalars = readFileSync(join(dir, "run", "scalars.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(scalars.filter((s) => s.scope === "step" && s.tag === "loss").length, 8, "a loss per optimizer step (2 per epoch × 4)");
    assert.deepEqual(scalars.filter((s) => s.scope === "epoch" && s.tag === "val_loss").map((s) => s.value), script);
    assert.equal(JSON.parse(readFileSync(join(dir, "run", "run.json"), "utf8")).config.lr, 0.05);
    assert.ok(existsSync(join(dir, "run", "scalars.jsonl")) && !readdirSync(dir).some((f) => f.includes(".tmp")));
    assert.throws(() => model().fit(x, y, { epochs: 1, verbose: 0, callbacks: [new cb.ModelCheckpoint(join(dir, "{val_acc}.safetensors"))] }), /uses \{val_acc\}, which is not logged; available: epoch, loss, accuracy, lr/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("LearningRateScheduler sets each epoch's rate (logged as lr); ReduceLROnPlateau divides it after `patience` epochs without improvement", () => {
  const { x, y } = data();
  const h = model().fit(x, y, { epochs: 3, batchSize: 32, verbose: 0, callbacks: [new cb.LearningRateScheduler((epoch) => 0.1 / (epoch + 1))] });
  assert.deepEqual(h.history.lr, [0.1, 0.05, 0.1 / 3]);
  const script = [1, 1, 1, 1, 1];
  const m = model(0.08);
  const h2 = m.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0, callbacks: [{ onEpochEnd: (e, logs) => { logs.val_loss = script[e]; } }, new cb.ReduceLROnPlateau({ patience: 2, factor: 0.5 })] });
  assert.deepEqual(h2.history.lr, [0.08, 0.08, 0.08, 0.04, 0.04]);
});
