/**
 * @file Dashboard benchmark: builds (once, cached under the OS tmp dir) a store of RUNS x METRICS x STEPS points
 * with the store's batch API, then times the REST API alone and, in Debian's chromium, the runs table's first
 * paint and a 100-run chart (request + draw). `npx tsx bench/track-ui.ts [--runs 1000 --metrics 20 --steps 10000]`.
 */
import { existsSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { TrackingStore } from "../src/track/store.ts";
import { createTrackingServer } from "../src/track/server/index.ts";
import type { MetricPoint } from "../src/track/types.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "1000" }, metrics: { type: "string", default: "20" }, steps: { type: "string", default: "10000" }, rebuild: { type: "boolean", default: false } } });
const RUNS = Number(values.runs), METRICS = Number(values.metrics), STEPS = Number(values.steps);
const dir = join(tmpdir(), `lernwerk-bench-track-ui-${RUNS}x${METRICS}x${STEPS}`);
const done = join(dir, "COMPLETE");

function buildStore(): void {
  if (existsSync(done) && !values.rebuild) { console.log(`store: cached at ${dir}`); return; }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = TrackingStore.open(dir);
  const exp = store.createExperiment("bench");
  const t0 = performance.now();
  const start = Date.UTC(2026, 0, 1);
  for (let r = 0; r < RUNS; r++) {
    const run = store.createRun({ experimentId: exp, runName: `run-${String(r).padStart(4, "0")}`, startTime: start + r * 60_000 });
    const lr = [0.1, 0.03, 0.01, 0.003, 0.001][r % 5];
    const metrics: MetricPoint[] = new Array(METRICS * STEPS);
    let at = 0;
    for (let m = 0; m < METRICS; m++) {
      const tau = 500 + ((r * 7 + m * 13) % 50) * 100;
      for (let s = 0; s < STEPS; s++) metrics[at++] = { key: `m${String(m).padStart(2, "0")}`, value: Math.exp(-s / tau) * (1 + m / 10) + 0.02 * Math.sin(s * 0.37 + r), step: s, timestamp: start + r * 60_000 + s * 50 };
    }
    store.logBatch(run.runId, { params: { lr, batchSize: 32 << (r % 3), dropout: (r % 4) / 10, seed: r }, metrics, tags: { bench: "1" } });
    store.updateRun(run.runId, { status: "FINISHED", endTime: start + r * 60_000 + STEPS * 50 });
    if (r % 50 === 49) console.log(`store: ${r + 1}/${RUNS} runs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  store.close();
  writeFileSync(done, new Date().toISOString());
  console.log(`store: built ${RUNS} x ${METRICS} x ${STEPS} = ${(RUNS * METRICS * STEPS / 1e6).toFixed(0)}M points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(n: number, f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); }
  return median(ts);
}

async function main(): Promise<void> {
  buildStore();
  const store = TrackingStore.open(dir);
  const server = await createTrackingServer({ store });
  const exp = store.getExperimentByName("bench")!.experimentId;
  try {
    const page100 = await (await fetch(`${server.url}/api/v1/runs?experimentIds=${exp}&maxResults=100`)).json() as { runs: { info: { runId: string } }[] };
    const ids = page100.runs.map((r) => r.info.runId);
    const apiRuns = await time(7, async () => (await fetch(`${server.url}/api/v1/runs?experimentIds=${exp}&maxResults=100&orderBy=${encodeURIComponent("metrics.m07 DESC")}`)).json());
    const apiSeries = await time(7, async () => (await fetch(`${server.url}/api/v1/series`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ runIds: ids, key: "m00", maxPoints: 1000 }) })).json());
    const apiBinary = await time(7, async () => (await fetch(`${server.url}/api/v1/series`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ runIds: ids, key: "m00", maxPoints: 1000, format: "binary" }) })).arrayBuffer());
    const tRead = performance.now();
    store.metricHistories(ids, "m00");
    const readMs = performance.now() - tRead;
    console.log(`API  GET /api/v1/runs (100 of ${RUNS}, sorted by a metric): ${apiRuns.toFixed(1)} ms (median of 7)`);
    console.log(`API  POST /api/v1/series (100 runs x ${STEPS} points -> 1000 each, LTTB): JSON ${apiSeries.toFixed(1)} ms, binary (the page's) ${apiBinary.toFixed(1)} ms (medians of 7); store.metricHistories alone ${readMs.toFixed(1)} ms`);

    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
    try {
      const firstPaint: number[] = [], chart: number[] = [];
      for (let i = 0; i < 5; i++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const t = performance.now();
        await page.goto(`${server.url}/`);
        await page.waitForSelector("#runs-table tbody tr[data-run]");
        const wall = performance.now() - t;
        const inPage = await page.evaluate("window.__lwTimings.runsTableAt") as number;
        firstPaint.push(Math.max(wall, inPage));
        await page.goto(`${server.url}/?tab=charts&select=page&metrics=m00`);
        await page.waitForSelector(".chart-card[data-series='100'] canvas");
        chart.push(await page.evaluate("window.__lwTimings.chartMs") as number);
        await page.close();
      }
      console.log(`page runs table first paint (navigation -> rows drawn, ${RUNS} runs in the store): ${median(firstPaint).toFixed(0)} ms (median of 5; all ${firstPaint.map((x) => x.toFixed(0)).join(", ")})`);
      console.log(`page 100-run chart (series request + uPlot draw): ${median(chart).toFixed(0)} ms (median of 5; all ${chart.map((x) => x.toFixed(0)).join(", ")})`);
    } finally { await browser.close(); }
  } finally { await server.close(); store.close(); }
}

await main();
