/**
 * @file TF.js 4.22 numbers of ../shared/bench/results.md (its 2 vCPU Sapphire Rapids run, one thread), used for the
 * TF.js cells of `npm run bench` when TF.js was not run; marked as such in the table.
 */
import type { BenchRecord } from "./harness.ts";

const rec = (workload: string, impl: string, metric: string, value: number | string, extra: Record<string, number> = {}): BenchRecord =>
  ({ workload, impl, metric, value, unit: "", threads: 1, baseline: "../shared/bench/results.md", ...extra });

const gemm = (impl: string, values: number[]): BenchRecord[] => [256, 512, 1024, 2048].map((size, i) => rec("matmul", impl, "gflops", values[i], { size }));

export const TFJS_BASELINES: readonly BenchRecord[] = [
  ...gemm("tfjs-wasm", [25.36, 25.25, 26.03, 25.6]),
  ...gemm("tfjs-cpu", [0.78, 0.77, 0.76, 0.74]),
  rec("mlp", "tfjs-wasm", "median_epoch_train_s", 80.34), rec("mlp", "tfjs-wasm", "acc_epoch1", 52.4), rec("mlp", "tfjs-wasm", "peak_rss_mb", 396),
  rec("mlp", "tfjs-cpu", "median_epoch_train_s", 353.61), rec("mlp", "tfjs-cpu", "acc_epoch1", 52.4), rec("mlp", "tfjs-cpu", "peak_rss_mb", 369),
  rec("cnn", "tfjs-wasm", "error", "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"),
  rec("cnn", "tfjs-cpu", "time_200_steps_s", 6540, { extrapolated_from_steps: 3 }),
  rec("lstm", "tfjs-wasm", "step_ms", 6711), rec("lstm", "tfjs-cpu", "step_ms", 30692),
  rec("gpt", "tfjs-wasm", "train_tokens_per_s", 419.65), rec("gpt", "tfjs-wasm", "gen_tokens_per_s_no_cache", 38.15), rec("gpt", "tfjs-wasm", "gen_tokens_per_s_kv_cache", 783.6),
  rec("gpt", "tfjs-cpu", "train_tokens_per_s", 68.9), rec("gpt", "tfjs-cpu", "gen_tokens_per_s_no_cache", 1.5), rec("gpt", "tfjs-cpu", "gen_tokens_per_s_kv_cache", 120),
];
