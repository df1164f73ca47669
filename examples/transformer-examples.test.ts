/** @file Smoke runs of the transformer examples: self-attention step by step, German→English with the transformer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { needsData } from "../test/data/needs.ts";
import { main as selfAttention } from "./self-attention-steps.ts";
import { DING } from "./translate-de-en.ts";
import { main as translate } from "./translate-transformer.ts";

test("self-attention step by step: hand-checkable Q, K, V, causal weights, output equal to F.scaledDotProductAttention", () => {
  const lines: string[] = [];
  const r = selfAttention((...a) => lines.push(a.join(" ")));
  assert.deepEqual(r.q.tolist(), [[2, 1], [0, 2], [1, 1], [1, 2]]);
  assert.deepEqual([...r.weights.triu(1).toTypedArray()], new Array(16).fill(0), "no weight on future tokens");
  assert.deepEqual(r.weights.select(0, 0).tolist(), [1, 0, 0, 0], "the first token sees only itself");
  const third = r.weights.select(0, 2).tolist() as number[];
  third.slice(0, 3).forEach((w) => assert.ok(Math.abs(w - 1 / 3) < 1e-6, "equal scores → equal weights"));
  assert.deepEqual(r.output.select(0, 0).tolist(), [3, 2], "row 0 = V row 0");
  const [o, f] = [r.output.toTypedArray(), r.fused.toTypedArray()];
  o.forEach((x, i) => assert.ok(Math.abs(x - f[i]) < 1e-6));
  assert.ok(lines.some((l) => l.includes("-inf")), "the masked scores are printed with −∞");
  assert.equal(lines.length, 9);
});

test("German→English with the transformer (smoke: 300 Ding pairs, 3 steps): trains, decodes greedily, scores BLEU", needsData(DING, "trans-de-en (apt)"), () => {
  const lines: string[] = [];
  const r = translate({ steps: 3, pairLimit: 300, testSize: 8, dModel: 16, nhead: 2, layers: 1, dimFeedforward: 32, log: (...a) => lines.push(a.join(" ")) });
  assert.equal(r.trainPairs, 292);
  assert.equal(r.testPairs, 8);
  assert.equal(r.losses.length, 3);
  assert.ok(r.losses.every(Number.isFinite) && r.losses[0] > 2, `finite losses near ln V: ${r.losses}`);
  assert.ok(r.bleu >= 0 && r.bleu <= 1);
  assert.equal(r.bleuGru, null);
  assert.equal(r.examples.length, 6);
  assert.ok(lines.some((l) => /^\ntransformer: held-out corpus BLEU \(8 sentences, greedy\) \d+\.\d\d; \d+ ms per training step \(batch 32\)$/.test(l)));
});
