/**
 * @file Chart series for the dashboard: one metric of many runs read in bulk (store.metricHistories),
 * each downsampled to at most `maxPoints` points, answered as columns (JSON arrays; non-finite values as null).
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
}

/** One run's downsampled series in columns; `total` is the number of points before downsampling. */
export interface SeriesColumns { runId: string; total: number; step: number[]; value: (number | null)[]; timestamp: number[] }

export interface SeriesResponse { key: string; maxPoints: number; method: DownsampleMethod; series: SeriesColumns[] }

/** Reads `key` of every run in `runIds` and downsamples it; runs that never logged `key` come back with no points. */
export function buildSeries(store: TrackingStore, req: SeriesRequest): SeriesResponse {
  const maxPoints = req.maxPoints ?? 1000;
  const method = req.method ?? "lttb";
  const histories = store.metricHistories(req.runIds, req.key);
  const series = req.runIds.map((runId): SeriesColumns => {
    const h = histories.get(runId);
    if (!h) return { runId, total: 0, step: [], value: [], timestamp: [] };
    const keep = downsample(method, req.x === "time" ? h.timestamp : h.step, h.value, maxPoints);
    const step = new Array<number>(keep.length), value = new Array<number | null>(keep.length), timestamp = new Array<number>(keep.length);
    for (let i = 0; i < keep.length; i++) {
      const j = keep[i];
      step[i] = h.step[j];
      const v = h.value[j];
      value[i] = Number.isFinite(v) ? v : null;
      timestamp[i] = h.timestamp[j];
    }
    return { runId, total: h.step.length, step, value, timestamp };
  });
  return { key: req.key, maxPoints, method, series };
}
