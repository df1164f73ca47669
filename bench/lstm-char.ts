/**
 * @file The lstm workload of ../shared/bench on lernwerk, next to PyTorch and TF.js in one run: Embedding(65, 64)
 * → LSTM(64, 256, batch-first) → Linear(256, 65), sequence 100, batch 64, cross-entropy, Adam 1e-3; time per step.
 * Run: `npx tsx bench/lstm-char.ts [--steps 5] [--passes 2] [--threads 1] [--no-reference]`.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import * as lw from "lernwerk";
import { PY, SHARED_BENCH, appendRecords, median, probe, runReference, tfjsAvailable, type BenchRecord } from "./harness.ts";

const [V, E, H, T, B] = [65, 64, 256, 100, 64];
const arg = (name: string, dflt: number): number => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : dflt; };

/** The same 65-symbol text as ../shared/bench's textdata (common licences), loaded by its own code. */
const textdata = createRequire(import.meta.url)(join(SHARED_BENCH, "js", "textdata.js")) as {
  loadTokens(v: number): Int32Array; rng(seed: number): () => number; batch(d: Int32Array, b: number, t: number, r: () => number): { x: Int32Array; y: Int32Array };
};

class CharLSTMBench extends lw.nn.Module {
  emb = new lw.nn.Embedding(V, E);
  lstm = new lw.nn.LSTM(E, H, { batchFirst: true });
  head = new lw.nn.Linear(H, V);
  forward(x: lw.Tensor): lw.Tensor {
    return this.head.forward(this.lstm.forward(this.emb.forward(x))[0]);
  }
}

/** Median milliseconds per training step (batch creation included, as the reference scripts). */
export function lernwerkLstm(steps: number, warmup: number, threads: number): BenchRecord[] {
  lw.manualSeed(0);
  const model = new CharLSTMBench();
  const opt = new lw.optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new lw.nn.CrossEntropyLoss();
  const data = textdata.loadTokens(V), rand = textdata.rng(0);
  let loss = NaN;
  const step = (): void => {
    const { x, y } = textdata.batch(data, B, T, rand);
    const l = lossFn.forward(model.forward(lw.fromTypedArray(x, [B, T])).reshape(B * T, V), lw.fromTypedArray(y, [B * T]));
    opt.zeroGrad();
    l.backward();
    opt.step();
    loss = l.item();
  };
  for (let i = 0; i < warmup; i++) step();
  const ts: number[] = [];
  for (let i = 0; i < steps; i++) { const t0 = performance.now(); step(); ts.push(performance.now() - t0); }
  const ms = median(ts);
  console.log(`[lernwerk lstm] backend ${lw.currentBackend().name}: step median ${ms.toFixed(0)} ms (min ${Math.min(...ts).toFixed(0)}), ${(B * T / (ms / 1000)).toFixed(0)} tokens/s, loss ${loss.toFixed(3)}`);
  const kw = { threads, steps, backend: lw.currentBackend().name };
  return [
    { workload: "lstm", impl: `lernwerk-${lw.currentBackend().name}`, metric: "step_ms", value: +ms.toFixed(1), unit: "ms", ...kw },
    { workload: "lstm", impl: `lernwerk-${lw.currentBackend().name}`, metric: "tokens_per_s", value: +(B * T / (ms / 1000)).toFixed(1), unit: "tok/s", ...kw },
    { workload: "lstm", impl: `lernwerk-${lw.currentBackend().name}`, metric: "loss_after", value: +loss.toFixed(3), unit: "", ...kw },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const steps = arg("steps", 5), passes = arg("passes", 1), threads = arg("threads", 1);
  const records: BenchRecord[] = [...probe()];
  for (let p = 0; p < passes; p++) {
    for (const backend of lw.listBackends()) {
      lw.setBackend(backend);
      records.push(...lernwerkLstm(steps, 1, threads));
    }
    if (process.argv.includes("--no-reference")) continue;
    records.push(...runReference("torch", threads, PY, [join(SHARED_BENCH, "py", "lstm.py"), "--threads", String(threads), "--steps", String(Math.max(steps, 5))]));
    if (tfjsAvailable()) {
      const env = { NODE_PATH: process.env.NODE_PATH ?? "/tmp/bench/node/node_modules" };
      records.push(...runReference("tfjs-wasm", 1, process.execPath, [join(SHARED_BENCH, "js", "lstm.js"), "--backend", "wasm", "--embed", "onehot", "--steps", "2", "--warmup", "1"], env));
    }
  }
  records.push(...probe());
  for (const r of records.filter((r) => r.metric === "step_ms" || r.metric === "parallel_ratio")) console.log(JSON.stringify(r));
  appendRecords(process.env.BENCH_OUT ?? new URL("./results/lstm.jsonl", import.meta.url).pathname, records);
  process.exit(0);
}
