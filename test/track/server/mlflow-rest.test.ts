/**
 * @file MLflow's REST paths with MLflow's JSON shapes, as an MLflow client calls them (int64 fields as strings,
 * tags as [{ key, value }]); and, when /usr/bin/python3 can import mlflow, the real MLflow client. Debian has no
 * mlflow package, so that one test runs only where `pip install mlflow` was done, in CI as elsewhere.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { TrackingStore } from "../../../src/track/store.ts";
import { buildTrackingApp, createTrackingServer } from "../../../src/track/server/index.ts";

let dir: string;
let store: TrackingStore;
let app: FastifyInstance;
before(async () => { dir = mkdtempSync(join(tmpdir(), "lw-mlflow-")); store = TrackingStore.open(dir); app = await buildTrackingApp(store); });
after(async () => { await app.close(); store.close(); rmSync(dir, { recursive: true, force: true }); });

async function call(method: "GET" | "POST" | "DELETE", path: string, payload?: Record<string, unknown>) {
  const url = `/api/2.0/mlflow/${path}`;
  const r = method === "POST"
    ? await app.inject({ method, url, payload: payload ?? {} })
    : await app.inject({ method, url: `${url}?${new URLSearchParams(payload as Record<string, string>)}` });
  return { status: r.statusCode, body: r.json() };
}

test("experiments: create, get, get-by-name, search, and MLflow's error body", async () => {
  const created = await call("POST", "experiments/create", { name: "mlflow-exp", tags: [{ key: "team", value: "nlp" }] });
  assert.equal(created.status, 200);
  const id = created.body.experiment_id;
  assert.equal(typeof id, "string");
  const got = await call("GET", "experiments/get", { experiment_id: id });
  assert.equal(got.body.experiment.name, "mlflow-exp");
  assert.equal(got.body.experiment.lifecycle_stage, "active");
  assert.deepEqual(got.body.experiment.tags, [{ key: "team", value: "nlp" }]);
  assert.equal((await call("GET", "experiments/get-by-name", { experiment_name: "mlflow-exp" })).body.experiment.experiment_id, id);
  const missing = await call("GET", "experiments/get-by-name", { experiment_name: "nope" });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_code, "RESOURCE_DOES_NOT_EXIST");
  assert.equal(typeof missing.body.message, "string");
  const search = await call("POST", "experiments/search", { max_results: 10 });
  assert.ok(search.body.experiments.some((e: { name: string }) => e.name === "mlflow-exp"));
  const dup = await call("POST", "experiments/create", { name: "mlflow-exp" });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.error_code, "RESOURCE_ALREADY_EXISTS");
});

test("runs: create, log-metric/parameter/set-tag/log-batch, get, update, search, get-history", async () => {
  const exp = (await call("POST", "experiments/create", { name: "runs-exp" })).body.experiment_id;
  const created = await call("POST", "runs/create", { experiment_id: exp, start_time: "1700000000000", tags: [{ key: "mlflow.runName", value: "from-mlflow" }] });
  assert.equal(created.status, 200);
  const runId = created.body.run.info.run_id;
  assert.equal(created.body.run.info.run_uuid, runId);
  assert.equal(created.body.run.info.run_name, "from-mlflow");
  assert.equal(created.body.run.info.status, "RUNNING");
  assert.equal(created.body.run.info.start_time, 1700000000000);
  assert.deepEqual((await call("POST", "runs/log-metric", { run_id: runId, key: "loss", value: 0.5, timestamp: "1700000000100", step: "1" })).body, {});
  await call("POST", "runs/log-metric", { run_id: runId, key: "loss", value: "NaN", timestamp: 1700000000200, step: 2 });
  await call("POST", "runs/log-parameter", { run_id: runId, key: "lr", value: "0.01" });
  await call("POST", "runs/set-tag", { run_id: runId, key: "stage", value: "dev" });
  const batch = await call("POST", "runs/log-batch", {
    run_id: runId,
    metrics: [{ key: "acc", value: 0.8, timestamp: 1700000000300, step: 3 }, { key: "acc", value: 0.9, timestamp: 1700000000400, step: 4 }],
    params: [{ key: "epochs", value: "3" }], tags: [{ key: "k", value: "v" }],
  });
  assert.equal(batch.status, 200);
  const changed = await call("POST", "runs/log-parameter", { run_id: runId, key: "lr", value: "0.1" });
  assert.equal(changed.status, 400);
  assert.equal(changed.body.error_code, "INVALID_PARAMETER_VALUE");
  const run = (await call("GET", "runs/get", { run_id: runId })).body.run;
  const byKey = (list: { key: string; value: unknown }[]) => Object.fromEntries(list.map((x) => [x.key, x.value]));
  assert.deepEqual(byKey(run.data.params), { lr: "0.01", epochs: "3" });
  assert.equal(byKey(run.data.tags).stage, "dev");
  assert.equal(byKey(run.data.metrics).acc, 0.9);
  assert.equal(byKey(run.data.metrics).loss, "NaN", "a NaN latest value comes back as protobuf JSON writes it");
  const hist = (await call("GET", "metrics/get-history", { run_id: runId, metric_key: "loss" })).body.metrics;
  assert.deepEqual(hist.map((m: { step: number }) => m.step), [1, 2]);
  assert.equal(hist[0].value, 0.5);
  const upd = await call("POST", "runs/update", { run_id: runId, status: "FINISHED", end_time: "1700000001000" });
  assert.equal(upd.body.run_info.status, "FINISHED");
  assert.equal(upd.body.run_info.end_time, 1700000001000);
  const badStatus = await call("POST", "runs/update", { run_id: runId, status: "DONE" });
  assert.equal(badStatus.status, 400);
  const found = await call("POST", "runs/search", { experiment_ids: [exp], filter: "metrics.acc > 0.85", order_by: ["attributes.start_time DESC"], max_results: 10 });
  assert.deepEqual(found.body.runs.map((r: { info: { run_id: string } }) => r.info.run_id), [runId]);
  const none = await call("POST", "runs/search", { experiment_ids: [exp], filter: "metrics.acc > 0.95" });
  assert.deepEqual(none.body.runs, []);
  const missing = await call("GET", "runs/get", { run_id: "ffffffffffffffffffffffffffffffff" });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_code, "RESOURCE_DOES_NOT_EXIST");
});

test("registry: registered-models create/get/search/alias, model-versions create/get", async () => {
  const created = await call("POST", "registered-models/create", { name: "clf", description: "a classifier", tags: [{ key: "task", value: "mnist" }] });
  assert.equal(created.body.registered_model.name, "clf");
  assert.deepEqual(created.body.registered_model.tags, [{ key: "task", value: "mnist" }]);
  const v1 = await call("POST", "model-versions/create", { name: "clf", source: "runs:/abc/model" });
  assert.equal(v1.body.model_version.version, "1");
  assert.equal(v1.body.model_version.status, "READY");
  await call("POST", "model-versions/create", { name: "clf", source: "runs:/def/model" });
  assert.deepEqual((await call("POST", "registered-models/alias", { name: "clf", alias: "champion", version: "2" })).body, {});
  const got = (await call("GET", "registered-models/get", { name: "clf" })).body.registered_model;
  assert.deepEqual(got.aliases, [{ alias: "champion", version: "2" }]);
  assert.equal(got.latest_versions[0].version, "2");
  const byAlias = (await call("GET", "registered-models/alias", { name: "clf", alias: "champion" })).body.model_version;
  assert.equal(byAlias.source, "runs:/def/model");
  assert.deepEqual(byAlias.aliases, ["champion"]);
  const v = (await call("GET", "model-versions/get", { name: "clf", version: "1" })).body.model_version;
  assert.equal(v.source, "runs:/abc/model");
  const search = await call("GET", "registered-models/search", { filter: "name LIKE 'cl%'" });
  assert.deepEqual(search.body.registered_models.map((m: { name: string }) => m.name), ["clf"]);
  assert.equal((await call("GET", "registered-models/search", { filter: "name = 'other'" })).body.registered_models.length, 0);
  const missing = await call("GET", "model-versions/get", { name: "clf", version: "9" });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_code, "RESOURCE_DOES_NOT_EXIST");
  await call("DELETE", "registered-models/alias", { name: "clf", alias: "champion" });
  assert.deepEqual((await call("GET", "registered-models/get", { name: "clf" })).body.registered_model.aliases, []);
});

test("an unknown MLflow path answers ENDPOINT_NOT_FOUND", async () => {
  const r = await call("POST", "runs/log-inputs-and-more", {});
  assert.equal(r.status, 404);
  assert.equal(r.body.error_code, "ENDPOINT_NOT_FOUND");
});

const hasMlflow = spawnSync("/usr/bin/python3", ["-c", "import mlflow"]).status === 0;
test("the real MLflow client logs into lernwerk (needs `pip install mlflow`; Debian has no package, so skipped without it, CI included)", { skip: hasMlflow ? false : "mlflow is not importable by /usr/bin/python3" }, async () => {
  const server = await createTrackingServer({ store });
  try {
    const script = `
import mlflow
mlflow.set_tracking_uri("${server.url}")
mlflow.set_experiment("from-python")
with mlflow.start_run(run_name="py") as run:
    mlflow.log_param("lr", 0.01)
    for s in range(5):
        mlflow.log_metric("loss", 1.0 / (s + 1), step=s)
print(run.info.run_id)
`;
    const out = await new Promise<string>((resolve, reject) => {
      import("node:child_process").then(({ execFile }) => execFile("/usr/bin/python3", ["-c", script], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))));
    });
    const run = store.getRun(out.trim().split("\n").pop()!);
    assert.equal(run.data.params.lr, "0.01");
    assert.equal(run.info.status, "FINISHED");
    assert.deepEqual(store.metricHistory(run.info.runId, "loss").map((m) => m.step), [0, 1, 2, 3, 4]);
  } finally { await server.close(); }
});
