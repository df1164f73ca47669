/**
 * @file Shared pieces of `npm run bench`: timing like ../shared/bench (warm-up, median of repetitions), RESULT records
 * in its JSON-lines format, running a script in a child process (peak RSS included) and the lernwerk scripts' entry.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as lw from "lernwerk";
import { nativeBinding } from "../src/backends/native/binding.ts";

export { isMain } from "../examples/run.ts";

export const ROOT = new URL("../", import.meta.url).pathname;
export const SHARED_BENCH = process.env.SHARED_BENCH ?? new URL("../../shared/bench/", import.meta.url).pathname;
export const PY = process.env.PY ?? "/usr/bin/python3";
export const TFJS_NODE_PATH = process.env.NODE_PATH ?? "/tmp/bench/node/node_modules";

/** One measurement, as ../shared/bench/py/common.py emits it (`value` is a message for metric "error"). */
export interface BenchRecord {
  workload: string;
  impl: string;
  metric: string;
  value: number | string;
  unit: string;
  [extra: string]: unknown;
}

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Runs `step` `warmup` times untimed, then `steps` times, and returns each timed step's milliseconds. */
export function timeSteps(step: () => void, warmup: number, steps: number): number[] {
  for (let i = 0; i < warmup; i++) step();
  const ts: number[] = [];
  for (let i = 0; i < steps; i++) { const t0 = performance.now(); step(); ts.push(performance.now() - t0); }
  return ts;
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

/** Runs `cmd args` with `threads` OpenMP/BLAS/lernwerk threads; its RESULT records, its other output and its exit status. */
function runScript(label: string, threads: number, cmd: string, args: string[], extraEnv: Record<string, string>): { records: BenchRecord[]; lines: string[]; ok: boolean } {
  const t = String(threads);
  const env: Record<string, string | undefined> = { ...process.env, BENCH_LABEL: label, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, LERNWERK_NUM_THREADS: t, ...extraEnv };
  if (hasAvx512()) env.OPENBLAS_CORETYPE ??= "SkylakeX";
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").filter((l) => l.trim() !== "");
  if (r.status !== 0) console.warn(`bench: ${label} failed (${r.status ?? r.signal}): ${out.slice(-3).join(" | ")}`);
  const records = (r.stdout ?? "").split("\n").filter((l) => l.startsWith("RESULT ")).map((l) => JSON.parse(l.slice(7)) as BenchRecord);
  return { records, lines: out.filter((l) => !l.startsWith("RESULT ")), ok: r.status === 0 };
}

/**
 * Runs one script of a workload (lernwerk's or a reference) in a child process under bench/peak_rss.py and returns its
 * RESULT records plus a `peak_rss_mb` record (the child's maximum resident set, as /usr/bin/time in ../shared/bench/run.sh).
 */
export function runChild(label: string, threads: number, cmd: string, args: string[], extraEnv: Record<string, string> = {}): BenchRecord[] {
  const { records, lines, ok } = runScript(label, threads, PY, [join(ROOT, "bench", "peak_rss.py"), cmd, ...args], extraEnv);
  for (const l of lines.filter((l) => !l.startsWith("PEAK_RSS_KB "))) console.log(`  ${l}`);
  const kb = Number(lines.find((l) => l.startsWith("PEAK_RSS_KB "))?.slice(12));
  if (!ok || records.length === 0 || !Number.isFinite(kb)) return records;
  const { workload, impl, backend } = records[0];
  return [...records, { workload, impl, label, metric: "peak_rss_mb", value: Math.round(kb / 1024), unit: "MB", threads: records[0].threads ?? threads, ...(backend ? { backend } : {}) }];
}

/** The probe of ../shared/bench: 2-thread / 1-thread spin throughput now (2.00 = both cores free). */
export function probe(): BenchRecord[] {
  return runScript("probe", 2, process.execPath, [join(SHARED_BENCH, "js", "probe.js")], {}).records;
}

export function appendRecords(file: string, records: readonly BenchRecord[]): void {
  if (records.length === 0) return;
  mkdirSync(join(file, ".."), { recursive: true });
  appendFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

export function tfjsAvailable(): boolean {
  return existsSync(join(TFJS_NODE_PATH, "@tensorflow", "tfjs"));
}

/** The threads lernwerk really runs with after asking for `n`: the native pool's size, 1 on the js backend. */
export function useThreads(n: number): number {
  const loaded = nativeBinding();
  if (lw.currentBackend().name !== "native" || !("binding" in loaded)) return 1;
  loaded.binding.setNumThreads(n);
  return loaded.binding.info().threads;
}

/**
 * Entry of a lernwerk workload script (what `npm run bench` runs in a child): `--threads T` (default
 * $LERNWERK_NUM_THREADS or 2) sizes the native pool, then the workload's RESULT records go to stdout.
 */
export function runAlone(run: (threads: number) => BenchRecord[]): void {
  const threads = useThreads(Number(arg("threads", process.env.LERNWERK_NUM_THREADS ?? "2")));
  for (const r of run(threads)) console.log(`RESULT ${JSON.stringify(r)}`);
  process.exit(0);
}
