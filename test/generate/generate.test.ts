/** @file lw.generate: temperature, top-k and top-p probabilities, seeded sampling frequencies, greedy and beam search on a known model. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { assertClose } from "../nn/close.ts";

const g = lw.generate;
const logits = lw.tensor([2, 1, 0.5, -1, 0]);
const softmax = (v: number[], t = 1): number[] => { const e = v.map((x) => Math.exp(x / t)); const s = e.reduce((a, b) => a + b); return e.map((x) => x / s); };

test("samplingProbs: temperature divides the logits, topK keeps k tokens, topP keeps the smallest nucleus", () => {
  const raw = [2, 1, 0.5, -1, 0];
  assertClose([...g.samplingProbs(raw, { temperature: 0.5 })], softmax(raw, 0.5), "temperature 0.5", { rtol: 1e-12, atol: 1e-12 });
  const p = softmax(raw);
  const k2 = g.samplingProbs(raw, { topK: 2 });
  assertClose([...k2], [p[0] / (p[0] + p[1]), p[1] / (p[0] + p[1]), 0, 0, 0], "top-2", { rtol: 1e-12, atol: 1e-12 });
  // p ≈ [0.53, 0.19, 0.12, 0.03, 0.07]: 0.53 + 0.19 = 0.72 < 0.8, adding 0.12 reaches it
  assert.deepEqual([...g.samplingProbs(raw, { topP: 0.8 })].map((v) => v > 0), [true, true, true, false, false]);
  assert.deepEqual([...g.samplingProbs(raw, { topP: 0.1 })].map((v) => v > 0), [true, false, false, false, false], "at least one token");
  assert.deepEqual([...g.samplingProbs(raw, { temperature: 0 })], [1, 0, 0, 0, 0]);
});

test("sample is seeded and draws with the right frequencies; greedy is the argmax", () => {
  const draw = (seed: number): number[] => { const gen = new lw.Generator(seed); return Array.from({ length: 20 }, () => g.sample(logits, { generator: gen, temperature: 1.5 })); };
  assert.deepEqual(draw(7), draw(7), "same seed, same tokens");
  assert.notDeepEqual(draw(7), draw(8));
  const gen = new lw.Generator(1), counts = [0, 0, 0, 0, 0], n = 6000;
  for (let i = 0; i < n; i++) counts[g.sample(logits, { generator: gen, topK: 3 })]++;
  const p = softmax([2, 1, 0.5]);
  counts.forEach((c, i) => assert.ok(Math.abs(c / n - (p[i] ?? 0)) < 0.025, `token ${i}: frequency ${c / n}, expected ${p[i] ?? 0}`));
  assert.equal(g.greedy(lw.tensor([0.1, 3, 2])), 1);
  assert.deepEqual(g.sampleBatch(lw.tensor([[0, 9, 0], [9, 0, 0]]), { temperature: 0 }), [1, 0]);
});

// A tiny language model with tokens END=0, A=1, B=2, C=3: after START, A 0.55 / B 0.45; after A, C 0.6 / END 0.4;
// after B, END 0.95; after C, END 1. Greedy takes A C (p = 0.33); B (p = 0.4275) is the most likely sequence.
const table: Record<number, number[]> = { [-1]: [0, 0.55, 0.45, 0], 1: [0.4, 0, 0, 0.6], 2: [0.95, 0.05, 0, 0], 3: [1, 0, 0, 0] };
const step: lw.generate.StepFn<number> = (token, calls) => ({ logits: lw.tensor(table[token].map((p) => Math.log(p))), state: calls + 1 });

test("greedy decoding follows the argmax; beam search finds the more likely sequence", () => {
  const gr = g.greedyDecode(step, -1, 0, { maxLength: 10, endToken: 0 });
  assert.deepEqual(gr.tokens, [1, 3]);
  assert.ok(Math.abs(gr.logProb - Math.log(0.55 * 0.6)) < 1e-6);
  const beams = g.beamSearch(step, -1, 0, { beamWidth: 2, maxLength: 10, endToken: 0, lengthPenalty: 0 });
  assert.deepEqual(beams[0].tokens, [2]);
  assert.ok(Math.abs(beams[0].logProb - Math.log(0.45 * 0.95)) < 1e-6);
  assert.equal(beams[0].state, 2, "the state after the end token is returned");
  const normalised = g.beamSearch(step, -1, 0, { beamWidth: 2, maxLength: 10, endToken: 0, lengthPenalty: 1 });
  assert.deepEqual(normalised[0].tokens, [1, 3], "per-token scores favour the longer sequence here");
  assert.deepEqual(g.beamSearch(step, -1, 0, { beamWidth: 1, maxLength: 10, endToken: 0 })[0].tokens, gr.tokens, "width 1 is greedy");
  assert.deepEqual(g.sampleSequence(step, -1, 0, { maxLength: 1, endToken: 0, temperature: 0 }).tokens, [1], "maxLength stops");
});

test("bad options are named", () => {
  assert.throws(() => g.sample(logits, { temperature: -1 }), /temperature must be a finite number ≥ 0, got -1/);
  assert.throws(() => g.sample(logits, { topK: 0 }), /topK must be a positive integer, got 0/);
  assert.throws(() => g.sample(logits, { topP: 1.5 }), /topP must be in \(0, 1\], got 1.5/);
  assert.throws(() => g.sample(lw.zeros(2, 3)), /sample: expected logits of shape \[vocab\], got \[2, 3\] \(sampleBatch takes \[batch, vocab\]\)/);
  assert.throws(() => g.beamSearch(step, -1, 0, { maxLength: 0 }), /beamSearch: maxLength must be a positive integer, got 0/);
  assert.throws(() => g.beamSearch(step, -1, 0, { maxLength: 3, beamWidth: 0 }), /beamWidth must be a positive integer, got 0/);
});
