/** @file Dynamic batching (as Triton's): inputs of one model are gathered up to maxBatchSize or maxDelayMs, then run as one batch; a bounded queue rejects with 429 + Retry-After. */
import { ServeError } from "./task.ts";

export interface BatcherOptions {
  /** Most inputs per batch (default 32). */
  maxBatchSize?: number;
  /** How long the first input of a batch waits for more (default 2 ms). */
  maxDelayMs?: number;
  /** Most inputs waiting (default 1024); more are rejected with 429. */
  maxQueue?: number;
  /** How many batches may run at once (the number of workers; default 1). */
  concurrency?: number;
  onQueueDepth?: (depth: number) => void;
  onBatch?: (size: number, seconds: number) => void;
  onReject?: () => void;
}

interface Pending { input: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void; signal?: AbortSignal }

export class Batcher {
  readonly maxBatchSize: number;
  readonly maxDelayMs: number;
  readonly maxQueue: number;
  readonly concurrency: number;
  #queue: Pending[] = [];
  #running = 0;
  #timer: NodeJS.Timeout | null = null;
  #idle: (() => void)[] = [];
  #avgBatchMs = 10;

  constructor(private readonly run: (inputs: unknown[]) => Promise<unknown[]>, private readonly opts: BatcherOptions = {}) {
    this.maxBatchSize = positiveInt("maxBatchSize", opts.maxBatchSize ?? 32);
    this.maxDelayMs = nonNegative("maxDelayMs", opts.maxDelayMs ?? 2);
    this.maxQueue = positiveInt("maxQueue", opts.maxQueue ?? 1024);
    this.concurrency = positiveInt("concurrency", opts.concurrency ?? 1);
  }

  /** Inputs waiting plus running batches. */
  get depth(): number { return this.#queue.length; }
  get busy(): boolean { return this.#queue.length > 0 || this.#running > 0; }

  /** Queues one input; resolves to its output. Rejects with a 429 ServeError when the queue is full. */
  submit(input: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.#queue.length >= this.maxQueue) {
      this.opts.onReject?.();
      const retry = Math.max(1, Math.ceil((this.#avgBatchMs * Math.ceil(this.#queue.length / this.maxBatchSize)) / this.concurrency / 1000));
      return Promise.reject(new ServeError(429, "QUEUE_FULL", `the model's queue is full (${this.maxQueue} waiting); retry later`, { "retry-after": String(retry) }));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject, signal });
      this.opts.onQueueDepth?.(this.#queue.length);
      this.#schedule();
    });
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((r) => this.#idle.push(r));
  }

  #schedule(): void {
    if (this.#running >= this.concurrency || this.#queue.length === 0) return;
    if (this.#queue.length >= this.maxBatchSize || this.maxDelayMs === 0) { this.#flush(); return; }
    this.#timer ??= setTimeout(() => { this.#timer = null; this.#flush(); }, this.maxDelayMs);
  }

  #flush(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = null; }
    while (this.#running < this.concurrency && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatchSize).filter((p) => {
        if (!p.signal?.aborted) return true;
        p.reject(new ServeError(408, "REQUEST_TIMEOUT", "the request was cancelled before it ran"));
        return false;
      });
      this.opts.onQueueDepth?.(this.#queue.length);
      if (batch.length === 0) continue;
      this.#running++;
      const t0 = performance.now();
      this.run(batch.map((p) => p.input)).then((outputs) => {
        if (!Array.isArray(outputs) || outputs.length !== batch.length) throw new Error(`runBatch returned ${Array.isArray(outputs) ? outputs.length : typeof outputs} outputs for ${batch.length} inputs`);
        batch.forEach((p, i) => p.resolve(outputs[i]));
      }).catch((e: unknown) => { for (const p of batch) p.reject(e); }).finally(() => {
        const ms = performance.now() - t0;
        this.#avgBatchMs = 0.8 * this.#avgBatchMs + 0.2 * ms;
        this.opts.onBatch?.(batch.length, ms / 1000);
        this.#running--;
        if (this.#queue.length > 0) this.#schedule();
        else if (this.#running === 0) for (const r of this.#idle.splice(0)) r();
      });
    }
  }
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`Batcher: ${name} must be a positive integer, got ${v}`);
  return v;
}
function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`Batcher: ${name} must be a number >= 0, got ${v}`);
  return v;
}
