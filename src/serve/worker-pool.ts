/** @file A pool of worker threads holding one model version each: hands a batch (or a stream) to the least busy worker, and closes them all. */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { ServeError, type TaskName } from "./task.ts";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./worker.ts";

const ENTRY = fileURLToPath(new URL("./worker-entry.mjs", import.meta.url));

interface Call { resolve: (v: unknown) => void; reject: (e: unknown) => void; onEvent?: (e: unknown) => void }
interface Slot { worker: Worker; busy: number; calls: Map<number, Call> }

export class WorkerPool {
  #slots: Slot[] = [];
  #nextId = 1;
  #closed = false;

  private constructor(readonly init: WorkerInit) {}

  /** Starts `size` workers for the model folder `init.dir`; resolves when all have loaded it (rejects with the load error otherwise). */
  static async start(init: WorkerInit, size = 1): Promise<WorkerPool> {
    const pool = new WorkerPool(init);
    try {
      await Promise.all(Array.from({ length: size }, () => pool.#spawn()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number { return this.#slots.length; }

  #spawn(): Promise<void> {
    const worker = new Worker(ENTRY, { workerData: this.init, execArgv: [] });
    const slot: Slot = { worker, busy: 0, calls: new Map() };
    this.#slots.push(slot);
    return new Promise<void>((ready, failed) => {
      worker.on("message", (m: WorkerReply) => {
        if (m.id === 0) {
          if (m.kind === "ready") ready();
          else if (m.kind === "error") failed(new ServeError(503, "MODEL_LOAD_FAILED", `loading ${this.init.uri} failed: ${m.message}`));
          return;
        }
        const call = slot.calls.get(m.id);
        if (!call) return;
        if (m.kind === "event") { call.onEvent?.(m.event); return; }
        slot.calls.delete(m.id);
        slot.busy--;
        if (m.kind === "result") call.resolve(m.value);
        else if (m.kind === "error") call.reject(new ServeError(m.status, m.code, m.message));
      });
      const die = (e: Error) => {
        failed(e);
        for (const c of slot.calls.values()) c.reject(new ServeError(500, "WORKER_DIED", `a worker of ${this.init.uri} stopped: ${e.message}`));
        slot.calls.clear();
        this.#slots = this.#slots.filter((s) => s !== slot);
      };
      worker.on("error", die);
      worker.on("exit", (code) => { if (!this.#closed) die(new Error(`exit code ${code}`)); });
    });
  }

  #post(msg: WorkerRequest, onEvent?: (e: unknown) => void): { id: number; slot: Slot; done: Promise<unknown> } {
    if (this.#closed || this.#slots.length === 0) throw new ServeError(503, "MODEL_UNAVAILABLE", `no worker holds ${this.init.uri}`);
    const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = msg.id;
    const done = new Promise<unknown>((resolve, reject) => slot.calls.set(id, { resolve, reject, onEvent }));
    slot.busy++;
    slot.worker.postMessage(msg);
    return { id, slot, done };
  }

  /** Runs one batch on the least busy worker. */
  runBatch(inputs: unknown[]): Promise<unknown[]> {
    return this.#post({ id: this.#nextId++, kind: "batch", inputs }).done as Promise<unknown[]>;
  }

  /** Streams one input; `signal` aborts the runner's loop in the worker. */
  stream(input: unknown, onEvent: (e: unknown) => void, signal?: AbortSignal): Promise<unknown> {
    const { id, slot, done } = this.#post({ id: this.#nextId++, kind: "stream", input }, onEvent);
    const abort = () => slot.worker.postMessage({ id, kind: "abort" } satisfies WorkerRequest);
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
    return done.finally(() => signal?.removeEventListener("abort", abort));
  }

  /** Calls the runners' release() and stops every worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#slots.map(async (s) => {
      try { s.worker.postMessage({ id: this.#nextId++, kind: "release" } satisfies WorkerRequest); } catch { /* already gone */ }
      await s.worker.terminate();
    }));
    this.#slots = [];
  }
}
