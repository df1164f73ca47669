/**
 * @file Conversions between lw.track's data model and MLflow REST JSON (snake_case, tags as
 * `[{ key, value }]`, model versions as strings, non-finite metric values as "NaN"/"Infinity").
 */
import type { Experiment, MetricPoint, ModelVersion, RegisteredModel, Run, RunInfo } from "../types.ts";
import { TrackingError } from "../errors.ts";

export interface KeyValue { key: string; value: string }

export const tagList = (tags: Record<string, string>): KeyValue[] => Object.entries(tags).map(([key, value]) => ({ key, value }));

/** `[{ key, value }]` → record; names the request field in the error. */
export function tagRecord(field: string, list: unknown): Record<string, string> {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) throw new TrackingError("INVALID_PARAMETER_VALUE", `${field} must be a list of { key, value }, got ${JSON.stringify(list)}`);
  const out: Record<string, string> = {};
  for (const t of list as { key?: unknown; value?: unknown }[]) {
    if (typeof t?.key !== "string") throw new TrackingError("INVALID_PARAMETER_VALUE", `${field}: every entry needs a string key, got ${JSON.stringify(t)}`);
    out[t.key] = String(t.value ?? "");
  }
  return out;
}

/** A JSON metric value: numbers, or "NaN"/"Infinity"/"-Infinity" as protobuf's JSON writes non-finite doubles. */
export function metricValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^(NaN|-?Infinity|-?\d+(\.\d*)?([eE][-+]?\d+)?)$/.test(v.trim())) return Number(v);
  throw new TrackingError("INVALID_PARAMETER_VALUE", `metric value must be a number, got ${JSON.stringify(v)}`);
}

const jsonValue = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** An int64 field that protobuf JSON may send as a string. */
export function int64(field: string, v: unknown, fallback?: number): number {
  if ((v === undefined || v === null || v === "") && fallback !== undefined) return fallback;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw new TrackingError("INVALID_PARAMETER_VALUE", `${field} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

export const mlflowExperiment = (e: Experiment) => ({
  experiment_id: e.experimentId, name: e.name, artifact_location: e.artifactLocation, lifecycle_stage: e.lifecycleStage,
  creation_time: e.creationTime, last_update_time: e.lastUpdateTime, tags: tagList(e.tags),
});

export const mlflowRunInfo = (i: RunInfo) => ({
  run_id: i.runId, run_uuid: i.runId, run_name: i.runName, experiment_id: i.experimentId, user_id: "",
  status: i.status, start_time: i.startTime, ...(i.endTime !== null ? { end_time: i.endTime } : {}),
  artifact_uri: i.artifactUri, lifecycle_stage: i.lifecycleStage,
});

export const mlflowMetric = (m: MetricPoint) => ({ key: m.key, value: jsonValue(m.value), timestamp: m.timestamp, step: m.step });

export const mlflowRun = (r: Run) => ({
  info: mlflowRunInfo(r.info),
  data: {
    metrics: Object.entries(r.data.metrics).map(([key, m]) => mlflowMetric({ key, ...m })),
    params: tagList(r.data.params),
    tags: tagList(r.data.tags),
  },
  inputs: {},
});

export const mlflowModelVersion = (v: ModelVersion) => ({
  name: v.name, version: String(v.version), creation_timestamp: v.creationTime, last_updated_timestamp: v.creationTime,
  current_stage: "None", description: v.description, source: v.source, run_id: v.runId ?? "", status: v.status,
  tags: tagList(v.tags), aliases: v.aliases,
});

export const mlflowRegisteredModel = (m: RegisteredModel, latest: ModelVersion[]) => ({
  name: m.name, creation_timestamp: m.creationTime, last_updated_timestamp: m.lastUpdatedTime, description: m.description,
  latest_versions: latest.map(mlflowModelVersion), tags: tagList(m.tags),
  aliases: Object.entries(m.aliases).map(([alias, version]) => ({ alias, version: String(version) })),
});
