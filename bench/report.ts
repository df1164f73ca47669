/**
 * @file The matmul table of BENCHMARKS.md from RESULT records: median over passes per implementation
 * and size, with lernwerk's ratio to PyTorch and NumPy; rewrites only its own marked section.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { median, type BenchRecord } from "./harness.ts";

const fmt = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(1));

function cell(records: readonly BenchRecord[], impl: string, size: number, threads: number): number[] {
  return records.filter((r) => r.workload === "matmul" && r.impl === impl && r.size === size && r.threads === threads).map((r) => r.value);
}

/** Markdown rows: workload, lernwerk, PyTorch, NumPy, TF.js wasm, TF.js cpu, ratios (median [min–max] over passes). */
export function matmulTable(records: readonly BenchRecord[], sizes: readonly number[], threads: number, baseline: Record<string, number[]>): string {
  const span = (xs: number[]) => (xs.length === 0 ? "–" : xs.length === 1 ? fmt(xs[0]) : `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`);
  const lines = [
    `| workload (GFLOP/s, ${threads} thread${threads > 1 ? "s" : ""}) | lernwerk | PyTorch | NumPy | TF.js wasm | TF.js cpu | lernwerk / PyTorch | lernwerk / NumPy |`,
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const n of sizes) {
    const lwv = cell(records, "lernwerk", n, threads), tv = cell(records, "torch", n, threads), nv = cell(records, "numpy", n, threads);
    const wasm = cell(records, "tfjs-wasm", n, 1), cpu = cell(records, "tfjs-cpu", n, 1);
    const ratio = (ref: number[]) => (lwv.length && ref.length ? `${(median(lwv) / median(ref)).toFixed(2)}×` : "–");
    const wasmCell = wasm.length ? span(wasm) : baseline[`wasm${n}`] ? `${fmt(baseline[`wasm${n}`][0])}*` : "–";
    const cpuCell = cpu.length ? span(cpu) : baseline[`cpu${n}`] ? `${fmt(baseline[`cpu${n}`][0])}*` : "–";
    lines.push(`| matmul ${n}³ fp32 | ${span(lwv)} | ${span(tv)} | ${span(nv)} | ${wasmCell} | ${cpuCell} | ${ratio(tv)} | ${ratio(nv)} |`);
  }
  return lines.join("\n");
}

/** Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in the file. */
export function updateSection(file: string, name: string, body: string): void {
  const text = readFileSync(file, "utf8");
  const open = `<!-- bench:${name} -->`, close = `<!-- /bench:${name} -->`;
  const i = text.indexOf(open), j = text.indexOf(close);
  if (i < 0 || j < i) throw new Error(`${file} has no ${open} … ${close} section`);
  writeFileSync(file, `${text.slice(0, i + open.length)}\n${body}\n${text.slice(j)}`);
}
