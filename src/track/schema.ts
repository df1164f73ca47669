/**
 * @file The tracking database's schema as numbered migrations; `migrate(db)` brings a database to the
 * newest version in one transaction and refuses one written by a newer lernwerk.
 */
import type Database from "better-sqlite3";
import { TrackingError } from "./errors.ts";

/** Each entry moves the schema from version i to i + 1. Append; never edit a released one. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE experiments (
    experiment_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, artifact_location TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL DEFAULT 'active', creation_time INTEGER NOT NULL, last_update_time INTEGER NOT NULL);
  CREATE TABLE experiment_tags (experiment_id INTEGER NOT NULL REFERENCES experiments, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (experiment_id, key)) WITHOUT ROWID;
  CREATE TABLE runs (
    run_uuid TEXT PRIMARY KEY, experiment_id INTEGER NOT NULL REFERENCES experiments, name TEXT NOT NULL,
    status TEXT NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER, artifact_uri TEXT NOT NULL,
    parent_run_id TEXT, lifecycle_stage TEXT NOT NULL DEFAULT 'active',
    pid INTEGER, hostname TEXT, heartbeat_time INTEGER) WITHOUT ROWID;
  CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time);
  CREATE INDEX runs_by_status ON runs (status);
  CREATE TABLE params (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
  CREATE TABLE tags (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
  -- value is NULL with is_nan = 1 for NaN (SQLite stores NaN as NULL); ±Infinity are REALs.
  CREATE TABLE latest_metrics (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value REAL, is_nan INTEGER NOT NULL DEFAULT 0,
    step REAL NOT NULL, timestamp REAL NOT NULL, PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
  -- A metric's history: append-only chunks, each n points packed as Float64 [steps | values | timestamps].
  CREATE TABLE metric_chunks (chunk_id INTEGER PRIMARY KEY, run_uuid TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
  CREATE INDEX metric_chunks_by_run_key ON metric_chunks (run_uuid, key, chunk_id);
  CREATE INDEX metric_chunks_by_key ON metric_chunks (key, run_uuid);
  CREATE TABLE registered_models (name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '',
    creation_time INTEGER NOT NULL, last_updated_time INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE registered_model_tags (name TEXT NOT NULL REFERENCES registered_models ON DELETE CASCADE ON UPDATE CASCADE,
    key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, key)) WITHOUT ROWID;
  CREATE TABLE model_versions (name TEXT NOT NULL REFERENCES registered_models ON DELETE CASCADE ON UPDATE CASCADE,
    version INTEGER NOT NULL, source TEXT NOT NULL, run_id TEXT, status TEXT NOT NULL DEFAULT 'READY',
    creation_time INTEGER NOT NULL, last_updated_time INTEGER NOT NULL, description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (name, version)) WITHOUT ROWID;
  CREATE TABLE model_version_tags (name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (name, version, key), FOREIGN KEY (name, version) REFERENCES model_versions ON DELETE CASCADE ON UPDATE CASCADE) WITHOUT ROWID;
  CREATE TABLE registered_model_aliases (name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (name, alias), FOREIGN KEY (name, version) REFERENCES model_versions ON DELETE CASCADE ON UPDATE CASCADE) WITHOUT ROWID;
  `,
  // 1 → 2: lw.tune studies and trials (src/tune/storage-sqlite.ts); each trial is also a run of the study's experiment.
  `
  CREATE TABLE tune_studies (study_id INTEGER PRIMARY KEY, study_name TEXT NOT NULL UNIQUE, directions TEXT NOT NULL,
    user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}', experiment_id INTEGER REFERENCES experiments);
  CREATE TABLE tune_trials (trial_id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES tune_studies ON DELETE CASCADE,
    number INTEGER NOT NULL, state TEXT NOT NULL, values_json TEXT, params TEXT NOT NULL DEFAULT '{}', distributions TEXT NOT NULL DEFAULT '{}',
    intermediate TEXT NOT NULL DEFAULT '{}', user_attrs TEXT NOT NULL DEFAULT '{}', system_attrs TEXT NOT NULL DEFAULT '{}',
    datetime_start INTEGER, datetime_complete INTEGER, fail_reason TEXT, run_id TEXT, heartbeat_time INTEGER, UNIQUE (study_id, number));
  CREATE INDEX tune_trials_by_state ON tune_trials (study_id, state, number);
  CREATE TABLE tune_param_distributions (study_id INTEGER NOT NULL REFERENCES tune_studies ON DELETE CASCADE, name TEXT NOT NULL,
    distribution TEXT NOT NULL, PRIMARY KEY (study_id, name)) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the missing migrations; `onCreate` runs in the same transaction when the database was empty. */
export function migrate(db: Database.Database, where: string, onCreate: () => void): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (hasTable && (db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined)?.version === SCHEMA_VERSION) return;
  const run = db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new TrackingError("INTERNAL_ERROR", `TrackingStore.open: ${where} has schema version ${current}, newer than this lernwerk knows (${SCHEMA_VERSION}); upgrade lernwerk`);
    }
    if (current === SCHEMA_VERSION) return;
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
    if (row) db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION);
    else db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
    if (current === 0) onCreate();
  });
  run.immediate();
}
