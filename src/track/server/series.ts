/**
 * @file Chart series for the dashboard: one metric of many runs read in bulk (store.metricHistories), each
 * downsampled to at most `maxPoints` points, answered as columns — JSON arrays (non-finite values as null) or a
 * compact binary block of Float64 columns (what the page uses: no number printing or parsing; NaN/±Inf kept).
 */
import type { TrackingStore } from "../store.ts";
import { type DownsampleMethod, downsample } from "./downsample.ts";

export interface SeriesRequest {
  runIds: string[];
  key: string;
  /** Points per series after downsampling (default 1000). */
  maxPoints?: number;
  method?: DownsampleMethod;
  /** The x the downsampling keeps the shape along: "step" (default) or "time". */
  x?: "step" | "time";
  /** "json" (default) or "binary" (see encodeSeriesBinary). */
  format?: "json" | "binary";
}

/** One run's downsampled series in columns; `total` is the number of points before downsampling. */
export interface SeriesColumns { runId: string; total: number; step: number[]; value: (number | null)[]; timestamp: number[] }

export interface SeriesResponse { key: string; maxPoints: number; method: DownsampleMethod; series: SeriesColumns[] }

interface Picked { runId: string; total: number; step: Float64Array; value: Float64Array; timestamp: Float64Array }

function pick(store: TrackingStore, req: SeriesRequest): { maxPoints: number; method: DownsampleMethod; picked: Picked[] } {
  const maxPoints = req.maxPoints ?? 1000;
  const method = req.method ?? "lttb";
  const histories = store.metricHistories(req.runIds, req.key);
  const picked = req.runIds.map((runId): Picked => {
    const h = histories.get(runId);
    if (!h) return { runId, total: 0, step: new Float64Array(0), value: new Float64Array(0), timestamp: new Float64Array(0) };
    const keep = downsample(method, req.x === "time" ? h.timestamp : h.step, h.value, maxPoints);
    const n = keep.length, step = new Float64Array(n), value = new Float64Array(n), timestamp = new Float64Array(n);
    for (let i = 0; i < n; i++) { const j = keep[i]; step[i] = h.step[j]; value[i] = h.value[j]; timestamp[i] = h.timestamp[j]; }
    return { runId, total: h.step.length, step, value, timestamp };
  });
  return { maxPoints, method, picked };
}

/** Reads `key` of every run in `runIds` and downsamples it; runs that never logged `key` come back with no points. */
export function buildSeries(store: TrackingStore, req: SeriesRequest): SeriesResponse {
  const { maxPoints, method, picked } = pick(store, req);
  const series = picked.map((p): SeriesColumns => ({
    runId: p.runId, total: p.total, step: Array.from(p.step), value: Array.from(p.value, (v) => (Number.isFinite(v) ? v : null)), timestamp: Array.from(p.timestamp),
  }));
  return { key: req.key, maxPoints, method, series };
}

/** Magic of the binary series format, version 1. */
export const SERIES_MAGIC = "LWS1";

/**
 * The binary series format (little-endian): "LWS1", uint32 byte length H of a UTF-8 JSON header
 * `{ key, maxPoints, method, series: [{ runId, total, n }] }`, the header, zero padding to a multiple of 8,
 * then for each series in order its `n` steps, `n` values and `n` timestamps as Float64.
 */
export function encodeSeriesBinary(store: TrackingStore, req: SeriesRequest): Buffer {
  const { maxPoints, method, picked } = pick(store, req);
  const header = Buffer.from(JSON.stringify({ key: req.key, maxPoints, method, series: picked.map((p) => ({ runId: p.runId, total: p.total, n: p.step.length })) }), "utf8");
  const dataStart = Math.ceil((8 + header.length) / 8) * 8;
  const points = picked.reduce((s, p) => s + p.step.length, 0);
  const out = Buffer.alloc(dataStart + points * 3 * 8);
  out.write(SERIES_MAGIC, 0, "latin1");
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  const cols = new Float64Array(out.buffer, out.byteOffset + dataStart, points * 3);
  let at = 0;
  for (const p of picked) for (const c of [p.step, p.value, p.timestamp]) { cols.set(c, at); at += c.length; }
  return out;
}

/** Decodes encodeSeriesBinary's block (the page has the same few lines in api.js). */
export function decodeSeriesBinary(bytes: Uint8Array): { key: string; maxPoints: number; method: DownsampleMethod; series: { runId: string; total: number; step: Float64Array; value: Float64Array; timestamp: Float64Array }[] } {
  const magic = new TextDecoder("latin1").decode(bytes.subarray(0, 4));
  if (magic !== SERIES_MAGIC) throw new Error(`decodeSeriesBinary: expected magic ${SERIES_MAGIC}, got ${JSON.stringify(magic)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + h)));
  const buffer = new Uint8Array(bytes).buffer; // a copy at offset 0 (Buffer.slice would share): Float64Array views need 8-byte alignment
  let at = Math.ceil((8 + h) / 8) * 8;
  const take = (n: number) => { const a = new Float64Array(buffer, at, n); at += n * 8; return a; };
  return { ...header, series: header.series.map((s: { runId: string; total: number; n: number }) => ({ runId: s.runId, total: s.total, step: take(s.n), value: take(s.n), timestamp: take(s.n) })) };
}
