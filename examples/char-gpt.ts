/**
 * @file Character-level GPT on Moby-Dick with nanoGPT's shakespeare-char recipe (default; hours on 2 CPU cores),
 * a `--small` preset that trains in minutes, and `--smoke` for the tests: train/val loss printed and plotted, samples printed.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";
import { mobyDickChars } from "./char-lstm-generator.ts";

const { GPT2LMHeadModel } = lw.models;

export interface CharGptOptions {
  nLayer?: number; nHead?: number; nEmbd?: number; blockSize?: number; dropout?: number;
  batchSize?: number; steps?: number; lr?: number; minLr?: number; warmup?: number; weightDecay?: number;
  evalEvery?: number; evalBatches?: number; textLimit?: number; sampleLength?: number; seed?: number;
  outDir?: string; log?: (...a: unknown[]) => void;
}

/** nanoGPT config/train_shakespeare_char.py, on Moby-Dick instead of Shakespeare (none is offline). */
export const RECIPE: CharGptOptions = {
  nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256, dropout: 0.2, batchSize: 64, steps: 5000,
  lr: 1e-3, minLr: 1e-4, warmup: 100, weightDecay: 0.1, evalEvery: 250, evalBatches: 20,
};
/** Minutes on a loaded 2-core CPU: a quarter of the width, a quarter of the context. */
export const SMALL: CharGptOptions = {
  nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, dropout: 0.1, batchSize: 16, steps: 600,
  lr: 2e-3, minLr: 2e-4, warmup: 50, weightDecay: 0.1, evalEvery: 100, evalBatches: 4,
};
export const SMOKE: CharGptOptions = {
  nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, dropout: 0.2, batchSize: 4, steps: 3,
  warmup: 1, evalEvery: 3, evalBatches: 1, textLimit: 20000, sampleLength: 40,
};

export interface CharGptResult { train: number[]; val: number[]; steps: number[]; sample: string; files: string[]; msPerStep: number }

export function main(options: CharGptOptions = RECIPE): CharGptResult {
  const o = { ...RECIPE, ...options };
  const log = o.log ?? console.log;
  const gen = lw.manualSeed(o.seed ?? 1337);
  const { vocab, ids, train, val } = mobyDickChars(o.textLimit);
  const n = train.length, split = { train, val };
  const T = o.blockSize!, B = o.batchSize!;
  log(`Moby-Dick: ${ids.length.toLocaleString("en-US")} characters (${n.toLocaleString("en-US")} train), vocabulary ${vocab.size}`);

  const model = new GPT2LMHeadModel({
    vocabSize: vocab.size, nPositions: T, nEmbd: o.nEmbd, nLayer: o.nLayer, nHead: o.nHead, bias: false,
    activationFunction: "gelu", residPdrop: o.dropout, embdPdrop: o.dropout, attnPdrop: o.dropout, eosTokenId: null,
  });
  log(`GPT: ${o.nLayer} layers, ${o.nHead} heads, ${o.nEmbd} channels, context ${T}: ${(model.numParameters() / 1e6).toFixed(2)} M parameters`);
  // nanoGPT: weight decay on 2-D weights only; betas (0.9, 0.99) for a small data set.
  const params = model.parameters();
  const opt = new lw.optim.AdamW([
    { params: params.filter((p) => p.ndim >= 2), weightDecay: o.weightDecay },
    { params: params.filter((p) => p.ndim < 2), weightDecay: 0 },
  ], { lr: o.lr, betas: [0.9, 0.99] });
  const steps = o.steps!, warmup = o.warmup!, ratio = o.minLr! / o.lr!;
  // Linear warm-up, then cosine decay to minLr (nanoGPT get_lr).
  const sched = new lw.optim.lrScheduler.LambdaLR(opt, (it) => it < warmup ? (it + 1) / (warmup + 1)
    : ratio + 0.5 * (1 - ratio) * (1 + Math.cos((Math.PI * Math.min(1, (it - warmup) / Math.max(1, steps - warmup))))));

  const batch = (data: Int32Array): { x: lw.Tensor; y: lw.Tensor } => {
    const x = new Int32Array(B * T), y = new Int32Array(B * T);
    Array.from(gen.integers(B, 0, data.length - T - 1)).forEach((s, b) => { x.set(data.subarray(s, s + T), b * T); y.set(data.subarray(s + 1, s + T + 1), b * T); });
    return { x: lw.fromTypedArray(x, [B, T]), y: lw.fromTypedArray(y, [B * T]) };
  };
  const lossOf = (x: lw.Tensor, y: lw.Tensor): lw.Tensor => lw.nn.functional.crossEntropy(model.forward(x).logits.reshape(B * T, vocab.size), y);
  const estimate = (data: Int32Array): number => lw.noGrad(() => {
    let s = 0;
    for (let i = 0; i < o.evalBatches!; i++) { const { x, y } = batch(data); s += lossOf(x, y).item(); }
    return s / o.evalBatches!;
  });
  const history = new lw.train.History();
  const res: CharGptResult = { train: [], val: [], steps: [], sample: "", files: [], msPerStep: 0 };
  const evaluate = (step: number) => {
    model.eval();
    const [tr, va] = [estimate(split.train), estimate(split.val)];
    model.train();
    res.train.push(tr); res.val.push(va); res.steps.push(step);
    history.append(res.steps.length - 1, { loss: tr, val_loss: va });
    log(`step ${step}: train loss ${tr.toFixed(4)}, val loss ${va.toFixed(4)}, lr ${opt.paramGroups[0].lr.toExponential(2)}`);
  };
  let time = 0;
  evaluate(0);
  for (let step = 1; step <= steps; step++) {
    const t0 = performance.now();
    const { x, y } = batch(split.train);
    const loss = lossOf(x, y);
    opt.zeroGrad();
    loss.backward();
    lw.optim.clipGradNorm(params, 1.0);
    opt.step();
    sched.step();
    time += performance.now() - t0;
    if (step % o.evalEvery! === 0 || step === steps) evaluate(step);
  }
  res.msPerStep = time / steps;
  log(`${res.msPerStep.toFixed(0)} ms per step (batch ${B} × ${T} characters)`);
  res.files = lw.plot.history(history, join(o.outDir ?? tmpdir(), "char-gpt.svg"), { title: "char-GPT on Moby-Dick", xLabel: `evaluation (every ${o.evalEvery} steps)` });
  log(`learning curves: ${res.files.join(", ")}`);
  const prompt = "Call me Ishmael. ";
  const out = model.generate([vocab.encode(prompt)], { maxNewTokens: o.sampleLength ?? 500, truncation: "left", doSample: true, temperature: 0.8, topK: 40, generator: new lw.Generator(o.seed ?? 1337) });
  res.sample = vocab.decode(out[0]);
  log(`\n--- sample (temperature 0.8, top-k 40) ---\n${res.sample}`);
  return res;
}

if (isMain(import.meta.url)) {
  const i = process.argv.indexOf("--steps"), steps = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  const preset = isSmoke() ? SMOKE : process.argv.includes("--small") ? SMALL : RECIPE;
  main(steps === undefined ? preset : { ...preset, steps, evalEvery: Math.max(preset.evalEvery!, Math.round(steps / 20)) });
}
