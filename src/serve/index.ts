/** @file lw.serve: an inference server for registered models (fastify, dynamic batching, worker threads). */
export { createServer, type ServerOptions, type InferenceServer, type ModelEntry } from "./server.ts";
export { Batcher, type BatcherOptions } from "./batcher.ts";
export { Deployments, modelNameOf, type LoadedVersion } from "./deployments.ts";
export { ServeError, type TaskContext, type TaskDefinition, type TaskName, type TaskRunner, type TaskRoute } from "./task.ts";
export { TASKS } from "./tasks/index.ts";
export { readImageHeader, type ImageHeader } from "./tasks/image-header.ts";
