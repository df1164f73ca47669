/**
 * @file The client-side metric buffer of an active run: points are kept in memory and written as one
 * transaction when `maxPoints` are waiting or `flushIntervalMs` has passed (checked on every log and by
 * a timer), and at endRun / process exit.
 */
import type { MetricPoint } from "./types.ts";

export interface MetricBufferOptions {
  /** Flush once this many points wait (default 10000). */
  maxPoints?: number;
  /** Flush when the oldest waiting point is this old (default 2000 ms). */
  flushIntervalMs?: number;
}

export class MetricBuffer {
  readonly maxPoints: number;
  readonly flushIntervalMs: number;
  #points: MetricPoint[] = [];
  #oldest = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly write: (points: MetricPoint[]) => void, opts: MetricBufferOptions = {}) {
    this.maxPoints = opts.maxPoints ?? 10_000;
    this.flushIntervalMs = opts.flushIntervalMs ?? 2000;
    if (!Number.isInteger(this.maxPoints) || this.maxPoints < 1) throw new RangeError(`MetricBuffer: maxPoints must be a positive integer, got ${opts.maxPoints}`);
    if (!(this.flushIntervalMs >= 0)) throw new RangeError(`MetricBuffer: flushIntervalMs must be >= 0, got ${opts.flushIntervalMs}`);
  }

  get pending(): number {
    return this.#points.length;
  }

  push(p: MetricPoint): void {
    if (!this.#points.length) {
      this.#oldest = Date.now();
      this.#arm();
    }
    this.#points.push(p);
    if (this.#points.length >= this.maxPoints || p.timestamp - this.#oldest >= this.flushIntervalMs) this.flush();
  }

  /** Writes what waits; on a write error the points stay, so a later flush can retry. */
  flush(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = null; }
    if (!this.#points.length) return;
    const points = this.#points;
    this.#points = [];
    try {
      this.write(points);
    } catch (e) {
      this.#points = points.concat(this.#points);
      throw e;
    }
  }

  /** A timer for code that logs and then waits (the event loop is free); it does not keep the process alive. */
  #arm(): void {
    if (this.#timer || !this.flushIntervalMs) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      try { this.flush(); } catch { /* kept; retried at the next flush */ }
    }, this.flushIntervalMs);
    this.#timer.unref();
  }

  close(): void {
    this.flush();
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = null; }
  }
}
