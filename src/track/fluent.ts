/**
 * @file The fluent tracking API, as mlflow's module functions: one current experiment, a stack of
 * active runs (nested runs on top), and logging calls that go to the innermost one. Metrics are
 * buffered and written in batches; a run left open when the process exits, throws or is signalled is
 * ended FINISHED / FAILED / KILLED with everything logged so far.
 * @example lw.track.setExperiment("fashion"); lw.track.withRun({ runName: "lr=1e-3" }, () => { lw.track.logParam("lr", 1e-3); lw.track.logMetric("loss", 0.3, { step: 1 }); });
 */
import { runContextTags } from "./context.ts";
import { invalid } from "./errors.ts";
import { MetricBuffer, type MetricBufferOptions } from "./metric-buffer.ts";
import { TrackingStore, type ParamValue } from "./store.ts";
import { SystemMetricsSampler } from "./system-metrics.ts";
import { TERMINAL_STATUSES, type Experiment, type MetricPoint, type Run, type RunData, type RunInfo, type RunStatus } from "./types.ts";

export interface StartRunOptions {
  runName?: string;
  /** Start inside the active run (its child) instead of refusing because one is active. */
  nested?: boolean;
  tags?: Record<string, string>;
  /** A note shown with the run (the tag mlflow.note.content). */
  description?: string;
  /** Continue an existing run (its status goes back to RUNNING). */
  runId?: string;
  /** Default: the experiment of setExperiment(), else Default (0). */
  experimentId?: string;
  /** Log system/... metrics (RSS, heap, CPU, machine memory) every systemMetricsIntervalMs (default off; autolog turns it on). */
  logSystemMetrics?: boolean;
  systemMetricsIntervalMs?: number;
  /** How metrics are batched (default: 10000 points or 2 s). */
  buffer?: MetricBufferOptions;
}

/** A run in progress; end it with `end()` (or use withRun). */
export class ActiveRun {
  readonly #buffer: MetricBuffer;
  #sampler: SystemMetricsSampler | null = null;
  #heartbeatAt = 0;
  #heartbeatTimer: NodeJS.Timeout;
  #ended = false;

  constructor(readonly store: TrackingStore, readonly info: RunInfo, opts: StartRunOptions) {
    this.#buffer = new MetricBuffer((points) => {
      store.logMetrics(info.runId, points);
      this.#beat();
    }, opts.buffer);
    if (opts.logSystemMetrics) this.#sampler = new SystemMetricsSampler((points) => { for (const p of points) this.#buffer.push(p); }, opts.systemMetricsIntervalMs).start();
    this.#heartbeatTimer = setInterval(() => { try { this.#beat(); } catch { /* the store is busy; the next beat will do */ } }, HEARTBEAT_MS);
    this.#heartbeatTimer.unref();
  }

  get runId(): string {
    return this.info.runId;
  }
  get ended(): boolean {
    return this.#ended;
  }
  /** The run's params, tags and latest metrics as stored now (after flushing what waits). */
  get data(): RunData {
    this.flush();
    return this.store.getRun(this.runId).data;
  }

  #beat(): void {
    const now = Date.now();
    if (now - this.#heartbeatAt < HEARTBEAT_MS / 2) return;
    this.#heartbeatAt = now;
    this.store.heartbeat(this.runId);
  }

  /** Queues a metric point (written in a batch). */
  pushMetric(p: MetricPoint): void {
    if (this.#ended) throw invalid(`logMetric: run ${this.runId} has ended`);
    this.#buffer.push(p);
    this.#sampler?.maybeSample();
  }

  /** Writes the waiting metric points now. */
  flush(): void {
    this.#buffer.flush();
  }

  /** Flushes, stops the samplers and sets the final status (default FINISHED). */
  end(status: RunStatus = "FINISHED"): void {
    if (this.#ended) return;
    if (!TERMINAL_STATUSES.includes(status)) throw invalid(`endRun: status must be one of ${TERMINAL_STATUSES.join(", ")}, got "${status}"`);
    this.#ended = true;
    clearInterval(this.#heartbeatTimer);
    this.#sampler?.stop();
    try {
      this.#sampler?.sample();
      this.#buffer.close();
    } finally {
      this.store.updateRun(this.runId, { status });
      const i = runStack.indexOf(this);
      if (i >= 0) runStack.splice(i, 1);
      last = this;
    }
  }
}

const HEARTBEAT_MS = 10_000;
let trackingUri: string | undefined;
let store: TrackingStore | null = null;
let experimentId: string | null = null;
const runStack: ActiveRun[] = [];
let last: ActiveRun | null = null;

/** Where runs are stored: a folder or sqlite:///path.db (default $LERNWERK_TRACKING_URI, else ./lwruns). */
export function setTrackingUri(uri: string): void {
  if (runStack.length) throw invalid(`setTrackingUri: run ${runStack[runStack.length - 1].runId} is active; end it first`);
  if (store) store.close();
  store = null;
  trackingUri = uri;
  experimentId = null;
}

export function getTrackingUri(): string {
  return trackingUri ?? process.env.LERNWERK_TRACKING_URI ?? "./lwruns";
}

/** The store the fluent API writes to (opened on first use). */
export function trackingStore(): TrackingStore {
  store ??= TrackingStore.open(getTrackingUri());
  return store;
}

/** Makes `name` the current experiment, creating it if needed. */
export function setExperiment(name: string): Experiment {
  const s = trackingStore();
  experimentId = s.getOrCreateExperiment(name);
  return s.getExperiment(experimentId);
}

export function activeRun(): ActiveRun | null {
  return runStack.length ? runStack[runStack.length - 1] : null;
}

/** The run that ended last (or the active one), as mlflow.last_active_run. */
export function lastActiveRun(): Run | null {
  const r = activeRun() ?? last;
  return r ? r.store.getRun(r.runId) : null;
}

/** Starts a run (nested under the active one with { nested: true }) and makes it the active run. */
export function startRun(opts: StartRunOptions = {}): ActiveRun {
  const parent = activeRun();
  if (parent && !opts.nested && !opts.runId) {
    throw invalid(`startRun: run ${parent.runId} is already active; end it with endRun(), or start a child with startRun({ nested: true })`);
  }
  const s = trackingStore();
  const tags: Record<string, string> = { ...runContextTags(), ...(opts.tags ?? {}) };
  if (opts.description !== undefined) tags["mlflow.note.content"] = opts.description;
  let info: RunInfo;
  if (opts.runId) {
    if (runStack.some((r) => r.runId === opts.runId)) throw invalid(`startRun: run ${opts.runId} is already active`);
    s.getRun(opts.runId);
    info = s.updateRun(opts.runId, { status: "RUNNING", endTime: null, ...(opts.runName ? { runName: opts.runName } : {}) });
    s.setTags(info.runId, tags);
  } else {
    info = s.createRun({ experimentId: opts.experimentId ?? experimentId ?? "0", runName: opts.runName, tags, parentRunId: opts.nested && parent ? parent.runId : null });
  }
  installExitHooks();
  const run = new ActiveRun(s, info, opts);
  runStack.push(run);
  return run;
}

/** Ends the active run (default FINISHED); nothing happens when none is active. */
export function endRun(status: RunStatus = "FINISHED"): void {
  activeRun()?.end(status);
}

/**
 * Runs `fn` inside a new run: FINISHED when it returns (or its promise resolves), FAILED with the
 * error's message as the tag lw.error when it throws; the error is rethrown.
 */
export function withRun<T>(opts: StartRunOptions, fn: (run: ActiveRun) => T): T {
  const run = startRun(opts);
  const fail = (e: unknown): never => {
    try { run.store.setTags(run.runId, { "lw.error": String((e as Error)?.stack ?? e).slice(0, 5000) }); } catch { /* the status matters more */ }
    run.end("FAILED");
    throw e;
  };
  let result: T;
  try {
    result = fn(run);
  } catch (e) {
    return fail(e);
  }
  if (result instanceof Promise) return result.then((v) => { run.end("FINISHED"); return v; }, fail) as T;
  run.end("FINISHED");
  return result;
}

function current(fn: string): ActiveRun {
  const r = activeRun();
  if (r) return r;
  return startRun();
}

export function logParam(key: string, value: ParamValue): void {
  logParams({ [key]: value });
}
/** Logs params to the active run (starting one if none is active, as MLflow). */
export function logParams(params: Record<string, ParamValue>): void {
  const r = current("logParams");
  r.store.logParams(r.runId, params);
}

/** Logs one point (step default 0, timestamp default now, as MLflow); NaN and ±Infinity are kept. */
export function logMetric(key: string, value: number, opts: { step?: number; timestamp?: number } = {}): void {
  if (typeof value !== "number") throw invalid(`logMetric: "${key}" must be a number, got ${typeof value}`);
  current("logMetric").pushMetric({ key, value, step: opts.step ?? 0, timestamp: opts.timestamp ?? Date.now() });
}

export function logMetrics(metrics: Record<string, number>, opts: { step?: number; timestamp?: number } = {}): void {
  const r = current("logMetrics"), timestamp = opts.timestamp ?? Date.now();
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value !== "number") throw invalid(`logMetrics: "${key}" must be a number, got ${typeof value}`);
    r.pushMetric({ key, value, step: opts.step ?? 0, timestamp });
  }
}

export function setTag(key: string, value: string): void {
  setTags({ [key]: value });
}
export function setTags(tags: Record<string, string>): void {
  const r = current("setTags");
  r.store.setTags(r.runId, Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)])));
}
export function deleteTag(key: string): void {
  const r = current("deleteTag");
  r.store.deleteTag(r.runId, key);
}

/** Copies a local file or folder into the active run's artefacts (under the folder `artifactPath`). */
export function logArtifact(localPath: string, artifactPath?: string): string {
  const r = current("logArtifact");
  return r.store.logArtifact(r.runId, localPath, artifactPath);
}
/** Text as the artefact file `artifactFile`. */
export function logText(text: string, artifactFile: string): string {
  const r = current("logText");
  return r.store.logText(r.runId, text, artifactFile);
}
/** A JSON-serialisable object as a .json artefact. */
export function logDict(dict: Record<string, unknown> | unknown[], artifactFile: string): string {
  if (!artifactFile.toLowerCase().endsWith(".json")) throw invalid(`logDict: the artefact file must end in .json, got "${artifactFile}"`);
  return logText(JSON.stringify(dict, null, 2) + "\n", artifactFile);
}
/** Bytes (a PNG, a safetensors file, …) as the artefact file `artifactFile`. */
export function logBytes(bytes: Uint8Array, artifactFile: string): string {
  const r = current("logBytes");
  return r.store.logText(r.runId, bytes, artifactFile);
}

/** Writes the active run's waiting metrics now. */
export function flush(): void {
  for (const r of runStack) r.flush();
}

/** Runs of the current experiment (or those named) matching an MLflow filter, as `Run` objects. */
export function searchRuns(opts: { experimentIds?: string[]; experimentNames?: string[]; filter?: string; orderBy?: string[]; maxResults?: number } = {}): Run[] {
  const s = trackingStore();
  flush();
  const ids = [...(opts.experimentIds ?? [])];
  for (const name of opts.experimentNames ?? []) {
    const e = s.getExperimentByName(name);
    if (!e) throw invalid(`searchRuns: no experiment named "${name}"`);
    ids.push(e.experimentId);
  }
  if (!ids.length) ids.push(experimentId ?? "0");
  return s.searchRuns({ experimentIds: ids, filter: opts.filter, orderBy: opts.orderBy, maxResults: opts.maxResults }).runs;
}

export function getRun(runId: string): Run {
  flush();
  return trackingStore().getRun(runId);
}

// ---- ending runs when the process ends -------------------------------------------------------

let hooksInstalled = false;
/** Ends every open run, innermost first, flushing its metrics; never throws. */
function endAll(status: RunStatus, reason?: string): void {
  for (const r of [...runStack].reverse()) {
    try {
      if (reason) r.store.setTags(r.runId, { "lw.endReason": reason.slice(0, 5000) });
    } catch { /* keep ending */ }
    try { r.end(status); } catch { /* the database may be gone; the stale-run check will mark it */ }
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // uncaughtExceptionMonitor observes without changing Node's crash behaviour.
  process.on("uncaughtExceptionMonitor", (err, origin) => endAll("FAILED", `${origin}: ${String((err as Error)?.stack ?? err)}`));
  process.on("exit", (code) => endAll(code === 0 ? "FINISHED" : "FAILED", code === 0 ? undefined : `process exited with code ${code}`));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      endAll("KILLED", `received ${signal}`);
      // Keep the default behaviour (exit) unless the program handles the signal itself.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
