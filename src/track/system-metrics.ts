/**
 * @file System metrics of a run, logged as `system/...` metrics every `intervalMs`: the process's RSS
 * and heap, its CPU use (100 = one core busy) and the machine's memory use. Sampled by a timer and,
 * since training loops keep the event loop busy, whenever the run logs something (`maybeSample`).
 */
import { freemem, totalmem } from "node:os";
import type { MetricPoint } from "./types.ts";

const MB = 1024 * 1024;

export class SystemMetricsSampler {
  #step = 0;
  #last = 0;
  #cpu = process.cpuUsage();
  #cpuAt = performance.now();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly log: (points: MetricPoint[]) => void, readonly intervalMs = 10_000) {
    if (!(intervalMs > 0)) throw new RangeError(`SystemMetricsSampler: intervalMs must be > 0, got ${intervalMs}`);
  }

  start(): this {
    this.sample();
    this.#timer = setInterval(() => this.maybeSample(), this.intervalMs);
    this.#timer.unref();
    return this;
  }

  maybeSample(): void {
    if (Date.now() - this.#last >= this.intervalMs) this.sample();
  }

  /** One sample now (the CPU share is over the time since the previous sample). */
  sample(): MetricPoint[] {
    const now = Date.now(), t = performance.now();
    const cpu = process.cpuUsage(this.#cpu), wallUs = (t - this.#cpuAt) * 1000;
    this.#cpu = process.cpuUsage();
    this.#cpuAt = t;
    const mem = process.memoryUsage();
    const step = this.#step++;
    const points: MetricPoint[] = [
      { key: "system/process_rss_megabytes", value: mem.rss / MB, step, timestamp: now },
      { key: "system/process_heap_megabytes", value: mem.heapUsed / MB, step, timestamp: now },
      { key: "system/system_memory_usage_percentage", value: (100 * (totalmem() - freemem())) / totalmem(), step, timestamp: now },
    ];
    if (step > 0 && wallUs > 0) points.push({ key: "system/process_cpu_percentage", value: (100 * (cpu.user + cpu.system)) / wallUs, step, timestamp: now });
    this.#last = now;
    this.log(points);
    return points;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
