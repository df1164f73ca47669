/**
 * @file `npx tsx bench/track.ts [--points 1000000]`: lw.track's logging and reading speed on a fresh
 * store in a temporary folder: 10^6 points through the fluent API and through store.logMetrics, the
 * dashboard's bulk read (metricHistories of 100 runs × 10,000 points) and the runs page (searchRuns
 * of 1,000 runs × 20 metrics).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as track from "../src/track/index.ts";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const POINTS = arg("points", 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "lw-track-bench-"));
const ms = (t0: number): number => performance.now() - t0;
const results: { name: string; value: number; unit: string; note: string }[] = [];
const report = (name: string, value: number, unit: string, note: string): void => {
  results.push({ name, value, unit, note });
  console.log(`${name.padEnd(44)} ${value.toFixed(unit === "points/s" ? 0 : 1).padStart(12)} ${unit.padEnd(9)} ${note}`);
};

try {
  track.setTrackingUri(dir);
  track.setExperiment("bench");

  // 1. The fluent API: one logMetric call per point, buffered, 10 keys.
  let t0 = performance.now();
  track.withRun({ runName: "fluent" }, () => {
    for (let i = 0; i < POINTS; i++) track.logMetric(`m${i % 10}`, Math.sin(i), { step: i / 10 | 0 });
  });
  let t = ms(t0);
  report(`fluent logMetric, ${POINTS.toLocaleString("en-US")} points`, t / 1000, "s", "10 keys, default buffer, endRun included");
  report("fluent logMetric rate", POINTS / (t / 1000), "points/s", "");

  // 2. The store directly, batches of 10,000 points of one key.
  const store = track.trackingStore();
  const { runId } = store.createRun({ experimentId: store.getExperimentByName("bench")!.experimentId, runName: "store" });
  const batch: track.MetricPoint[] = [];
  t0 = performance.now();
  for (let at = 0; at < POINTS; at += 10_000) {
    batch.length = 0;
    for (let i = at; i < Math.min(POINTS, at + 10_000); i++) batch.push({ key: "loss", value: 1 / (i + 1), step: i, timestamp: Date.now() });
    store.logMetrics(runId, batch);
  }
  t = ms(t0);
  report(`store.logMetrics, ${POINTS.toLocaleString("en-US")} points`, t / 1000, "s", "batches of 10,000, one transaction each");
  report("store.logMetrics rate", POINTS / (t / 1000), "points/s", "");
  t0 = performance.now();
  const one = store.metricHistories([runId], "loss").get(runId)!;
  report(`read back ${one.step.length.toLocaleString("en-US")} points of one run`, ms(t0), "ms", "metricHistories");

  // 3. The dashboard's bulk read: 100 runs × 10,000 points of one metric (ended runs: one chunk per metric).
  const exp = store.createExperiment("dashboard");
  const ids: string[] = [];
  for (let r = 0; r < 100; r++) {
    const run = store.createRun({ experimentId: exp });
    ids.push(run.runId);
    const pts: track.MetricPoint[] = [];
    for (let i = 0; i < 10_000; i++) pts.push({ key: "val_loss", value: Math.exp(-i / 3000) + r / 100, step: i, timestamp: 1_700_000_000_000 + i });
    for (let k = 0; k < 10; k++) store.logMetrics(run.runId, pts.slice(k * 1000, (k + 1) * 1000));
    if (r % 2 === 0) store.updateRun(run.runId, { status: "FINISHED" }); // half packed into one chunk, half left in 10
  }
  for (let rep = 0; rep < 2; rep++) store.metricHistories(ids, "val_loss"); // warm the page cache
  t0 = performance.now();
  const reps = 5;
  for (let rep = 0; rep < reps; rep++) store.metricHistories(ids, "val_loss");
  report("metricHistories 100 runs × 10,000 points", ms(t0) / reps, "ms", "half the runs in 10 chunks, half compacted");

  // 4. The runs page: 1,000 runs × 20 metrics (+ 5 params), filtered and ordered by a metric.
  const page = store.createExperiment("runs-page");
  for (let r = 0; r < 1000; r++) {
    const run = store.createRun({ experimentId: page, startTime: 1_700_000_000_000 + r });
    store.logBatch(run.runId, {
      params: { lr: String(10 ** -(r % 5)), batch: 32, opt: "adam", seed: r, arch: "cnn" },
      metrics: Array.from({ length: 20 }, (_, k) => ({ key: `metric_${k}`, value: Math.random(), step: 0, timestamp: 0 })),
    });
  }
  store.searchRuns({ experimentIds: [page] });
  t0 = performance.now();
  const all = store.searchRuns({ experimentIds: [page], maxResults: 1000 });
  report(`searchRuns 1,000 runs × 20 metrics`, ms(t0), "ms", `${all.runs.length} runs with params, tags, metrics`);
  t0 = performance.now();
  const filtered = store.searchRuns({ experimentIds: [page], filter: "metrics.metric_3 > 0.5 and params.lr = '0.01'", orderBy: ["metrics.metric_7 DESC"], maxResults: 1000 });
  report("searchRuns filtered + ordered by a metric", ms(t0), "ms", `${filtered.runs.length} runs`);
} finally {
  track.setTrackingUri(join(dir, "closed"));
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.BENCH_OUT) console.log(JSON.stringify({ bench: "track", results }));
