/** @file TrackingStore: experiments, runs, params (no silent overwrite), metrics (NaN/Inf kept, latest value, order), search, artefacts (no escape), bad files. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrackingStore, TrackingError } from "../../src/track/index.ts";
import { tempDir, withStore } from "./helpers.ts";

const code = (c: string) => (e: unknown) => e instanceof TrackingError && e.code === c;

test("experiments: a Default one (id 0), unique names, getOrCreate returns the same id", () => withStore((store) => {
  assert.equal(store.getExperiment("0").name, "Default");
  const id = store.createExperiment("mnist", { tags: { course: "dl" } });
  assert.equal(store.getOrCreateExperiment("mnist"), id);
  assert.equal(store.getExperimentByName("mnist")!.tags.course, "dl");
  assert.throws(() => store.createExperiment("mnist"), code("RESOURCE_ALREADY_EXISTS"));
  assert.throws(() => store.getExperiment("99"), /no experiment with id "99"/);
  assert.deepEqual(store.listExperiments().map((e) => e.name), ["Default", "mnist"]);
}));

test("runs: created RUNNING with name tags, ended with an end time; a missing run id is a clear error", () => withStore((store) => {
  const parent = store.createRun({ experimentId: "0", runName: "sweep" });
  const child = store.createRun({ experimentId: "0", parentRunId: parent.runId });
  assert.equal(parent.status, "RUNNING");
  assert.match(parent.runId, /^[0-9a-f]{32}$/);
  const run = store.getRun(child.runId);
  assert.equal(run.data.tags["mlflow.parentRunId"], parent.runId);
  assert.equal(run.info.parentRunId, parent.runId);
  assert.match(run.info.runName, /^[a-z]+-[a-z]+-\d+$/);
  const ended = store.updateRun(parent.runId, { status: "FINISHED" });
  assert.equal(ended.status, "FINISHED");
  assert.ok(ended.endTime! >= ended.startTime);
  assert.throws(() => store.getRun("deadbeef"), (e: unknown) => e instanceof TrackingError && e.code === "RESOURCE_DOES_NOT_EXIST" && /deadbeef/.test(e.message));
  assert.throws(() => store.logMetrics("deadbeef", [{ key: "a", value: 1, step: 0, timestamp: 0 }]), /logMetrics: no run with id "deadbeef"/);
  assert.throws(() => store.updateRun(parent.runId, { status: "DONE" as never }), /status must be one of/);
}));

test("params: the same value twice is fine, another value is an error naming both (as MLflow)", () => withStore((store) => {
  const { runId } = store.createRun({ experimentId: "0" });
  store.logParams(runId, { lr: 0.01, optimizer: "adam", nesterov: false });
  store.logParams(runId, { lr: 0.01 });
  assert.throws(() => store.logParams(runId, { lr: 0.02 }), (e: unknown) => e instanceof TrackingError && e.code === "INVALID_PARAMETER_VALUE" && /"lr".*"0.01".*"0.02"/.test(e.message));
  assert.deepEqual(store.getRun(runId).data.params, { lr: "0.01", optimizer: "adam", nesterov: "false" });
  assert.throws(() => store.logBatch(runId, { params: { batch: 32, lr: 0.5 }, tags: { t: "x" } }), /changing a param/);
  assert.equal(store.getRun(runId).data.params.batch, undefined, "logBatch is all or nothing");
  assert.equal(store.getRun(runId).data.tags.t, undefined);
  assert.throws(() => store.logParams(runId, { "../x": 1 }), /"\.\." segment/);
  assert.throws(() => store.logParams(runId, { "a;drop": 1 }), /may only hold/);
}));

test("metrics: NaN and ±Infinity round-trip, history sorted by step then time, latest is the largest step", () => withStore((store) => {
  const { runId } = store.createRun({ experimentId: "0" });
  store.logMetrics(runId, [
    { key: "loss", value: 2, step: 0, timestamp: 10 },
    { key: "loss", value: NaN, step: 2, timestamp: 30 },
    { key: "acc", value: Infinity, step: 0, timestamp: 10 },
  ]);
  store.logMetrics(runId, [{ key: "loss", value: -Infinity, step: 1, timestamp: 40 }, { key: "acc", value: -Infinity, step: 1, timestamp: 50 }]);
  const h = store.metricHistory(runId, "loss");
  assert.deepEqual(h.map((p) => p.step), [0, 1, 2]);
  assert.deepEqual(h.map((p) => p.value), [2, -Infinity, NaN]);
  const m = store.getRun(runId).data.metrics;
  assert.ok(Number.isNaN(m.loss.value) && m.loss.step === 2, "latest = step 2 even though step 1 came later");
  assert.equal(m.acc.value, -Infinity);
  store.updateRun(runId, { status: "FINISHED" }); // packs the chunks into one
  assert.deepEqual(store.metricHistory(runId, "loss").map((p) => p.value), [2, -Infinity, NaN]);
  const cols = store.metricHistories([runId, "nope"], "acc");
  assert.deepEqual([...cols.keys()], [runId]);
  assert.deepEqual([...cols.get(runId)!.value], [Infinity, -Infinity]);
  assert.deepEqual(store.metricKeys(["0"]), ["acc", "loss"]);
  assert.throws(() => store.logMetrics(runId, [{ key: "x", value: "1" as never, step: 0, timestamp: 0 }]), /must be a number/);
}));

test("searchRuns: MLflow filters over metrics, params, tags and attributes; order by metric with missing values last; pages", () => withStore((store) => {
  const exp = store.createExperiment("search");
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { runId } = store.createRun({ experimentId: exp, runName: `run-${i}`, startTime: 1000 + i });
    ids.push(runId);
    store.logParams(runId, { lr: String(10 ** -i) });
    if (i !== 2) store.logMetrics(runId, [{ key: "acc", value: i / 10, step: 0, timestamp: 0 }]);
    store.setTags(runId, { model: i % 2 ? "cnn" : "mlp" });
    if (i < 3) store.updateRun(runId, { status: "FINISHED" });
  }
  const names = (filter: string, orderBy?: string[]) => store.searchRuns({ experimentIds: [exp], filter, orderBy }).runs.map((r) => r.info.runName);
  assert.deepEqual(names("metrics.acc > 0.15"), ["run-4", "run-3"]);
  assert.deepEqual(names("params.lr = '0.01' and tags.model = 'mlp'"), ["run-2"]);
  assert.deepEqual(names("tags.model != 'cnn' and attributes.status = 'FINISHED'"), ["run-2", "run-0"]);
  assert.deepEqual(names("metrics.acc >= 0.3 or tags.model LIKE 'ml%'"), ["run-4", "run-3", "run-2", "run-0"]);
  assert.deepEqual(names("attributes.run_name IN ('run-1', 'run-3')"), ["run-3", "run-1"]);
  assert.deepEqual(names("tags.model ILIKE 'CNN'"), ["run-3", "run-1"]);
  assert.deepEqual(names("tags.model LIKE 'CNN'"), [], "LIKE is case-sensitive");
  assert.deepEqual(names("", ["metrics.acc DESC"]), ["run-4", "run-3", "run-1", "run-0", "run-2"]);
  assert.deepEqual(names("", ["metrics.acc ASC"]), ["run-0", "run-1", "run-3", "run-4", "run-2"]);
  assert.deepEqual(names("", ["attributes.start_time ASC"]), ["run-0", "run-1", "run-2", "run-3", "run-4"]);
  assert.deepEqual(names("params.lr = 'x'' or 1=1 --'"), [], "values are bound, never spliced into SQL");
  const page1 = store.searchRuns({ experimentIds: [exp], maxResults: 2, orderBy: ["start_time"] });
  const page2 = store.searchRuns({ experimentIds: [exp], maxResults: 2, orderBy: ["start_time"], pageToken: page1.nextPageToken });
  const page3 = store.searchRuns({ experimentIds: [exp], maxResults: 2, orderBy: ["start_time"], pageToken: page2.nextPageToken });
  assert.deepEqual([...page1.runs, ...page2.runs, ...page3.runs].map((r) => r.info.runId), ids);
  assert.equal(page3.nextPageToken, null);
  store.deleteRun(ids[0]);
  assert.equal(store.searchRuns({ experimentIds: [exp] }).runs.length, 4);
  assert.equal(store.searchRuns({ experimentIds: [exp], runViewType: "DELETED_ONLY" }).runs[0].info.runId, ids[0]);
  assert.throws(() => names("metrics.acc > 'high'"), /position 14: "metrics.acc" is compared with a number, got "'high'"/);
  assert.throws(() => store.searchRuns({ experimentIds: [exp], pageToken: "garbage" }), /invalid pageToken/);
}));

test("artefacts: files, text, folders listed; '..', absolute paths and links out of the root are refused; missing files are clear errors", () => withStore((store, dir) => {
  const { runId } = store.createRun({ experimentId: "0" });
  const local = join(dir, "notes.txt");
  writeFileSync(local, "hello");
  store.logArtifact(runId, local);
  store.logArtifact(runId, local, "docs/v1");
  store.logText(runId, "{\"a\":1}", "config/params.json");
  assert.deepEqual(store.listArtifacts(runId), [{ path: "config", isDir: true, size: null }, { path: "docs", isDir: true, size: null }, { path: "notes.txt", isDir: false, size: 5 }]);
  assert.deepEqual(store.listArtifacts(runId, "docs/v1").map((e) => e.path), ["docs/v1/notes.txt"]);
  assert.equal(readFileSync(store.artifactFile(runId, "config/params.json"), "utf8"), "{\"a\":1}");
  for (const bad of ["../../lernwerk.db", "/etc/passwd", "docs/../../x", "a\\..\\b"]) {
    assert.throws(() => store.artifactFile(runId, bad), code("INVALID_PARAMETER_VALUE"), bad);
    assert.throws(() => store.logText(runId, "x", bad), code("INVALID_PARAMETER_VALUE"), bad);
  }
  assert.throws(() => store.logArtifact(runId, local, "../outside"), code("INVALID_PARAMETER_VALUE"));
  mkdirSync(join(dir, "secret"));
  writeFileSync(join(dir, "secret", "key"), "s");
  symlinkSync(join(dir, "secret"), join(store.artifactDir(runId), "link"));
  assert.throws(() => store.artifactFile(runId, "link/key"), /outside the run's artefact folder/);
  assert.throws(() => store.artifactFile(runId, "missing.png"), code("RESOURCE_DOES_NOT_EXIST"));
  assert.throws(() => store.logArtifact(runId, join(dir, "nope.bin")), /does not exist/);
}));

test("a file that is not a database, or another program's database, is a clear error; a newer schema is refused", async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, "lernwerk.db"), "this is not sqlite at all, just text that is long enough to have a header........");
    assert.throws(() => TrackingStore.open(dir), (e: unknown) => e instanceof TrackingError && /not a readable lernwerk tracking database/.test(e.message) && e.message.includes(dir));
    mkdirSync(join(dir, "other"));
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(join(dir, "other", "lernwerk.db"));
    other.exec("CREATE TABLE users (id INTEGER)");
    other.close();
    assert.throws(() => TrackingStore.open(join(dir, "other")), /database of something else \(tables users\)/);
    const s = TrackingStore.open(`sqlite://${join(dir, "new", "x.db")}`);
    s.close();
    const raw = new Database(join(dir, "new", "x.db"));
    raw.exec("UPDATE schema_version SET version = 99");
    raw.close();
    assert.throws(() => TrackingStore.open(`sqlite://${join(dir, "new", "x.db")}`), /schema version 99, newer/);
    assert.throws(() => TrackingStore.open("http://example.com"), /remote URI/);
  } finally {
    cleanup();
  }
});

test("a lock held by another connection past the busy timeout is a clear error, not a hang", async () => withStore(async (store, dir) => {
  const Database = (await import("better-sqlite3")).default;
  const holder = new Database(join(dir, "lernwerk.db"));
  holder.exec("BEGIN IMMEDIATE");
  const impatient = TrackingStore.open(dir, { busyTimeoutMs: 50 });
  try {
    assert.throws(() => impatient.createRun({ experimentId: "0" }), /stayed locked by another process longer than the busy timeout/);
  } finally {
    holder.exec("ROLLBACK");
    holder.close();
    impatient.close();
  }
  assert.equal(store.createRun({ experimentId: "0" }).status, "RUNNING", "works once the lock is gone");
}));
