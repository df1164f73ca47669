/** @file The /api/v1 routes and OpenAPI document, through fastify inject and one real listen on 127.0.0.1:0. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTrackingApp, createTrackingServer, isLoopbackHost } from "../../../src/track/server/index.ts";
import { decodeSeriesBinary } from "../../../src/track/server/series.ts";
import { makeFixture, type Fixture } from "./fixture.ts";

let fx: Fixture;
let app: FastifyInstance;
before(async () => { fx = makeFixture(); app = await buildTrackingApp(fx.store, { loopbackOnly: true }); });
after(async () => { await app.close(); fx.cleanup(); });

const get = async (url: string) => { const r = await app.inject({ method: "GET", url }); return { status: r.statusCode, body: r.json(), headers: r.headers }; };

test("experiments and keys", async () => {
  const { body } = await get("/api/v1/experiments");
  assert.ok(body.experiments.some((e: { name: string }) => e.name === "mnist-mlp"));
  const keys = await get(`/api/v1/keys?experimentIds=${fx.experimentId}`);
  assert.deepEqual(keys.body.metricKeys.sort(), ["loss", "val_acc"]);
  assert.deepEqual(keys.body.paramKeys.sort(), ["batchSize", "lr", "optimizer"]);
});

test("runs search sorts and pages on the server", async () => {
  const asc = await get(`/api/v1/runs?experimentIds=${fx.experimentId}&orderBy=${encodeURIComponent("metrics.loss ASC")}&maxResults=2`);
  assert.equal(asc.status, 200);
  assert.equal(asc.body.runs.length, 2);
  const losses = asc.body.runs.map((r: { data: { metrics: { loss: { value: number } } } }) => r.data.metrics.loss.value);
  assert.ok(losses[0] <= losses[1]);
  assert.ok(asc.body.nextPageToken, "a next page exists");
  const page2 = await get(`/api/v1/runs?experimentIds=${fx.experimentId}&orderBy=${encodeURIComponent("metrics.loss ASC")}&maxResults=2&pageToken=${encodeURIComponent(asc.body.nextPageToken)}`);
  assert.equal(page2.body.runs.length, 1);
  const filtered = await get(`/api/v1/runs?experimentIds=${fx.experimentId}&filter=${encodeURIComponent("params.lr = '0.01'")}`);
  assert.deepEqual(filtered.body.runs.map((r: { info: { runName: string } }) => r.info.runName), ["lr-0.01"]);
  const bad = await get(`/api/v1/runs?filter=${encodeURIComponent("metrics.loss >>> 3")}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error_code, "INVALID_PARAMETER_VALUE");
});

test("run detail and a missing run's MLflow error body", async () => {
  const ok = await get(`/api/v1/runs/${fx.runIds[1]}`);
  assert.equal(ok.body.data.params.lr, "0.01");
  const missing = await get("/api/v1/runs/0123456789abcdef0123456789abcdef");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_code, "RESOURCE_DOES_NOT_EXIST");
  assert.match(missing.body.message, /0123456789abcdef0123456789abcdef/);
});

test("series: many runs at once, downsampled to maxPoints, in columns", async () => {
  const r = await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: fx.runIds, key: "loss", maxPoints: 10 } });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.equal(body.series.length, 3);
  for (const s of body.series) {
    assert.equal(s.total, 50);
    assert.equal(s.step.length, 10);
    assert.equal(s.value.length, 10);
    assert.equal(s.step[0], 0);
    assert.equal(s.step[9], 49);
  }
  const mm = await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: fx.runIds.slice(0, 1), key: "loss", maxPoints: 10, method: "minmax" } });
  assert.ok(mm.json().series[0].step.length <= 10);
  const bad = await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: fx.runIds, key: "loss", method: "median" } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error_code, "INVALID_PARAMETER_VALUE");
});

test("artefacts: list, download, and path traversal refused", async () => {
  const list = await get(`/api/v1/runs/${fx.runIds[0]}/artifacts`);
  const paths = list.body.files.map((f: { path: string }) => f.path).sort();
  assert.deepEqual(paths, ["notes.txt", "plots"]);
  const file = await app.inject({ method: "GET", url: `/api/v1/runs/${fx.runIds[0]}/artifact?path=notes.txt` });
  assert.equal(file.statusCode, 200);
  assert.equal(file.body, "hello from run 0\n");
  assert.match(String(file.headers["content-type"]), /text\/plain/);
  assert.match(String(file.headers["content-security-policy"]), /sandbox/);
  const png = await app.inject({ method: "GET", url: `/api/v1/runs/${fx.runIds[0]}/artifact?path=plots/curve.png` });
  assert.equal(png.headers["content-type"], "image/png");
  for (const evil of ["../../lernwerk.db", "/etc/passwd", "plots/../../../lernwerk.db", "..%2F..%2Flernwerk.db"]) {
    const r = await app.inject({ method: "GET", url: `/api/v1/runs/${fx.runIds[0]}/artifact?path=${evil.includes("%") ? evil : encodeURIComponent(evil)}` });
    assert.ok(r.statusCode === 400 || r.statusCode === 404, `${evil} → ${r.statusCode}`);
    assert.ok(!r.body.includes("SQLite"), `${evil} leaked the database`);
  }
});

test("registry: models, versions and aliases", async () => {
  const { body } = await get("/api/v1/models");
  assert.deepEqual(body.models.map((m: { name: string }) => m.name), ["mnist-classifier"]);
  const one = await get("/api/v1/models/mnist-classifier");
  assert.deepEqual(one.body.model.aliases, { champion: 2 });
  assert.equal(one.body.versions.length, 2);
});

test("OpenAPI document lists the routes from their JSON schemas", async () => {
  const { body } = await get("/api/openapi.json");
  assert.equal(body.openapi, "3.0.3");
  for (const p of ["/api/v1/runs", "/api/v1/series", "/api/v1/runs/{runId}/artifact", "/api/2.0/mlflow/runs/log-batch"]) assert.ok(body.paths[p], `documents ${p}`);
  assert.ok(body.paths["/api/v1/series"].post.requestBody, "series body schema documented");
  assert.equal(body.paths["/"], undefined, "the page itself is hidden");
});

test("the page, its scripts and uPlot are served; unknown files are not", async () => {
  const page = await app.inject({ method: "GET", url: "/" });
  assert.match(page.body, /<title>lernwerk · tracking<\/title>/);
  assert.equal((await app.inject({ method: "GET", url: "/ui/app.js" })).statusCode, 200);
  const uplot = await app.inject({ method: "GET", url: "/vendor/uPlot.iife.min.js" });
  assert.ok(uplot.body.includes("uPlot"));
  assert.equal((await app.inject({ method: "GET", url: "/ui/../server/index.ts" })).statusCode, 404);
});

test("a loopback-bound server refuses requests for another Host (DNS rebinding)", async () => {
  const r = await app.inject({ method: "GET", url: "/api/v1/experiments", headers: { host: "evil.example:5000" } });
  assert.equal(r.statusCode, 403);
  assert.ok(isLoopbackHost("127.0.0.1") && isLoopbackHost("localhost") && !isLoopbackHost("0.0.0.0"));
});

test("createTrackingServer listens on 127.0.0.1 and answers real HTTP", async () => {
  const server = await createTrackingServer({ store: fx.store });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/v1/runs?experimentIds=${fx.experimentId}`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { runs: unknown[] }).runs.length, 3);
  } finally { await server.close(); }
});

test("series in the binary format: the same points as the JSON, NaN kept", async () => {
  const run = fx.store.createRun({ experimentId: fx.store.createExperiment("binary-series") });
  fx.store.logMetrics(run.runId, [
    { key: "x", value: 1.5, step: 0, timestamp: 10 }, { key: "x", value: NaN, step: 1, timestamp: 20 }, { key: "x", value: -Infinity, step: 2, timestamp: 30 },
  ]);
  const ids = [...fx.runIds.slice(0, 2), run.runId];
  const json = (await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: ids, key: "loss", maxPoints: 20 } })).json();
  const bin = await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: ids, key: "loss", maxPoints: 20, format: "binary" } });
  assert.equal(bin.headers["content-type"], "application/octet-stream");
  const decoded = decodeSeriesBinary(bin.rawPayload);
  assert.equal(decoded.key, "loss");
  assert.equal(decoded.series.length, 3);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual([...decoded.series[i].step], json.series[i].step);
    assert.deepEqual([...decoded.series[i].value], json.series[i].value);
    assert.deepEqual([...decoded.series[i].timestamp], json.series[i].timestamp);
  }
  assert.equal(decoded.series[2].total, 0, "a run without the key has no points");
  const x = decodeSeriesBinary((await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: [run.runId], key: "x", format: "binary" } })).rawPayload);
  assert.deepEqual([...x.series[0].value], [1.5, NaN, -Infinity]);
  const xJson = (await app.inject({ method: "POST", url: "/api/v1/series", payload: { runIds: [run.runId], key: "x" } })).json();
  assert.deepEqual(xJson.series[0].value, [1.5, null, null]);
});
