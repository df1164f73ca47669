/**
 * @file TrackingStudyStorage: lw.tune's storage on the tracking SQLite store. A study is an experiment, each
 * trial a run of it (params as run params, objective values as metrics, reports as a metric history, state as run status).
 */
import Database from "better-sqlite3";
import { hostname } from "node:os";
import { TrackingStore } from "../track/store.ts";
import type { RunStatus } from "../track/types.ts";
import { checkDistributionCompatible } from "./distributions.ts";
import { checkFinish, checkRunning, checkStudyArgs, encodeNumber, studyFromRow, trialFromRow, type StudyRow, type TrialRow } from "./storage-rows.ts";
import {
  TuneError, type AttrValue, type Distribution, type FrozenTrial, type ParamValue, type StudyDirection, type StudySummary, type TrialState,
  type TrialTemplate, type TuneStorage,
} from "./storage.ts";

/** Metric keys a trial's run gets. */
export const INTERMEDIATE_METRIC = "intermediate_value";
export const objectiveMetricKey = (i: number, n: number): string => (n === 1 ? "value" : `value_${i}`);

const RUN_STATUS: Record<TrialState, RunStatus> = { RUNNING: "RUNNING", WAITING: "SCHEDULED", COMPLETE: "FINISHED", FAIL: "FAILED", PRUNED: "KILLED" };

function wrap(fn: string, e: unknown): Error {
  if (e instanceof TuneError) return e;
  const code = (e as { code?: string }).code ?? "";
  if (code.startsWith("SQLITE_")) return new TuneError("STORAGE_UNAVAILABLE", `TrackingStudyStorage.${fn}: SQLite ${code}: ${(e as Error).message}`);
  return e as Error;
}

export class TrackingStudyStorage implements TuneStorage {
  readonly store: TrackingStore;
  readonly #db: Database.Database;
  readonly #ownsStore: boolean;

  /** Uses an open tracking store (its database file gets a second connection for the tune tables). */
  constructor(store: TrackingStore, opts: { ownsStore?: boolean; busyTimeoutMs?: number } = {}) {
    this.store = store;
    this.#ownsStore = opts.ownsStore ?? false;
    this.#db = new Database(store.dbPath, { timeout: opts.busyTimeoutMs ?? 10_000 });
    this.#db.pragma("foreign_keys = ON");
    this.#db.pragma("synchronous = NORMAL");
  }

  /** Opens the tracking store at `uri` (a folder or sqlite:///path.db, as TrackingStore.open) and its studies. */
  static open(uri?: string, opts: { busyTimeoutMs?: number } = {}): TrackingStudyStorage {
    return new TrackingStudyStorage(TrackingStore.open(uri, opts), { ownsStore: true, busyTimeoutMs: opts.busyTimeoutMs });
  }

  /** One BEGIN IMMEDIATE transaction: writers in other processes wait on the busy timeout, so numbering and claiming are atomic. */
  #tx<T>(fn: string, body: () => T): T {
    try {
      return this.#db.transaction(body).immediate();
    } catch (e) {
      throw wrap(fn, e);
    }
  }

  #studyRow(fn: string, studyId: number): StudyRow {
    const r = this.#db.prepare("SELECT * FROM tune_studies WHERE study_id = ?").get(studyId) as StudyRow | undefined;
    if (!r) throw new TuneError("STUDY_NOT_FOUND", `TrackingStudyStorage.${fn}: no study with id ${studyId} in ${this.store.dbPath}`);
    return r;
  }
  #trialRow(fn: string, trialId: number): TrialRow {
    const r = this.#db.prepare("SELECT * FROM tune_trials WHERE trial_id = ?").get(trialId) as TrialRow | undefined;
    if (!r) throw new TuneError("TRIAL_NOT_FOUND", `TrackingStudyStorage.${fn}: no trial with id ${trialId} in ${this.store.dbPath}`);
    return r;
  }

  async createStudy(studyName: string, directions: StudyDirection[]): Promise<StudySummary> {
    checkStudyArgs("TrackingStudyStorage.createStudy", studyName, directions);
    const studyId = this.#tx("createStudy", () => {
      if (this.#db.prepare("SELECT 1 FROM tune_studies WHERE study_name = ?").get(studyName)) {
        throw new TuneError("DUPLICATED_STUDY", `TrackingStudyStorage.createStudy: a study named "${studyName}" exists already in ${this.store.dbPath} (pass loadIfExists to reuse it)`);
      }
      return Number(this.#db.prepare("INSERT INTO tune_studies (study_name, directions) VALUES (?, ?)").run(studyName, JSON.stringify(directions)).lastInsertRowid);
    });
    // The experiment of the same name (a deleted one's name is taken, so then "<name> (study <id>)").
    const existing = this.store.getExperimentByName(studyName);
    const expName = existing && existing.lifecycleStage === "deleted" ? `${studyName} (study ${studyId})` : studyName;
    const experimentId = this.store.getOrCreateExperiment(expName);
    this.store.setExperimentTag(experimentId, "lw.tune.study", studyName);
    this.store.setExperimentTag(experimentId, "lw.tune.directions", directions.join(","));
    this.#tx("createStudy", () => this.#db.prepare("UPDATE tune_studies SET experiment_id = ? WHERE study_id = ?").run(Number(experimentId), studyId));
    return studyFromRow(this.#studyRow("createStudy", studyId));
  }

  async getStudy(studyName: string): Promise<StudySummary | null> {
    const r = this.#db.prepare("SELECT * FROM tune_studies WHERE study_name = ?").get(studyName) as StudyRow | undefined;
    return r ? studyFromRow(r) : null;
  }

  async listStudies(): Promise<StudySummary[]> {
    return (this.#db.prepare("SELECT * FROM tune_studies ORDER BY study_id").all() as StudyRow[]).map(studyFromRow);
  }

  /** Removes the study and its trials; the experiment and its runs are soft-deleted (the tracking store keeps them). */
  async deleteStudy(studyId: number): Promise<void> {
    const row = this.#studyRow("deleteStudy", studyId);
    this.#tx("deleteStudy", () => {
      this.#db.prepare("DELETE FROM tune_trials WHERE study_id = ?").run(studyId);
      this.#db.prepare("DELETE FROM tune_param_distributions WHERE study_id = ?").run(studyId);
      this.#db.prepare("DELETE FROM tune_studies WHERE study_id = ?").run(studyId);
    });
    if (row.experiment_id !== null && String(row.experiment_id) !== "0") this.store.deleteExperiment(String(row.experiment_id));
  }

  #setJson(fn: string, table: "tune_studies" | "tune_trials", idCol: string, id: number, col: string, key: string, value: AttrValue): void {
    this.#tx(fn, () => {
      const r = this.#db.prepare(`SELECT ${col} AS j FROM ${table} WHERE ${idCol} = ?`).get(id) as { j: string } | undefined;
      if (!r) throw new TuneError(table === "tune_studies" ? "STUDY_NOT_FOUND" : "TRIAL_NOT_FOUND", `TrackingStudyStorage.${fn}: no ${table === "tune_studies" ? "study" : "trial"} with id ${id}`);
      const obj = JSON.parse(r.j) as Record<string, AttrValue>;
      obj[key] = value;
      this.#db.prepare(`UPDATE ${table} SET ${col} = ? WHERE ${idCol} = ?`).run(JSON.stringify(obj), id);
    });
  }

  async setStudyUserAttr(studyId: number, key: string, value: AttrValue): Promise<void> {
    this.#setJson("setStudyUserAttr", "tune_studies", "study_id", studyId, "user_attrs", key, value);
  }
  async setStudySystemAttr(studyId: number, key: string, value: AttrValue): Promise<void> {
    this.#setJson("setStudySystemAttr", "tune_studies", "study_id", studyId, "system_attrs", key, value);
  }

  async createTrial(studyId: number, template: TrialTemplate & { state?: "RUNNING" | "WAITING" } = {}): Promise<FrozenTrial> {
    const state = template.state ?? "RUNNING";
    if (state !== "RUNNING" && state !== "WAITING") throw new TuneError("INVALID_ARGUMENT", `TrackingStudyStorage.createTrial: state must be RUNNING or WAITING, got ${JSON.stringify(state)}`);
    const study = this.#studyRow("createTrial", studyId);
    const now = Date.now();
    const trialId = this.#tx("createTrial", () => {
      const { n } = this.#db.prepare("SELECT COALESCE(MAX(number) + 1, 0) AS n FROM tune_trials WHERE study_id = ?").get(studyId) as { n: number };
      return Number(this.#db.prepare(`INSERT INTO tune_trials (study_id, number, state, params, user_attrs, datetime_start, heartbeat_time) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(studyId, n, state, JSON.stringify(template.params ?? {}), JSON.stringify(template.userAttrs ?? {}), state === "RUNNING" ? now : null, state === "RUNNING" ? now : null).lastInsertRowid);
    });
    const t = trialFromRow(this.#trialRow("createTrial", trialId));
    if (study.experiment_id !== null) {
      const run = this.store.createRun({
        experimentId: String(study.experiment_id), runName: `trial-${t.number}`, status: RUN_STATUS[state],
        tags: { "lw.tune.study": study.study_name, "lw.tune.trialNumber": String(t.number), "lw.tune.state": state },
      });
      this.#tx("createTrial", () => this.#db.prepare("UPDATE tune_trials SET run_id = ? WHERE trial_id = ?").run(run.runId, trialId));
      t.runId = run.runId;
    }
    return t;
  }

  async popWaitingTrial(studyId: number): Promise<FrozenTrial | null> {
    this.#studyRow("popWaitingTrial", studyId);
    const now = Date.now();
    const trialId = this.#tx("popWaitingTrial", () => {
      const r = this.#db.prepare("SELECT trial_id, run_id FROM tune_trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1").get(studyId) as { trial_id: number; run_id: string | null } | undefined;
      if (!r) return null;
      this.#db.prepare("UPDATE tune_trials SET state = 'RUNNING', datetime_start = ?, heartbeat_time = ? WHERE trial_id = ?").run(now, now, r.trial_id);
      // The run now belongs to this process: the tracking store's stale-run check reads pid and host.
      if (r.run_id) this.#db.prepare("UPDATE runs SET status = 'RUNNING', start_time = ?, pid = ?, hostname = ?, heartbeat_time = ? WHERE run_uuid = ?").run(now, process.pid, hostname(), now, r.run_id);
      return r.trial_id;
    });
    if (trialId === null) return null;
    const t = trialFromRow(this.#trialRow("popWaitingTrial", trialId));
    if (t.runId) this.store.setTags(t.runId, { "lw.tune.state": "RUNNING" });
    return t;
  }

  async setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void> {
    if (typeof name !== "string" || !name) throw new TuneError("INVALID_ARGUMENT", `TrackingStudyStorage.setTrialParam: the parameter name must be a non-empty string, got ${JSON.stringify(name)}`);
    const firstTime = this.#tx("setTrialParam", () => {
      const row = this.#trialRow("setTrialParam", trialId);
      checkRunning("TrackingStudyStorage.setTrialParam", trialFromRow(row));
      const prev = this.#db.prepare("SELECT distribution FROM tune_param_distributions WHERE study_id = ? AND name = ?").get(row.study_id, name) as { distribution: string } | undefined;
      if (prev) checkDistributionCompatible(name, JSON.parse(prev.distribution) as Distribution, distribution);
      else this.#db.prepare("INSERT INTO tune_param_distributions (study_id, name, distribution) VALUES (?, ?, ?)").run(row.study_id, name, JSON.stringify(distribution));
      const params = JSON.parse(row.params) as Record<string, ParamValue>;
      const dists = JSON.parse(row.distributions) as Record<string, Distribution>;
      const first = !(name in dists);
      params[name] = value;
      dists[name] = distribution;
      this.#db.prepare("UPDATE tune_trials SET params = ?, distributions = ? WHERE trial_id = ?").run(JSON.stringify(params), JSON.stringify(dists), trialId);
      return first ? row.run_id : null;
    });
    if (firstTime) this.store.logParams(firstTime, { [name]: value === null ? "null" : value });
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    if (!Number.isInteger(step) || step < 0) throw new TuneError("INVALID_ARGUMENT", `TrackingStudyStorage.setTrialIntermediateValue: step must be an integer ≥ 0, got ${step}`);
    if (typeof value !== "number") throw new TuneError("INVALID_ARGUMENT", `TrackingStudyStorage.setTrialIntermediateValue: value must be a number, got ${typeof value}`);
    const runId = this.#tx("setTrialIntermediateValue", () => {
      const row = this.#trialRow("setTrialIntermediateValue", trialId);
      checkRunning("TrackingStudyStorage.setTrialIntermediateValue", trialFromRow(row));
      const inter = JSON.parse(row.intermediate) as Record<string, number | string>;
      inter[String(step)] = encodeNumber(value);
      this.#db.prepare("UPDATE tune_trials SET intermediate = ? WHERE trial_id = ?").run(JSON.stringify(inter), trialId);
      return row.run_id;
    });
    if (runId) this.store.logMetrics(runId, [{ key: INTERMEDIATE_METRIC, value, step, timestamp: Date.now() }]);
  }

  async setTrialUserAttr(trialId: number, key: string, value: AttrValue): Promise<void> {
    this.#setJson("setTrialUserAttr", "tune_trials", "trial_id", trialId, "user_attrs", key, value);
  }
  async setTrialSystemAttr(trialId: number, key: string, value: AttrValue): Promise<void> {
    this.#setJson("setTrialSystemAttr", "tune_trials", "trial_id", trialId, "system_attrs", key, value);
  }

  async finishTrial(trialId: number, state: "COMPLETE" | "PRUNED" | "FAIL", values: number[] | null, failReason?: string): Promise<void> {
    const now = Date.now();
    const { runId, n } = this.#tx("finishTrial", () => {
      const row = this.#trialRow("finishTrial", trialId);
      const study = this.#studyRow("finishTrial", row.study_id);
      const nDir = (JSON.parse(study.directions) as StudyDirection[]).length;
      checkFinish("TrackingStudyStorage.finishTrial", trialFromRow(row), nDir, state, values);
      const stored = state === "COMPLETE" ? JSON.stringify(values!.map(encodeNumber)) : null;
      this.#db.prepare("UPDATE tune_trials SET state = ?, values_json = ?, datetime_complete = ?, fail_reason = ? WHERE trial_id = ?").run(state, stored, now, failReason ?? null, trialId);
      return { runId: row.run_id, n: nDir };
    });
    if (!runId) return;
    this.#mirrorEnd(runId, state, state === "COMPLETE" ? values : null, n, failReason ?? null, now);
  }

  #mirrorEnd(runId: string, state: TrialState, values: number[] | null, n: number, failReason: string | null, now: number): void {
    const tags: Record<string, string> = { "lw.tune.state": state };
    if (failReason) tags["lw.endReason"] = failReason;
    this.store.logBatch(runId, { tags, metrics: values ? values.map((v, i) => ({ key: objectiveMetricKey(i, n), value: v, step: 0, timestamp: now })) : [] });
    this.store.updateRun(runId, { status: RUN_STATUS[state], endTime: now });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return trialFromRow(this.#trialRow("getTrial", trialId));
  }

  async getAllTrials(studyId: number, opts: { states?: TrialState[] } = {}): Promise<FrozenTrial[]> {
    this.#studyRow("getAllTrials", studyId);
    const rows = this.#db.prepare("SELECT * FROM tune_trials WHERE study_id = ? ORDER BY number").all(studyId) as TrialRow[];
    const trials = rows.map(trialFromRow);
    return opts.states ? trials.filter((t) => opts.states!.includes(t.state)) : trials;
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    const runId = this.#tx("recordHeartbeat", () => {
      const row = this.#trialRow("recordHeartbeat", trialId);
      this.#db.prepare("UPDATE tune_trials SET heartbeat_time = ? WHERE trial_id = ?").run(Date.now(), trialId);
      return row.run_id;
    });
    if (runId) this.store.heartbeat(runId);
  }

  async failStaleTrials(studyId: number, graceMs: number): Promise<number[]> {
    if (!(graceMs >= 0)) throw new TuneError("INVALID_ARGUMENT", `TrackingStudyStorage.failStaleTrials: graceMs must be ≥ 0, got ${graceMs}`);
    const study = this.#studyRow("failStaleTrials", studyId);
    const now = Date.now();
    const stale = this.#tx("failStaleTrials", () => {
      const rows = this.#db.prepare("SELECT trial_id, run_id FROM tune_trials WHERE study_id = ? AND state = 'RUNNING' AND COALESCE(heartbeat_time, datetime_start) < ?")
        .all(studyId, now - graceMs) as { trial_id: number; run_id: string | null }[];
      for (const r of rows) this.#db.prepare("UPDATE tune_trials SET state = 'FAIL', datetime_complete = ?, fail_reason = 'heartbeat lost' WHERE trial_id = ?").run(now, r.trial_id);
      return rows;
    });
    const n = (JSON.parse(study.directions) as StudyDirection[]).length;
    for (const r of stale) if (r.run_id) this.#mirrorEnd(r.run_id, "FAIL", null, n, "heartbeat lost", now);
    return stale.map((r) => r.trial_id);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    if (this.#ownsStore) this.store.close();
  }
}
