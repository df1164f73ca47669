/**
 * @file `npm run bench [-- matmul gpt …] [--passes 3] [--threads 2] [--tfjs wasm,cpu|none] [--quick] [--update]`: the workloads of
 * ../shared/bench on lernwerk next to PyTorch (and NumPy), interleaved pass by pass, and TF.js once; RESULT records to
 * $BENCH_OUT/<workload>.jsonl (default bench/results/), the table to stdout and, with --update, into BENCHMARKS.md.
 */
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { nativeBinding } from "../src/backends/native/binding.ts";
import { TFJS_BASELINES } from "./baselines.ts";
import { appendRecords, arg, probe, runChild, TFJS_NODE_PATH, tfjsAvailable, type BenchRecord } from "./harness.ts";
import { summary, updateSection, workloadsTable } from "./report.ts";
import { WORKLOADS, type TfjsBackend } from "./workloads.ts";

const argv = process.argv.slice(2);
const names = argv.filter((a, i) => !a.startsWith("--") && !["--passes", "--threads", "--tfjs"].includes(argv[i - 1]));
const unknown = names.filter((n) => !WORKLOADS.some((w) => w.name === n));
if (unknown.length) {
  console.error(`bench: no workload ${unknown.join(", ")}; there are ${WORKLOADS.map((w) => w.name).join(", ")}`);
  process.exit(2);
}
const selected = names.length ? WORKLOADS.filter((w) => names.includes(w.name)) : WORKLOADS;
const quick = argv.includes("--quick"), update = argv.includes("--update");
const passes = Number(arg("passes", quick ? "1" : "3")), threads = Number(arg("threads", "2"));
const tfjs = tfjsAvailable() ? arg("tfjs", quick ? "wasm" : "wasm,cpu").split(",").filter((b): b is TfjsBackend => b === "wasm" || b === "cpu") : [];
const outDir = process.env.BENCH_OUT ?? new URL("./results/", import.meta.url).pathname;
const runId = new Date().toISOString();
const machine = `${cpus()[0]?.model ?? "?"} (${availableParallelism()} cores, Node ${process.version})`;
console.log(`bench: ${selected.map((w) => w.name).join(", ")}; lernwerk, PyTorch, NumPy with ${threads} threads, ${passes} passes; TF.js ${tfjs.join(", ") || "not run"}; ${machine}`);

const records: BenchRecord[] = [];
const probes: string[] = [];
for (const w of selected) {
  const file = join(outDir, `${w.name}.jsonl`);
  const keep = (rs: BenchRecord[], extra: Record<string, number> = {}): BenchRecord[] => {
    const tagged = rs.map((r) => ({ ...r, ...extra, run: runId }));
    records.push(...tagged);
    appendRecords(file, tagged);
    return tagged;
  };
  const ratio = () => keep(probe()).map((r) => (r.value as number).toFixed(2)).join("") || "?";
  const before = ratio();
  for (let pass = 0; pass < passes; pass++) {
    const cmds = w.perPass(threads, quick);
    for (const c of pass % 2 ? cmds.reverse() : cmds) { // odd passes in reverse order: drift hits both sides alike
      console.log(`bench: ${w.name}, pass ${pass + 1}/${passes}: ${c.label}, ${threads} thread${threads > 1 ? "s" : ""}`);
      keep(runChild(c.label, threads, c.cmd, c.args), { pass });
    }
  }
  for (const c of tfjs.map((b) => w.tfjs(b, quick))) {
    if (!c) continue;
    console.log(`bench: ${w.name}: ${c.label}, 1 thread`);
    keep(runChild(c.label, 1, c.cmd, c.args, { NODE_PATH: TFJS_NODE_PATH }));
  }
  probes.push(`${w.name} ${before}/${ratio()}`);
}

const loaded = nativeBinding();
const isa = "binding" in loaded ? ` (GEMM ${loaded.binding.info().isa})` : "";
const backends = new Map<string, Set<string>>(); // lernwerk's backend → workloads: js means the addon did not load there
for (const r of records.filter((r) => r.impl === "lernwerk" && r.backend !== undefined)) backends.set(String(r.backend), (backends.get(String(r.backend)) ?? new Set()).add(r.workload));
const lernwerk = [...backends].map(([b, ws]) => `${b}${b === "native" ? isa : ""}${backends.size > 1 ? ` for ${[...ws].join(", ")}` : ""}`).join(" and ");
if (backends.has("js")) console.warn(`bench: lernwerk ran on the js backend for ${[...(backends.get("js") ?? [])].join(", ")}: the native addon did not load there`);
const torchRecord = records.find((r) => r.impl === "torch");
const tfjsRecord = records.find((r) => String(r.impl).startsWith("tfjs-") && r.version);
const { table, notes } = workloadsTable(records, TFJS_BASELINES, threads);
const text = `${table}\n\n${summary({
  command: `${process.env.BENCH_OUT ? `BENCH_OUT=${process.env.BENCH_OUT} ` : ""}npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
  machine,
  date: runId.slice(0, 10),
  threads,
  passes,
  lernwerk: lernwerk || "(did not run)",
  torch: torchRecord ? `${String(torchRecord.version ?? "?")} (${String(torchRecord.blas ?? "?")})` : "(did not run)",
  tfjs: tfjs.length ? `${String(tfjsRecord?.version ?? "")} ${tfjs.join(" and ")} with one thread, once per workload after the passes` : "not installed or not asked for (`bash ../shared/bench/setup.sh`)",
  probes: probes.join(", "),
  quick,
}, notes)}`;
console.log(`\n${text}\n\nrecords appended to ${outDir}`);
if (update && quick) console.log("bench: --update ignored: a --quick run does not go into BENCHMARKS.md");
else if (update) updateSection(new URL("../BENCHMARKS.md", import.meta.url).pathname, "workloads", text);
process.exit(0);
