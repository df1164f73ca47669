/**
 * @file What a served task is: the routes it adds (validated on the event loop) and the runner that a
 * worker thread builds from a loaded model to answer gathered batches (or stream tokens).
 */
import type { RouteOptions } from "fastify";
import type { AnyModule } from "../nn/module.ts";
import type { ModelSpec } from "../track/model-format.ts";

/** The tasks a registered model can be served as (its `spec.task`). */
export type TaskName =
  | "image-classification"
  | "text-classification"
  | "token-classification"
  | "fill-mask"
  | "feature-extraction"
  | "text-generation";

/** An error meant for the client: becomes `{ error: { code, message } }` with this HTTP status. */
export class ServeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = "ServeError";
  }
}

/** Lets a request stop its stream (client gone, timeout, shutdown). */
export interface StreamSignal { readonly aborted: boolean }

/** What the server gives a task's route handlers: the way to the model's workers. */
export interface TaskContext {
  /** Runs one input through the model's batcher and a worker; resolves to its output. */
  infer(model: string, input: unknown, opts?: { version?: string; signal?: AbortSignal }): Promise<unknown>;
  /** Streams one input (not batched): `onEvent` gets each event the runner emits; resolves to the runner's final value. */
  stream(model: string, input: unknown, onEvent: (event: unknown) => void, opts?: { version?: string; signal?: AbortSignal }): Promise<unknown>;
  /** The spec of the model version a request would be routed to (for limits such as the context length). */
  spec(model: string, version?: string): ModelSpec;
}

/** Built in the worker from a loaded model; every input and output is structured-cloneable. */
export interface TaskRunner {
  /** One forward pass over 1..maxBatchSize inputs; one output per input, in order. */
  runBatch(inputs: unknown[]): unknown[] | Promise<unknown[]>;
  /** Token streaming (text-generation): emits events until done or `signal.aborted`; returns the final value. */
  stream?(input: unknown, emit: (event: unknown) => void, signal: StreamSignal): unknown | Promise<unknown>;
  /** Frees native memory when the model version is unloaded. */
  release?(): void;
}

/** Where a route is mounted: under `/v1/models/:model` (relative) or at an absolute path. */
export interface TaskRoute {
  /** e.g. "/predict" → `/v1/models/:model/predict`; "/v1/completions" with `absolute: true`. */
  path: string;
  absolute?: boolean;
  /** fastify route options without url (method, schema, handler, bodyLimit, ...). */
  options: Omit<RouteOptions, "url">;
}

export interface TaskDefinition {
  task: TaskName;
  /** Whether concurrent requests may be gathered into one runBatch call. */
  batchable: boolean;
  /** The routes, given the server's context (call ctx.infer / ctx.stream from the handlers). */
  routes(ctx: TaskContext): TaskRoute[];
  /** In the worker: builds the runner for a model loaded from `dir` (the logged model folder). */
  createRunner(model: AnyModule, spec: ModelSpec, dir: string): TaskRunner | Promise<TaskRunner>;
}
