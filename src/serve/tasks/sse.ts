/**
 * @file Server-sent events for a streamed task: headers go out with the first event (so an error before any
 * token is still a proper HTTP status), one `data: {json}` per event, and a closed connection aborts the stream.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { ServeError } from "../task.ts";

export interface SseWriter {
  /** Writes `data: <json>` (or a raw string such as "[DONE]"). */
  send(data: unknown): void;
  /** The client went away (or the stream was ended). */
  readonly signal: AbortSignal;
  /** Ends the response; an error before any event becomes a JSON error with its status, after one an `event: error`. */
  end(error?: unknown): void;
}

const errorBody = (e: unknown): { status: number; body: { error: { code: string; message: string } } } =>
  e instanceof ServeError
    ? { status: e.status, body: { error: { code: e.code, message: e.message } } }
    : { status: 500, body: { error: { code: "INTERNAL", message: "the stream failed" } } };

/** Takes the reply over from fastify (hijack) and gives an SSE writer. */
export function openSse(req: FastifyRequest, reply: FastifyReply): SseWriter {
  reply.hijack();
  const res = reply.raw, abort = new AbortController();
  let started = false, ended = false;
  res.on("close", () => { if (!ended) abort.abort(); });
  const start = (): void => {
    if (started) return;
    started = true;
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
  };
  return {
    signal: abort.signal,
    send(data) {
      if (ended || abort.signal.aborted) return;
      start();
      res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    },
    end(error) {
      if (ended) return;
      ended = true;
      if (res.destroyed) return;
      if (error !== undefined) {
        const { status, body } = errorBody(error);
        if (!started) {
          req.log?.warn?.({ err: error }, "stream failed before its first event");
          res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...(error instanceof ServeError ? error.headers : {}) });
          res.end(JSON.stringify(body));
          return;
        }
        res.write(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
      } else start();
      res.end();
    },
  };
}
