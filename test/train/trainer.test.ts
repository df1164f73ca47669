/** @file Trainer on an nn.Module: it learns, resumes bit for bit, accumulates gradients, clips, steps schedulers per batch or epoch, and rejects bad setups clearly. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { nn } from "../../src/index.ts";

/** Two Gaussian blobs per class, 3 classes, 96 samples, 4 features (deterministic). */
function blobs(seed = 1): lw.data.TensorDataset<[lw.Tensor, lw.Tensor]> {
  const g = new lw.Generator(seed);
  const y = lw.tensor(Array.from({ length: 96 }, (_, i) => i % 3), { dtype: "int32" });
  const centers = lw.tensor([[2, 0, 0, 1], [0, 2, 0, -1], [0, 0, 2, 0]]);
  const x = centers.indexSelect(0, y).add(lw.randn([96, 4], { generator: g }).mul(0.7));
  return new lw.data.TensorDataset(x, y);
}
const mlp = (): nn.Sequential => new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 3));

/** Records every batch's running loss. */
function recorder(): { losses: number[]; cb: lw.callbacks.LambdaCallback } {
  const losses: number[] = [];
  return { losses, cb: new lw.callbacks.LambdaCallback({ onBatchEnd: (_b, logs) => { losses.push(logs.loss); } }) };
}

function makeTrainer(callbacks: lw.callbacks.Callback[], seed = 0): { trainer: lw.train.Trainer; model: nn.Sequential } {
  lw.manualSeed(seed);
  const model = mlp();
  const ds = blobs();
  const [trainDs, valDs] = lw.data.randomSplit(ds, [72, 24], { generator: new lw.Generator(5) });
  const optimizer = new lw.optim.Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new lw.optim.lrScheduler.StepLR(optimizer, 2, { gamma: 0.5 });
  const trainer = new lw.train.Trainer(model, optimizer, new nn.CrossEntropyLoss(), {
    trainLoader: new lw.data.DataLoader(trainDs, { batchSize: 16, shuffle: true }),
    evalLoader: new lw.data.DataLoader(valDs, { batchSize: 16 }),
    metrics: ["accuracy"], callbacks, scheduler, verbose: 0,
  });
  return { trainer, model };
}

test("Trainer learns 3 blobs: loss falls, val_accuracy > 0.9, History has loss/accuracy/val_loss/val_accuracy/lr per epoch", () => {
  const { trainer } = makeTrainer([]);
  const h = trainer.fit({ epochs: 6 });
  assert.deepEqual(Object.keys(h.history).sort(), ["accuracy", "loss", "lr", "val_accuracy", "val_loss"]);
  assert.equal(h.history.loss.length, 6);
  assert.ok(h.history.loss[5] < h.history.loss[0] * 0.6, `loss ${h.history.loss.join(", ")}`);
  assert.ok(h.history.val_accuracy[5] > 0.9, `val_accuracy ${h.history.val_accuracy[5]}`);
  assert.deepEqual(h.history.lr, [0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025], "StepLR stepped once per epoch");
  const ev = trainer.evaluate();
  assert.ok(Math.abs(ev.val_loss ?? ev.loss - h.history.val_loss[5]) < 1e-6, "evaluate() on the eval loader equals the last val_loss");
  assert.deepEqual(trainer.predict(trainer.opts.evalLoader!).shape, [24, 3]);
});

test("resuming from an epoch-2 checkpoint gives bit-identical losses, weights and history to an uninterrupted 4-epoch run (js backend; dropout + shuffling + Adam + StepLR)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-resume-"));
  const before = lw.currentBackend().name;
  lw.setBackend("js");
  try {
    const full = recorder();
    const a = makeTrainer([full.cb, new lw.callbacks.ModelCheckpoint(join(dir, "e{epoch}.safetensors"))]);
    const ha = a.trainer.fit({ epochs: 4 });
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".safetensors")).sort(), ["e1.safetensors", "e2.safetensors", "e3.safetensors", "e4.safetensors"]);
    assert.ok(!readdirSync(dir).some((f) => f.includes(".tmp")), "no temp files left");

    const part = recorder();
    const b = makeTrainer([part.cb, new lw.callbacks.ModelCheckpoint(join(dir, "b{epoch}.safetensors"))], 123); // another init and seed: all must come from the checkpoint
    lw.randn([1000]); // and move the global generator on
    const hb = b.trainer.fit({ epochs: 4, resumeFrom: join(dir, "e2.safetensors") });
    const steps = full.losses.length / 4;
    assert.equal(part.losses.length, 2 * steps);
    assert.deepEqual(part.losses, full.losses.slice(2 * steps), "per-batch losses of epochs 3-4");
    assert.deepEqual(hb.history, ha.history, "history (epochs 1-2 from the checkpoint, 3-4 recomputed)");
    const wa = a.model.stateDict(), wb = b.model.stateDict();
    for (const k of Object.keys(wa)) assert.deepEqual(wb[k].toTypedArray(), wa[k].toTypedArray(), k);
  } finally {
    lw.setBackend(before);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("gradient accumulation over 2 batches of 8 equals one batch of 16 (sum of mean losses / 2), and clipGradNorm bounds the update", () => {
  const x = lw.randn([16, 4], { generator: new lw.Generator(3) }), y = lw.tensor(Array.from({ length: 16 }, (_, i) => i % 3), { dtype: "int32" });
  const run = (batchSize: number, accumulate: number, clip?: number): lw.Tensor => {
    lw.manualSeed(0);
    const model = new nn.Linear(4, 3);
    const opt = new lw.optim.SGD(model.parameters(), { lr: 1 });
    new lw.train.Trainer(model, opt, new nn.CrossEntropyLoss(), {
      trainLoader: new lw.data.DataLoader(new lw.data.TensorDataset(x, y), { batchSize }), gradientAccumulationSteps: accumulate, clipGradNorm: clip, verbose: 0,
    }).fit({ epochs: 1 });
    return model.weight.detach().clone();
  };
  const whole = run(16, 1), acc = run(8, 2);
  const diff = whole.sub(acc).abs().amax().item();
  assert.ok(diff < 1e-6, `accumulated update differs by ${diff}`);
  lw.manualSeed(0);
  const w0 = new nn.Linear(4, 3).weight.detach();
  const clipped = run(16, 1, 0.01);
  const moved = clipped.sub(w0).norm().item();
  assert.ok(moved <= 0.0101 && moved > 0.005, `an SGD step of lr 1 with clipped norm 0.01 moves the weights by ${moved}`);
});

test("a per-batch scheduler (OneCycleLR) is stepped after every optimizer step; lr logs the epoch's starting rate", () => {
  lw.manualSeed(0);
  const model = new nn.Linear(4, 3);
  const opt = new lw.optim.SGD(model.parameters(), { lr: 0.1 });
  const ds = blobs();
  const loader = new lw.data.DataLoader(ds, { batchSize: 32 });
  const scheduler = new lw.optim.lrScheduler.OneCycleLR(opt, 0.1, { totalSteps: 6 });
  const seen: number[] = [];
  new lw.train.Trainer(model, opt, new nn.CrossEntropyLoss(), { trainLoader: loader, scheduler, schedulerInterval: "batch", verbose: 0,
    callbacks: [{ onBatchBegin: () => { seen.push(opt.paramGroups[0].lr); } }] }).fit({ epochs: 2 });
  const ref = new lw.optim.lrScheduler.OneCycleLR(new lw.optim.SGD(new nn.Linear(4, 3).parameters(), { lr: 0.1 }), 0.1, { totalSteps: 6 });
  const want: number[] = [];
  for (let i = 0; i < 6; i++) { want.push(ref.getLastLr()[0]); if (i < 5) ref.step(); }
  assert.deepEqual(seen, want);
});

test("bad setups: a checkpoint of another architecture lists the mismatched keys; a weights-only file is not a training checkpoint; bad options are named", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-arch-"));
  try {
    const { trainer } = makeTrainer([new lw.callbacks.ModelCheckpoint(join(dir, "full.safetensors")), new lw.callbacks.ModelCheckpoint(join(dir, "w.safetensors"), { saveWeightsOnly: true })]);
    trainer.fit({ epochs: 1 });
    lw.manualSeed(0);
    const other = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
    const t2 = new lw.train.Trainer(other, new lw.optim.SGD(other.parameters(), { lr: 0.1 }), new nn.CrossEntropyLoss(), { trainLoader: trainer.opts.trainLoader, verbose: 0 });
    assert.throws(() => t2.fit({ epochs: 2, resumeFrom: join(dir, "full.safetensors") }),
      /does not fit this model \(another architecture\?\)[\s\S]*size mismatch for 0\.weight: the state dict has shape \[16, 4\], the model has \[8, 4\][\s\S]*unexpected keys: 3\.weight, 3\.bias/);
    assert.throws(() => trainer.fit({ epochs: 2, resumeFrom: join(dir, "w.safetensors") }), /not a training checkpoint .* model\.loadStateDict\(lw\.load\(path\)\)/);
    const w = lw.load(join(dir, "w.safetensors"));
    assert.deepEqual(Object.keys(w), ["0.weight", "0.bias", "3.weight", "3.bias"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = new nn.Linear(2, 2);
  assert.throws(() => new lw.train.Trainer(m, {} as never, new nn.MSELoss()), /optimizer must be an lw\.optim optimizer/);
  assert.throws(() => new lw.train.Trainer(m, new lw.optim.SGD(m.parameters(), { lr: 1 }), "mse" as never), /loss must be a loss module/);
  assert.throws(() => new lw.train.Trainer(m, new lw.optim.SGD(m.parameters(), { lr: 1 }), new nn.MSELoss(), { metrics: ["acuracy"] }), /unknown metric "acuracy"; valid names: accuracy, acc,/);
});
