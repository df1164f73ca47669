/** @file Every error a client sees is JSON `{ error: { code, message } }` with no stack trace; fastify's own errors (validation, body limit, 404) are mapped too. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServeError } from "./task.ts";

export interface ErrorBody { error: { code: string; message: string } }

const CODES: Record<number, string> = {
  400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 408: "REQUEST_TIMEOUT", 413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE", 429: "TOO_MANY_REQUESTS", 500: "INTERNAL_ERROR", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT",
};

/** The HTTP status, code and message of any thrown value (unknown errors become a 500 without detail). */
export function describeError(e: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (e instanceof ServeError) return { status: e.status, body: { error: { code: e.code, message: e.message } }, headers: e.headers };
  const fe = e as Partial<FastifyError> & { statusCode?: number };
  const status = typeof fe?.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (fe?.validation) return { status: 400, body: { error: { code: "VALIDATION_ERROR", message: fe.message ?? "invalid request" } }, headers: {} };
  if (status === 500) return { status, body: { error: { code: "INTERNAL_ERROR", message: "internal server error" } }, headers: {} };
  const code = fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "UNSUPPORTED_MEDIA_TYPE" : fe.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : CODES[status] ?? "ERROR";
  return { status, body: { error: { code, message: String(fe.message ?? "error") } }, headers: {} };
}

/** Installs the JSON error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const { status, body, headers } = describeError(err);
    if (status >= 500) req.log.error({ err }, "request failed");
    void reply.code(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url.split("?")[0]}` } } satisfies ErrorBody);
  });
}
