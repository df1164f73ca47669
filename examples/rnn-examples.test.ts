/** @file The recurrent-network examples in their smoke modes: each runs end to end on its real data and its printed claims are checked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as sentiment } from "./lstm-sentiment.ts";
import { main as germanDemo } from "./lstm-german-demo.ts";
import { main as charGenerator } from "./char-lstm-generator.ts";
import { main as weather } from "./lstm-weather.ts";
import { DING, main as translate } from "./translate-de-en.ts";
import { needsData } from "../test/data/needs.ts";

test("LSTM sentiment (smoke: 300 sentences, 1 epoch) tokenizes, packs, trains and evaluates", () => {
  const lines: string[] = [];
  const r = sentiment({ epochs: 1, limit: 300, log: (...a) => lines.push(a.join(" ")) });
  assert.equal(lines[0], `240 training and 60 test sentences, vocabulary ${r.vocabSize} words, at most 40 words each`);
  assert.ok(r.vocabSize > 500 && r.vocabSize < 1200, `vocabulary of 240 sentences, got ${r.vocabSize}`);
  assert.ok(r.trainLoss[0] > 0.5 && r.trainLoss[0] < 0.75, `one epoch starts near ln 2, got ${r.trainLoss[0]}`);
  assert.ok(Math.abs(r.testAccuracy * 60 - Math.round(r.testAccuracy * 60)) < 1e-9, "accuracy counts whole test sentences");
  assert.match(lines.at(-1)!, /^test accuracy \d+\.\d% \(\d+\.\d s\)$/);
});

test("the German course demo (full run, 12 sentences) fits its sentences and reads new ones right", () => {
  const lines: string[] = [];
  const r = germanDemo({ log: (...a) => lines.push(a.join(" ")) });
  assert.equal(r.trainAccuracy, 1);
  const [[, pos], [, neg]] = r.predictions;
  assert.ok(pos > 0.5 && neg < 0.5, `"Das Hotel war gut" positive, "… schlecht und langweilig" negative: ${pos}, ${neg}`);
  assert.ok(lines.some((l) => l.startsWith("padded sequences (pre-padded to 7):\n  [0, 0, ")), "Keras pre-padding");
});

test("character generator (smoke: 3 steps on 20,000 characters of Moby-Dick) trains, validates and samples at four temperatures", () => {
  const lines: string[] = [];
  const r = charGenerator({ steps: 3, evalEvery: 3, batchSize: 4, seqLength: 20, hiddenSize: 16, textLimit: 20000, sampleLength: 40, log: (...a) => lines.push(a.join(" ")) });
  assert.equal(lines[0], "Moby-Dick: 20,000 characters (18,000 train / 2,000 validation), vocabulary 66");
  assert.deepEqual(r.valLoss.map((v) => v.step), [0, 3]);
  assert.ok(Math.abs(r.valLoss[0].loss - Math.log(66)) < 0.3, `an untrained model is near uniform: ${r.valLoss[0].loss}`);
  assert.ok(r.valLoss[1].loss < r.valLoss[0].loss, "three Adam steps lower the validation loss");
  r.valLoss.forEach((v) => assert.ok(Math.abs(v.perplexity - Math.exp(v.loss)) < 1e-9));
  assert.deepEqual(r.samples.map((s) => s.temperature), [0.2, 0.5, 0.8, 1.2]);
  for (const s of r.samples) assert.ok(s.text.startsWith("Call me Ishmael. ") && [...s.text].length === 17 + 40, s.text);
});

test("Seattle weather LSTM (smoke: 64 windows, 1 epoch) forecasts 2015 and reports the naive baseline", () => {
  const lines: string[] = [];
  const r = weather({ epochs: 1, trainLimit: 64, log: (...a) => lines.push(a.join(" ")) });
  assert.equal(lines[0], "Seattle weather: 1461 days; 64 training windows of 30 days (2012–2014), 365 test days (2015)");
  assert.equal(r.testDays, 365);
  assert.ok(Math.abs(r.naiveMae - 2.24) < 0.005, `the persistence forecast of 2015 is off by 2.24 °C on average, got ${r.naiveMae}`);
  assert.ok(r.naiveRmse > r.naiveMae && Number.isFinite(r.lstmMae) && r.lstmMae > 0);
  assert.match(lines.at(-1)!, /^2015, next-day temp_max: LSTM MAE \d+\.\d\d °C, RMSE \d+\.\d\d °C; naive \(same as today\) MAE 2\.24 °C/);
});

test("German→English translation (smoke: 300 Ding pairs, 3 steps) trains, decodes greedy and beam, scores BLEU, draws the attention", needsData(DING, "trans-de-en (apt)"), () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-translate-"));
  try {
    const lines: string[] = [];
    const r = translate({ steps: 3, pairLimit: 300, testSize: 10, hiddenSize: 16, embeddingDim: 8, heatmapPath: join(dir, "attention.svg"), log: (...a) => lines.push(a.join(" ")) });
    assert.ok(r.pairs > 6000, `Ding has over 6,000 sentence pairs of at most 8 words, got ${r.pairs}`);
    assert.equal(r.trainPairs, 290);
    assert.equal(r.testPairs, 10);
    assert.ok(Math.abs(r.losses[0] - Math.log(r.tgtVocab)) < 0.5, `the first loss is near ln V: ${r.losses[0]} vs ${Math.log(r.tgtVocab)}`);
    assert.ok(r.bleuGreedy >= 0 && r.bleuGreedy <= 1 && r.bleuBeam >= 0 && r.bleuBeam <= 1);
    assert.equal(r.examples.length, 8);
    assert.deepEqual(r.heatmap, [join(dir, "attention.svg"), join(dir, "attention.png")]);
    assert.deepEqual([...readFileSync(r.heatmap[1]).subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""), "PNG");
    assert.match(readFileSync(r.heatmap[0], "utf8"), /<rect x="\d+" y="\d+" width="34" height="34" fill="rgb\(\d+,\d+,255\)"/);
    assert.ok(lines.some((l) => /^\nheld-out corpus BLEU \(10 sentences\): greedy \d+\.\d\d, beam 4: \d+\.\d\d$/.test(l)));
    assert.ok(lines.some((l) => /^BLEU-1 \/ BLEU-2: greedy \d+\.\d \/ \d+\.\d, beam \d+\.\d \/ \d+\.\d$/.test(l)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
