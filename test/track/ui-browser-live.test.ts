/**
 * @file The dashboard's live refresh in a real browser (Debian chromium via playwright-core): while a run trains,
 * new points appear on its chart every 2 s and a zoom the user dragged stays as it was.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { createTrackingServer, type TrackingServer } from "../../src/track/server/index.ts";
import { TrackingStore } from "../../src/track/store.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = !existsSync(CHROMIUM) && process.env.CI !== "true" ? `needs ${CHROMIUM} (Debian package chromium)` : false;

let dir: string;
let store: TrackingStore;
let server: TrackingServer;
let browser: Browser;
let runId: string;
let logged = 0;
const t0 = Date.UTC(2026, 0, 1);

function logSteps(n: number): void {
  const points = [];
  for (let i = 0; i < n; i++, logged++) points.push({ key: "loss", value: 2 * Math.exp(-logged / 40), step: logged, timestamp: t0 + logged * 100 });
  store.logMetrics(runId, points);
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), "lw-track-live-"));
  store = TrackingStore.open(join(dir, "store"));
  const experimentId = store.createExperiment("live");
  runId = store.createRun({ experimentId, runName: "training", startTime: t0 }).runId; // RUNNING
  logSteps(100);
  server = await createTrackingServer({ store });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
after(async () => { await browser?.close(); await server?.close(); store?.close(); if (dir) rmSync(dir, { recursive: true, force: true }); });

const card = ".chart-card[data-key='loss']";
const attr = async (page: Page, name: string) => Number(await page.getAttribute(card, name));

test("live refresh appends a training run's new points and keeps the user's zoom", { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/?tab=charts&metrics=loss`);
  await page.waitForSelector(`${card}[data-series='1'] canvas`);
  assert.equal(await attr(page, "data-points"), 100);
  assert.equal(await attr(page, "data-x-max"), 99);

  // Without a zoom the chart follows the run: new points show and the x range grows.
  logSteps(100);
  await page.waitForFunction(`Number(document.querySelector("${card}").dataset.points) === 200`, undefined, { timeout: 8000 });
  assert.equal(await attr(page, "data-x-max"), 199);
  await page.$eval(`${card} canvas`, (c) => { c.dataset.mark = "same"; }); // a rebuilt plot would have a new canvas

  // Drag across the middle of the plot: uPlot zooms x.
  const over = (await page.$(`${card} .u-over`))!;
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(`document.querySelector("${card}").dataset.zoomed === "1"`);
  const zoomMin = await attr(page, "data-x-min"), zoomMax = await attr(page, "data-x-max");
  assert.ok(zoomMin > 30 && zoomMax < 150 && zoomMin < zoomMax, `zoomed to [${zoomMin}, ${zoomMax}]`);

  // More points arrive: they are appended, the zoom stays, the plot is not rebuilt.
  logSteps(100);
  await page.waitForFunction(`Number(document.querySelector("${card}").dataset.points) === 300`, undefined, { timeout: 8000 });
  assert.equal(await attr(page, "data-x-min"), zoomMin);
  assert.equal(await attr(page, "data-x-max"), zoomMax);
  assert.equal(await page.getAttribute(card, "data-zoomed"), "1");
  assert.equal(await page.$eval(`${card} canvas`, (c) => c.dataset.mark), "same", "the same uPlot canvas (no rebuild)");

  // Double-click resets the zoom to the whole, grown run.
  await over.dblclick();
  await page.waitForFunction(`document.querySelector("${card}").dataset.zoomed === "0"`);
  assert.equal(await attr(page, "data-x-max"), 299);
  assert.deepEqual(errors, []);
  await page.close();
});
