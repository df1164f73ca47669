/** @file Layers against PyTorch (test/nn/golden/layers.json): Linear, BatchNorm1d (train/eval, running stats), LayerNorm, Embedding. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, t32, type Nested } from "./close.ts";

const nn = lw.nn;
type Rec = Record<string, Nested>;
const fx = JSON.parse(readFileSync(new URL("./golden/layers.json", import.meta.url), "utf8")) as {
  batchNorm: Rec; layerNorm: Rec; embedding: Rec & { indices: number[][] }; linear: Rec; stateDictKeys: string[];
};
const setParam = (p: lw.Tensor, v: Nested): void => { lw.noGrad(() => p.copy_(t32(v))); };

test("Linear: forward and gradients match PyTorch; default init is U(±1/√in)", () => {
  const f = fx.linear;
  const lin = new nn.Linear(4, 3);
  setParam(lin.weight, f.weight);
  setParam(lin.bias!, f.bias);
  const x = t32(f.x).requiresGrad_();
  const y = lin.forward(x);
  assertClose(y, f.y, "y");
  y.square().sum().backward();
  assertClose(x.grad!, f.gradX, "gradX", { rtol: 1e-5, atol: 1e-5 });
  assertClose(lin.weight.grad!, f.gradW, "gradW", { rtol: 1e-5, atol: 1e-5 });
  assertClose(lin.bias!.grad!, f.gradB, "gradB", { rtol: 1e-5, atol: 1e-5 });

  lw.manualSeed(1);
  const big = new nn.Linear(100, 200);
  const w = big.weight.toTypedArray();
  const bound = 1 / Math.sqrt(100);
  assert.ok(w.every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...w) > 0.9 * bound && Math.min(...w) < -0.9 * bound, "spans the whole interval");
  assert.equal(new nn.Linear(3, 2, { bias: false }).bias, null);
});

test("BatchNorm1d: training output, input gradient, running stats and eval output match PyTorch", () => {
  const f = fx.batchNorm;
  const bn = new nn.BatchNorm1d(4);
  setParam(bn.weight!, f.weight);
  setParam(bn.bias!, f.bias);
  const x = t32(f.x).requiresGrad_();
  const y1 = bn.forward(x);
  assertClose(y1, f.train1, "train output", { rtol: 1e-4, atol: 1e-5 });
  y1.mul(lw.arange(20).float().reshape(5, 4)).sum().backward();
  assertClose(x.grad!, f.gradX, "gradX", { rtol: 1e-4, atol: 1e-4 });
  assertClose(bn.forward(t32(f.x).mul(2).add(1)), f.train2, "second batch", { rtol: 1e-4, atol: 1e-5 });
  assertClose(bn.runningMean!, f.runningMean, "running_mean", { rtol: 1e-5, atol: 1e-6 });
  assertClose(bn.runningVar!, f.runningVar, "running_var", { rtol: 1e-5, atol: 1e-6 });
  assert.equal(bn.numBatchesTracked!.item(), 2);
  bn.eval();
  assertClose(bn.forward(t32(f.x)), f.eval, "eval output", { rtol: 1e-4, atol: 1e-5 });
  assert.throws(() => new nn.BatchNorm1d(4).forward(lw.zeros(1, 4)), /more than 1 value per channel/);
  assert.throws(() => bn.forward(lw.zeros(2, 3)), /BatchNorm1d\(4\): expected input of shape \[N, 4\] or \[N, 4, L\], got \[2, 3\]/);
});

test("LayerNorm over two trailing dims: output and all gradients match PyTorch", () => {
  const f = fx.layerNorm;
  const ln = new nn.LayerNorm([3, 4]);
  setParam(ln.weight!, f.weight);
  setParam(ln.bias!, f.bias);
  const x = t32(f.x).requiresGrad_();
  const y = ln.forward(x);
  assertClose(y, f.y, "y", { rtol: 1e-4, atol: 1e-5 });
  y.square().sum().backward();
  assertClose(x.grad!, f.gradX, "gradX", { rtol: 1e-3, atol: 1e-4 });
  assertClose(ln.weight!.grad!, f.gradW, "gradW", { rtol: 1e-4, atol: 1e-4 });
  assertClose(ln.bias!.grad!, f.gradB, "gradB", { rtol: 1e-4, atol: 1e-4 });
  assert.throws(() => ln.forward(lw.zeros(2, 4, 3)), /LayerNorm\(\[3, 4\]\): expected input of shape \[\.\.\., 3, 4\], got \[2, 4, 3\]/);
});

test("Embedding with paddingIdx: lookup matches and the padding row gets no gradient", () => {
  const f = fx.embedding;
  const emb = new nn.Embedding(6, 3, { paddingIdx: 1 });
  assert.deepEqual(emb.weight.index(1).tolist(), [0, 0, 0], "the padding row starts at zero");
  setParam(emb.weight, f.weight);
  const idx = lw.tensor(f.indices, { dtype: "int32" });
  const y = emb.forward(idx);
  assertClose(y, f.y, "y");
  y.square().sum().backward();
  assertClose(emb.weight.grad!, f.gradW, "gradW", { rtol: 1e-5, atol: 1e-6 });
  assert.throws(() => emb.forward(lw.tensor([0, 6], { dtype: "int32" })), /index 6 is out of range for 6 embeddings/);
  assert.throws(() => emb.forward(lw.tensor([0, 1])), /indices must have dtype int32/);
});

test("Dropout drops about p of the elements while training, scales the rest, and is the identity in eval mode", () => {
  lw.manualSeed(3);
  const d = new nn.Dropout(0.25);
  const y = d.forward(lw.ones(10000)).toTypedArray();
  const zeros = y.filter((v) => v === 0).length;
  assert.ok(Math.abs(zeros / 10000 - 0.25) < 0.02, `dropped ${zeros}`);
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6));
  d.eval();
  assert.deepEqual(d.forward(lw.ones(3)).tolist(), [1, 1, 1]);
});

test("activation modules equal their functions", () => {
  const x = lw.tensor([-3, -0.5, 0, 0.5, 3]);
  const pairs: [lw.nn.TensorModule, lw.Tensor][] = [
    [new nn.ReLU(), x.relu()], [new nn.Sigmoid(), x.sigmoid()], [new nn.Tanh(), x.tanh()], [new nn.GELU(), x.gelu()],
    [new nn.LeakyReLU(0.2), x.leakyRelu(0.2)], [new nn.ELU(0.5), x.elu(0.5)], [new nn.SELU(), x.selu()],
    [new nn.Softplus({ beta: 2 }), x.softplus({ beta: 2 })], [new nn.Softmax(0), x.softmax(0)], [new nn.LogSoftmax(0), x.logSoftmax(0)],
    [new nn.Identity(), x],
  ];
  for (const [m, want] of pairs) assert.deepEqual(m.forward(x).tolist(), want.tolist(), m.constructor.name);
});

test("nn.init: Xavier and Kaiming have the right spread, constant/zeros/ones fill", () => {
  lw.manualSeed(0);
  const w = lw.zeros(400, 300);
  const std = (t: lw.Tensor) => t.std().item();
  nn.init.xavierNormal_(w);
  assert.ok(Math.abs(std(w) - Math.sqrt(2 / 700)) < 0.002);
  nn.init.kaimingNormal_(w, { nonlinearity: "relu" });
  assert.ok(Math.abs(std(w) - Math.sqrt(2 / 300)) < 0.002);
  nn.init.xavierUniform_(w, { gain: nn.init.calculateGain("tanh") });
  const a = (5 / 3) * Math.sqrt(6 / 700);
  assert.ok(w.abs().max().item() <= a && w.abs().max().item() > 0.99 * a);
  nn.init.kaimingUniform_(w, { mode: "fan_out" });
  assert.ok(w.abs().max().item() <= Math.sqrt(6 / 400) + 1e-7);
  assert.deepEqual(nn.init.constant_(lw.zeros(2), 7).tolist(), [7, 7]);
  assert.deepEqual(nn.init.ones_(lw.zeros(2)).tolist(), [1, 1]);
  assert.throws(() => nn.init.xavierUniform_(lw.zeros(3)), /at least 2 dims/);
});
