/**
 * @file createTrackingServer: the fastify server of lw.track — the dashboard page, lernwerk's REST API
 * (/api/v1, OpenAPI at /api/openapi.json) and MLflow's REST paths, on one TrackingStore.
 */
import Fastify, { type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import type { TrackingStore } from "../store.ts";
import { installErrorHandlers } from "./errors.ts";
import { registerMlflowRoutes } from "./mlflow-routes.ts";
import { registerV1Routes } from "./routes-v1.ts";
import { registerStaticUi } from "./static-ui.ts";

export interface TrackingServerOptions {
  store: TrackingStore;
  /** Address to bind (default 127.0.0.1: only this machine). */
  host?: string;
  /** TCP port (default 0: a free one; `url` tells which). */
  port?: number;
  /** Log requests with fastify's logger (default false). */
  logger?: boolean;
}

export interface TrackingServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:5000 */
  url: string;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Builds the fastify app without listening (tests use `app.inject`). */
export async function buildTrackingApp(store: TrackingStore, opts: { logger?: boolean; loopbackOnly?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 * 1024 });
  if (opts.loopbackOnly) {
    // A page on another site could reach 127.0.0.1 through a rebound DNS name; its Host header gives it away.
    app.addHook("onRequest", async (req, reply) => {
      const host = (req.headers.host ?? "").replace(/:\d+$/, "");
      if (!isLoopbackHost(host)) return reply.status(403).send({ error_code: "PERMISSION_DENIED", message: `Host ${JSON.stringify(req.headers.host)} is not this machine; the server is bound to loopback` });
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "lernwerk tracking server", version: "1", description: "lw.track's REST API (/api/v1) and MLflow's REST paths (/api/2.0/mlflow)." },
      tags: [{ name: "lernwerk", description: "the dashboard's API" }, { name: "mlflow", description: "MLflow-compatible REST paths" }],
    },
  });
  installErrorHandlers(app);
  registerStaticUi(app);
  registerV1Routes(app, store);
  registerMlflowRoutes(app, store);
  app.get("/api/openapi.json", { schema: { hide: true } }, () => app.swagger());
  app.get("/health", { schema: { hide: true } }, () => "OK");
  await app.ready();
  return app;
}

/** Starts the server on `host:port` (default 127.0.0.1, a free port); `close()` stops it (the store stays open). */
export async function createTrackingServer(opts: TrackingServerOptions): Promise<TrackingServer> {
  const host = opts.host ?? "127.0.0.1";
  const app = await buildTrackingApp(opts.store, { logger: opts.logger ?? false, loopbackOnly: isLoopbackHost(host) });
  await app.listen({ host, port: opts.port ?? 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port ?? 0;
  const shownHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${port}`, close: () => app.close() };
}
