/** @file `lw.track`: experiment tracking as MLflow does it (runs, params, metrics, artefacts, the model registry) on an embedded SQLite store. */
export { TrackingStore, processAlive, type OpenOptions, type ParamValue } from "./store.ts";
export { TrackingError, HTTP_STATUS, type TrackingErrorCode } from "./errors.ts";
export { parseFilter, compileFilter, parseOrderBy, tokenize, type FilterNode, type CompareOp, type Entity } from "./filter.ts";
export { SCHEMA_VERSION } from "./schema.ts";
export * from "./types.ts";
export {
  setTrackingUri, getTrackingUri, trackingStore, setExperiment, startRun, endRun, withRun, activeRun, lastActiveRun,
  logParam, logParams, logMetric, logMetrics, setTag, setTags, deleteTag, logArtifact, logText, logDict, logBytes, flush, searchRuns, getRun,
  ActiveRun, type StartRunOptions,
} from "./fluent.ts";
export { logFigure, logImage } from "./figures.ts";
export { logModel, registerModel, loadModel, loadModelTokenizer, getModelInfo, resolveModelUri, type LogModelOptions, type ModelInfo, type ResolvedModel } from "./models.ts";
export { registerModelBuilder, modelBuilderNames, readModelTokenizer, MODEL_FORMAT, MODEL_SPEC_FILE, MODEL_WEIGHTS_FILE, MODEL_TOKENIZER_FILE, type ModelSpec, type ModelSpecOptions } from "./model-format.ts";
export { TrackingClient } from "./client.ts";
export { MetricBuffer, type MetricBufferOptions } from "./metric-buffer.ts";
export { SystemMetricsSampler } from "./system-metrics.ts";
export { autolog, Tracking, classificationLabels, type TrackingOptions } from "./autolog.ts";
export * from "./tensorboard/index.ts";
export { createTrackingServer, buildTrackingApp, type TrackingServer, type TrackingServerOptions } from "./server/index.ts";
