/**
 * @file The model registry's tables, as MLflow 2.x: registered models with numbered versions, aliases
 * (`champion` → 3) and tags on both; stages are left out (MLflow deprecates them for aliases).
 */
import type Database from "better-sqlite3";
import { exists, invalid, notFound } from "./errors.ts";
import { checkKey } from "./names.ts";
import type { ModelVersion, RegisteredModel } from "./types.ts";

interface ModelRow { name: string; description: string; creation_time: number; last_updated_time: number }
interface VersionRow { name: string; version: number; source: string; run_id: string | null; status: "READY"; creation_time: number; last_updated_time: number; description: string }

const MODEL_NAME = /^[\w\-. ]+$/;
const ALIAS = /^[\w-]+$/;

export function checkModelName(fn: string, name: unknown): string {
  if (typeof name !== "string" || !name.trim()) throw invalid(`${fn}: the model name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (!MODEL_NAME.test(name) || name.length > 250) throw invalid(`${fn}: the model name "${name}" may only hold letters, digits, _ - . and spaces (at most 250), so that models:/${name}/1 stays a URI`);
  return name;
}

export function checkAlias(fn: string, alias: unknown): string {
  if (typeof alias !== "string" || !ALIAS.test(alias) || alias.length > 255) throw invalid(`${fn}: an alias is letters, digits, _ and -, got ${JSON.stringify(alias)}`);
  if (alias.toLowerCase() === "latest" || /^v\d+$/i.test(alias)) throw invalid(`${fn}: the alias "${alias}" is reserved ("latest" and v<number> name versions); pick another, e.g. "champion"`);
  return alias;
}

export function versionNumber(fn: string, version: unknown): number {
  const n = typeof version === "string" && /^\d+$/.test(version) ? Number(version) : version;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw invalid(`${fn}: the version must be a positive integer, got ${JSON.stringify(version)}`);
  return n;
}

export class RegistryTables {
  constructor(private readonly db: Database.Database, private readonly translate: (e: unknown, fn: string) => Error) {}

  #write<T>(fn: string, body: () => T): T {
    try {
      return this.db.transaction(body).immediate();
    } catch (e) {
      throw this.translate(e, fn);
    }
  }

  #modelRow(fn: string, name: string): ModelRow {
    checkModelName(fn, name);
    const row = this.db.prepare("SELECT * FROM registered_models WHERE name = ?").get(name) as ModelRow | undefined;
    if (!row) throw notFound(`${fn}: no registered model named "${name}"`);
    return row;
  }

  #model(row: ModelRow): RegisteredModel {
    const tags = this.db.prepare("SELECT key, value FROM registered_model_tags WHERE name = ?").all(row.name) as { key: string; value: string }[];
    const aliases = this.db.prepare("SELECT alias, version FROM registered_model_aliases WHERE name = ? ORDER BY alias").all(row.name) as { alias: string; version: number }[];
    const latest = this.db.prepare("SELECT max(version) AS v FROM model_versions WHERE name = ?").get(row.name) as { v: number | null };
    return {
      name: row.name, description: row.description, creationTime: row.creation_time, lastUpdatedTime: row.last_updated_time,
      tags: Object.fromEntries(tags.map((t) => [t.key, t.value])), aliases: Object.fromEntries(aliases.map((a) => [a.alias, a.version])), latestVersion: latest.v,
    };
  }

  #versionRow(fn: string, name: string, version: number | string): VersionRow {
    this.#modelRow(fn, name);
    const v = versionNumber(fn, version);
    const row = this.db.prepare("SELECT * FROM model_versions WHERE name = ? AND version = ?").get(name, v) as VersionRow | undefined;
    if (!row) throw notFound(`${fn}: registered model "${name}" has no version ${v}`);
    return row;
  }

  #version(row: VersionRow): ModelVersion {
    const tags = this.db.prepare("SELECT key, value FROM model_version_tags WHERE name = ? AND version = ?").all(row.name, row.version) as { key: string; value: string }[];
    const aliases = this.db.prepare("SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ? ORDER BY alias").all(row.name, row.version) as { alias: string }[];
    return {
      name: row.name, version: row.version, source: row.source, runId: row.run_id, status: row.status, creationTime: row.creation_time,
      description: row.description, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])), aliases: aliases.map((a) => a.alias),
    };
  }

  #insertModel(name: string, opts: { description?: string; tags?: Record<string, string> }): void {
    const now = Date.now();
    this.db.prepare("INSERT INTO registered_models (name, description, creation_time, last_updated_time) VALUES (?, ?, ?, ?)").run(name, opts.description ?? "", now, now);
    for (const [k, v] of Object.entries(opts.tags ?? {})) this.db.prepare("INSERT INTO registered_model_tags VALUES (?, ?, ?)").run(name, checkKey("createRegisteredModel", "tag", k), String(v));
  }

  createRegisteredModel(name: string, opts: { description?: string; tags?: Record<string, string> }): RegisteredModel {
    checkModelName("createRegisteredModel", name);
    this.#write("createRegisteredModel", () => {
      if (this.db.prepare("SELECT 1 FROM registered_models WHERE name = ?").get(name)) throw exists(`createRegisteredModel: a registered model named "${name}" exists already`);
      this.#insertModel(name, opts);
    });
    return this.getRegisteredModel(name);
  }

  getRegisteredModel(name: string): RegisteredModel {
    return this.#model(this.#modelRow("getRegisteredModel", name));
  }

  listRegisteredModels(): RegisteredModel[] {
    return (this.db.prepare("SELECT * FROM registered_models ORDER BY name").all() as ModelRow[]).map((r) => this.#model(r));
  }

  updateRegisteredModel(name: string, opts: { description?: string }): RegisteredModel {
    this.#modelRow("updateRegisteredModel", name);
    this.#write("updateRegisteredModel", () => {
      if (opts.description !== undefined) this.db.prepare("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?").run(String(opts.description), Date.now(), name);
    });
    return this.getRegisteredModel(name);
  }

  deleteRegisteredModel(name: string): void {
    this.#modelRow("deleteRegisteredModel", name);
    this.#write("deleteRegisteredModel", () => this.db.prepare("DELETE FROM registered_models WHERE name = ?").run(name));
  }

  createModelVersion(name: string, opts: { source: string; runId?: string | null; description?: string; tags?: Record<string, string> }): ModelVersion {
    checkModelName("createModelVersion", name);
    if (typeof opts?.source !== "string" || !opts.source) throw invalid(`createModelVersion: source must name where the model is (runs:/<runId>/model or a folder), got ${JSON.stringify(opts?.source)}`);
    const version = this.#write("createModelVersion", () => {
      if (!this.db.prepare("SELECT 1 FROM registered_models WHERE name = ?").get(name)) this.#insertModel(name, {});
      const next = ((this.db.prepare("SELECT max(version) AS v FROM model_versions WHERE name = ?").get(name) as { v: number | null }).v ?? 0) + 1;
      const now = Date.now();
      this.db.prepare("INSERT INTO model_versions (name, version, source, run_id, creation_time, last_updated_time, description) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(name, next, opts.source, opts.runId ?? null, now, now, opts.description ?? "");
      for (const [k, v] of Object.entries(opts.tags ?? {})) this.db.prepare("INSERT INTO model_version_tags VALUES (?, ?, ?, ?)").run(name, next, checkKey("createModelVersion", "tag", k), String(v));
      this.db.prepare("UPDATE registered_models SET last_updated_time = ? WHERE name = ?").run(now, name);
      return next;
    });
    return this.getModelVersion(name, version);
  }

  getModelVersion(name: string, version: number | string): ModelVersion {
    return this.#version(this.#versionRow("getModelVersion", name, version));
  }

  listModelVersions(name: string): ModelVersion[] {
    this.#modelRow("listModelVersions", name);
    return (this.db.prepare("SELECT * FROM model_versions WHERE name = ? ORDER BY version").all(name) as VersionRow[]).map((r) => this.#version(r));
  }

  updateModelVersion(name: string, version: number | string, opts: { description?: string }): ModelVersion {
    const row = this.#versionRow("updateModelVersion", name, version);
    this.#write("updateModelVersion", () => {
      if (opts.description !== undefined) this.db.prepare("UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?").run(String(opts.description), Date.now(), name, row.version);
    });
    return this.getModelVersion(name, row.version);
  }

  deleteModelVersion(name: string, version: number | string): void {
    const row = this.#versionRow("deleteModelVersion", name, version);
    this.#write("deleteModelVersion", () => this.db.prepare("DELETE FROM model_versions WHERE name = ? AND version = ?").run(name, row.version));
  }

  /** Points `alias` at `version` (moving it if it pointed elsewhere). */
  setRegisteredModelAlias(name: string, alias: string, version: number | string): void {
    checkAlias("setRegisteredModelAlias", alias);
    const row = this.#versionRow("setRegisteredModelAlias", name, version);
    this.#write("setRegisteredModelAlias", () => {
      this.db.prepare("INSERT INTO registered_model_aliases VALUES (?, ?, ?) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version").run(name, alias, row.version);
      this.db.prepare("UPDATE registered_models SET last_updated_time = ? WHERE name = ?").run(Date.now(), name);
    });
  }

  deleteRegisteredModelAlias(name: string, alias: string): void {
    this.#modelRow("deleteRegisteredModelAlias", name);
    this.#write("deleteRegisteredModelAlias", () => {
      const r = this.db.prepare("DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?").run(name, alias);
      if (!r.changes) throw notFound(`deleteRegisteredModelAlias: registered model "${name}" has no alias "${alias}"`);
    });
  }

  getModelVersionByAlias(name: string, alias: string): ModelVersion {
    this.#modelRow("getModelVersionByAlias", name);
    const row = this.db.prepare("SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?").get(name, alias) as { version: number } | undefined;
    if (!row) {
      const known = Object.keys(this.getRegisteredModel(name).aliases);
      throw notFound(`getModelVersionByAlias: registered model "${name}" has no alias "${alias}"${known.length ? `; its aliases: ${known.join(", ")}` : " (it has none)"}`);
    }
    return this.getModelVersion(name, row.version);
  }

  setModelVersionTag(name: string, version: number | string, key: string, value: string): void {
    const row = this.#versionRow("setModelVersionTag", name, version);
    this.#write("setModelVersionTag", () => this.db.prepare("INSERT INTO model_version_tags VALUES (?, ?, ?, ?) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value").run(name, row.version, checkKey("setModelVersionTag", "tag", key), String(value)));
  }

  deleteModelVersionTag(name: string, version: number | string, key: string): void {
    const row = this.#versionRow("deleteModelVersionTag", name, version);
    this.#write("deleteModelVersionTag", () => this.db.prepare("DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?").run(name, row.version, key));
  }

  setRegisteredModelTag(name: string, key: string, value: string): void {
    this.#modelRow("setRegisteredModelTag", name);
    this.#write("setRegisteredModelTag", () => this.db.prepare("INSERT INTO registered_model_tags VALUES (?, ?, ?) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value").run(name, checkKey("setRegisteredModelTag", "tag", key), String(value)));
  }

  deleteRegisteredModelTag(name: string, key: string): void {
    this.#modelRow("deleteRegisteredModelTag", name);
    this.#write("deleteRegisteredModelTag", () => this.db.prepare("DELETE FROM registered_model_tags WHERE name = ? AND key = ?").run(name, key));
  }
}
