/**
 * @file `createServer`: serves registered models over HTTP on fastify — task routes under /v1/models/:model,
 * /v1/models, /health/live, /health/ready (503 while loading or draining), /metrics, OpenAPI + Swagger UI at /docs;
 * requests go through a per-version dynamic batcher to worker threads, so the event loop stays free.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import multipart from "@fastify/multipart";
import { TrackingStore } from "../track/store.ts";
import { trackingStore } from "../track/fluent.ts";
import { Deployments, modelNameOf, type LoadedVersion } from "./deployments.ts";
import { installErrorHandlers } from "./errors.ts";
import { ServeMetrics } from "./metrics.ts";
import { installApiKeys, installRateLimit, withTimeout, type RateLimitOptions } from "./limits.ts";
import { ServeError, type TaskContext, type TaskDefinition, type TaskName } from "./task.ts";
import { TASKS } from "./tasks/index.ts";

/** A model to serve: a URI, or a URI with the name it is served under and an optional canary share. */
export type ModelEntry = string | { uri: string; name?: string; canaryPercent?: number };

export interface ServerOptions {
  /** e.g. ["models:/fashion-cnn@champion", { uri: "models:/fashion-cnn@challenger", canaryPercent: 10 }]. */
  models: ModelEntry[];
  host?: string;
  /** 0 picks a free port (default 8000). */
  port?: number;
  /** The tracking store (default: the fluent API's store, $LERNWERK_TRACKING_URI or ./lwruns); a path opens one. */
  store?: TrackingStore | string;
  maxBatchSize?: number;
  maxDelayMs?: number;
  /** Inputs waiting per model version before 429 (default 256). */
  maxQueue?: number;
  /** Worker threads per model version (default 1). */
  workers?: number;
  /** Bearer keys; none means no authentication. */
  apiKeys?: string[];
  /** Requests per key (or client address) per window; null (default) means no limit. */
  rateLimit?: RateLimitOptions | null;
  /** Largest request body in bytes (default 10 MiB). */
  bodyLimit?: number;
  /** How long a request may wait for its model (queue + inference), in ms (default 30 s); 504 after. */
  requestTimeoutMs?: number;
  /** Polls the registry every so many ms and follows alias switches (default 0: only `reload()`). */
  reloadIntervalMs?: number;
  /** fastify's logger (default off). */
  logger?: boolean;
}

export interface InferenceServer {
  app: FastifyInstance;
  url: string;
  port: number;
  deployments: Deployments;
  metrics: ServeMetrics;
  /** Follows alias switches now (loads new versions before switching). */
  reload(): Promise<{ name: string; from: string; to: string }[]>;
  /** Stops taking requests (503), finishes the ones in flight, stops the workers. */
  close(): Promise<void>;
}

const current = new AsyncLocalStorage<FastifyReply>();

/** Starts the server; resolves once it listens and every model is loaded. */
export async function createServer(opts: ServerOptions): Promise<InferenceServer> {
  if (!Array.isArray(opts.models) || opts.models.length === 0) throw new ServeError(400, "NO_MODELS", "createServer: give at least one model URI in { models: [...] }, e.g. models:/fashion-cnn@champion");
  const ownStore = typeof opts.store === "string";
  const store = opts.store instanceof TrackingStore ? opts.store : typeof opts.store === "string" ? TrackingStore.open(opts.store) : trackingStore();
  const metrics = new ServeMetrics();
  const workers = opts.workers ?? 1;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  const deployments = new Deployments({ store, metrics, workers, maxBatchSize: opts.maxBatchSize ?? 32, maxDelayMs: opts.maxDelayMs ?? 2, maxQueue: opts.maxQueue ?? 256 });
  for (const m of opts.models) {
    const e = typeof m === "string" ? { uri: m } : m;
    deployments.add(deployments.describe(e.uri, e.name ?? modelNameOf(e.uri)), { canaryPercent: e.canaryPercent });
  }
  let state: "loading" | "ready" | "draining" = "loading";

  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? 10 * 1024 * 1024, return503OnClosing: true, forceCloseConnections: "idle" });
  installErrorHandlers(app);
  app.addContentTypeParser(["image/png", "image/jpeg", "image/jpg", "application/octet-stream"], { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: opts.bodyLimit ?? 10 * 1024 * 1024, files: 1 }, throwFileSizeLimit: true });
  await app.register(swagger, { openapi: { info: { title: "lernwerk serve", version: "1" }, components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } } } });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  installApiKeys(app, opts.apiKeys ?? []);
  await installRateLimit(app, opts.rateLimit ?? null);

  app.addHook("onRequest", (req, reply, done) => {
    if (state === "draining" && !req.url.startsWith("/health/") && req.url !== "/metrics") {
      done(new ServeError(503, "DRAINING", "the server is shutting down", { "retry-after": "1" }));
      return;
    }
    current.enterWith(reply);
    done();
  });
  app.addHook("onResponse", (req, reply, done) => {
    const route = req.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.latency.observe({ route, method: req.method }, reply.elapsedTime / 1000);
    done();
  });

  const healthSchema = { hide: false, response: { 200: { type: "object", properties: { status: { type: "string" } } } } };
  app.get("/health/live", { schema: { summary: "The process answers", ...healthSchema } }, async () => ({ status: "live" }));
  app.get("/health/ready", { schema: { summary: "Models loaded and not draining (503 otherwise)" } }, async (_req, reply) => {
    const ok = state === "ready" && deployments.ready;
    return reply.code(ok ? 200 : 503).send(ok ? { status: "ready" } : { error: { code: "NOT_READY", message: state === "draining" ? "the server is draining" : "models are loading" } });
  });
  app.get("/metrics", { schema: { hide: true } }, async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get("/v1/models", { schema: { summary: "The served models and versions" } }, async () => ({
    models: deployments.names.map((name) => {
      const s = deployments.slot(name);
      return {
        name, task: s.primary.task, primary: s.primary.version, canary: s.canary ? { version: s.canary.entry.version, percent: s.canary.percent } : null,
        versions: [...s.versions.values()].map(describeVersion),
      };
    }),
  }));
  app.get("/v1/models/:model", { schema: { summary: "One served model", params: { type: "object", properties: { model: { type: "string" } }, required: ["model"] } } }, async (req) => {
    const s = deployments.slot((req.params as { model: string }).model);
    return { name: s.primary.name, task: s.primary.task, primary: s.primary.version, versions: [...s.versions.values()].map(describeVersion) };
  });

  const routed = new Map<string, TaskName>();
  const tasks = new Set([...deployments.all()].map((e) => e.task));
  for (const task of tasks) {
    const def = TASKS[task] as TaskDefinition;
    for (const r of def.routes(taskContext(def))) {
      const url = r.absolute ? r.path : `/v1/models/:model${r.path.startsWith("/") ? r.path : `/${r.path}`}`;
      const key = `${String(r.options.method)} ${url}`;
      const other = routed.get(key);
      if (other) throw new ServeError(500, "ROUTE_CONFLICT", `createServer: the ${task} and ${other} tasks both add ${key}`);
      routed.set(key, task);
      app.route({ ...r.options, url } as Parameters<FastifyInstance["route"]>[0]);
    }
  }

  function taskContext(def: TaskDefinition): TaskContext {
    const pick = (model: string, version?: string): LoadedVersion => {
      const e = deployments.route(model, version);
      if (e.task !== def.task) throw new ServeError(404, "WRONG_TASK", `model "${model}" is served as ${e.task}, not ${def.task}`);
      if (e.status !== "ready" || !e.batcher || !e.pool) throw new ServeError(503, "MODEL_LOADING", `model "${model}" version ${e.version} is not loaded yet`, { "retry-after": "1" });
      current.getStore()?.header("x-model-version", e.version);
      return e;
    };
    const guard = (signal?: AbortSignal) => {
      const controller = new AbortController();
      if (signal) signal.aborted ? controller.abort() : signal.addEventListener("abort", () => controller.abort(), { once: true });
      return controller;
    };
    return {
      spec: (model, version) => deployments.route(model, version, () => 1).spec,
      infer(model, input, o = {}) {
        const e = pick(model, o.version);
        const c = guard(o.signal);
        return withTimeout(e.batcher!.submit(input, c.signal), requestTimeoutMs, c);
      },
      stream(model, input, onEvent, o = {}) {
        const e = pick(model, o.version);
        const c = guard(o.signal);
        const t0 = performance.now();
        let first = 0, events = 0;
        const counted = (ev: unknown) => {
          if (events++ === 0) { first = performance.now(); metrics.timeToFirstToken.observe({ model }, (first - t0) / 1000); }
          onEvent(ev);
        };
        return e.pool!.stream(input, counted, c.signal).finally(() => {
          const s = (performance.now() - (first || t0)) / 1000;
          if (events > 1 && s > 0) metrics.tokensPerSecond.observe({ model }, (events - 1) / s);
        });
      },
    };
  }

  await app.listen({ host: opts.host ?? "127.0.0.1", port: opts.port ?? 8000 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : opts.port ?? 8000;
  const host = opts.host ?? "127.0.0.1";
  try {
    await deployments.loadAll();
  } catch (e) {
    await app.close();
    await deployments.close();
    if (ownStore) store.close();
    throw e;
  }
  state = "ready";
  const timer = opts.reloadIntervalMs ? setInterval(() => { void deployments.reload().catch((e: unknown) => app.log.error({ err: e }, "reload failed")); }, opts.reloadIntervalMs) : null;
  timer?.unref();

  let closing: Promise<void> | null = null;
  return {
    app, port, deployments, metrics,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    reload: () => deployments.reload(),
    close() {
      closing ??= (async () => {
        state = "draining";
        if (timer) clearInterval(timer);
        await app.close(); // waits for in-flight requests
        await deployments.close();
        if (ownStore) store.close();
      })();
      return closing;
    },
  };
}

function describeVersion(e: LoadedVersion) {
  return { version: e.version, uri: e.uri, task: e.task, status: e.status, inputShape: e.spec.inputShape, classNames: e.spec.classNames, workers: e.pool?.size ?? 0 };
}
