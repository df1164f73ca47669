/** @file MultiheadAttention, transformer layers and positional encodings: shapes, masks, clones, train/eval, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { assertClose, type Nested } from "./close.ts";

const nn = lw.nn;

test("Transformer.generateSquareSubsequentMask: 0 on and below the diagonal, −∞ above", () => {
  assert.deepEqual(nn.Transformer.generateSquareSubsequentMask(3).tolist(), [[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
});

test("sinusoidalPositionalEncoding and PositionalEncoding: PE[pos, 2i] = sin(pos/10000^(2i/d)), cos at 2i+1; buffer pe (maxLen, 1, d)", () => {
  const pe = nn.sinusoidalPositionalEncoding(3, 4);
  const expect = [0, 1, 2].map((p) => [Math.sin(p), Math.cos(p), Math.sin(p / 100), Math.cos(p / 100)]);
  assertClose(pe, expect, "table");
  const m = new nn.PositionalEncoding(4, { dropout: 0, maxLen: 10 });
  assert.deepEqual(Object.keys(m.stateDict()), ["pe"]);
  assert.deepEqual(m.pe.shape, [10, 1, 4]);
  const x = lw.zeros([3, 2, 4]);
  assertClose(m.forward(x).select(1, 1), expect, "seq-first adds PE[t] to every batch");
  const bf = new nn.PositionalEncoding(4, { dropout: 0, maxLen: 10, batchFirst: true });
  assertClose(bf.forward(lw.zeros([2, 3, 4])).select(0, 1), expect, "batch-first");
  assert.throws(() => m.forward(lw.zeros([11, 1, 4])), /exceeds maxLen 10/);
});

test("LearnedPositionalEncoding: a trained table (maxLen, d) added per position, gradients reach it", () => {
  const m = new nn.LearnedPositionalEncoding(6, 4, { batchFirst: true });
  assert.deepEqual(Object.keys(m.stateDict()), ["weight"]);
  const y = m.forward(lw.zeros([2, 3, 4]));
  assertClose(y.select(0, 0), m.weight.narrow(0, 0, 3).tolist() as Nested, "rows 0..2");
  y.sum().backward();
  assert.deepEqual([...m.weight.grad!.sum(1).toTypedArray()], [8, 8, 8, 0, 0, 0]);
});

test("MultiheadAttention: unbatched input equals the batched result; weights rows sum to 1; bad shapes name the problem", () => {
  lw.manualSeed(0);
  const mha = new nn.MultiheadAttention(8, 2).eval();
  const x = lw.randn([5, 8]);
  const [y, w] = mha.forward(x, x, x);
  const [yb, wb] = mha.forward(x.unsqueeze(1), x.unsqueeze(1), x.unsqueeze(1));
  assertClose(y, yb.squeeze(1).tolist() as Nested, "output", { atol: 1e-5 });
  assert.deepEqual(w!.shape, [5, 5]);
  assertClose(w!, wb!.squeeze(0).tolist() as Nested, "weights");
  assertClose(w!.sum(-1), [1, 1, 1, 1, 1], "rows sum to 1");
  assert.deepEqual(Object.keys(mha.stateDict()), ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]);
  assert.throws(() => new nn.MultiheadAttention(10, 3), /divisible/);
  assert.throws(() => mha.forward(lw.randn([5, 2, 7]), x, x), /3-D|last dim/);
  assert.throws(() => mha.forward(x.unsqueeze(1), x.unsqueeze(1), x.unsqueeze(1), { keyPaddingMask: lw.ones([2, 5], { dtype: "bool" }) }), /keyPaddingMask must be \(1, 5\)/);
  const [, causalW] = mha.forward(x, x, x, { isCausal: true });
  assert.equal(causalW!.triu(1).abs().sum().item(), 0, "isCausal without a mask masks the future");
});

test("MultiheadAttention dropout acts only in training mode", () => {
  lw.manualSeed(1);
  const mha = new nn.MultiheadAttention(8, 2, { dropout: 0.5, batchFirst: true });
  const x = lw.randn([1, 16, 8]);
  const [, wTrain] = mha.forward(x, x, x, { averageAttnWeights: false });
  assert.ok([...wTrain!.toTypedArray()].some((v) => v === 0), "some weights dropped while training");
  const [, wEval] = mha.eval().forward(x, x, x, { averageAttnWeights: false });
  assert.ok([...wEval!.toTypedArray()].every((v) => v > 0), "none dropped in eval mode");
});

test("TransformerEncoder clones its layer: same initial weights as PyTorch's deepcopy, but independent parameters", () => {
  lw.manualSeed(2);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true });
  const enc = new nn.TransformerEncoder(layer, 2, { norm: new nn.LayerNorm(8) });
  const keys = Object.keys(enc.stateDict());
  assert.ok(keys.includes("layers.1.self_attn.in_proj_weight") && keys.includes("layers.0.linear2.bias") && keys.includes("norm.weight"));
  const [a, b] = [...enc.layers];
  assert.deepEqual(a.linear1.weight.tolist(), b.linear1.weight.tolist());
  assert.notEqual(a.linear1.weight, b.linear1.weight);
  a.linear1.weight.data[0] += 1;
  assert.notEqual(a.linear1.weight.data[0], b.linear1.weight.data[0]);
  assert.deepEqual(enc.eval().forward(lw.randn([2, 3, 8])).shape, [2, 3, 8]);
});

test("nn.Transformer: shapes, PyTorch's key names, a causal target mask keeps outputs at t independent of later targets", () => {
  lw.manualSeed(3);
  const tr = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16, dropout: 0, batchFirst: true });
  assert.ok(Object.keys(tr.stateDict()).includes("decoder.layers.0.multihead_attn.out_proj.weight"));
  assert.ok(Object.keys(tr.stateDict()).includes("encoder.norm.bias"));
  const src = lw.randn([2, 5, 8]), tgt = lw.randn([2, 4, 8]);
  const tgtMask = nn.Transformer.generateSquareSubsequentMask(4);
  const y = tr.forward(src, tgt, { tgtMask });
  assert.deepEqual(y.shape, [2, 4, 8]);
  const changed = lw.cat([tgt.narrow(1, 0, 2), lw.randn([2, 2, 8])], 1);
  const y2 = tr.forward(src, changed, { tgtMask });
  assertClose(y2.narrow(1, 0, 2), y.narrow(1, 0, 2).tolist() as Nested, "first two positions unchanged", { atol: 1e-5 });
  assert.throws(() => tr.forward(src, lw.randn([3, 4, 8])), /batch size/);
});
