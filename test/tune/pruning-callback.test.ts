/** @file TunePruningCallback: reports the monitored metric each epoch and ends fit() with TrialPruned when told. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as lw from "../../src/index.ts";
import { TrialPruned, TunePruningCallback } from "../../src/tune/pruning-callback.ts";

function fitWith(callback: TunePruningCallback, epochs: number): void {
  lw.manualSeed(0);
  const g = new lw.Generator(3);
  const y = lw.tensor(Array.from({ length: 32 }, (_, i) => i % 2), { dtype: "int32" });
  const x = lw.tensor([[1, -1], [-1, 1]]).indexSelect(0, y).add(lw.randn([32, 2], { generator: g }).mul(0.8));
  const m = new lw.keras.Sequential([new lw.keras.layers.Dense(4, { activation: "relu", inputShape: [2] }), new lw.keras.layers.Dense(2, { activation: "softmax" })]);
  m.compile({ optimizer: (p) => new lw.optim.SGD(p, { lr: 0.05 }), loss: "sparse_categorical_crossentropy" });
  m.fit(x, y, { epochs, batchSize: 16, callbacks: [callback], verbose: 0 });
}

test("reports loss per epoch and throws TrialPruned from fit() when the trial says prune", () => {
  const reported: [number, number][] = [];
  const trial = { report: (v: number, s: number) => void reported.push([s, v]), shouldPrune: () => reported.length >= 3 };
  assert.throws(() => fitWith(new TunePruningCallback(trial, "loss"), 10), (e: unknown) => e instanceof TrialPruned && e.name === "TrialPruned" && /epoch 2 \(loss = /.test(e.message));
  assert.deepEqual(reported.map(([s]) => s), [0, 1, 2]);
  assert.ok(reported.every(([, v]) => Number.isFinite(v) && v > 0));
});

test("runs to the end when never pruned; interval skips epochs", () => {
  const steps: number[] = [];
  fitWith(new TunePruningCallback({ report: (_v, s) => void steps.push(s), shouldPrune: () => false }, "loss", { interval: 2 }), 5);
  assert.deepEqual(steps, [1, 3]);
});

test("bad arguments are named", () => {
  const trial = { report: () => {}, shouldPrune: () => false };
  assert.throws(() => new TunePruningCallback({} as typeof trial, "loss"), /TunePruningCallback: the first argument must be a trial/);
  assert.throws(() => new TunePruningCallback(trial, ""), /monitor must be a log key/);
  assert.throws(() => new TunePruningCallback(trial, "loss", { interval: 0 }), /interval must be an integer ≥ 1, got 0/);
});
