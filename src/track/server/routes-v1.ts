/**
 * @file lernwerk's own REST API under /api/v1 (what the dashboard uses): experiments, run search with
 * server-side paging and sorting, run detail, metric/param keys, downsampled series, artefacts, registry.
 */
import { createReadStream, statSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { TrackingStore } from "../store.ts";
import { buildSeries, encodeSeriesBinary, type SeriesRequest } from "./series.ts";
import { contentTypeOf } from "./static-ui.ts";

const anyObject = { type: "object", additionalProperties: true } as const;
const errorResponse = { type: "object", properties: { error_code: { type: "string" }, message: { type: "string" } } } as const;
const ok = (description: string) => ({ 200: { description, ...anyObject }, "4xx": errorResponse });
const csv = (text: string | undefined): string[] => (text ? text.split(",").map((s) => s.trim()).filter(Boolean) : []);

/** Every active experiment's id when the request names none. */
function experimentIdsOf(store: TrackingStore, text: string | undefined): string[] {
  const ids = csv(text);
  return ids.length > 0 ? ids : store.listExperiments().filter((e) => e.lifecycleStage === "active").map((e) => e.experimentId);
}

/** Registers the /api/v1 routes on `app` for `store`. */
export function registerV1Routes(app: FastifyInstance, store: TrackingStore): void {
  const tags = ["lernwerk"];

  app.get("/api/v1/experiments", { schema: { tags, summary: "List experiments", response: ok("{ experiments: Experiment[] }") } },
    () => ({ experiments: store.listExperiments() }));

  app.get<{ Querystring: { experimentIds?: string; filter?: string; orderBy?: string; maxResults?: number; pageToken?: string; runViewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL" } }>("/api/v1/runs", {
    schema: {
      tags, summary: "Search runs (MLflow filter syntax), sorted and paged on the server",
      querystring: {
        type: "object",
        properties: {
          experimentIds: { type: "string", description: "comma-separated; default: every active experiment" },
          filter: { type: "string", description: "e.g. metrics.acc > 0.9 and params.lr = '0.01'" },
          orderBy: { type: "string", description: "comma-separated, e.g. metrics.loss ASC,attributes.start_time DESC" },
          maxResults: { type: "integer", minimum: 1, maximum: 50000, default: 100 },
          pageToken: { type: "string" },
          runViewType: { type: "string", enum: ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] },
        },
      },
      response: ok("{ runs: Run[], nextPageToken: string | null }"),
    },
  }, (req) => {
    const q = req.query;
    const experimentIds = experimentIdsOf(store, q.experimentIds);
    if (experimentIds.length === 0) return { runs: [], nextPageToken: null }; // an empty store
    return store.searchRuns({
      experimentIds,
      ...(q.filter ? { filter: q.filter } : {}),
      ...(q.orderBy ? { orderBy: csv(q.orderBy) } : {}),
      maxResults: q.maxResults ?? 100,
      ...(q.pageToken ? { pageToken: q.pageToken } : {}),
      ...(q.runViewType ? { runViewType: q.runViewType } : {}),
    });
  });

  app.get<{ Params: { runId: string } }>("/api/v1/runs/:runId", { schema: { tags, summary: "One run: info, params, tags, latest metrics", response: ok("Run") } },
    (req) => store.getRun(req.params.runId));

  app.get<{ Querystring: { experimentIds?: string } }>("/api/v1/keys", {
    schema: { tags, summary: "Metric and param keys of experiments", querystring: { type: "object", properties: { experimentIds: { type: "string" } } }, response: ok("{ metricKeys: string[], paramKeys: string[] }") },
  }, (req) => {
    const ids = experimentIdsOf(store, req.query.experimentIds);
    return { metricKeys: store.metricKeys(ids), paramKeys: store.paramKeys(ids) };
  });

  app.get<{ Params: { runId: string }; Querystring: { key: string } }>("/api/v1/runs/:runId/metrics", {
    schema: { tags, summary: "A metric's full history of one run", querystring: { type: "object", required: ["key"], properties: { key: { type: "string" } } }, response: ok("{ metrics: MetricPoint[] }") },
  }, (req) => ({ metrics: store.metricHistory(req.params.runId, req.query.key) }));

  app.post<{ Body: SeriesRequest }>("/api/v1/series", {
    schema: {
      tags, summary: "One metric of many runs, each downsampled on the server (LTTB or min/max buckets), as columns",
      body: {
        type: "object", required: ["runIds", "key"], additionalProperties: false,
        properties: {
          runIds: { type: "array", items: { type: "string" }, maxItems: 1000 },
          key: { type: "string" },
          maxPoints: { type: "integer", minimum: 2, maximum: 100000, default: 1000 },
          method: { type: "string", enum: ["lttb", "minmax"], default: "lttb" },
          x: { type: "string", enum: ["step", "time"], default: "step" },
          format: { type: "string", enum: ["json", "binary"], default: "json", description: "binary: application/octet-stream, \"LWS1\" + uint32 header length + JSON header { key, maxPoints, method, series: [{ runId, total, n }] } + padding to 8 + per series n steps, n values, n timestamps as little-endian Float64" },
        },
      },
      response: ok("{ key, maxPoints, method, series: { runId, total, step[], value[] (null = non-finite), timestamp[] }[] }"),
    },
  }, (req, reply) => (req.body.format === "binary"
    ? reply.type("application/octet-stream").send(encodeSeriesBinary(store, req.body))
    : buildSeries(store, req.body)));

  app.get<{ Params: { runId: string }; Querystring: { path?: string } }>("/api/v1/runs/:runId/artifacts", {
    schema: { tags, summary: "List a run's artefacts (one folder level)", querystring: { type: "object", properties: { path: { type: "string" } } }, response: ok("{ files: ArtifactEntry[] }") },
  }, (req) => ({ files: store.listArtifacts(req.params.runId, req.query.path || undefined) }));

  app.get<{ Params: { runId: string }; Querystring: { path: string } }>("/api/v1/runs/:runId/artifact", {
    schema: { tags, summary: "Download one artefact (paths outside the run's artefact folder are refused)", querystring: { type: "object", required: ["path"], properties: { path: { type: "string" } } } },
  }, (req, reply) => {
    const file = store.artifactFile(req.params.runId, req.query.path); // rejects "..", absolute paths, escapes, missing files
    return reply
      .type(contentTypeOf(file))
      .header("content-length", statSync(file).size)
      .header("x-content-type-options", "nosniff")
      // an SVG or HTML artefact must not run script with the dashboard's origin
      .header("content-security-policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox")
      .send(createReadStream(file));
  });

  app.get("/api/v1/models", { schema: { tags, summary: "Registered models", response: ok("{ models: RegisteredModel[] }") } },
    () => ({ models: store.listRegisteredModels() }));

  app.get<{ Params: { name: string } }>("/api/v1/models/:name", { schema: { tags, summary: "A registered model and its versions", response: ok("{ model: RegisteredModel, versions: ModelVersion[] }") } },
    (req) => ({ model: store.getRegisteredModel(req.params.name), versions: store.listModelVersions(req.params.name) }));
}
