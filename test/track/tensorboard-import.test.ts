/** @file importTfevents: a TensorBoard log folder written by SummaryWriter into a temporary TrackingStore, and read back. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as lw from "lernwerk";
import { SummaryWriter } from "../../src/track/tensorboard/summary-writer.ts";
import { importTfevents, LOGDIR_TAG } from "../../src/track/tensorboard/import.ts";
import { tempDir, withStore } from "./helpers.ts";

test("round trip: scalars come back as metric history with their steps, wall times (ms) and float32 values", () => withStore((store) => {
  const { dir, cleanup } = tempDir("lw-tb-import-");
  try {
    const logDir = join(dir, "mnist");
    const w = new SummaryWriter(logDir);
    const written: [number, number, number][] = [];
    for (let step = 0; step < 50; step++) {
      const value = Math.exp(-step / 10) + step * 1e-3, wallTime = 1_700_000_000 + step * 0.5;
      w.addScalar("loss/train", value, step, wallTime);
      written.push([step, Math.fround(value), Math.round(wallTime * 1000)]);
    }
    w.addScalar("weird tag (%)", 1, 0, 1_700_000_000);
    w.close();
    const warnings: string[] = [];
    const res = importTfevents(logDir, store, { experimentName: "tb", onWarning: (m) => warnings.push(m) });
    assert.equal(res.runs.length, 1);
    const run = store.getRun(res.runs[0].runId);
    assert.equal(run.info.status, "FINISHED");
    assert.equal(run.info.runName, "mnist");
    assert.equal(run.info.experimentId, store.getExperimentByName("tb")!.experimentId);
    assert.equal(run.data.tags[LOGDIR_TAG], logDir);
    assert.equal(run.info.startTime, 1_700_000_000_000);
    assert.equal(run.info.endTime, 1_700_000_000_000 + 49 * 500);
    const history = store.metricHistory(run.info.runId, "loss/train");
    assert.deepEqual(history.map((p) => [p.step, p.value, p.timestamp]), written);
    assert.notEqual(history[1].value, Math.exp(-0.1) + 1e-3, "float64 values are not kept: TensorBoard stores float32");
    assert.deepEqual(store.metricHistory(run.info.runId, "weird tag ___").map((p) => p.value), [1]);
    assert.match(warnings.join("\n"), /tag "weird tag \(%\)" stored as metric "weird tag ___"/);
  } finally {
    cleanup();
  }
}));

test("sub-folders are runs (addScalars and addHparams folders become child runs); hparams → params, text/images/histograms → artefacts", () => withStore((store) => {
  const { dir, cleanup } = tempDir("lw-tb-import-");
  try {
    const w = new SummaryWriter(join(dir, "exp1"));
    w.addScalars("loss", { train: 1, val: 2 }, 1, 10);
    w.addText("notes", "lr *0.1*", 3, 11);
    w.addImage("samples", lw.ones([3, 2, 2]), 5, { walltime: 12 });
    w.addHistogram("w", [1, 2, 3], 5, { bins: 2, walltime: 13 });
    w.addHparams({ lr: 0.1, opt: "adam", bn: false }, { "hp/acc": 0.9 }, { runName: "trial" });
    w.close();
    new SummaryWriter(join(dir, "exp2")).addScalar("loss", 3, 0, 20);
    mkdirSync(join(dir, "empty-folder"));
    const res = importTfevents(dir, store, { experimentName: "many" });
    assert.deepEqual(res.runs.map((r) => r.runName), ["exp1", "exp1/loss_train", "exp1/loss_val", "exp1/trial", "exp2"]);
    const id = (name: string) => res.runs.find((r) => r.runName === name)!.runId;
    for (const child of ["exp1/loss_train", "exp1/loss_val", "exp1/trial"]) assert.equal(store.getRun(id(child)).info.parentRunId, id("exp1"), child);
    assert.equal(store.getRun(id("exp2")).info.parentRunId, null);
    assert.deepEqual(store.metricHistory(id("exp1/loss_val"), "loss").map((p) => [p.step, p.value]), [[1, 2]]);
    const trial = store.getRun(id("exp1/trial"));
    assert.deepEqual(trial.data.params, { lr: "0.1", opt: "adam", bn: "false" });
    assert.equal(trial.data.metrics["hp/acc"].value, Math.fround(0.9));
    const exp1 = id("exp1");
    assert.equal(readFileSync(store.artifactFile(exp1, "text/notes/step_3.md"), "utf8"), "lr *0.1*");
    assert.deepEqual(lw.vision.decodeImage(readFileSync(store.artifactFile(exp1, "images/samples/step_5.png")), "png").shape.slice(1), [2, 2]);
    const h = JSON.parse(readFileSync(store.artifactFile(exp1, "histograms/w.jsonl"), "utf8").trim());
    assert.deepEqual([h.step, h.num, h.sum, h.bucket], [5, 3, 6, [0, 1, 2]]);
    assert.equal(res.runs.find((r) => r.runName === "exp1")!.artifacts, 3);

    const again = importTfevents(dir, store, { experimentName: "many" });
    assert.deepEqual(again.runs, [], "folders imported before are skipped");
    assert.equal(again.skipped.length, 5);
  } finally {
    cleanup();
  }
}));

test("a restart with purgeStep hides the earlier run's points from that step on, as TensorBoard does", () => withStore((store) => {
  const { dir, cleanup } = tempDir("lw-tb-import-");
  try {
    const first = new SummaryWriter(dir, { filenameSuffix: ".a" });
    for (let s = 0; s < 6; s++) first.addScalar("x", s, s, 100 + s);
    first.close();
    const second = new SummaryWriter(dir, { purgeStep: 3, filenameSuffix: ".b" });
    for (let s = 3; s < 5; s++) second.addScalar("x", 10 * s, s, 200 + s);
    second.close();
    const { runs } = importTfevents(dir, store);
    assert.deepEqual(store.metricHistory(runs[0].runId, "x").map((p) => [p.step, p.value]), [[0, 0], [1, 1], [2, 2], [3, 30], [4, 40]]);
  } finally {
    cleanup();
  }
}));

test("lw.track exports SummaryWriter, readTfevents and importTfevents", () => {
  assert.equal(lw.track.SummaryWriter, SummaryWriter);
  assert.equal(lw.track.importTfevents, importTfevents);
  assert.equal(typeof lw.track.readTfevents, "function");
});

test("a folder without event files is an error naming it", () => withStore((store) => {
  const { dir, cleanup } = tempDir("lw-tb-import-");
  try {
    assert.throws(() => importTfevents(dir, store), /importTfevents: no event files \(events\.out\.tfevents\.\*\) under /);
    assert.throws(() => importTfevents(join(dir, "missing"), store), /importTfevents: cannot read the log folder .*missing/);
  } finally {
    cleanup();
  }
}));
