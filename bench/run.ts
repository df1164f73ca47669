/**
 * @file `npm run bench [-- matmul] [--passes 3] [--threads 2] [--update]`: runs the ../shared/bench
 * workloads on lernwerk and, in the same run and interleaved pass by pass, PyTorch and NumPy (and
 * TF.js when ../shared/bench/setup.sh has installed it); appends every RESULT record to
 * $BENCH_OUT/<workload>.jsonl (default bench/results/) and prints the BENCHMARKS.md table
 * (--update writes it into BENCHMARKS.md).
 */
import { join } from "node:path";
import { availableParallelism, cpus } from "node:os";
import { nativeBinding } from "../src/backends/native/binding.ts";
import { appendRecords, probe, PY, runReference, SHARED_BENCH, tfjsAvailable, type BenchRecord } from "./harness.ts";
import { lernwerkMatmul } from "./matmul.ts";
import { matmulTable, updateSection } from "./report.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const passes = Number(arg("passes", "3"));
const threads = Number(arg("threads", process.env.LERNWERK_NUM_THREADS ?? String(Math.min(2, availableParallelism()))));
const sizes = arg("sizes", "256,512,1024,2048").split(",").map(Number);
const outDir = process.env.BENCH_OUT ?? new URL("./results/", import.meta.url).pathname;
const update = process.argv.includes("--update");

// TF.js baselines of ../shared/bench/results.md (its 2 vCPU Sapphire Rapids run) when TF.js is not installed here.
const BASELINE: Record<string, number[]> = { wasm256: [25.36], wasm512: [25.25], wasm1024: [26.03], wasm2048: [25.6], cpu256: [0.78], cpu512: [0.77], cpu1024: [0.76], cpu2048: [0.74] };

const loaded = nativeBinding();
if (!("binding" in loaded)) throw new Error(`bench: the native backend is not available: ${loaded.reason}`);
const nb = loaded.binding;
nb.setNumThreads(threads);
const { isa } = nb.info();
console.log(`bench: lernwerk native (${isa}, ${threads} threads) vs PyTorch/NumPy (${threads} threads), ${passes} interleaved passes; CPU ${cpus()[0]?.model ?? "?"} × ${availableParallelism()}`);

const records: BenchRecord[] = [];
const file = join(outDir, "matmul.jsonl");
const keep = (rs: BenchRecord[]) => {
  records.push(...rs);
  appendRecords(file, rs);
};
keep(probe());
const sizeArg = sizes.join(",");
for (let p = 0; p < passes; p++) {
  keep(lernwerkMatmul(sizes, threads, isa).map((r) => ({ ...r, pass: p })));
  keep(runReference("torch", threads, PY, [join(SHARED_BENCH, "py", "matmul.py"), "--impl", "torch", "--threads", String(threads), "--sizes", sizeArg]).map((r) => ({ ...r, pass: p })));
  keep(runReference("numpy", threads, PY, [join(SHARED_BENCH, "py", "matmul.py"), "--impl", "numpy", "--threads", String(threads), "--sizes", sizeArg]).map((r) => ({ ...r, pass: p })));
}
if (tfjsAvailable()) {
  keep(runReference("tfjs-wasm", 1, process.execPath, [join(SHARED_BENCH, "js", "matmul.js"), "--impl", "tfjs", "--backend", "wasm", "--sizes", sizeArg]));
  keep(runReference("tfjs-cpu", 1, process.execPath, [join(SHARED_BENCH, "js", "matmul.js"), "--impl", "tfjs", "--backend", "cpu", "--sizes", "256,512"]));
}
keep(probe());

const ratios = records.filter((r) => r.workload === "probe").map((r) => r.value.toFixed(2));
const table = [
  matmulTable(records, sizes, threads, BASELINE),
  "",
  `Command: \`npm run bench -- --passes ${passes} --threads ${threads}\` on ${cpus()[0]?.model ?? "?"} (${availableParallelism()} cores), ${new Date().toISOString().slice(0, 10)}; lernwerk GEMM instruction set ${isa}. ` +
    `Cells: median over ${passes} interleaved passes [min–max]; each pass's value is the median of ≥10 repetitions (2048: 5). ` +
    `Probe parallel ratio before/after (2.00 = both cores free): ${ratios.join(", ")}.` +
    (tfjsAvailable() ? "" : " TF.js cells marked * are ../shared/bench/results.md's (another machine: TF.js is not installed here)."),
].join("\n");
console.log(`\n${table}\n\nrecords appended to ${file}`);
if (update) updateSection(new URL("../BENCHMARKS.md", import.meta.url).pathname, "matmul", table);
process.exit(0);
