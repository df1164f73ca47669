/** @file A worker thread: loads one logged model folder (unpackModel), builds its task's runner, and answers batch / stream messages from the pool. */
import { parentPort, workerData } from "node:worker_threads";
import "../index.ts"; // backends and the Tensor methods, as in the main thread
import { unpackModel } from "../track/model-format.ts";
import { TASKS } from "./tasks/index.ts";
import { ServeError, type TaskName, type TaskRunner } from "./task.ts";

export interface WorkerInit { dir: string; uri: string; task: TaskName }
export type WorkerRequest =
  | { id: number; kind: "batch"; inputs: unknown[] }
  | { id: number; kind: "stream"; input: unknown }
  | { id: number; kind: "abort" }
  | { id: number; kind: "release" };
export type WorkerReply =
  | { id: number; kind: "ready" }
  | { id: number; kind: "result"; value: unknown }
  | { id: number; kind: "event"; event: unknown }
  | { id: number; kind: "error"; status: number; code: string; message: string };

const port = parentPort!;
const init = workerData as WorkerInit;
const aborted = new Set<number>();

function fail(id: number, e: unknown): void {
  const se = e instanceof ServeError ? e : null;
  port.postMessage({ id, kind: "error", status: se?.status ?? 500, code: se?.code ?? "INFERENCE_ERROR", message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
}

let runner: TaskRunner;
try {
  const def = TASKS[init.task];
  if (!def) throw new ServeError(500, "UNKNOWN_TASK", `no served task "${init.task}"`);
  const { model, spec } = unpackModel(init.dir, init.uri);
  runner = await def.createRunner(model, spec, init.dir);
  port.postMessage({ id: 0, kind: "ready" } satisfies WorkerReply);
} catch (e) {
  fail(0, e);
}

port.on("message", async (msg: WorkerRequest) => {
  try {
    if (msg.kind === "batch") port.postMessage({ id: msg.id, kind: "result", value: await runner.runBatch(msg.inputs) } satisfies WorkerReply);
    else if (msg.kind === "stream") {
      if (!runner.stream) throw new ServeError(400, "NOT_STREAMABLE", `the ${init.task} task does not stream`);
      const signal = { get aborted() { return aborted.has(msg.id); } };
      const value = await runner.stream(msg.input, (event) => port.postMessage({ id: msg.id, kind: "event", event } satisfies WorkerReply), signal);
      aborted.delete(msg.id);
      port.postMessage({ id: msg.id, kind: "result", value } satisfies WorkerReply);
    } else if (msg.kind === "abort") aborted.add(msg.id);
    else if (msg.kind === "release") { runner.release?.(); port.postMessage({ id: msg.id, kind: "result", value: null } satisfies WorkerReply); }
  } catch (e) {
    fail(msg.id, e);
  }
});
