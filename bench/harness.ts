/**
 * @file Shared pieces of `npm run bench`: timing like ../shared/bench (warm-up, median of repetitions),
 * RESULT records in its JSON-lines format, and running its Python/Node scripts next to lernwerk.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const SHARED_BENCH = process.env.SHARED_BENCH ?? new URL("../../shared/bench/", import.meta.url).pathname;
export const PY = process.env.PY ?? "/usr/bin/python3";

/** One measurement, as ../shared/bench/py/common.py emits it. */
export interface BenchRecord {
  workload: string;
  impl: string;
  metric: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds per call of fn: `warmup` calls, then at least `reps` calls and `minTime` seconds. */
export function timeCalls(fn: () => void, { warmup = 2, reps = 10, minTime = 1 } = {}): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  const start = performance.now();
  while (ts.length < reps || (performance.now() - start) / 1000 < minTime) {
    const t0 = performance.now();
    fn();
    ts.push((performance.now() - t0) / 1000);
  }
  return ts;
}

/** True when this CPU has AVX-512 (then OpenBLAS needs OPENBLAS_CORETYPE=SkylakeX, see ../shared/bench). */
export function hasAvx512(): boolean {
  try {
    return /\bavx512f\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return false;
  }
}

/** Runs one reference script with `threads` BLAS/OpenMP threads and returns its RESULT records. */
export function runReference(label: string, threads: number, cmd: string, args: string[], extraEnv: Record<string, string> = {}): BenchRecord[] {
  const env: Record<string, string | undefined> = { ...process.env, BENCH_LABEL: label, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), ...extraEnv };
  if (hasAvx512()) env.OPENBLAS_CORETYPE ??= "SkylakeX";
  const r = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    console.warn(`bench: ${label} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`);
    return [];
  }
  return r.stdout.split("\n").filter((l) => l.startsWith("RESULT ")).map((l) => JSON.parse(l.slice(7)) as BenchRecord);
}

/** The probe of ../shared/bench: 2-thread / 1-thread spin throughput now (2.00 = both cores free). */
export function probe(): BenchRecord[] {
  return runReference("probe", 2, process.execPath, [join(SHARED_BENCH, "js", "probe.js")]);
}

export function appendRecords(file: string, records: readonly BenchRecord[]): void {
  if (records.length === 0) return;
  mkdirSync(join(file, ".."), { recursive: true });
  appendFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

export function tfjsAvailable(): boolean {
  const nodePath = process.env.NODE_PATH ?? "/tmp/bench/node/node_modules";
  return existsSync(join(nodePath, "@tensorflow", "tfjs"));
}
