/**
 * @file The lstm workload of ../shared/bench on lernwerk: Embedding(65, 64) → LSTM(64, 256, batch-first) → Linear(256, 65),
 * sequence 100, batch 64, cross-entropy, Adam 1e-3; median time per step, batch creation included (as the reference scripts).
 * Alone: `node --import tsx bench/lstm-char.ts [--steps 10] [--warmup 2] [--threads 2]` (LERNWERK_BACKEND=js for the js backend).
 */
import * as lw from "lernwerk";
import { arg, isMain, median, timeSteps, runAlone, type BenchRecord } from "./harness.ts";
import { textdata } from "./textdata.ts";

const [V, E, H, T, B] = [65, 64, 256, 100, 64];

class CharLSTMBench extends lw.nn.Module {
  emb = new lw.nn.Embedding(V, E);
  lstm = new lw.nn.LSTM(E, H, { batchFirst: true });
  head = new lw.nn.Linear(H, V);
  forward(x: lw.Tensor): lw.Tensor {
    return this.head.forward(this.lstm.forward(this.emb.forward(x))[0]);
  }
}

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
  const ts = timeSteps(step, warmup, steps);
  const ms = median(ts), backend = lw.currentBackend().name;
  console.log(`[lernwerk lstm] backend ${backend}: step median ${ms.toFixed(0)} ms (min ${Math.min(...ts).toFixed(0)}), ${(B * T / (ms / 1000)).toFixed(0)} tokens/s, loss ${loss.toFixed(3)}`);
  const kw = { threads, steps, backend };
  return [
    { workload: "lstm", impl: "lernwerk", metric: "step_ms", value: +ms.toFixed(1), unit: "ms", ...kw },
    { workload: "lstm", impl: "lernwerk", metric: "tokens_per_s", value: +(B * T / (ms / 1000)).toFixed(1), unit: "tok/s", ...kw },
    { workload: "lstm", impl: "lernwerk", metric: "loss_after", value: +loss.toFixed(3), unit: "", ...kw },
  ];
}

if (isMain(import.meta.url)) runAlone((threads) => lernwerkLstm(Number(arg("steps", "10")), Number(arg("warmup", "2")), threads));
