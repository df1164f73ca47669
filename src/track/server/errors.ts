/** @file Error bodies of the tracking server: every failure answers MLflow's `{ error_code, message }` with its HTTP status. */
import type { FastifyError, FastifyInstance } from "fastify";
import { HTTP_STATUS, TrackingError } from "../errors.ts";

/** MLflow's error body. */
export interface ErrorBody { error_code: string; message: string }

/** Installs the error and not-found handlers that answer `{ error_code, message }`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | TrackingError | Error, _req, reply) => {
    if (error instanceof TrackingError) {
      return reply.status(HTTP_STATUS[error.code]).send({ error_code: error.code, message: error.message } satisfies ErrorBody);
    }
    const fe = error as FastifyError;
    if (fe.validation || (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500)) {
      return reply.status(fe.statusCode ?? 400).send({ error_code: "INVALID_PARAMETER_VALUE", message: fe.message } satisfies ErrorBody);
    }
    app.log.error(error);
    return reply.status(500).send({ error_code: "INTERNAL_ERROR", message: error.message } satisfies ErrorBody);
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error_code: "ENDPOINT_NOT_FOUND", message: `no route ${req.method} ${req.url.split("?")[0]}` } satisfies ErrorBody);
  });
}
