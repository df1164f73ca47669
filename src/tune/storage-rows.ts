/**
 * @file The row layout the SQL storages (tracking SQLite, PostgreSQL) share: one row per trial with its
 * params, distributions, intermediate values and attributes as JSON columns, and its conversion to FrozenTrial.
 */
import type { AttrValue, Distribution, FrozenTrial, ParamValue, StudyDirection, StudySummary, TrialState } from "./storage.ts";
import { TuneError } from "./storage.ts";

export interface StudyRow { study_id: number; study_name: string; directions: string; user_attrs: string; system_attrs: string; experiment_id: number | string | null }
export interface TrialRow {
  trial_id: number; study_id: number; number: number; state: TrialState; values_json: string | null; params: string; distributions: string;
  intermediate: string; user_attrs: string; system_attrs: string; datetime_start: number | string | null; datetime_complete: number | string | null;
  fail_reason: string | null; run_id: string | null; heartbeat_time: number | string | null;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** JSON cannot hold NaN/±Infinity; objective values and intermediate values keep them as strings. */
export function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}
export function decodeNumber(v: number | string): number {
  return typeof v === "number" ? v : Number(v);
}

export function studyFromRow(r: StudyRow): StudySummary {
  return {
    studyId: Number(r.study_id), studyName: r.study_name, directions: JSON.parse(r.directions) as StudyDirection[],
    userAttrs: JSON.parse(r.user_attrs) as Record<string, AttrValue>, systemAttrs: JSON.parse(r.system_attrs) as Record<string, AttrValue>,
    experimentId: r.experiment_id === null ? null : String(r.experiment_id),
  };
}

export function trialFromRow(r: TrialRow): FrozenTrial {
  const inter: Record<number, number> = {};
  for (const [k, v] of Object.entries(JSON.parse(r.intermediate) as Record<string, number | string>)) inter[Number(k)] = decodeNumber(v);
  return {
    trialId: Number(r.trial_id), number: Number(r.number), state: r.state,
    values: r.values_json === null ? null : (JSON.parse(r.values_json) as (number | string)[]).map(decodeNumber),
    params: JSON.parse(r.params) as Record<string, ParamValue>, distributions: JSON.parse(r.distributions) as Record<string, Distribution>,
    intermediateValues: inter, userAttrs: JSON.parse(r.user_attrs) as Record<string, AttrValue>, systemAttrs: JSON.parse(r.system_attrs) as Record<string, AttrValue>,
    datetimeStart: num(r.datetime_start), datetimeComplete: num(r.datetime_complete), failReason: r.fail_reason, runId: r.run_id,
  };
}

/** Argument checks every storage makes the same way. */
export function checkStudyArgs(fn: string, studyName: string, directions: StudyDirection[]): void {
  if (typeof studyName !== "string" || !studyName) throw new TuneError("INVALID_ARGUMENT", `${fn}: the study name must be a non-empty string, got ${JSON.stringify(studyName)}`);
  if (!Array.isArray(directions) || !directions.length || directions.some((d) => d !== "minimize" && d !== "maximize")) {
    throw new TuneError("INVALID_ARGUMENT", `${fn}: directions must be a non-empty array of "minimize" | "maximize", got ${JSON.stringify(directions)}`);
  }
}

export function checkFinish(fn: string, t: FrozenTrial, nDirections: number, state: string, values: number[] | null): void {
  if (state !== "COMPLETE" && state !== "PRUNED" && state !== "FAIL") throw new TuneError("INVALID_ARGUMENT", `${fn}: state must be COMPLETE, PRUNED or FAIL, got ${JSON.stringify(state)}`);
  if (t.state !== "RUNNING") throw new TuneError("TRIAL_FINISHED", `${fn}: trial ${t.number} (id ${t.trialId}) is already ${t.state}`);
  if (state === "COMPLETE" && (!values || values.length !== nDirections || values.some((v) => typeof v !== "number" || Number.isNaN(v)))) {
    throw new TuneError("INVALID_ARGUMENT", `${fn}: a COMPLETE trial needs ${nDirections} non-NaN value(s), got ${JSON.stringify(values)}`);
  }
}

export function checkRunning(fn: string, t: FrozenTrial): void {
  if (t.state !== "RUNNING") throw new TuneError("TRIAL_FINISHED", `${fn}: trial ${t.number} (id ${t.trialId}) is ${t.state}; only a RUNNING trial can be changed`);
}
