/**
 * @file The data model of lw.track, MLflow's: experiments, runs (info + params, tags, latest metrics),
 * metric points, registered models and their versions, artefact entries.
 */

/** MLflow's run statuses. */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
export const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
/** The statuses a run ends in. */
export const TERMINAL_STATUSES: readonly RunStatus[] = ["FINISHED", "FAILED", "KILLED"];

export type LifecycleStage = "active" | "deleted";

export interface Experiment {
  experimentId: string;
  name: string;
  /** Absolute folder the experiment's runs keep their artefacts under. */
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  /** Milliseconds since the epoch, as every time in lw.track. */
  creationTime: number;
  lastUpdateTime: number;
  tags: Record<string, string>;
}

export interface RunInfo {
  /** 32 hex digits, as MLflow's. */
  runId: string;
  experimentId: string;
  runName: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  /** Absolute folder of the run's artefacts. */
  artifactUri: string;
  parentRunId: string | null;
  lifecycleStage: LifecycleStage;
}

/** The newest point of a metric (largest step, then latest timestamp), kept apart from the history. */
export interface LatestMetric { value: number; step: number; timestamp: number }

export interface RunData {
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, LatestMetric>;
}

export interface Run { info: RunInfo; data: RunData }

/** One logged scalar; value may be NaN or ±Infinity (stored and returned as such). */
export interface MetricPoint { key: string; value: number; step: number; timestamp: number }

/** A metric's history in columns (the dashboard's bulk read), ordered by step then timestamp. */
export interface MetricColumns { step: Float64Array; value: Float64Array; timestamp: Float64Array }

export interface RegisteredModel {
  name: string;
  description: string;
  creationTime: number;
  lastUpdatedTime: number;
  tags: Record<string, string>;
  /** alias → version, e.g. { champion: 3 }. */
  aliases: Record<string, number>;
  latestVersion: number | null;
}

export interface ModelVersion {
  name: string;
  version: number;
  /** Where the model's files are: `runs:/<runId>/<path>` or an absolute folder. */
  source: string;
  runId: string | null;
  status: "READY";
  creationTime: number;
  description: string;
  tags: Record<string, string>;
  aliases: string[];
}

export interface ArtifactEntry {
  /** Relative to the run's artefact root, with "/" separators. */
  path: string;
  isDir: boolean;
  /** Bytes of a file; null for a folder. */
  size: number | null;
}

/** Which runs searchRuns returns by lifecycle stage (MLflow's ViewType). */
export type RunViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface SearchRunsOptions {
  experimentIds: string[];
  /** MLflow's filter syntax, e.g. `metrics.acc > 0.9 and params.lr = '0.01'`. */
  filter?: string;
  /** e.g. ["metrics.loss ASC", "attributes.start_time DESC"]. */
  orderBy?: string[];
  /** Default 1000, at most 50000. */
  maxResults?: number;
  pageToken?: string | null;
  runViewType?: RunViewType;
}

export interface SearchRunsResult { runs: Run[]; nextPageToken: string | null }
