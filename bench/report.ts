/**
 * @file The one BENCHMARKS.md table of `npm run bench` from a run's RESULT records: per workload and metric the median over
 * passes [min–max] of lernwerk, PyTorch, NumPy and TF.js, lernwerk's ratios as speed; rewrites only its own marked section.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { median, type BenchRecord } from "./harness.ts";

interface Row {
  workload: string;
  metric: string;
  title: string;
  /** Which way is better: "higher" (GFLOP/s, tokens/s), "lower" (s, ms, MB) or none (accuracy: no ratio). */
  better: "higher" | "lower" | "none";
  size?: number;
}

const ROWS: readonly Row[] = [
  { workload: "mlp", metric: "median_epoch_train_s", title: "quickstart MLP: one epoch's training, s", better: "lower" },
  { workload: "mlp", metric: "acc_epoch1", title: "quickstart MLP: test accuracy after it, %", better: "none" },
  { workload: "mlp", metric: "peak_rss_mb", title: "quickstart MLP: peak RSS of the process, MB", better: "lower" },
  { workload: "cnn", metric: "time_200_steps_s", title: "small CNN: 200 Adam steps, s", better: "lower" },
  { workload: "lstm", metric: "step_ms", title: "char LSTM: one training step, ms", better: "lower" },
  { workload: "gpt", metric: "train_tokens_per_s", title: "char GPT: training tokens/s", better: "higher" },
  { workload: "gpt", metric: "gen_tokens_per_s_no_cache", title: "char GPT: generation tokens/s, no cache", better: "higher" },
  { workload: "gpt", metric: "gen_tokens_per_s_kv_cache", title: "char GPT: generation tokens/s, KV cache", better: "higher" },
];

const COLUMNS = [["lernwerk", "lernwerk"], ["torch", "PyTorch"], ["numpy", "NumPy"], ["tfjs-wasm", "TF.js wasm"], ["tfjs-cpu", "TF.js cpu"]] as const;

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2));

/** A cell: its values (one per pass), whether they are ../shared/bench/results.md's and extrapolated, or why there are none. */
interface Cell { values: number[]; baseline: boolean; extrapolated: boolean; error?: string }

function cell(records: readonly BenchRecord[], baselines: readonly BenchRecord[], row: Row, impl: string): Cell {
  for (const [rs, baseline] of [[records, false], [baselines, true]] as const) {
    // "tfjs-wasm (one-hot embed)" is a tfjs-wasm run: the suffix says how it fed the tokens.
    const mine = rs.filter((r) => r.workload === row.workload && (r.impl === impl || String(r.impl).startsWith(`${impl} `)) && (row.size === undefined || r.size === row.size));
    const hits = mine.filter((r) => r.metric === row.metric && typeof r.value === "number");
    const values = [...new Map(hits.map((r) => [r.pass ?? 0, r.value as number])).values()]; // one per pass: a script may repeat a metric
    const error = mine.find((r) => r.metric === "error");
    if (values.length || error) return { values, baseline, extrapolated: hits.some((r) => r.extrapolated_from_steps), error: values.length ? undefined : String(error?.value) };
  }
  return { values: [], baseline: false, extrapolated: false };
}

function show(c: Cell): string {
  const star = c.baseline ? "*" : "";
  if (c.error) return `fails${star}`;
  if (c.values.length === 0) return "–";
  const [lo, hi] = [Math.min(...c.values), Math.max(...c.values)];
  return `${c.extrapolated ? "≈" : ""}${fmt(median(c.values))}${star}${lo < hi ? ` [${fmt(lo)}–${fmt(hi)}]` : ""}`;
}

function ratio(row: Row, lw: Cell, ref: Cell): string {
  if (row.better === "none" || !lw.values.length || !ref.values.length) return "–";
  const [a, b] = [median(lw.values), median(ref.values)];
  return `${(row.better === "higher" ? a / b : b / a).toFixed(2)}×${ref.baseline ? "*" : ""}`;
}

/** The Markdown table of the workloads in `records` (rows in ROWS order, matmul first), and one note per failed run. */
export function workloadsTable(records: readonly BenchRecord[], baselines: readonly BenchRecord[], threads: number): { table: string; notes: string[] } {
  const ran = new Set(records.filter((r) => r.impl === "lernwerk").map((r) => r.workload));
  const sizes = [...new Set(records.filter((r) => r.workload === "matmul" && typeof r.size === "number").map((r) => r.size as number))].sort((a, b) => a - b);
  const rows: Row[] = [...sizes.map((size): Row => ({ workload: "matmul", metric: "gflops", title: `matmul ${size}³ fp32, GFLOP/s`, better: "higher", size })), ...ROWS].filter((r) => ran.has(r.workload));
  const notes = new Set<string>();
  const lines = [
    `| workload, metric (${threads} thread${threads > 1 ? "s" : ""}; TF.js 1) | ${COLUMNS.map(([, name]) => name).join(" | ")} | lernwerk vs PyTorch | vs NumPy | vs TF.js wasm |`,
    `|---|${"---|".repeat(COLUMNS.length + 3)}`,
  ];
  for (const row of rows) {
    const cells = COLUMNS.map(([impl]) => cell(records, baselines, row, impl));
    cells.forEach((c, i) => c.error && notes.add(`${COLUMNS[i][1]} ${row.workload}${c.baseline ? "*" : ""}: ${c.error}`));
    lines.push(`| ${row.title} | ${cells.map(show).join(" | ")} | ${ratio(row, cells[0], cells[1])} | ${ratio(row, cells[0], cells[2])} | ${ratio(row, cells[0], cells[3])} |`);
  }
  return { table: lines.join("\n"), notes: [...notes] };
}

/** Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in the file. */
export function updateSection(file: string, name: string, body: string): void {
  const text = readFileSync(file, "utf8");
  const open = `<!-- bench:${name} -->`, close = `<!-- /bench:${name} -->`;
  const i = text.indexOf(open), j = text.indexOf(close);
  if (i < 0 || j < i) throw new Error(`${file} has no ${open} … ${close} section`);
  writeFileSync(file, `${text.slice(0, i + open.length)}\n${body}\n${text.slice(j)}`);
}

/** How a run was made, for the lines under the table. */
export interface RunInfo {
  command: string;
  machine: string;
  date: string;
  threads: number;
  passes: number;
  lernwerk: string;
  torch: string;
  tfjs: string;
  probes: string;
  quick: boolean;
}

/** The lines under the table: command, machine, threads, method, marks, probe ratios, failed runs. */
export function summary(info: RunInfo, notes: readonly string[]): string {
  return [
    info.quick ? "**--quick smoke run: tiny step counts, the numbers mean nothing.** " : "",
    `Command: \`${info.command}\` on ${info.machine}, ${info.date}. lernwerk ${info.lernwerk}, PyTorch ${info.torch} and NumPy with ${info.threads} thread${info.threads > 1 ? "s" : ""}, `,
    `${info.passes} interleaved pass${info.passes > 1 ? "es" : ""}, each run a fresh process; cells: median over passes [min–max]. TF.js ${info.tfjs}. `,
    "Ratios are speeds: > 1 means lernwerk is faster (for times the inverse ratio; for peak RSS: smaller). ",
    "\\* = ../shared/bench/results.md's number (another machine: 2 vCPU Sapphire Rapids, AVX-512), not measured in this run; ≈ = extrapolated from a few steps; TF.js wasm feeds LSTM/GPT tokens as one-hot × matrix (its gather has no gradient). ",
    `Probe parallel ratio before/after each workload (2.00 = both cores free): ${info.probes}.`,
    notes.length ? `\n\n${notes.map((n) => `- fails: ${n}`).join("\n")}` : "",
  ].join("");
}
