/**
 * @file importTfevents: a TensorBoard log folder into the tracking store. Every folder holding event files is one run
 * (a folder inside another run's folder, as addScalars and addHparams make them, becomes its child run): scalars become
 * metrics with their steps and wall times, hparams become params, text, images and histograms become artefacts.
 */
import { readdirSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import type { TrackingStore } from "../store.ts";
import type { MetricPoint } from "../types.ts";
import type { HParamValue } from "./hparams-proto.ts";
import { eventFilesIn, isEventFileName, readTfevents } from "./reader.ts";

export interface ImportTfeventsOptions {
  /** the experiment to import into (created if missing; default: the log folder's name) */
  experimentName?: string;
  /** called for skipped truncated tails, renamed tags and skipped folders (default: process.emitWarning) */
  onWarning?: (message: string) => void;
}

export interface ImportedRun {
  runId: string;
  runName: string;
  /** the run's folder, absolute */
  logDir: string;
  parentRunId: string | null;
  metricPoints: number;
  params: number;
  artifacts: number;
}

export interface ImportTfeventsResult {
  experimentId: string;
  runs: ImportedRun[];
  /** folders already imported into this experiment (same tensorboard.logdir tag), left alone */
  skipped: string[];
}

export const LOGDIR_TAG = "tensorboard.logdir";

/** Folders under (and including) root that hold event files, parents before children. */
function runFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.isFile() && isEventFileName(e.name))) out.push(dir);
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(root);
  return out;
}

/** A store key from a TensorBoard tag: characters the store does not allow become "_". */
export function metricKeyOf(tag: string): string {
  const key = tag.replace(/[^\w\-. /:]/g, "_").replace(/^\/+/, "").split("/").map((s) => (s === "." || s === ".." ? "_" : s)).join("/");
  return key.slice(0, 250) || "_";
}

/** An artefact path segment from a tag: one folder level per "/" of the tag, each segment made safe. */
const artifactPathOf = (tag: string) => tag.split("/").filter(Boolean).map((s) => s.replace(/[^\w\-. ]/g, "_").replace(/^\.+$/, "_")).join("/") || "_";

/** The file extension of encoded image bytes. */
function imageExt(b: Uint8Array): string {
  if (b[0] === 0x89 && b[1] === 0x50) return "png";
  if (b[0] === 0xff && b[1] === 0xd8) return "jpg";
  if (b[0] === 0x47 && b[1] === 0x49) return "gif";
  return "bin";
}

/** The items before `fromStep`: a SessionLog START at step s hides the earlier events of steps ≥ s (TensorBoard's purge after a restart). */
function purge<T extends { step: number }>(items: T[], fromStep: number): T[] {
  return items.filter((x) => x.step < fromStep);
}

interface Collected {
  points: MetricPoint[];
  params: Record<string, HParamValue>;
  files: { path: string; data: string | Uint8Array; step: number }[];
  first: number;
  last: number;
}

function collect(dir: string, warn: (m: string) => void): Collected {
  const c: Collected = { points: [], params: {}, files: [], first: Infinity, last: -Infinity };
  const renamed = new Set<string>(), histograms = new Map<string, { step: number; line: string }[]>(), used = new Set<string>();
  const uniquePath = (p: string, ext: string) => {
    let path = `${p}.${ext}`;
    for (let n = 1; used.has(path); n++) path = `${p}_${n}.${ext}`;
    used.add(path);
    return path;
  };
  for (const f of eventFilesIn(dir)) {
    for (const e of readTfevents(f, { onWarning: warn })) {
      if (e.kind !== "fileVersion") { c.first = Math.min(c.first, e.wallTime); c.last = Math.max(c.last, e.wallTime); }
      if (e.kind === "sessionLog" && e.status === "START") {
        c.points = purge(c.points, e.step);
        c.files = purge(c.files, e.step);
        for (const [tag, lines] of histograms) histograms.set(tag, purge(lines, e.step));
      } else if (e.kind === "scalar") {
        const key = metricKeyOf(e.tag);
        if (key !== e.tag && !renamed.has(e.tag)) { renamed.add(e.tag); warn(`importTfevents: ${dir}: tag "${e.tag}" stored as metric "${key}" (the store's keys allow letters, digits, _ - . space : /)`); }
        c.points.push({ key, value: e.value, step: e.step, timestamp: Math.round(e.wallTime * 1000) });
      } else if (e.kind === "hparams" && e.hparams.sessionStartInfo) {
        Object.assign(c.params, e.hparams.sessionStartInfo.hparams);
      } else if (e.kind === "text") {
        const tag = e.tag.replace(/\/text_summary$/, "");
        c.files.push({ path: uniquePath(`text/${artifactPathOf(tag)}/step_${e.step}`, "md"), data: e.text, step: e.step });
      } else if (e.kind === "image") {
        c.files.push({ path: uniquePath(`images/${artifactPathOf(e.tag)}/step_${e.step}`, imageExt(e.image.encoded)), data: e.image.encoded, step: e.step });
      } else if (e.kind === "histogram") {
        const h = e.histogram, line = JSON.stringify({ step: e.step, wallTime: e.wallTime, min: h.min, max: h.max, num: h.num, sum: h.sum, sumSquares: h.sumSquares, bucketLimit: h.bucketLimit, bucket: h.bucket });
        const list = histograms.get(e.tag) ?? [];
        list.push({ step: e.step, line });
        histograms.set(e.tag, list);
      }
    }
  }
  for (const [tag, lines] of histograms) if (lines.length) c.files.push({ path: `histograms/${artifactPathOf(tag)}.jsonl`, data: lines.map((l) => l.line).join("\n") + "\n", step: 0 });
  return c;
}

/**
 * Imports every run folder under `dir` (TensorBoard's --logdir) into `store`, one experiment for the whole folder.
 * Folders imported before (same absolute path in the tensorboard.logdir tag) are skipped, so re-running picks up new runs only.
 * @example const { runs } = lw.track.importTfevents("runs", lw.track.TrackingStore.open(), { experimentName: "mnist" });
 */
export function importTfevents(dir: string, store: TrackingStore, opts: ImportTfeventsOptions = {}): ImportTfeventsResult {
  const root = resolve(dir), warn = opts.onWarning ?? ((m: string) => process.emitWarning(m));
  let folders: string[];
  try {
    folders = runFolders(root);
  } catch (e) {
    throw new Error(`importTfevents: cannot read the log folder ${root}: ${(e as Error).message}`);
  }
  if (!folders.length) throw new Error(`importTfevents: no event files (events.out.tfevents.*) under ${root}`);
  const experimentId = store.getOrCreateExperiment(opts.experimentName ?? basename(root));
  const known = new Map<string, string>();
  for (let token: string | null = null; ;) {
    const page = store.searchRuns({ experimentIds: [experimentId], maxResults: 50_000, pageToken: token, runViewType: "ALL" });
    for (const r of page.runs) if (r.data.tags[LOGDIR_TAG]) known.set(r.data.tags[LOGDIR_TAG], r.info.runId);
    if (!(token = page.nextPageToken)) break;
  }

  const result: ImportTfeventsResult = { experimentId, runs: [], skipped: [] };
  const runIdOf = new Map<string, string>();
  for (const folder of folders) {
    if (known.has(folder)) { runIdOf.set(folder, known.get(folder)!); result.skipped.push(folder); continue; }
    const c = collect(folder, warn);
    let parent: string | null = null;
    for (const [f, id] of runIdOf) if (folder.startsWith(f + sep) && (parent === null || f.length > parent.length)) parent = f;
    const parentRunId = parent ? runIdOf.get(parent)! : null;
    const runName = folder === root ? basename(root) : relative(root, folder);
    const startTime = Number.isFinite(c.first) ? Math.round(c.first * 1000) : Date.now();
    const info = store.createRun({ experimentId, runName, parentRunId, startTime, tags: { [LOGDIR_TAG]: folder, "lernwerk.source": "tensorboard" } });
    runIdOf.set(folder, info.runId);
    try {
      store.logBatch(info.runId, { params: c.params, metrics: c.points });
      for (const f of c.files) store.logText(info.runId, f.data, f.path);
      store.updateRun(info.runId, { status: "FINISHED", endTime: Number.isFinite(c.last) ? Math.round(c.last * 1000) : startTime });
    } catch (e) {
      store.updateRun(info.runId, { status: "FAILED" });
      throw new Error(`importTfevents: importing ${folder} failed: ${(e as Error).message}`, { cause: e });
    }
    result.runs.push({ runId: info.runId, runName, logDir: folder, parentRunId, metricPoints: c.points.length, params: Object.keys(c.params).length, artifacts: c.files.length });
  }
  return result;
}
