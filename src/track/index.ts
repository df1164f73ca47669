/** @file `lw.track`: experiment tracking as MLflow does it (runs, params, metrics, artefacts, the model registry) on an embedded SQLite store. */
export { TrackingStore, processAlive, type OpenOptions, type ParamValue } from "./store.ts";
export { TrackingError, HTTP_STATUS, type TrackingErrorCode } from "./errors.ts";
export { parseFilter, compileFilter, parseOrderBy, tokenize, type FilterNode, type CompareOp, type Entity } from "./filter.ts";
export { SCHEMA_VERSION } from "./schema.ts";
export * from "./types.ts";
