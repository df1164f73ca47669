/** @file Test helpers of the serve tasks: a logged model folder in a temp dir, and an in-process TaskContext + fastify app. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import type { AnyModule } from "../../../src/nn/module.ts";
import { packModel, unpackModel, MODEL_SPEC_FILE, MODEL_WEIGHTS_FILE, type ModelSpec, type ModelSpecOptions } from "../../../src/track/model-format.ts";
import { ServeError, type TaskContext, type TaskDefinition, type TaskRunner } from "../../../src/serve/task.ts";

/** Writes `model` as a logged model folder (as logModel does) and loads it back, as a worker would. */
export async function servedModel(def: TaskDefinition, model: AnyModule, opts: ModelSpecOptions): Promise<{ runner: TaskRunner; spec: ModelSpec; dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "lw-serve-task-"));
  const { spec, weights, files } = packModel(model, opts);
  writeFileSync(join(dir, MODEL_WEIGHTS_FILE), weights);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, MODEL_SPEC_FILE), JSON.stringify(spec));
  const loaded = unpackModel(dir, dir);
  const runner = await def.createRunner(loaded.model, loaded.spec, dir);
  return { runner, spec: loaded.spec, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A TaskContext that runs runners in process; inputs and outputs go through structuredClone as they would into a worker. */
export function fakeContext(models: Record<string, { runner: TaskRunner; spec: ModelSpec }>): TaskContext & { batches: number[] } {
  const get = (name: string): { runner: TaskRunner; spec: ModelSpec } => {
    const m = models[name];
    if (!m) throw new ServeError(404, "MODEL_NOT_FOUND", `no model "${name}"`);
    return m;
  };
  const batches: number[] = [];
  return {
    batches,
    async infer(model, input) {
      const [out] = await get(model).runner.runBatch([structuredClone(input)]);
      batches.push(1);
      return structuredClone(out);
    },
    async stream(model, input, onEvent, opts) {
      const r = get(model).runner;
      if (!r.stream) throw new ServeError(400, "NOT_STREAMABLE", "not streamable");
      const signal = { get aborted() { return opts?.signal?.aborted ?? false; } };
      return structuredClone(await r.stream(structuredClone(input), (e) => onEvent(structuredClone(e)), signal));
    },
    spec: (model) => get(model).spec,
  };
}

/** A fastify app with the task's routes mounted as the server mounts them, and ServeError → `{ error }`. */
export async function taskApp(def: TaskDefinition, ctx: TaskContext): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler((e, _req, reply) => {
    if (e instanceof ServeError) return reply.code(e.status).headers(e.headers).send({ error: { code: e.code, message: e.message } });
    const status = (e as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ error: { code: status === 400 ? "BAD_REQUEST" : "INTERNAL", message: status === 400 ? (e as Error).message : "internal error" } });
  });
  for (const r of def.routes(ctx)) app.route({ ...r.options, url: r.absolute ? r.path : `/v1/models/:model${r.path}` } as Parameters<FastifyInstance["route"]>[0]);
  await app.ready();
  return app;
}
