/**
 * @file MLflow's REST paths (/api/2.0/mlflow/...) on the lw.track store, so MLflow clients can log into
 * lernwerk: experiments, runs, metric history, registered models and versions, with MLflow's JSON shapes.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TrackingStore } from "../store.ts";
import type { MetricPoint, RunStatus } from "../types.ts";
import { RUN_STATUSES } from "../types.ts";
import { TrackingError } from "../errors.ts";
import {
  int64, metricValue, mlflowExperiment, mlflowMetric, mlflowModelVersion, mlflowRegisteredModel, mlflowRun, mlflowRunInfo, tagRecord,
} from "./mlflow-shapes.ts";

type Args = Record<string, unknown>;
const PREFIX = "/api/2.0/mlflow";

/** The request's fields: the query string for GET/DELETE, merged with the JSON body of POST/PATCH. */
const argsOf = (req: FastifyRequest): Args => ({ ...(req.query as Args), ...((req.body as Args | undefined) ?? {}) });

function str(args: Args, field: string, required = true): string {
  const v = args[field];
  if (v === undefined || v === null || v === "") {
    if (required) throw new TrackingError("INVALID_PARAMETER_VALUE", `Missing value for required parameter '${field}'`);
    return "";
  }
  if (typeof v !== "string" && typeof v !== "number") throw new TrackingError("INVALID_PARAMETER_VALUE", `${field} must be a string, got ${JSON.stringify(v)}`);
  return String(v);
}

const runIdOf = (args: Args): string => (args.run_id !== undefined && args.run_id !== "" ? str(args, "run_id") : str(args, "run_uuid"));

function statusOf(v: unknown): RunStatus {
  if (typeof v === "string" && (RUN_STATUSES as readonly string[]).includes(v)) return v as RunStatus;
  throw new TrackingError("INVALID_PARAMETER_VALUE", `status must be one of ${RUN_STATUSES.join(", ")}, got ${JSON.stringify(v)}`);
}

function metricsOf(list: unknown): MetricPoint[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TrackingError("INVALID_PARAMETER_VALUE", `metrics must be a list, got ${JSON.stringify(list)}`);
  return list.map((m: Args) => ({ key: str(m, "key"), value: metricValue(m.value), timestamp: int64("timestamp", m.timestamp, Date.now()), step: int64("step", m.step, 0) }));
}

/** Registers MLflow's REST paths on `app` for `store`. */
export function registerMlflowRoutes(app: FastifyInstance, store: TrackingStore): void {
  const route = (methods: ("GET" | "POST" | "DELETE" | "PATCH")[], path: string, summary: string, handler: (args: Args) => unknown) => {
    app.route({ method: methods, url: `${PREFIX}/${path}`, schema: { tags: ["mlflow"], summary }, handler: (req) => handler(argsOf(req)) });
  };
  const latestVersions = (name: string) => {
    const versions = store.listModelVersions(name);
    return versions.length > 0 ? [versions.reduce((a, b) => (b.version > a.version ? b : a))] : [];
  };

  // experiments
  route(["POST"], "experiments/create", "Create an experiment → { experiment_id }", (a) => ({
    experiment_id: store.createExperiment(str(a, "name"), { tags: tagRecord("tags", a.tags), ...(a.artifact_location ? { artifactLocation: str(a, "artifact_location") } : {}) }),
  }));
  route(["GET"], "experiments/get", "Get an experiment by id → { experiment }", (a) => ({ experiment: mlflowExperiment(store.getExperiment(str(a, "experiment_id"))) }));
  route(["GET"], "experiments/get-by-name", "Get an experiment by name → { experiment }", (a) => {
    const name = str(a, "experiment_name");
    const e = store.getExperimentByName(name);
    if (!e) throw new TrackingError("RESOURCE_DOES_NOT_EXIST", `Could not find experiment with name '${name}'`);
    return { experiment: mlflowExperiment(e) };
  });
  route(["GET", "POST"], "experiments/search", "List experiments (filter and order_by are not supported) → { experiments }", (a) => {
    const view = str(a, "view_type", false) || "ACTIVE_ONLY";
    const all = store.listExperiments().filter((e) => view === "ALL" || (view === "DELETED_ONLY" ? e.lifecycleStage === "deleted" : e.lifecycleStage === "active"));
    const max = int64("max_results", a.max_results, 1000);
    return { experiments: all.slice(0, max).map(mlflowExperiment) };
  });

  // runs
  route(["POST"], "runs/create", "Create a run → { run }", (a) => {
    const tags = tagRecord("tags", a.tags);
    const runName = str(a, "run_name", false) || tags["mlflow.runName"] || undefined;
    const info = store.createRun({
      experimentId: str(a, "experiment_id"), ...(runName ? { runName } : {}), tags,
      ...(a.start_time !== undefined ? { startTime: int64("start_time", a.start_time) } : {}),
      ...(tags["mlflow.parentRunId"] ? { parentRunId: tags["mlflow.parentRunId"] } : {}),
    });
    return { run: mlflowRun(store.getRun(info.runId)) };
  });
  route(["GET"], "runs/get", "Get a run → { run }", (a) => ({ run: mlflowRun(store.getRun(runIdOf(a))) }));
  route(["POST"], "runs/update", "Update a run's status, end time or name → { run_info }", (a) => ({
    run_info: mlflowRunInfo(store.updateRun(runIdOf(a), {
      ...(a.status !== undefined ? { status: statusOf(a.status) } : {}),
      ...(a.end_time !== undefined ? { endTime: int64("end_time", a.end_time) } : {}),
      ...(a.run_name ? { runName: str(a, "run_name") } : {}),
    })),
  }));
  route(["POST"], "runs/delete", "Delete a run → {}", (a) => { store.deleteRun(runIdOf(a)); return {}; });
  route(["POST"], "runs/log-metric", "Log one metric point → {}", (a) => {
    store.logMetrics(runIdOf(a), metricsOf([a]));
    return {};
  });
  route(["POST"], "runs/log-parameter", "Log one param → {}", (a) => { store.logParams(runIdOf(a), { [str(a, "key")]: str(a, "value", false) }); return {}; });
  route(["POST"], "runs/set-tag", "Set one tag → {}", (a) => { store.setTags(runIdOf(a), { [str(a, "key")]: str(a, "value", false) }); return {}; });
  route(["POST"], "runs/log-batch", "Log metrics, params and tags in one transaction → {}", (a) => {
    const params: Record<string, string> = tagRecord("params", a.params);
    store.logBatch(runIdOf(a), { metrics: metricsOf(a.metrics), params, tags: tagRecord("tags", a.tags) });
    return {};
  });
  route(["POST"], "runs/search", "Search runs (MLflow filter syntax) → { runs, next_page_token }", (a) => {
    const ids = Array.isArray(a.experiment_ids) ? a.experiment_ids.map(String) : [];
    if (ids.length === 0) throw new TrackingError("INVALID_PARAMETER_VALUE", "runs/search: experiment_ids must name at least one experiment");
    const orderBy = Array.isArray(a.order_by) ? a.order_by.map(String) : undefined;
    const view = str(a, "run_view_type", false);
    const res = store.searchRuns({
      experimentIds: ids, ...(a.filter ? { filter: str(a, "filter") } : {}), ...(orderBy ? { orderBy } : {}),
      maxResults: int64("max_results", a.max_results, 1000), ...(a.page_token ? { pageToken: str(a, "page_token") } : {}),
      ...(view === "ACTIVE_ONLY" || view === "DELETED_ONLY" || view === "ALL" ? { runViewType: view } : {}),
    });
    return { runs: res.runs.map(mlflowRun), ...(res.nextPageToken ? { next_page_token: res.nextPageToken } : {}) };
  });
  route(["GET"], "metrics/get-history", "A metric's full history → { metrics }", (a) => ({
    metrics: store.metricHistory(runIdOf(a), str(a, "metric_key")).map(mlflowMetric),
  }));

  // model registry
  route(["POST"], "registered-models/create", "Create a registered model → { registered_model }", (a) => {
    const name = str(a, "name");
    const m = store.createRegisteredModel(name, { description: str(a, "description", false), tags: tagRecord("tags", a.tags) });
    return { registered_model: mlflowRegisteredModel(m, []) };
  });
  route(["GET"], "registered-models/get", "Get a registered model → { registered_model }", (a) => {
    const name = str(a, "name");
    return { registered_model: mlflowRegisteredModel(store.getRegisteredModel(name), latestVersions(name)) };
  });
  route(["GET", "POST"], "registered-models/search", "List registered models (filter: name = '...' or name LIKE '...%') → { registered_models }", (a) => {
    const filter = str(a, "filter", false);
    const m = /^\s*name\s*(=|LIKE|ILIKE)\s*'([^']*)'\s*$/i.exec(filter);
    if (filter && !m) throw new TrackingError("INVALID_PARAMETER_VALUE", `registered-models/search: only name = '...' and name LIKE '...' filters are supported, got ${JSON.stringify(filter)}`);
    const like = m && m[1].toUpperCase() !== "=" ? new RegExp(`^${m[2].replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`, m[1].toUpperCase() === "ILIKE" ? "i" : "") : null;
    const models = store.listRegisteredModels().filter((x) => !m || (like ? like.test(x.name) : x.name === m[2]));
    return { registered_models: models.slice(0, int64("max_results", a.max_results, 1000)).map((x) => mlflowRegisteredModel(x, latestVersions(x.name))) };
  });
  route(["POST"], "registered-models/alias", "Point an alias at a version → {}", (a) => {
    store.setRegisteredModelAlias(str(a, "name"), str(a, "alias"), int64("version", a.version));
    return {};
  });
  route(["DELETE"], "registered-models/alias", "Delete an alias → {}", (a) => { store.deleteRegisteredModelAlias(str(a, "name"), str(a, "alias")); return {}; });
  route(["GET"], "registered-models/alias", "The version an alias points at → { model_version }", (a) => ({
    model_version: mlflowModelVersion(store.getModelVersionByAlias(str(a, "name"), str(a, "alias"))),
  }));
  route(["POST"], "model-versions/create", "Register a new version of a model → { model_version }", (a) => {
    const runId = str(a, "run_id", false);
    const v = store.createModelVersion(str(a, "name"), { source: str(a, "source"), ...(runId ? { runId } : {}), description: str(a, "description", false), tags: tagRecord("tags", a.tags) });
    return { model_version: mlflowModelVersion(v) };
  });
  route(["GET"], "model-versions/get", "Get a model version → { model_version }", (a) => ({
    model_version: mlflowModelVersion(store.getModelVersion(str(a, "name"), int64("version", a.version))),
  }));
}
