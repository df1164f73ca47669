/**
 * @file TrackingStudyStorage: the conformance suite, trials seen as tracking runs, the schema migration of an
 * existing tracking store, and three worker processes sharing one study with one of them killed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { TrackingStore } from "../../src/track/store.ts";
import { SCHEMA_VERSION } from "../../src/track/schema.ts";
import { TrackingStudyStorage, INTERMEDIATE_METRIC } from "../../src/tune/storage-sqlite.ts";
import { storageFromUrl } from "../../src/tune/storage-url.ts";
import { killedWorkerScenario } from "./multiprocess-helpers.ts";
import { storageSuite, uniqueName } from "./storage-suite.ts";

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), "lw-tune-sqlite-"));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

storageSuite("TrackingStudyStorage", async () => TrackingStudyStorage.open(tempDir()));

describe("TrackingStudyStorage and the tracking store", () => {
  it("makes the study an experiment and every trial a run with params, metrics and mirrored status", async () => {
    const dir = tempDir();
    const s = TrackingStudyStorage.open(dir);
    const st = await s.createStudy("mlp-diabetes", ["minimize"]);
    assert.ok(st.experimentId);
    const t = await s.createTrial(st.studyId);
    assert.ok(t.runId);
    await s.setTrialParam(t.trialId, "lr", 0.003, { type: "float", low: 1e-4, high: 1, log: true, step: null });
    await s.setTrialParam(t.trialId, "act", "relu", { type: "categorical", choices: ["relu", "tanh"] });
    await s.setTrialIntermediateValue(t.trialId, 0, 3);
    await s.setTrialIntermediateValue(t.trialId, 1, 2);
    await s.finishTrial(t.trialId, "COMPLETE", [1.5]);
    const pruned = await s.createTrial(st.studyId);
    await s.finishTrial(pruned.trialId, "PRUNED", null, "median pruner at step 2");
    const waiting = await s.createTrial(st.studyId, { state: "WAITING" });
    await s.close();

    const store = TrackingStore.open(dir);
    try {
      const exp = store.getExperimentByName("mlp-diabetes");
      assert.equal(exp?.experimentId, st.experimentId);
      assert.equal(exp?.tags["lw.tune.study"], "mlp-diabetes");
      const run = store.getRun(t.runId!);
      assert.equal(run.info.status, "FINISHED");
      assert.equal(run.info.runName, "trial-0");
      assert.deepEqual(run.data.params, { lr: "0.003", act: "relu" });
      assert.equal(run.data.metrics.value.value, 1.5);
      assert.deepEqual(store.metricHistory(t.runId!, INTERMEDIATE_METRIC).map((p) => [p.step, p.value]), [[0, 3], [1, 2]]);
      const p = store.getRun(pruned.runId!);
      assert.equal(p.info.status, "KILLED");
      assert.equal(p.data.tags["lw.tune.state"], "PRUNED");
      assert.equal(p.data.tags["lw.endReason"], "median pruner at step 2");
      assert.equal(store.getRun(waiting.runId!).info.status, "SCHEDULED");
    } finally {
      store.close();
    }
  });

  it("multi-objective values become value_0, value_1 metrics; a stale trial's run becomes FAILED", async () => {
    const dir = tempDir();
    const s = TrackingStudyStorage.open(dir);
    const st = await s.createStudy(uniqueName("mo"), ["minimize", "maximize"]);
    const t = await s.createTrial(st.studyId);
    await s.finishTrial(t.trialId, "COMPLETE", [0.5, 9]);
    const lost = await s.createTrial(st.studyId);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await s.failStaleTrials(st.studyId, 10), [lost.trialId]);
    const run = s.store.getRun(t.runId!);
    assert.deepEqual([run.data.metrics.value_0.value, run.data.metrics.value_1.value], [0.5, 9]);
    const lostRun = s.store.getRun(lost.runId!);
    assert.equal(lostRun.info.status, "FAILED");
    assert.equal(lostRun.data.tags["lw.endReason"], "heartbeat lost");
    await s.close();
  });

  it("adds its tables to an existing version-1 tracking store without touching its runs", async () => {
    const dir = tempDir();
    const store = TrackingStore.open(dir);
    const runId = store.createRun({ experimentId: "0", runName: "before" }).runId;
    store.close();
    const raw = new Database(join(dir, "lernwerk.db"));
    raw.exec("DROP TABLE tune_param_distributions; DROP TABLE tune_trials; DROP TABLE tune_studies; UPDATE schema_version SET version = 1");
    raw.close();
    const s = TrackingStudyStorage.open(dir);
    assert.equal(s.store.getRun(runId).info.runName, "before");
    const st = await s.createStudy("after-upgrade", ["maximize"]);
    assert.equal((await s.createTrial(st.studyId)).number, 0);
    await s.close();
    const check = new Database(join(dir, "lernwerk.db"), { readonly: true });
    assert.equal((check.prepare("SELECT version FROM schema_version").get() as { version: number }).version, SCHEMA_VERSION);
    check.close();
  });

  it("storageFromUrl opens sqlite:///path.db and refuses unknown schemes", async () => {
    const dbPath = join(tempDir(), "tune.db");
    const s = await storageFromUrl(`sqlite://${dbPath}`);
    assert.ok(s instanceof TrackingStudyStorage);
    await s.close();
    await assert.rejects(storageFromUrl("redis://localhost"), /unknown storage URL scheme/);
  });

  it("three worker processes share one study; a SIGKILLed worker's trial is failed, numbers stay contiguous", { timeout: 60_000 }, async () => {
    const dbPath = join(tempDir(), "shared.db");
    const s = TrackingStudyStorage.open(`sqlite://${dbPath}`);
    await killedWorkerScenario(s, `sqlite://${dbPath}`, "shared-study");
    await s.close();
  });
});
