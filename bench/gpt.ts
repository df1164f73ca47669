/**
 * @file The gpt workload of ../shared/bench on lernwerk (models/gpt.ts), next to PyTorch's py/gpt.py in one run: vocabulary 65,
 * context 128, 4 layers, 4 heads, 128 channels, no biases, tied head, batch 32, AdamW; training tokens/s and greedy generation
 * tokens/s (batch 1, 256 new tokens) with and without the KV cache. Run: `npx tsx bench/gpt.ts [--steps 5] [--gen 256] [--no-reference]`.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import * as lw from "lernwerk";
import { PY, SHARED_BENCH, appendRecords, median, probe, runReference, type BenchRecord } from "./harness.ts";

const [V, BLOCK, NL, NH, C, B] = [65, 128, 4, 4, 128, 32];
const arg = (name: string, dflt: number): number => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : dflt; };
const textdata = createRequire(import.meta.url)(join(SHARED_BENCH, "js", "textdata.js")) as {
  loadTokens(v: number): Int32Array; rng(seed: number): () => number; batch(d: Int32Array, b: number, t: number, r: () => number): { x: Int32Array; y: Int32Array };
};

export function lernwerkGpt(steps: number, gen: number): BenchRecord[] {
  lw.manualSeed(0);
  const model = new lw.models.GPT2LMHeadModel({ vocabSize: V, nPositions: BLOCK, nEmbd: C, nLayer: NL, nHead: NH, bias: false, activationFunction: "gelu", residPdrop: 0, embdPdrop: 0, attnPdrop: 0, eosTokenId: null });
  const ps = model.parameters();
  const opt = new lw.optim.AdamW([{ params: ps.filter((p) => p.ndim >= 2), weightDecay: 0.1 }, { params: ps.filter((p) => p.ndim < 2), weightDecay: 0 }], { lr: 1e-3, betas: [0.9, 0.99] });
  const data = textdata.loadTokens(V), rand = textdata.rng(0);
  let loss = NaN;
  const step = (): void => {
    const { x, y } = textdata.batch(data, B, BLOCK, rand);
    const logits = model.forward(lw.fromTypedArray(x, [B, BLOCK])).logits;
    const l = lw.nn.functional.crossEntropy(logits.reshape(B * BLOCK, V), lw.fromTypedArray(y, [B * BLOCK]));
    opt.zeroGrad();
    l.backward();
    opt.step();
    loss = l.item();
  };
  step();
  const ts: number[] = [];
  for (let i = 0; i < steps; i++) { const t0 = performance.now(); step(); ts.push(performance.now() - t0); }
  const ms = median(ts), tokS = (B * BLOCK) / (ms / 1000);
  const be = lw.currentBackend().name, impl = `lernwerk-${be}`;
  console.log(`[lernwerk gpt] backend ${be}, ${model.numParameters()} params: train step median ${ms.toFixed(0)} ms, ${tokS.toFixed(0)} tokens/s, loss ${loss.toFixed(3)}`);
  const a = model.generate([[0]], { maxNewTokens: 127, useCache: false }), b = model.generate([[0]], { maxNewTokens: 127 });
  if (a[0].join() !== b[0].join()) throw new Error("KV-cache generation differs from full recompute");
  const kw = { threads: 1, steps, backend: be, batch: B, block: BLOCK };
  const records: BenchRecord[] = [
    { workload: "gpt", impl, metric: "train_step_ms", value: +ms.toFixed(1), unit: "ms", ...kw },
    { workload: "gpt", impl, metric: "train_tokens_per_s", value: +tokS.toFixed(1), unit: "tok/s", ...kw },
  ];
  for (const useCache of [false, true]) {
    const t0 = performance.now();
    model.generate([[0]], { maxNewTokens: gen, useCache });
    const s = (performance.now() - t0) / 1000;
    console.log(`[lernwerk gpt] generate ${gen} tokens (${useCache ? "kv_cache" : "no_cache"}): ${s.toFixed(2)} s, ${(gen / s).toFixed(1)} tokens/s`);
    records.push({ workload: "gpt", impl, metric: `gen_tokens_per_s_${useCache ? "kv_cache" : "no_cache"}`, value: +(gen / s).toFixed(1), unit: "tok/s", ...kw });
  }
  return records;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const steps = arg("steps", 5), gen = arg("gen", 256);
  const records: BenchRecord[] = [...probe(), ...lernwerkGpt(steps, gen)];
  if (!process.argv.includes("--no-reference")) {
    records.push(...runReference("torch", 1, PY, [join(SHARED_BENCH, "py", "gpt.py"), "--threads", "1", "--steps", String(Math.max(steps, 5)), "--gen", String(gen), "--gen-reps", "1"]));
  }
  records.push(...probe());
  for (const r of records) console.log(JSON.stringify(r));
  appendRecords(process.env.BENCH_OUT ?? new URL("./results/gpt.jsonl", import.meta.url).pathname, records);
  process.exit(0);
}
