/** @file The fluent API: one active run, nested runs, withRun's statuses, buffered metrics, system tags and metrics, artefacts and figures. */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { tempDir } from "./helpers.ts";

const T = lw.track;
const tmp = tempDir();
before(() => T.setTrackingUri(tmp.dir));
after(() => { T.setTrackingUri(join(tmp.dir, "unused")); tmp.cleanup(); });

test("startRun / endRun: system tags (git commit, command line, user), notes, one active run unless nested", () => {
  const exp = T.setExperiment("fluent");
  const run = T.startRun({ runName: "outer", description: "first try", tags: { team: "a" } });
  try {
    assert.equal(T.activeRun(), run);
    assert.throws(() => T.startRun(), /is already active; end it with endRun\(\), or start a child with startRun\(\{ nested: true \}\)/);
    const child = T.startRun({ nested: true, runName: "inner" });
    assert.equal(T.activeRun(), child);
    T.logParam("where", "inner");
    T.endRun();
    assert.equal(T.activeRun(), run);
    const stored = T.getRun(child.runId);
    assert.equal(stored.info.parentRunId, run.runId);
    assert.equal(stored.data.params.where, "inner");
  } finally {
    T.endRun();
  }
  const r = T.getRun(run.runId);
  assert.equal(r.info.status, "FINISHED");
  assert.equal(r.info.experimentId, exp.experimentId);
  assert.equal(r.data.tags["mlflow.note.content"], "first try");
  assert.equal(r.data.tags["mlflow.runName"], "outer");
  assert.equal(r.data.tags.team, "a");
  assert.match(r.data.tags["mlflow.source.git.commit"] ?? "", /^[0-9a-f]{40}$/, "the test runs inside a git checkout");
  assert.ok(r.data.tags["lw.commandLine"].includes("fluent.test.ts"));
  assert.ok(r.data.tags["mlflow.user"]);
  assert.equal(r.data.tags["lw.pid"], String(process.pid));
  assert.equal(T.lastActiveRun()!.info.runId, run.runId);
});

test("withRun: FINISHED on return, FAILED (with the error) on throw, also for async functions", async () => {
  const value = T.withRun({ runName: "ok" }, (run) => { T.logMetric("x", 1); return run.runId; });
  assert.equal(T.getRun(value).info.status, "FINISHED");
  let failedId = "";
  assert.throws(() => T.withRun({}, (run) => { failedId = run.runId; T.logMetric("loss", 0.5, { step: 3 }); throw new Error("diverged"); }), /diverged/);
  const failed = T.getRun(failedId);
  assert.equal(failed.info.status, "FAILED");
  assert.match(failed.data.tags["lw.error"], /diverged/);
  assert.equal(failed.data.metrics.loss.value, 0.5, "what was logged before the error is kept");
  let asyncId = "";
  await assert.rejects(T.withRun({}, async (run) => { asyncId = run.runId; await new Promise((r) => setTimeout(r, 1)); throw new Error("late"); }), /late/);
  assert.equal(T.getRun(asyncId).info.status, "FAILED");
  assert.equal(T.activeRun(), null);
});

test("metrics: buffered (nothing written until a flush), written at endRun; NaN/Inf kept; logMetrics shares one step", () => {
  const run = T.startRun({ buffer: { maxPoints: 1000, flushIntervalMs: 60_000 } });
  for (let i = 0; i < 999; i++) T.logMetric("loss", 1 / (i + 1), { step: i });
  assert.equal(run.store.metricHistory(run.runId, "loss").length, 0, "still in the buffer");
  T.logMetric("loss", NaN, { step: 999 });
  assert.equal(run.store.metricHistory(run.runId, "loss").length, 1000, "flushed at 1000 points");
  T.logMetrics({ acc: Infinity, f1: 0.5 }, { step: 7 });
  T.endRun();
  const m = T.getRun(run.runId).data.metrics;
  assert.ok(Number.isNaN(m.loss.value));
  assert.equal(m.acc.value, Infinity);
  assert.equal(m.f1.step, 7);
  assert.throws(() => T.logMetric("bad", "1" as never), /must be a number/);
  T.endRun();
});

test("system metrics: RSS, heap, CPU and machine memory as system/... metrics", async () => {
  const run = T.startRun({ logSystemMetrics: true, systemMetricsIntervalMs: 20 });
  const until = Date.now() + 80;
  let x = 0;
  while (Date.now() < until) { x += Math.sqrt(x + 1); T.logMetric("busy", x); }
  T.endRun();
  const m = T.getRun(run.runId).data.metrics;
  assert.ok(m["system/process_rss_megabytes"].value > 10, `RSS ${m["system/process_rss_megabytes"]?.value} MB`);
  assert.ok(m["system/process_heap_megabytes"].value > 1);
  assert.ok(m["system/process_cpu_percentage"].value > 20, `a busy loop uses the CPU: ${m["system/process_cpu_percentage"].value}%`);
  assert.ok(run.store.metricHistory(run.runId, "system/process_rss_megabytes").length >= 3, "sampled while the loop kept the event loop busy");
});

test("artefacts: text, dict, a figure as SVG and PNG, an image tensor; bad names refused", () => {
  const run = T.startRun();
  try {
    T.logText("hello", "notes/readme.txt");
    T.logDict({ lr: 0.1, layers: [32, 10] }, "config.json");
    const svg = lw.plot.confusionMatrixSvg([[5, 1], [2, 7]], { classNames: ["cat", "dog"] });
    T.logFigure(svg, "plots/confusion.svg");
    const png = T.logFigure(svg, "plots/confusion.png");
    assert.deepEqual([...readFileSync(png).subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""), "PNG");
    T.logImage(lw.rand(1, 4, 4), "sample.png");
    assert.deepEqual(run.store.listArtifacts(run.runId).map((e) => e.path), ["config.json", "notes", "plots", "sample.png"]);
    assert.deepEqual(JSON.parse(readFileSync(run.store.artifactFile(run.runId, "config.json"), "utf8")), { lr: 0.1, layers: [32, 10] });
    assert.throws(() => T.logText("x", "../../escape.txt"), /may not hold "\.\."/);
    assert.throws(() => T.logFigure(svg, "plot.jpg"), /must end in \.svg or \.png/);
    assert.throws(() => T.logImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), "x.png"), /not a PNG/);
    assert.ok(!existsSync(join(tmp.dir, "escape.txt")));
  } finally {
    T.endRun();
  }
});

test("searchRuns over the current experiment with a filter; params logged twice with another value fail", () => {
  T.setExperiment("search-fluent");
  for (const lr of [0.1, 0.01]) T.withRun({ runName: `lr=${lr}` }, () => { T.logParams({ lr }); T.logMetric("acc", lr * 5); });
  assert.deepEqual(T.searchRuns({ filter: "metrics.acc > 0.1" }).map((r) => r.info.runName), ["lr=0.1"]);
  assert.deepEqual(T.searchRuns({ experimentNames: ["search-fluent"], orderBy: ["metrics.acc ASC"] }).map((r) => r.data.params.lr), ["0.01", "0.1"]);
  T.withRun({}, () => {
    T.logParam("lr", 0.1);
    assert.throws(() => T.logParam("lr", 0.2), (e: unknown) => e instanceof T.TrackingError && e.code === "INVALID_PARAMETER_VALUE");
  });
});
