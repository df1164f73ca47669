/**
 * @file The cnn workload of ../shared/bench: 200 Adam training steps (batch 64, consecutive slices of Fashion-MNIST)
 * of Conv(1,32,3)+ReLU+MaxPool, Conv(32,64,3)+ReLU+MaxPool, Linear(1600,128)+ReLU, Linear(128,10), on lernwerk and,
 * in the same run, PyTorch (py/cnn.py) and TF.js (js/cnn.js; tfjs-cpu needs ~30 s a step: a few steps, extrapolated).
 * Run: `npx tsx bench/cnn.ts [--steps 200] [--threads 1] [--tfjs-steps 3] [--no-reference] [--update]` (--no-reference:
 * lernwerk alone; --threads sets lernwerk's native threads too).
 */
import { join } from "node:path";
import { availableParallelism, cpus } from "node:os";
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { nativeBinding } from "../src/backends/native/binding.ts";
import { appendRecords, median, probe, PY, runReference, SHARED_BENCH, tfjsAvailable, type BenchRecord } from "./harness.ts";
import { updateSection } from "./report.ts";

const B = 64;

/** The shared bench's small CNN, with PyTorch's layer names. */
export const smallCnn = (): nn.Sequential => new nn.Sequential(
  new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 32, 13, 13)
  new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 64, 5, 5)
  new nn.Flatten(), new nn.Linear(1600, 128), new nn.ReLU(), new nn.Linear(128, 10),
);

/** `steps` timed training steps after `warmup` ones; the RESULT records of py/cnn.py with impl "lernwerk". */
export function lernwerkCnn(steps: number, threads: number, warmup = 5): BenchRecord[] {
  lw.manualSeed(0);
  const train = lw.data.datasets.fashionMNIST({ train: true });
  const X = train.data, Y = train.targets, N = X.shape[0];
  const model = smallCnn(), lossFn = new nn.CrossEntropyLoss();
  const opt = new lw.optim.Adam(model.parameters(), { lr: 1e-3 });
  let pos = 0, loss = NaN;
  const step = () => {
    if (pos + B > N) pos = 0;
    const l = lossFn.forward(model.forward(X.narrow(0, pos, B)), Y.narrow(0, pos, B));
    pos += B;
    opt.zeroGrad();
    l.backward();
    opt.step();
    return l;
  };
  for (let i = 0; i < warmup; i++) step();
  const ts: number[] = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const l = step();
    if (i === steps - 1) loss = l.item();
    ts.push((performance.now() - t0) / 1000);
  }
  const total = ((performance.now() - start) / 1000) * (200 / steps);
  console.log(`[lernwerk cnn] ${steps} steps, ${lw.currentBackend().name} backend: 200 steps ${total.toFixed(2)} s, median step ${(median(ts) * 1e3).toFixed(1)} ms, loss ${loss.toFixed(4)}`);
  const kw = { threads, steps, backend: lw.currentBackend().name };
  const rec = (metric: string, value: number, unit: string): BenchRecord => ({ workload: "cnn", impl: "lernwerk", metric, value: +value.toFixed(3), unit, ...kw });
  return [rec("time_200_steps_s", total, "s"), rec("median_step_ms", median(ts) * 1e3, "ms"), rec("images_per_s", (B * 200) / total, "img/s"), rec("final_loss", loss, "")];
}

/** The BENCHMARKS.md table: one row per implementation. */
export function cnnTable(records: readonly BenchRecord[]): string {
  const impls = [...new Set(records.filter((r) => r.workload === "cnn").map((r) => `${r.impl}|${String(r.threads ?? 1)}|${String(r.backend ?? "")}`))];
  const torch = records.find((r) => r.impl === "torch" && r.metric === "time_200_steps_s")?.value;
  const rows = impls.map((key) => {
    const [impl, threads, backend] = key.split("|");
    const get = (m: string) => records.find((r) => r.impl === impl && String(r.threads ?? 1) === threads && String(r.backend ?? "") === backend && r.metric === m);
    const t = get("time_200_steps_s"), error = get("error");
    if (error) return `| ${impl} | ${threads} | cannot train: ${String(error.value)} | | | | |`;
    const extra = t?.extrapolated_from_steps ? ` (${String(t.extrapolated_from_steps)} steps, extrapolated)` : "";
    const ratio = t && torch ? `${(t.value / torch).toFixed(1)}×` : "";
    return `| ${impl}${backend ? ` (${backend})` : ""}${extra} | ${threads} | ${t?.value ?? ""} | ${get("median_step_ms")?.value ?? ""} | ${get("images_per_s")?.value ?? ""} | ${get("final_loss")?.value ?? ""} | ${ratio} |`;
  });
  return ["| impl | threads | 200 steps s | median step ms | img/s | loss after | time vs torch |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
  const steps = Number(arg("steps", "200")), threads = Number(arg("threads", "1")), tfjsSteps = arg("tfjs-steps", "3");
  const file = join(process.env.BENCH_OUT ?? new URL("./results/", import.meta.url).pathname, "cnn.jsonl");
  const reference = !process.argv.includes("--no-reference");
  const loaded = nativeBinding();
  if ("binding" in loaded && lw.currentBackend().name === "native") loaded.binding.setNumThreads(threads);
  const records: BenchRecord[] = [...probe()];
  records.push(...lernwerkCnn(steps, threads));
  if (reference) records.push(...runReference("torch", threads, PY, [join(SHARED_BENCH, "py", "cnn.py"), "--threads", String(threads), "--rounds", "1"]));
  if (reference && tfjsAvailable()) {
    const env = { NODE_PATH: process.env.NODE_PATH ?? "/tmp/bench/node/node_modules" };
    records.push(...runReference("tfjs-cpu", 1, process.execPath, [join(SHARED_BENCH, "js", "cnn.js"), "--backend", "cpu", "--steps", tfjsSteps, "--warmup", "1"], env));
    records.push(...runReference("tfjs-wasm", 1, process.execPath, [join(SHARED_BENCH, "js", "cnn.js"), "--backend", "wasm", "--steps", "200"], env));
  }
  records.push(...probe());
  appendRecords(file, records);
  const ratios = records.filter((r) => r.workload === "probe").map((r) => r.value.toFixed(2));
  const table = [
    cnnTable(records),
    "",
    `Command: \`npx tsx bench/cnn.ts --steps ${steps} --threads ${threads}${reference ? "" : " --no-reference"}\` on ${cpus()[0]?.model ?? "?"} (${availableParallelism()} cores), ${new Date().toISOString().slice(0, 10)}, one run, all rows in the same run. ` +
      `lernwerk runs convolution as im2col/col2im + the backend's matmul. Probe parallel ratio before/after (2.00 = both cores free): ${ratios.join(", ")}.`,
  ].join("\n");
  console.log(`\n${table}\n\nrecords appended to ${file}`);
  if (process.argv.includes("--update")) updateSection(new URL("../BENCHMARKS.md", import.meta.url).pathname, "cnn", table);
  process.exit(0);
}
