/**
 * @file The gpt workload of ../shared/bench on lernwerk (models/gpt.ts): vocabulary 65, context 128, 4 layers, 4 heads, 128 channels,
 * no biases, tied head, batch 32, AdamW; training tokens/s and greedy generation tokens/s (batch 1) with and without the KV cache.
 * Alone: `node --import tsx bench/gpt.ts [--steps 20] [--warmup 3] [--gen 256] [--gen-reps 3] [--threads 2]`.
 */
import * as lw from "lernwerk";
import { arg, isMain, median, timeSteps, runAlone, type BenchRecord } from "./harness.ts";
import { textdata } from "./textdata.ts";

const [V, BLOCK, NL, NH, C, B] = [65, 128, 4, 4, 128, 32];

export function lernwerkGpt(steps: number, warmup: number, gen: number, genReps: number, threads: number): BenchRecord[] {
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
  const ts = timeSteps(step, warmup, steps);
  const ms = median(ts), tokS = (B * BLOCK) / (ms / 1000);
  const backend = lw.currentBackend().name;
  console.log(`[lernwerk gpt] backend ${backend}, ${model.numParameters()} params: train step median ${ms.toFixed(0)} ms, ${tokS.toFixed(0)} tokens/s, loss ${loss.toFixed(3)}`);
  const check = Math.min(127, gen); // the cache is rebuilt at 128 positions: up to there both must agree
  const a = model.generate([[0]], { maxNewTokens: check, useCache: false }), b = model.generate([[0]], { maxNewTokens: check });
  if (a[0].join() !== b[0].join()) throw new Error("KV-cache generation differs from full recompute");
  const kw = { threads, steps, backend, batch: B, block: BLOCK };
  const records: BenchRecord[] = [
    { workload: "gpt", impl: "lernwerk", metric: "train_step_ms", value: +ms.toFixed(1), unit: "ms", ...kw },
    { workload: "gpt", impl: "lernwerk", metric: "train_tokens_per_s", value: +tokS.toFixed(1), unit: "tok/s", ...kw },
    { workload: "gpt", impl: "lernwerk", metric: "loss_after", value: +loss.toFixed(3), unit: "", ...kw },
  ];
  for (const useCache of [false, true]) {
    // As gpt.js and gpt.py: one warm-up run when repeating, then the median of genReps runs.
    const ts = timeSteps(() => { model.generate([[0]], { maxNewTokens: gen, useCache }); }, genReps > 1 ? 1 : 0, genReps);
    const s = median(ts) / 1000;
    console.log(`[lernwerk gpt] generate ${gen} tokens (${useCache ? "kv_cache" : "no_cache"}): median ${s.toFixed(3)} s of ${genReps}, ${(gen / s).toFixed(1)} tokens/s`);
    records.push({ workload: "gpt", impl: "lernwerk", metric: `gen_tokens_per_s_${useCache ? "kv_cache" : "no_cache"}`, value: +(gen / s).toFixed(1), unit: "tok/s", ...kw });
  }
  return records;
}

if (isMain(import.meta.url)) runAlone((threads) => lernwerkGpt(Number(arg("steps", "20")), Number(arg("warmup", "3")), Number(arg("gen", "256")), Number(arg("gen-reps", "3")), threads));
