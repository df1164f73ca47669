/**
 * @file The served models: each registered model name holds one or more loaded versions (a worker pool and a
 * batcher each), a primary one, an optional canary taking a percentage of the traffic, and a reload that follows
 * alias switches (the new version loads first, then takes traffic; the old one finishes its queue and closes).
 */
import { resolveModelUri } from "../track/models.ts";
import { readModelSpec, type ModelSpec } from "../track/model-format.ts";
import type { TrackingStore } from "../track/store.ts";
import { Batcher } from "./batcher.ts";
import { WorkerPool } from "./worker-pool.ts";
import { ServeError, type TaskName } from "./task.ts";
import { TASKS } from "./tasks/index.ts";
import type { ServeMetrics } from "./metrics.ts";

export interface DeploymentOptions {
  store: TrackingStore;
  metrics: ServeMetrics;
  workers: number;
  maxBatchSize: number;
  maxDelayMs: number;
  maxQueue: number;
}

/** One loaded version of a model. */
export interface LoadedVersion {
  name: string;
  uri: string;
  version: string;
  dir: string;
  spec: ModelSpec;
  task: TaskName;
  status: "loading" | "ready" | "draining";
  pool: WorkerPool | null;
  batcher: Batcher | null;
}

interface ModelSlot { primary: LoadedVersion; canary: { entry: LoadedVersion; percent: number } | null; versions: Map<string, LoadedVersion> }

/** The model name a URI is served under: NAME of models:/NAME@ALIAS or models:/NAME/VERSION, else the folder name. */
export function modelNameOf(uri: string): string {
  const m = /^models:\/+([^/@]+)/.exec(uri);
  if (m) return m[1];
  const parts = uri.replace(/\/+$/, "").split("/");
  return parts[parts.length - 1] || uri;
}

export class Deployments {
  #models = new Map<string, ModelSlot>();

  constructor(private readonly opts: DeploymentOptions) {}

  /** Resolves a URI and reads its spec (cheap; no workers yet). */
  describe(uri: string, name = modelNameOf(uri)): LoadedVersion {
    const resolved = resolveModelUri(uri, this.opts.store);
    const spec = readModelSpec(resolved.dir, uri);
    const task = spec.task as TaskName | null;
    if (!task || !TASKS[task]) throw new ServeError(400, "UNKNOWN_TASK", `serve: ${uri} has task ${JSON.stringify(spec.task)}; served tasks: ${Object.keys(TASKS).join(", ")} (log it with { task })`);
    const version = resolved.version ? String(resolved.version.version) : resolved.runId ?? "1";
    return { name, uri, version, dir: resolved.dir, spec, task, status: "loading", pool: null, batcher: null };
  }

  /** Adds a described version (as primary, canary with `percent`, or just reachable by ?version=). */
  add(entry: LoadedVersion, role: { canaryPercent?: number } = {}): void {
    const slot = this.#models.get(entry.name);
    if (!slot) {
      if (role.canaryPercent !== undefined) throw new ServeError(400, "NO_PRIMARY", `serve: the canary ${entry.uri} has no primary model "${entry.name}" to split from`);
      this.#models.set(entry.name, { primary: entry, canary: null, versions: new Map([[entry.version, entry]]) });
      return;
    }
    if (slot.versions.has(entry.version)) throw new ServeError(400, "DUPLICATE_MODEL", `serve: version ${entry.version} of "${entry.name}" is listed twice`);
    if (entry.task !== slot.primary.task) throw new ServeError(400, "TASK_MISMATCH", `serve: ${entry.uri} is a ${entry.task} model but "${entry.name}" is served as ${slot.primary.task}`);
    slot.versions.set(entry.version, entry);
    if (role.canaryPercent !== undefined) {
      if (!(role.canaryPercent >= 0 && role.canaryPercent <= 100)) throw new ServeError(400, "BAD_CANARY", `serve: the canary percentage must be 0..100, got ${role.canaryPercent}`);
      slot.canary = { entry, percent: role.canaryPercent };
    }
  }

  /** Starts the workers of every version that is still loading. */
  async loadAll(): Promise<void> {
    await Promise.all([...this.all()].filter((e) => e.status === "loading" && !e.pool).map((e) => this.#load(e)));
  }

  async #load(e: LoadedVersion): Promise<void> {
    const { metrics } = this.opts;
    const labels = { model: e.name, version: e.version };
    e.pool = await WorkerPool.start({ dir: e.dir, uri: e.uri, task: e.task }, this.opts.workers);
    const pool = e.pool;
    e.batcher = new Batcher((inputs) => pool.runBatch(inputs), {
      maxBatchSize: TASKS[e.task]!.batchable ? this.opts.maxBatchSize : 1,
      maxDelayMs: this.opts.maxDelayMs, maxQueue: this.opts.maxQueue, concurrency: this.opts.workers,
      onQueueDepth: (d) => metrics.queueDepth.set(labels, d),
      onBatch: (n, s) => { metrics.batchSize.observe(labels, n); metrics.inferenceSeconds.observe(labels, s); },
      onReject: () => metrics.rejected.inc({ model: e.name }),
    });
    e.status = "ready";
  }

  *all(): Iterable<LoadedVersion> {
    for (const s of this.#models.values()) yield* s.versions.values();
  }

  get names(): string[] { return [...this.#models.keys()]; }

  get ready(): boolean {
    return this.#models.size > 0 && [...this.#models.values()].every((s) => s.primary.status === "ready" && (!s.canary || s.canary.entry.status === "ready"));
  }

  slot(name: string): ModelSlot {
    const s = this.#models.get(name);
    if (!s) throw new ServeError(404, "MODEL_NOT_FOUND", `no model "${name}" is served; models: ${this.names.join(", ") || "(none)"}`);
    return s;
  }

  /** The version a request goes to: `version` if given, else the canary with its percentage, else the primary. */
  route(name: string, version?: string, random = Math.random): LoadedVersion {
    const s = this.slot(name);
    if (version !== undefined && version !== "") {
      const v = s.versions.get(version);
      if (!v) throw new ServeError(404, "VERSION_NOT_FOUND", `model "${name}" has no served version ${JSON.stringify(version)}; versions: ${[...s.versions.keys()].join(", ")}`);
      return v;
    }
    if (s.canary && s.canary.entry.status === "ready" && random() * 100 < s.canary.percent) return s.canary.entry;
    return s.primary;
  }

  /** Sets the canary's share of `name`'s traffic (0 stops it). */
  setCanaryPercent(name: string, percent: number): void {
    const s = this.slot(name);
    if (!s.canary) throw new ServeError(400, "NO_CANARY", `model "${name}" has no canary`);
    if (!(percent >= 0 && percent <= 100)) throw new ServeError(400, "BAD_CANARY", `serve: the canary percentage must be 0..100, got ${percent}`);
    s.canary.percent = percent;
  }

  /**
   * Re-resolves every primary (and canary) URI; where an alias now points at another version, loads that version,
   * switches the traffic to it, then lets the old one finish its queue and closes it. Returns the switches made.
   */
  async reload(): Promise<{ name: string; from: string; to: string }[]> {
    const switches: { name: string; from: string; to: string }[] = [];
    for (const [name, s] of this.#models) {
      for (const role of ["primary", "canary"] as const) {
        const cur = role === "primary" ? s.primary : s.canary?.entry;
        if (!cur || cur.status !== "ready") continue;
        const next = this.describe(cur.uri, name);
        if (next.version === cur.version) continue;
        const existing = s.versions.get(next.version);
        const target = existing ?? next;
        if (!existing) { await this.#load(target); s.versions.set(target.version, target); }
        if (role === "primary") s.primary = target; else s.canary!.entry = target;
        switches.push({ name, from: cur.version, to: target.version });
        if (s.primary !== cur && s.canary?.entry !== cur) { s.versions.delete(cur.version); void this.#retire(cur); }
      }
    }
    return switches;
  }

  async #retire(e: LoadedVersion): Promise<void> {
    e.status = "draining";
    await e.batcher?.idle();
    await e.pool?.close();
  }

  /** Waits for every queue to empty, then stops all workers. */
  async close(): Promise<void> {
    await Promise.all([...this.all()].map((e) => this.#retire(e)));
    this.#models.clear();
  }
}
