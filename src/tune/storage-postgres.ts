/**
 * @file PostgresStorage: lw.tune's storage on PostgreSQL (pg) for distributed search. Trial numbers are assigned
 * under a row lock on the study, WAITING trials claimed with FOR UPDATE SKIP LOCKED; heartbeats fail dead workers' trials.
 */
import pg from "pg";
import { checkDistributionCompatible } from "./distributions.ts";
import { checkFinish, checkRunning, checkStudyArgs, encodeNumber, studyFromRow, trialFromRow, type StudyRow, type TrialRow } from "./storage-rows.ts";
import {
  TuneError, type AttrValue, type Distribution, type FrozenTrial, type ParamValue, type StudyDirection, type StudySummary, type TrialState,
  type TrialTemplate, type TuneStorage,
} from "./storage.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS lw_tune_studies (study_id SERIAL PRIMARY KEY, study_name TEXT NOT NULL UNIQUE, directions TEXT NOT NULL,
    user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}', experiment_id TEXT);
  CREATE TABLE IF NOT EXISTS lw_tune_trials (trial_id SERIAL PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES lw_tune_studies ON DELETE CASCADE,
    number INTEGER NOT NULL, state TEXT NOT NULL, values_json TEXT, params TEXT NOT NULL DEFAULT '{}', distributions TEXT NOT NULL DEFAULT '{}',
    intermediate TEXT NOT NULL DEFAULT '{}', user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}',
    datetime_start BIGINT, datetime_complete BIGINT, fail_reason TEXT, run_id TEXT, heartbeat_time BIGINT, UNIQUE (study_id, number));
  CREATE INDEX IF NOT EXISTS lw_tune_trials_by_state ON lw_tune_trials (study_id, state, number);
  CREATE TABLE IF NOT EXISTS lw_tune_param_distributions (study_id INTEGER NOT NULL REFERENCES lw_tune_studies ON DELETE CASCADE,
    name TEXT NOT NULL, distribution TEXT NOT NULL, PRIMARY KEY (study_id, name));
`;
/** Serialises concurrent CREATE TABLE IF NOT EXISTS of several workers starting at once. */
const SCHEMA_LOCK_KEY = 0x6c775475;

/** "host:port/database" of a URL, without user or password, for error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname || ""}`;
  } catch {
    return "(an unparsable URL)";
  }
}

type Client = pg.PoolClient;

export class PostgresStorage implements TuneStorage {
  readonly #pool: pg.Pool;
  readonly #where: string;

  private constructor(pool: pg.Pool, where: string) {
    this.#pool = pool;
    this.#where = where;
  }

  /**
   * Connects to `postgresql://user:password@host:port/db` and creates the tables if missing; a server that
   * does not answer within `connectTimeoutMs` (default 5000) is TuneError STORAGE_UNAVAILABLE naming host and port.
   */
  static async connect(url: string, opts: { connectTimeoutMs?: number; maxConnections?: number } = {}): Promise<PostgresStorage> {
    if (typeof url !== "string" || !/^postgres(ql)?:\/\//.test(url)) {
      throw new TuneError("INVALID_ARGUMENT", `PostgresStorage.connect: expected a postgresql://user:password@host:port/database URL, got ${typeof url === "string" ? JSON.stringify(url.replace(/:[^:@/]*@/, ":***@")) : typeof url}`);
    }
    const where = describePostgresUrl(url);
    const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000, max: opts.maxConnections ?? 4 });
    pool.on("error", () => {}); // an idle client's lost connection surfaces on its next query
    const storage = new PostgresStorage(pool, where);
    try {
      await storage.#tx("connect", async (c) => {
        await c.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK_KEY]);
        await c.query(SCHEMA);
      });
    } catch (e) {
      await pool.end().catch(() => {});
      if (e instanceof TuneError) throw e;
      throw new TuneError("STORAGE_UNAVAILABLE", `PostgresStorage.connect: cannot use PostgreSQL at ${where}: ${(e as Error).message || (e as { code?: string }).code || String(e)}`);
    }
    return storage;
  }

  #fail(fn: string, e: unknown): Error {
    if (e instanceof TuneError) return e;
    const code = (e as { code?: string }).code ?? "";
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|57P0[1-3]|08\d\d\d)$/.test(code) || /timeout|terminated|Connection/i.test((e as Error).message ?? "")) {
      return new TuneError("STORAGE_UNAVAILABLE", `PostgresStorage.${fn}: PostgreSQL at ${this.#where}: ${(e as Error).message}`);
    }
    return e as Error;
  }

  async #tx<T>(fn: string, body: (c: Client) => Promise<T>): Promise<T> {
    let c: Client;
    try {
      c = await this.#pool.connect();
    } catch (e) {
      throw this.#fail(fn, e);
    }
    try {
      await c.query("BEGIN");
      const out = await body(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw this.#fail(fn, e);
    } finally {
      c.release();
    }
  }

  async #query<R extends pg.QueryResultRow>(fn: string, sql: string, args: unknown[] = []): Promise<R[]> {
    try {
      return (await this.#pool.query<R>(sql, args)).rows;
    } catch (e) {
      throw this.#fail(fn, e);
    }
  }

  async #studyRow(fn: string, c: Client | null, studyId: number, lock = false): Promise<StudyRow> {
    const sql = `SELECT * FROM lw_tune_studies WHERE study_id = $1${lock ? " FOR UPDATE" : ""}`;
    const rows = c ? (await c.query<StudyRow>(sql, [studyId])).rows : await this.#query<StudyRow>(fn, sql, [studyId]);
    if (!rows.length) throw new TuneError("STUDY_NOT_FOUND", `PostgresStorage.${fn}: no study with id ${studyId} at ${this.#where}`);
    return rows[0];
  }
  async #trialRow(fn: string, c: Client | null, trialId: number, lock = false): Promise<TrialRow> {
    const sql = `SELECT * FROM lw_tune_trials WHERE trial_id = $1${lock ? " FOR UPDATE" : ""}`;
    const rows = c ? (await c.query<TrialRow>(sql, [trialId])).rows : await this.#query<TrialRow>(fn, sql, [trialId]);
    if (!rows.length) throw new TuneError("TRIAL_NOT_FOUND", `PostgresStorage.${fn}: no trial with id ${trialId} at ${this.#where}`);
    return rows[0];
  }

  async createStudy(studyName: string, directions: StudyDirection[]): Promise<StudySummary> {
    checkStudyArgs("PostgresStorage.createStudy", studyName, directions);
    const rows = await this.#query<StudyRow>("createStudy",
      "INSERT INTO lw_tune_studies (study_name, directions) VALUES ($1, $2) ON CONFLICT (study_name) DO NOTHING RETURNING *", [studyName, JSON.stringify(directions)]);
    if (!rows.length) throw new TuneError("DUPLICATED_STUDY", `PostgresStorage.createStudy: a study named "${studyName}" exists already at ${this.#where} (pass loadIfExists to reuse it)`);
    return studyFromRow(rows[0]);
  }

  async getStudy(studyName: string): Promise<StudySummary | null> {
    const rows = await this.#query<StudyRow>("getStudy", "SELECT * FROM lw_tune_studies WHERE study_name = $1", [studyName]);
    return rows.length ? studyFromRow(rows[0]) : null;
  }

  async listStudies(): Promise<StudySummary[]> {
    return (await this.#query<StudyRow>("listStudies", "SELECT * FROM lw_tune_studies ORDER BY study_id")).map(studyFromRow);
  }

  async deleteStudy(studyId: number): Promise<void> {
    const rows = await this.#query("deleteStudy", "DELETE FROM lw_tune_studies WHERE study_id = $1 RETURNING study_id", [studyId]);
    if (!rows.length) throw new TuneError("STUDY_NOT_FOUND", `PostgresStorage.deleteStudy: no study with id ${studyId} at ${this.#where}`);
  }

  async #setJson(fn: string, table: "lw_tune_studies" | "lw_tune_trials", idCol: string, id: number, col: string, key: string, value: AttrValue): Promise<void> {
    await this.#tx(fn, async (c) => {
      const r = await c.query<{ j: string }>(`SELECT ${col} AS j FROM ${table} WHERE ${idCol} = $1 FOR UPDATE`, [id]);
      if (!r.rows.length) throw new TuneError(table === "lw_tune_studies" ? "STUDY_NOT_FOUND" : "TRIAL_NOT_FOUND", `PostgresStorage.${fn}: no ${table === "lw_tune_studies" ? "study" : "trial"} with id ${id}`);
      const obj = JSON.parse(r.rows[0].j) as Record<string, AttrValue>;
      obj[key] = value;
      await c.query(`UPDATE ${table} SET ${col} = $1 WHERE ${idCol} = $2`, [JSON.stringify(obj), id]);
    });
  }

  async setStudyUserAttr(studyId: number, key: string, value: AttrValue): Promise<void> {
    await this.#setJson("setStudyUserAttr", "lw_tune_studies", "study_id", studyId, "user_attrs", key, value);
  }
  async setStudySystemAttr(studyId: number, key: string, value: AttrValue): Promise<void> {
    await this.#setJson("setStudySystemAttr", "lw_tune_studies", "study_id", studyId, "system_attrs", key, value);
  }

  async createTrial(studyId: number, template: TrialTemplate & { state?: "RUNNING" | "WAITING" } = {}): Promise<FrozenTrial> {
    const state = template.state ?? "RUNNING";
    if (state !== "RUNNING" && state !== "WAITING") throw new TuneError("INVALID_ARGUMENT", `PostgresStorage.createTrial: state must be RUNNING or WAITING, got ${JSON.stringify(state)}`);
    const now = Date.now();
    return this.#tx("createTrial", async (c) => {
      await this.#studyRow("createTrial", c, studyId, true); // the study's row lock serialises numbering
      const rows = (await c.query<TrialRow>(`INSERT INTO lw_tune_trials (study_id, number, state, params, user_attrs, datetime_start, heartbeat_time)
        SELECT $1, COALESCE(MAX(number) + 1, 0), $2, $3, $4, $5, $5 FROM lw_tune_trials WHERE study_id = $1 RETURNING *`,
      [studyId, state, JSON.stringify(template.params ?? {}), JSON.stringify(template.userAttrs ?? {}), state === "RUNNING" ? now : null])).rows;
      return trialFromRow(rows[0]);
    });
  }

  async popWaitingTrial(studyId: number): Promise<FrozenTrial | null> {
    const now = Date.now();
    return this.#tx("popWaitingTrial", async (c) => {
      await this.#studyRow("popWaitingTrial", c, studyId);
      const rows = (await c.query<TrialRow>(`UPDATE lw_tune_trials SET state = 'RUNNING', datetime_start = $2, heartbeat_time = $2
        WHERE trial_id = (SELECT trial_id FROM lw_tune_trials WHERE study_id = $1 AND state = 'WAITING' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`, [studyId, now])).rows;
      return rows.length ? trialFromRow(rows[0]) : null;
    });
  }

  async setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void> {
    if (typeof name !== "string" || !name) throw new TuneError("INVALID_ARGUMENT", `PostgresStorage.setTrialParam: the parameter name must be a non-empty string, got ${JSON.stringify(name)}`);
    await this.#tx("setTrialParam", async (c) => {
      const row = await this.#trialRow("setTrialParam", c, trialId, true);
      checkRunning("PostgresStorage.setTrialParam", trialFromRow(row));
      const ins = await c.query<{ distribution: string }>(`INSERT INTO lw_tune_param_distributions (study_id, name, distribution) VALUES ($1, $2, $3)
        ON CONFLICT (study_id, name) DO UPDATE SET distribution = lw_tune_param_distributions.distribution RETURNING distribution`, [row.study_id, name, JSON.stringify(distribution)]);
      checkDistributionCompatible(name, JSON.parse(ins.rows[0].distribution) as Distribution, distribution);
      const params = JSON.parse(row.params) as Record<string, ParamValue>;
      const dists = JSON.parse(row.distributions) as Record<string, Distribution>;
      params[name] = value;
      dists[name] = distribution;
      await c.query("UPDATE lw_tune_trials SET params = $1, distributions = $2 WHERE trial_id = $3", [JSON.stringify(params), JSON.stringify(dists), trialId]);
    });
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    if (!Number.isInteger(step) || step < 0) throw new TuneError("INVALID_ARGUMENT", `PostgresStorage.setTrialIntermediateValue: step must be an integer ≥ 0, got ${step}`);
    if (typeof value !== "number") throw new TuneError("INVALID_ARGUMENT", `PostgresStorage.setTrialIntermediateValue: value must be a number, got ${typeof value}`);
    await this.#tx("setTrialIntermediateValue", async (c) => {
      const row = await this.#trialRow("setTrialIntermediateValue", c, trialId, true);
      checkRunning("PostgresStorage.setTrialIntermediateValue", trialFromRow(row));
      const inter = JSON.parse(row.intermediate) as Record<string, number | string>;
      inter[String(step)] = encodeNumber(value);
      await c.query("UPDATE lw_tune_trials SET intermediate = $1 WHERE trial_id = $2", [JSON.stringify(inter), trialId]);
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: AttrValue): Promise<void> {
    await this.#setJson("setTrialUserAttr", "lw_tune_trials", "trial_id", trialId, "user_attrs", key, value);
  }
  async setTrialSystemAttr(trialId: number, key: string, value: AttrValue): Promise<void> {
    await this.#setJson("setTrialSystemAttr", "lw_tune_trials", "trial_id", trialId, "system_attrs", key, value);
  }

  async finishTrial(trialId: number, state: "COMPLETE" | "PRUNED" | "FAIL", values: number[] | null, failReason?: string): Promise<void> {
    await this.#tx("finishTrial", async (c) => {
      const row = await this.#trialRow("finishTrial", c, trialId, true);
      const study = await this.#studyRow("finishTrial", c, row.study_id);
      checkFinish("PostgresStorage.finishTrial", trialFromRow(row), (JSON.parse(study.directions) as StudyDirection[]).length, state, values);
      await c.query("UPDATE lw_tune_trials SET state = $1, values_json = $2, datetime_complete = $3, fail_reason = $4 WHERE trial_id = $5",
        [state, state === "COMPLETE" ? JSON.stringify(values!.map(encodeNumber)) : null, Date.now(), failReason ?? null, trialId]);
    });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return trialFromRow(await this.#trialRow("getTrial", null, trialId));
  }

  async getAllTrials(studyId: number, opts: { states?: TrialState[] } = {}): Promise<FrozenTrial[]> {
    await this.#studyRow("getAllTrials", null, studyId);
    const rows = opts.states
      ? await this.#query<TrialRow>("getAllTrials", "SELECT * FROM lw_tune_trials WHERE study_id = $1 AND state = ANY($2) ORDER BY number", [studyId, opts.states])
      : await this.#query<TrialRow>("getAllTrials", "SELECT * FROM lw_tune_trials WHERE study_id = $1 ORDER BY number", [studyId]);
    return rows.map(trialFromRow);
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    const rows = await this.#query("recordHeartbeat", "UPDATE lw_tune_trials SET heartbeat_time = $1 WHERE trial_id = $2 RETURNING trial_id", [Date.now(), trialId]);
    if (!rows.length) throw new TuneError("TRIAL_NOT_FOUND", `PostgresStorage.recordHeartbeat: no trial with id ${trialId} at ${this.#where}`);
  }

  async failStaleTrials(studyId: number, graceMs: number): Promise<number[]> {
    if (!(graceMs >= 0)) throw new TuneError("INVALID_ARGUMENT", `PostgresStorage.failStaleTrials: graceMs must be ≥ 0, got ${graceMs}`);
    await this.#studyRow("failStaleTrials", null, studyId);
    const now = Date.now();
    // SKIP LOCKED: a trial a live worker is finishing right now is not failed under it.
    const rows = await this.#query<{ trial_id: number }>("failStaleTrials", `UPDATE lw_tune_trials SET state = 'FAIL', datetime_complete = $3, fail_reason = 'heartbeat lost'
      WHERE trial_id IN (SELECT trial_id FROM lw_tune_trials WHERE study_id = $1 AND state = 'RUNNING' AND COALESCE(heartbeat_time, datetime_start) < $2 FOR UPDATE SKIP LOCKED)
        AND state = 'RUNNING' RETURNING trial_id`, [studyId, now - graceMs, now]);
    return rows.map((r) => Number(r.trial_id)).sort((a, b) => a - b);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
