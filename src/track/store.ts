/**
 * @file TrackingStore: experiments, runs, params, tags and metrics in one SQLite database (WAL, so
 * several processes may log at once), artefacts in a folder beside it, and the model registry.
 * @example const store = TrackingStore.open("./lwruns"); const run = store.createRun({ experimentId: "0" });
 */
import Database from "better-sqlite3";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, copyFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { atomicWrite } from "../io/atomic.ts";
import { TrackingError, invalid, notFound, exists } from "./errors.ts";
import { compileFilter, likeToRegExp, parseFilter, parseOrderBy } from "./filter.ts";
import { isNewer, packChunk, unpackChunks } from "./metric-chunks.ts";
import { checkKey, normalizeArtifactPath, randomRunName, safeJoin } from "./names.ts";
import { RegistryTables } from "./registry-tables.ts";
import { migrate } from "./schema.ts";
import {
  RUN_STATUSES, TERMINAL_STATUSES,
  type ArtifactEntry, type Experiment, type LatestMetric, type MetricColumns, type MetricPoint, type ModelVersion, type RegisteredModel,
  type Run, type RunInfo, type RunStatus, type SearchRunsOptions, type SearchRunsResult,
} from "./types.ts";

export type ParamValue = string | number | boolean;

export interface OpenOptions {
  /** How long a write waits for another process's lock before failing (default 10000 ms). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

interface RunRow {
  run_uuid: string; experiment_id: number; name: string; status: RunStatus; start_time: number; end_time: number | null;
  artifact_uri: string; parent_run_id: string | null; lifecycle_stage: "active" | "deleted"; pid: number | null; hostname: string | null; heartbeat_time: number | null;
}
interface ExperimentRow { experiment_id: number; name: string; artifact_location: string; lifecycle_stage: "active" | "deleted"; creation_time: number; last_update_time: number }

const DEFAULT_URI = "./lwruns";
const MAX_RESULTS = 50_000;
const HOST = hostname();

/** True if a process with this pid exists on this machine (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A SQLite failure as a TrackingError that says what to do about it. */
function translate(e: unknown, where: string, fn: string): Error {
  if (e instanceof TrackingError) return e;
  const code = (e as { code?: string }).code ?? "";
  const msg = (e as Error).message ?? String(e);
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new TrackingError("INTERNAL_ERROR", `${fn}: ${where} is not a readable lernwerk tracking database (SQLite: ${msg}); move the file away or set LERNWERK_TRACKING_URI to another folder`, { cause: e });
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new TrackingError("INTERNAL_ERROR", `${fn}: ${where} stayed locked by another process longer than the busy timeout (SQLite: ${msg}); retry, or open with a longer { busyTimeoutMs }`, { cause: e });
  }
  if (code.startsWith("SQLITE_")) return new TrackingError("INTERNAL_ERROR", `${fn}: ${where}: SQLite ${code}: ${msg}`, { cause: e });
  return e as Error;
}

export class TrackingStore {
  /** The store's folder (the database's folder for a sqlite:// URI). */
  readonly root: string;
  /** The database file. */
  readonly dbPath: string;
  readonly #db: Database.Database;
  readonly #registry: RegistryTables;
  readonly #stmt: Record<string, Database.Statement>;

  private constructor(root: string, dbPath: string, opts: OpenOptions) {
    this.root = root;
    this.dbPath = dbPath;
    try {
      if (!opts.readonly) mkdirSync(root, { recursive: true });
      if (existsSync(dbPath) && statSync(dbPath).isDirectory()) throw new TrackingError("INVALID_PARAMETER_VALUE", `TrackingStore.open: ${dbPath} is a folder, not a database file`);
      this.#db = new Database(dbPath, { timeout: opts.busyTimeoutMs ?? 10_000, readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    } catch (e) {
      throw translate(e, dbPath, "TrackingStore.open");
    }
    const db = this.#db;
    try {
      if (!opts.readonly) db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      if (tables.length && !tables.includes("schema_version")) {
        throw new TrackingError("INTERNAL_ERROR", `TrackingStore.open: ${dbPath} is an SQLite database of something else (tables ${tables.slice(0, 5).join(", ")}), not a lernwerk tracking store`);
      }
      if (!opts.readonly) {
        migrate(db, dbPath, () => {
          const now = Date.now();
          db.prepare("INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (0, 'Default', 'artifacts/0', ?, ?)").run(now, now);
        });
      }
      db.function("lw_like", { deterministic: true }, (pattern: unknown, value: unknown, ci: unknown) => {
        if (typeof pattern !== "string" || value === null || value === undefined) return 0;
        return likeCache(pattern, ci === 1).test(String(value)) ? 1 : 0;
      });
    } catch (e) {
      db.close();
      throw translate(e, dbPath, "TrackingStore.open");
    }
    this.#stmt = {
      run: db.prepare("SELECT * FROM runs WHERE run_uuid = ?"),
      param: db.prepare("SELECT value FROM params WHERE run_uuid = ? AND key = ?"),
      insertParam: db.prepare("INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)"),
      setTag: db.prepare("INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value"),
      chunk: db.prepare("INSERT INTO metric_chunks (run_uuid, key, n, data) VALUES (?, ?, ?, ?)"),
      latest: db.prepare(`INSERT INTO latest_metrics (run_uuid, key, value, is_nan, step, timestamp) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, is_nan = excluded.is_nan, step = excluded.step, timestamp = excluded.timestamp
        WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.timestamp >= latest_metrics.timestamp)`),
      heartbeat: db.prepare("UPDATE runs SET heartbeat_time = ? WHERE run_uuid = ?"),
    };
    this.#registry = new RegistryTables(db, (e, fn) => translate(e, dbPath, fn));
  }

  /**
   * Opens (creating if needed) the store at `uri`: a folder (db `<folder>/lernwerk.db`, artefacts
   * `<folder>/artifacts`) or `sqlite:///abs/path.db`; default `$LERNWERK_TRACKING_URI`, else ./lwruns.
   */
  static open(uri?: string, opts: OpenOptions = {}): TrackingStore {
    const u = uri ?? process.env.LERNWERK_TRACKING_URI ?? DEFAULT_URI;
    if (typeof u !== "string" || !u) throw invalid(`TrackingStore.open: the URI must be a non-empty string, got ${JSON.stringify(u)}`);
    if (u.startsWith("sqlite:")) {
      const m = /^sqlite:\/\/(\/.*)$/.exec(u);
      if (!m || m[1].length < 2) throw invalid(`TrackingStore.open: "${u}" is not sqlite:///absolute/path.db`);
      const dbPath = resolve(m[1]);
      return new TrackingStore(dirname(dbPath), dbPath, opts);
    }
    if (u.startsWith("file://")) return TrackingStore.open(new URL(u).pathname, opts);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) throw invalid(`TrackingStore.open: "${u}" is a remote URI; lw.track stores in a folder or sqlite:///path.db (serve one with \`lernwerk ui\`)`);
    const root = resolve(u);
    return new TrackingStore(root, join(root, "lernwerk.db"), opts);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE: concurrent writers queue on the busy timeout instead of deadlocking). */
  #write<T>(fn: string, body: () => T): T {
    try {
      return this.#db.transaction(body).immediate();
    } catch (e) {
      throw translate(e, this.dbPath, fn);
    }
  }
  #read<T>(fn: string, body: () => T): T {
    try {
      return body();
    } catch (e) {
      throw translate(e, this.dbPath, fn);
    }
  }
  #abs(p: string): string {
    return isAbsolute(p) ? p : resolve(this.root, p);
  }
  #rel(p: string): string {
    const r = relative(this.root, p);
    return r && !r.startsWith("..") && !isAbsolute(r) ? r.split("\\").join("/") : p;
  }

  // ---- experiments -------------------------------------------------------------------------

  createExperiment(name: string, opts: { tags?: Record<string, string>; artifactLocation?: string } = {}): string {
    if (typeof name !== "string" || !name.trim()) throw invalid(`createExperiment: the name must be a non-empty string, got ${JSON.stringify(name)}`);
    return this.#write("createExperiment", () => {
      if (this.#db.prepare("SELECT 1 FROM experiments WHERE name = ?").get(name)) throw exists(`createExperiment: an experiment named "${name}" exists already`);
      const now = Date.now();
      const id = Number(this.#db.prepare("INSERT INTO experiments (name, artifact_location, creation_time, last_update_time) VALUES (?, '', ?, ?)").run(name, now, now).lastInsertRowid);
      const location = opts.artifactLocation ? this.#rel(resolve(opts.artifactLocation)) : `artifacts/${id}`;
      this.#db.prepare("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?").run(location, id);
      for (const [k, v] of Object.entries(opts.tags ?? {})) this.#db.prepare("INSERT INTO experiment_tags VALUES (?, ?, ?)").run(id, checkKey("createExperiment", "tag", k), String(v));
      return String(id);
    });
  }

  #experiment(row: ExperimentRow): Experiment {
    const tags = this.#db.prepare("SELECT key, value FROM experiment_tags WHERE experiment_id = ?").all(row.experiment_id) as { key: string; value: string }[];
    return {
      experimentId: String(row.experiment_id), name: row.name, artifactLocation: this.#abs(row.artifact_location), lifecycleStage: row.lifecycle_stage,
      creationTime: row.creation_time, lastUpdateTime: row.last_update_time, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
    };
  }

  getExperiment(experimentId: string): Experiment {
    return this.#read("getExperiment", () => {
      const row = this.#db.prepare("SELECT * FROM experiments WHERE experiment_id = ?").get(experimentIdNumber("getExperiment", experimentId)) as ExperimentRow | undefined;
      if (!row) throw notFound(`getExperiment: no experiment with id "${experimentId}"`);
      return this.#experiment(row);
    });
  }

  getExperimentByName(name: string): Experiment | null {
    return this.#read("getExperimentByName", () => {
      const row = this.#db.prepare("SELECT * FROM experiments WHERE name = ?").get(name) as ExperimentRow | undefined;
      return row ? this.#experiment(row) : null;
    });
  }

  listExperiments(opts: { includeDeleted?: boolean } = {}): Experiment[] {
    return this.#read("listExperiments", () => (this.#db.prepare(`SELECT * FROM experiments ${opts.includeDeleted ? "" : "WHERE lifecycle_stage = 'active'"} ORDER BY experiment_id`).all() as ExperimentRow[]).map((r) => this.#experiment(r)));
  }

  /** The id of the experiment named `name`, created if there is none (two processes racing get the same id). */
  getOrCreateExperiment(name: string): string {
    const found = this.getExperimentByName(name);
    if (found) {
      if (found.lifecycleStage === "deleted") throw invalid(`getOrCreateExperiment: the experiment "${name}" is deleted; restore it or pick another name`);
      return found.experimentId;
    }
    try {
      return this.createExperiment(name);
    } catch (e) {
      if (e instanceof TrackingError && e.code === "RESOURCE_ALREADY_EXISTS") return this.getExperimentByName(name)!.experimentId;
      throw e;
    }
  }

  setExperimentTag(experimentId: string, key: string, value: string): void {
    this.getExperiment(experimentId);
    this.#write("setExperimentTag", () => {
      this.#db.prepare("INSERT INTO experiment_tags VALUES (?, ?, ?) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value").run(Number(experimentId), checkKey("setExperimentTag", "tag", key), String(value));
    });
  }

  deleteExperiment(experimentId: string): void {
    this.getExperiment(experimentId);
    if (experimentId === "0") throw invalid("deleteExperiment: the Default experiment (id 0) cannot be deleted");
    this.#write("deleteExperiment", () => {
      this.#db.prepare("UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = ? WHERE experiment_id = ?").run(Date.now(), Number(experimentId));
      this.#db.prepare("UPDATE runs SET lifecycle_stage = 'deleted' WHERE experiment_id = ?").run(Number(experimentId));
    });
  }

  // ---- runs --------------------------------------------------------------------------------

  /** Starts a run (status RUNNING) recording this process's pid and host for the stale-run check. */
  createRun(opts: { experimentId: string; runName?: string; tags?: Record<string, string>; parentRunId?: string | null; startTime?: number; status?: RunStatus }): RunInfo {
    const exp = this.getExperiment(opts.experimentId);
    if (exp.lifecycleStage === "deleted") throw invalid(`createRun: experiment "${exp.name}" (${exp.experimentId}) is deleted`);
    if (opts.parentRunId) this.#runRow("createRun", opts.parentRunId);
    const runId = randomUUID().replaceAll("-", "");
    const runName = opts.runName ?? randomRunName();
    const start = opts.startTime ?? Date.now();
    const status = opts.status ?? "RUNNING";
    if (!RUN_STATUSES.includes(status)) throw invalid(`createRun: status must be one of ${RUN_STATUSES.join(", ")}, got "${status}"`);
    const tags: Record<string, string> = { ...(opts.tags ?? {}), "mlflow.runName": runName };
    if (opts.parentRunId) tags["mlflow.parentRunId"] = opts.parentRunId;
    for (const k of Object.keys(tags)) checkKey("createRun", "tag", k);
    const artifactUri = `${exp.artifactLocation}/${runId}/artifacts`;
    this.#write("createRun", () => {
      this.#db.prepare(`INSERT INTO runs (run_uuid, experiment_id, name, status, start_time, artifact_uri, parent_run_id, pid, hostname, heartbeat_time)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(runId, Number(exp.experimentId), runName, status, start, this.#rel(artifactUri), opts.parentRunId ?? null, process.pid, HOST, Date.now());
      for (const [k, v] of Object.entries(tags)) this.#stmt.setTag.run(runId, k, String(v));
    });
    return this.getRun(runId).info;
  }

  #runRow(fn: string, runId: string): RunRow {
    if (typeof runId !== "string" || !runId) throw invalid(`${fn}: the run id must be a non-empty string, got ${JSON.stringify(runId)}`);
    const row = this.#read(fn, () => this.#stmt.run.get(runId)) as RunRow | undefined;
    if (!row) throw notFound(`${fn}: no run with id "${runId}" in ${this.dbPath}`);
    return row;
  }

  #info(r: RunRow): RunInfo {
    return {
      runId: r.run_uuid, experimentId: String(r.experiment_id), runName: r.name, status: r.status, startTime: r.start_time, endTime: r.end_time,
      artifactUri: this.#abs(r.artifact_uri), parentRunId: r.parent_run_id, lifecycleStage: r.lifecycle_stage,
    };
  }

  /** The run with its params, tags and latest metrics; a RUNNING run whose process died on this host is marked FAILED first. */
  getRun(runId: string): Run {
    let row = this.#runRow("getRun", runId);
    if (row.status === "RUNNING" && this.#deadHere(row)) {
      this.#markStale([row]);
      row = this.#runRow("getRun", runId);
    }
    return this.#hydrate([row])[0];
  }

  /** Runs with their data, in the given order; params, tags and metrics are read in three queries for all of them. */
  #hydrate(rows: RunRow[]): Run[] {
    if (!rows.length) return [];
    const ids = JSON.stringify(rows.map((r) => r.run_uuid));
    const runs = new Map<string, Run>(rows.map((r) => [r.run_uuid, { info: this.#info(r), data: { params: {}, tags: {}, metrics: {} } }]));
    return this.#read("getRun", () => {
      for (const p of this.#db.prepare("SELECT run_uuid, key, value FROM params WHERE run_uuid IN (SELECT value FROM json_each(?))").all(ids) as { run_uuid: string; key: string; value: string }[]) runs.get(p.run_uuid)!.data.params[p.key] = p.value;
      for (const t of this.#db.prepare("SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (SELECT value FROM json_each(?))").all(ids) as { run_uuid: string; key: string; value: string }[]) runs.get(t.run_uuid)!.data.tags[t.key] = t.value;
      for (const m of this.#db.prepare("SELECT run_uuid, key, value, is_nan, step, timestamp FROM latest_metrics WHERE run_uuid IN (SELECT value FROM json_each(?))").all(ids) as { run_uuid: string; key: string; value: number | null; is_nan: number; step: number; timestamp: number }[]) {
        runs.get(m.run_uuid)!.data.metrics[m.key] = { value: m.is_nan ? NaN : (m.value as number), step: m.step, timestamp: m.timestamp } satisfies LatestMetric;
      }
      return [...runs.values()];
    });
  }

  /** Sets status, end time or name; a terminal status records the end time (now, unless given) and packs the run's metric chunks. */
  updateRun(runId: string, opts: { status?: RunStatus; endTime?: number | null; runName?: string }): RunInfo {
    this.#runRow("updateRun", runId);
    if (opts.status !== undefined && !RUN_STATUSES.includes(opts.status)) throw invalid(`updateRun: status must be one of ${RUN_STATUSES.join(", ")}, got "${opts.status}"`);
    const ending = opts.status !== undefined && TERMINAL_STATUSES.includes(opts.status);
    this.#write("updateRun", () => {
      if (opts.status !== undefined) this.#db.prepare("UPDATE runs SET status = ? WHERE run_uuid = ?").run(opts.status, runId);
      if (opts.endTime !== undefined || ending) this.#db.prepare("UPDATE runs SET end_time = ? WHERE run_uuid = ?").run(opts.endTime === undefined ? Date.now() : opts.endTime, runId);
      if (opts.runName !== undefined) {
        this.#db.prepare("UPDATE runs SET name = ? WHERE run_uuid = ?").run(opts.runName, runId);
        this.#stmt.setTag.run(runId, "mlflow.runName", opts.runName);
      }
    });
    if (ending) this.compactMetrics(runId);
    return this.getRun(runId).info;
  }

  /** Marks a run deleted (MLflow's soft delete); searchRuns leaves it out unless asked. */
  deleteRun(runId: string): void {
    this.#runRow("deleteRun", runId);
    this.#write("deleteRun", () => this.#db.prepare("UPDATE runs SET lifecycle_stage = 'deleted' WHERE run_uuid = ?").run(runId));
  }
  restoreRun(runId: string): void {
    this.#runRow("restoreRun", runId);
    this.#write("restoreRun", () => this.#db.prepare("UPDATE runs SET lifecycle_stage = 'active' WHERE run_uuid = ?").run(runId));
  }

  /** Records that the run's process is alive (the fluent API calls it every few seconds). */
  heartbeat(runId: string): void {
    this.#write("heartbeat", () => this.#stmt.heartbeat.run(Date.now(), runId));
  }

  #deadHere(r: RunRow): boolean {
    return r.hostname === HOST && r.pid !== null && r.pid !== process.pid && !processAlive(r.pid);
  }

  #markStale(rows: RunRow[]): string[] {
    if (!rows.length) return [];
    this.#write("markStaleRuns", () => {
      for (const r of rows) {
        const still = this.#stmt.run.get(r.run_uuid) as RunRow;
        if (still.status !== "RUNNING") continue;
        this.#db.prepare("UPDATE runs SET status = 'FAILED', end_time = ? WHERE run_uuid = ?").run(r.heartbeat_time ?? Date.now(), r.run_uuid);
        const last = r.heartbeat_time ? new Date(r.heartbeat_time).toISOString() : "never";
        this.#stmt.setTag.run(r.run_uuid, "lw.endReason", `the process (pid ${r.pid} on ${r.hostname}) stopped without ending the run; last heartbeat ${last}`);
      }
    });
    return rows.map((r) => r.run_uuid);
  }

  /**
   * Marks RUNNING runs whose process is gone as FAILED (tag lw.endReason says why) and returns their ids:
   * on this host when the recorded pid no longer exists, elsewhere when the heartbeat is older than `staleAfterMs` (default 5 minutes).
   */
  markStaleRuns(opts: { staleAfterMs?: number } = {}): string[] {
    const staleAfter = opts.staleAfterMs ?? 300_000;
    const rows = this.#read("markStaleRuns", () => this.#db.prepare("SELECT * FROM runs WHERE status = 'RUNNING'").all()) as RunRow[];
    const now = Date.now();
    return this.#markStale(rows.filter((r) => r.hostname === HOST ? this.#deadHere(r) : now - (r.heartbeat_time ?? r.start_time) > staleAfter));
  }

  /** The pid, host and last heartbeat recorded for a run. */
  runProcess(runId: string): { pid: number | null; hostname: string | null; heartbeatTime: number | null } {
    const r = this.#runRow("runProcess", runId);
    return { pid: r.pid, hostname: r.hostname, heartbeatTime: r.heartbeat_time };
  }

  // ---- params, tags, metrics ---------------------------------------------------------------

  #params(runId: string, params: Record<string, ParamValue>): void {
    for (const [key, raw] of Object.entries(params)) {
      checkKey("logParams", "param", key);
      if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") throw invalid(`logParams: param "${key}" must be a string, number or boolean, got ${raw === null ? "null" : typeof raw}`);
      const value = String(raw);
      if (value.length > 6000) throw invalid(`logParams: param "${key}" has ${value.length} characters; at most 6000 (log long text with logText)`);
      const old = this.#stmt.param.get(runId, key) as { value: string } | undefined;
      if (old === undefined) this.#stmt.insertParam.run(runId, key, value);
      else if (old.value !== value) {
        throw invalid(`logParams: changing a param's value is not allowed: param "${key}" of run ${runId} was logged as "${old.value}", now "${value}"`);
      }
    }
  }

  #tags(runId: string, tags: Record<string, string>): void {
    for (const [key, value] of Object.entries(tags)) {
      checkKey("setTags", "tag", key);
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") throw invalid(`setTags: tag "${key}" must be a string, got ${value === null ? "null" : typeof value}`);
      this.#stmt.setTag.run(runId, key, String(value));
      if (key === "mlflow.runName") this.#db.prepare("UPDATE runs SET name = ? WHERE run_uuid = ?").run(String(value), runId);
    }
  }

  #metrics(runId: string, points: readonly MetricPoint[]): void {
    const byKey = new Map<string, MetricPoint[]>();
    for (const p of points) {
      let list = byKey.get(p.key);
      if (!list) {
        checkKey("logMetrics", "metric", p.key);
        byKey.set(p.key, (list = []));
      }
      if (typeof p.value !== "number") throw invalid(`logMetrics: metric "${p.key}" must be a number, got ${typeof p.value}`);
      if (!Number.isFinite(p.step) || !Number.isFinite(p.timestamp)) throw invalid(`logMetrics: metric "${p.key}" needs a finite step and timestamp, got step ${p.step}, timestamp ${p.timestamp}`);
      list.push(p);
    }
    for (const [key, list] of byKey) {
      this.#stmt.chunk.run(runId, key, list.length, packChunk(list));
      let latest = list[0];
      for (let i = 1; i < list.length; i++) if (isNewer(list[i], latest)) latest = list[i];
      const nan = Number.isNaN(latest.value);
      this.#stmt.latest.run(runId, key, nan ? null : latest.value, nan ? 1 : 0, latest.step, latest.timestamp);
    }
  }

  /** Logs params; a key logged before with another value is an error (as MLflow), the same value is fine. */
  logParams(runId: string, params: Record<string, ParamValue>): void {
    this.#runRow("logParams", runId);
    this.#write("logParams", () => this.#params(runId, params));
  }

  /** Appends points in one transaction: one packed chunk per key, and the latest value per key. */
  logMetrics(runId: string, points: readonly MetricPoint[]): void {
    if (!Array.isArray(points)) throw invalid(`logMetrics: expected an array of { key, value, step, timestamp }, got ${typeof points}`);
    if (!points.length) return;
    this.#runRow("logMetrics", runId);
    this.#write("logMetrics", () => this.#metrics(runId, points));
  }

  setTags(runId: string, tags: Record<string, string>): void {
    this.#runRow("setTags", runId);
    this.#write("setTags", () => this.#tags(runId, tags));
  }

  deleteTag(runId: string, key: string): void {
    this.#runRow("deleteTag", runId);
    this.#write("deleteTag", () => this.#db.prepare("DELETE FROM tags WHERE run_uuid = ? AND key = ?").run(runId, key));
  }

  /** Params, tags and metrics in one transaction: all of it is stored, or (on an error) none. */
  logBatch(runId: string, batch: { metrics?: readonly MetricPoint[]; params?: Record<string, ParamValue>; tags?: Record<string, string> }): void {
    this.#runRow("logBatch", runId);
    this.#write("logBatch", () => {
      if (batch.params) this.#params(runId, batch.params);
      if (batch.tags) this.#tags(runId, batch.tags);
      if (batch.metrics?.length) this.#metrics(runId, batch.metrics);
    });
  }

  /** Merges a run's chunks into one per key (endRun does it, so a finished run reads in one row per metric). */
  compactMetrics(runId: string): void {
    this.#write("compactMetrics", () => {
      const keys = this.#db.prepare("SELECT key FROM metric_chunks WHERE run_uuid = ? GROUP BY key HAVING count(*) > 1").all(runId) as { key: string }[];
      for (const { key } of keys) {
        const rows = this.#db.prepare("SELECT n, data FROM metric_chunks WHERE run_uuid = ? AND key = ? ORDER BY chunk_id").all(runId, key) as { n: number; data: Buffer }[];
        const cols = unpackChunks(rows);
        const n = cols.step.length, packed = new Float64Array(3 * n);
        packed.set(cols.step, 0);
        packed.set(cols.value, n);
        packed.set(cols.timestamp, 2 * n);
        this.#db.prepare("DELETE FROM metric_chunks WHERE run_uuid = ? AND key = ?").run(runId, key);
        this.#stmt.chunk.run(runId, key, n, Buffer.from(packed.buffer));
      }
    });
  }

  /** Every point of one metric, ordered by step then timestamp. */
  metricHistory(runId: string, key: string): MetricPoint[] {
    this.#runRow("metricHistory", runId);
    const cols = this.metricHistories([runId], key).get(runId);
    if (!cols) return [];
    return Array.from(cols.step, (step, i) => ({ key, value: cols.value[i], step, timestamp: cols.timestamp[i] }));
  }

  /** One metric of many runs as columns (the dashboard's bulk read); runs without the metric are absent. */
  metricHistories(runIds: readonly string[], key: string): Map<string, MetricColumns> {
    const out = new Map<string, MetricColumns>();
    if (!runIds.length) return out;
    const rows = this.#read("metricHistories", () => this.#db.prepare("SELECT run_uuid, n, data FROM metric_chunks WHERE key = ? AND run_uuid IN (SELECT value FROM json_each(?)) ORDER BY run_uuid, chunk_id").all(key, JSON.stringify(runIds))) as { run_uuid: string; n: number; data: Buffer }[];
    const byRun = new Map<string, { n: number; data: Buffer }[]>();
    for (const r of rows) {
      let list = byRun.get(r.run_uuid);
      if (!list) byRun.set(r.run_uuid, (list = []));
      list.push(r);
    }
    for (const id of runIds) {
      const chunks = byRun.get(id);
      if (chunks) out.set(id, unpackChunks(chunks));
    }
    return out;
  }

  /** The metric keys logged in these experiments, sorted. */
  metricKeys(experimentIds: readonly string[]): string[] {
    return this.#keys("latest_metrics", experimentIds);
  }
  paramKeys(experimentIds: readonly string[]): string[] {
    return this.#keys("params", experimentIds);
  }
  tagKeys(experimentIds: readonly string[]): string[] {
    return this.#keys("tags", experimentIds);
  }
  #keys(table: string, experimentIds: readonly string[]): string[] {
    const ids = JSON.stringify(experimentIds.map((e) => experimentIdNumber("metricKeys", e)));
    return this.#read("metricKeys", () => (this.#db.prepare(`SELECT DISTINCT x.key FROM ${table} x JOIN runs r ON r.run_uuid = x.run_uuid WHERE r.experiment_id IN (SELECT value FROM json_each(?)) AND r.lifecycle_stage = 'active' ORDER BY x.key`).all(ids) as { key: string }[]).map((r) => r.key));
  }

  // ---- search ------------------------------------------------------------------------------

  /** Runs of these experiments matching MLflow's filter syntax, ordered and paged (see docs/track.md). */
  searchRuns(opts: SearchRunsOptions): SearchRunsResult {
    if (!opts || !Array.isArray(opts.experimentIds) || !opts.experimentIds.length) throw invalid("searchRuns: experimentIds must be a non-empty array of experiment ids");
    const ids = opts.experimentIds.map((e) => experimentIdNumber("searchRuns", e));
    const max = opts.maxResults ?? 1000;
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) throw invalid(`searchRuns: maxResults must be an integer in [1, ${MAX_RESULTS}], got ${opts.maxResults}`);
    const offset = decodePageToken(opts.pageToken);
    const where = compileFilter(parseFilter(opts.filter ?? ""));
    const stage = { ACTIVE_ONLY: "r.lifecycle_stage = 'active'", DELETED_ONLY: "r.lifecycle_stage = 'deleted'", ALL: "1" }[opts.runViewType ?? "ACTIVE_ONLY"];
    if (!stage) throw invalid(`searchRuns: runViewType must be ACTIVE_ONLY, DELETED_ONLY or ALL, got "${opts.runViewType}"`);
    const order = (opts.orderBy ?? []).map((c) => parseOrderBy(c));
    const orderSql = [...order.map((o) => `${o.sql} IS NULL, ${o.sql} ${o.descending ? "DESC" : "ASC"}`), "r.start_time DESC", "r.run_uuid"].join(", ");
    const sql = `SELECT r.* FROM runs r WHERE r.experiment_id IN (SELECT value FROM json_each(?)) AND ${stage} AND ${where.sql} ORDER BY ${orderSql} LIMIT ? OFFSET ?`;
    const params = [JSON.stringify(ids), ...where.params, ...order.flatMap((o) => [...o.params, ...o.params]), max + 1, offset];
    let rows = this.#read("searchRuns", () => this.#db.prepare(sql).all(...params)) as RunRow[];
    const dead = rows.filter((r) => r.status === "RUNNING" && this.#deadHere(r));
    if (dead.length) {
      this.#markStale(dead);
      rows = this.#read("searchRuns", () => this.#db.prepare(sql).all(...params)) as RunRow[];
    }
    const more = rows.length > max;
    return { runs: this.#hydrate(rows.slice(0, max)), nextPageToken: more ? encodePageToken(offset + max) : null };
  }

  // ---- artefacts ---------------------------------------------------------------------------

  /** The run's artefact folder (absolute; created on first use). */
  artifactDir(runId: string): string {
    return this.#abs(this.#runRow("artifactDir", runId).artifact_uri);
  }

  /** Copies a file (or a folder, recursively) into the run's artefacts under `artifactPath` (a folder), as MLflow's log_artifact. */
  logArtifact(runId: string, localPath: string, artifactPath?: string): string {
    const root = this.artifactDir(runId);
    if (typeof localPath !== "string" || !existsSync(localPath)) throw notFound(`logArtifact: the local file "${localPath}" does not exist`);
    if (artifactPath) safeJoin("logArtifact", root, artifactPath);
    const dir = normalizeArtifactPath(artifactPath);
    const target = safeJoin("logArtifact", root, dir ? `${dir}/${basename(localPath)}` : basename(localPath));
    mkdirSync(dirname(target), { recursive: true });
    const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
    try {
      if (lstatSync(localPath).isDirectory()) cpSync(localPath, tmp, { recursive: true });
      else copyFileSync(localPath, tmp);
      rmSync(target, { recursive: true, force: true });
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    return target;
  }

  /** Writes text (or bytes) as the artefact at `artifactPath` (a file path), atomically. */
  logText(runId: string, text: string | Uint8Array, artifactPath: string): string {
    const root = this.artifactDir(runId);
    safeJoin("logText", root, artifactPath);
    const rel = normalizeArtifactPath(artifactPath);
    if (!rel) throw invalid(`logText: artifactPath must name a file, got "${artifactPath}"`);
    const target = safeJoin("logText", root, rel);
    if (existsSync(target) && statSync(target).isDirectory()) throw invalid(`logText: "${rel}" is a folder of the run's artefacts`);
    atomicWrite(target, text);
    return target;
  }

  /** The files and folders directly under `path` of the run's artefacts ("" the root), sorted by path. */
  listArtifacts(runId: string, path?: string): ArtifactEntry[] {
    const root = this.artifactDir(runId);
    if (path) safeJoin("listArtifacts", root, path);
    const rel = normalizeArtifactPath(path);
    const dir = rel ? safeJoin("listArtifacts", root, rel) : root;
    if (!existsSync(dir)) {
      if (!rel) return [];
      throw notFound(`listArtifacts: run ${runId} has no artefact folder "${rel}"`);
    }
    if (!statSync(dir).isDirectory()) throw invalid(`listArtifacts: "${rel}" of run ${runId} is a file, not a folder`);
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => !d.name.startsWith(".") || !d.name.includes(".tmp-"))
      .map((d) => {
        const p = rel ? `${rel}/${d.name}` : d.name;
        const isDir = d.isDirectory();
        return { path: p, isDir, size: isDir ? null : statSync(join(dir, d.name)).size };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The absolute path of an existing artefact file or folder; rejects "..", absolute paths, escapes and missing files. */
  artifactFile(runId: string, path: string): string {
    const root = this.artifactDir(runId);
    const rel = normalizeArtifactPath(path);
    const full = safeJoin("artifactFile", root, path);
    if (!rel || !existsSync(full)) throw notFound(`artifactFile: run ${runId} has no artefact "${path}"`);
    return full;
  }

  // ---- model registry (the tables live in registry-tables.ts) ------------------------------

  createRegisteredModel(name: string, opts: { description?: string; tags?: Record<string, string> } = {}): RegisteredModel {
    return this.#registry.createRegisteredModel(name, opts);
  }
  getRegisteredModel(name: string): RegisteredModel {
    return this.#registry.getRegisteredModel(name);
  }
  listRegisteredModels(): RegisteredModel[] {
    return this.#registry.listRegisteredModels();
  }
  updateRegisteredModel(name: string, opts: { description?: string }): RegisteredModel {
    return this.#registry.updateRegisteredModel(name, opts);
  }
  deleteRegisteredModel(name: string): void {
    this.#registry.deleteRegisteredModel(name);
  }
  /** A new version (numbered max + 1) of `name`, created if missing; `runId`, if given, must exist. */
  createModelVersion(name: string, opts: { source: string; runId?: string | null; description?: string; tags?: Record<string, string> }): ModelVersion {
    if (opts.runId) this.#runRow("createModelVersion", opts.runId);
    return this.#registry.createModelVersion(name, opts);
  }
  getModelVersion(name: string, version: number | string): ModelVersion {
    return this.#registry.getModelVersion(name, version);
  }
  listModelVersions(name: string): ModelVersion[] {
    return this.#registry.listModelVersions(name);
  }
  updateModelVersion(name: string, version: number | string, opts: { description?: string }): ModelVersion {
    return this.#registry.updateModelVersion(name, version, opts);
  }
  deleteModelVersion(name: string, version: number | string): void {
    this.#registry.deleteModelVersion(name, version);
  }
  setRegisteredModelAlias(name: string, alias: string, version: number | string): void {
    this.#registry.setRegisteredModelAlias(name, alias, version);
  }
  deleteRegisteredModelAlias(name: string, alias: string): void {
    this.#registry.deleteRegisteredModelAlias(name, alias);
  }
  getModelVersionByAlias(name: string, alias: string): ModelVersion {
    return this.#registry.getModelVersionByAlias(name, alias);
  }
  setModelVersionTag(name: string, version: number | string, key: string, value: string): void {
    this.#registry.setModelVersionTag(name, version, key, value);
  }
  deleteModelVersionTag(name: string, version: number | string, key: string): void {
    this.#registry.deleteModelVersionTag(name, version, key);
  }
  setRegisteredModelTag(name: string, key: string, value: string): void {
    this.#registry.setRegisteredModelTag(name, key, value);
  }
  deleteRegisteredModelTag(name: string, key: string): void {
    this.#registry.deleteRegisteredModelTag(name, key);
  }
}

function experimentIdNumber(fn: string, id: unknown): number {
  const s = String(id);
  if (!/^\d+$/.test(s)) throw invalid(`${fn}: experiment id must be a string of digits, got ${JSON.stringify(id)}`);
  return Number(s);
}

const encodePageToken = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString("base64url");
function decodePageToken(token: string | null | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch { /* reported below */ }
  throw invalid(`searchRuns: invalid pageToken "${token}" (pass back a nextPageToken searchRuns returned)`);
}

const likeRegExps = new Map<string, RegExp>();
function likeCache(pattern: string, ci: boolean): RegExp {
  const k = `${ci ? 1 : 0}${pattern}`;
  let re = likeRegExps.get(k);
  if (!re) {
    if (likeRegExps.size > 1000) likeRegExps.clear();
    likeRegExps.set(k, (re = likeToRegExp(pattern, ci)));
  }
  return re;
}
