/** @file The server's Prometheus metrics (prom-client, its own registry): requests, latency, queue depth, batch sizes, time to first token, tokens/s. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class ServeMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: "lw_serve_requests_total", help: "HTTP requests by route, method and status", labelNames: ["route", "method", "status"] as const, registers: [this.registry] });
  readonly latency = new Histogram({
    name: "lw_serve_request_duration_seconds", help: "HTTP request latency", labelNames: ["route", "method"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry],
  });
  readonly queueDepth = new Gauge({ name: "lw_serve_queue_depth", help: "inputs waiting in a model's batcher", labelNames: ["model", "version"] as const, registers: [this.registry] });
  readonly batchSize = new Histogram({ name: "lw_serve_batch_size", help: "inputs per runBatch call", labelNames: ["model", "version"] as const, buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers: [this.registry] });
  readonly inferenceSeconds = new Histogram({ name: "lw_serve_inference_duration_seconds", help: "time a worker spends on one batch", labelNames: ["model", "version"] as const, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers: [this.registry] });
  readonly rejected = new Counter({ name: "lw_serve_rejected_total", help: "inputs rejected because the queue was full", labelNames: ["model"] as const, registers: [this.registry] });
  readonly timeToFirstToken = new Histogram({ name: "lw_serve_time_to_first_token_seconds", help: "streaming: time to the first event", labelNames: ["model"] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
  readonly tokensPerSecond = new Histogram({ name: "lw_serve_tokens_per_second", help: "streaming: events per second of one stream", labelNames: ["model"] as const, buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000], registers: [this.registry] });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: "lw_serve_" });
  }
}
