/** @file lw.keras conveniences: loading a default ModelCheckpoint file, keras.optimizers with Keras's names and defaults, MultiHeadAttention, LayerNormalization, Embedding's weights/trainable. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";

const { keras } = lw;
const { Dense } = keras.layers;
const close = (a: lw.Tensor, b: lw.Tensor, tol = 1e-5): void => {
  const x = a.toTypedArray(), y = b.toTypedArray();
  assert.equal(x.length, y.length);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) <= tol, `element ${i}: ${x[i]} vs ${y[i]}`);
};

test("a default ModelCheckpoint file loads with keras.loadModel and with model.loadWeights, giving the trained model's predictions", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-ckpt-"));
  try {
    lw.manualSeed(0);
    const x = lw.randn([32, 3]), y = x.sum(1, { keepdim: true });
    const model = new keras.Sequential([new Dense(4, { activation: "relu", inputShape: [3] }), new Dense(1)]);
    model.compile({ optimizer: "adam", loss: "mse" });
    const path = join(dir, "best.safetensors");
    model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [new lw.callbacks.ModelCheckpoint(path)] });
    const expected = model.predict(x);
    close(keras.loadModel(path).predict(x), expected);
    const fresh = new keras.Sequential([new Dense(4, { activation: "relu", inputShape: [3] }), new Dense(1)]);
    fresh.loadWeights(path);
    close(fresh.predict(x), expected);
    // A weights-only checkpoint has no architecture: the error says what to call.
    const weightsOnly = join(dir, "w.safetensors");
    model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new lw.callbacks.ModelCheckpoint(weightsOnly, { saveWeightsOnly: true })] });
    assert.throws(() => keras.loadModel(weightsOnly), /no model architecture in this file .*call model\.loadWeights\(path\)/);
    fresh.loadWeights(weightsOnly);
    close(fresh.predict(x), model.predict(x));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("keras.optimizers: Keras 3's names and defaults, usable in compile() next to the names", () => {
  const p = [lw.zeros([2], { requiresGrad: true })];
  const adam = keras.optimizers.Adam().create(p) as lw.optim.Adam;
  assert.deepEqual([adam.defaults.lr, adam.defaults.betas, adam.defaults.eps], [1e-3, [0.9, 0.999], 1e-7]);
  const sgd = keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }).create(p) as lw.optim.SGD;
  assert.deepEqual([sgd.defaults.lr, sgd.defaults.momentum, sgd.defaults.nesterov], [0.1, 0.9, true]);
  assert.equal(keras.optimizers.SGD().create(p).defaults.lr, 0.01);
  const rms = keras.optimizers.RMSprop({ rho: 0.8 }).create(p) as lw.optim.RMSprop;
  assert.deepEqual([rms.defaults.lr, rms.defaults.alpha, rms.defaults.eps], [1e-3, 0.8, 1e-7]);
  const adamw = keras.optimizers.AdamW().create(p);
  assert.ok(adamw instanceof lw.optim.AdamW);
  assert.equal((adamw as lw.optim.AdamW).defaults.weightDecay, 0.004);
  const ada = keras.optimizers.Adagrad().create(p) as lw.optim.Adagrad;
  assert.deepEqual([ada.defaults.lr, ada.defaults.initialAccumulatorValue], [1e-3, 0.1]);
  assert.throws(() => keras.optimizers.SGD({ nesterov: true }), /nesterov needs a momentum/);
  lw.manualSeed(1);
  const x = lw.randn([16, 2]), y = x.sum(1, { keepdim: true });
  const model = new keras.Sequential([new Dense(1, { inputShape: [2] })]).compile({ optimizer: keras.optimizers.Adam({ learningRate: 0.05 }), loss: "mse" });
  const h = model.fit(x, y, { epochs: 5, verbose: 0 });
  assert.equal(model.optimizer!.paramGroups[0].lr, 0.05);
  assert.ok(h.history.loss[4] < h.history.loss[0]);
});

test("MultiHeadAttention equals nn.MultiheadAttention with the same weights; causal and explicit masks; attention scores", () => {
  lw.manualSeed(2);
  const E = 8, H = 2, N = 2, T = 5;
  const mha = new keras.MultiHeadAttention(H, E / H);
  const torchLike = new lw.nn.MultiheadAttention(E, H, { batchFirst: true });
  const x = lw.randn([N, T, E]);
  mha.call(x, x); // builds
  const w = torchLike.inProjWeight!, b = torchLike.inProjBias!;
  lw.noGrad(() => {
    mha.query!.weight.copy_(w.narrow(0, 0, E)); mha.query!.bias!.copy_(b.narrow(0, 0, E));
    mha.key!.weight.copy_(w.narrow(0, E, E)); mha.key!.bias!.copy_(b.narrow(0, E, E));
    mha.value!.weight.copy_(w.narrow(0, 2 * E, E)); mha.value!.bias!.copy_(b.narrow(0, 2 * E, E));
    mha.output!.weight.copy_(torchLike.outProj.weight); mha.output!.bias!.copy_(torchLike.outProj.bias!);
  });
  const [ref, refW] = torchLike.forward(x, x, x, { averageAttnWeights: false });
  const [out, scores] = mha.call(x, x, null, { returnAttentionScores: true });
  close(out, ref);
  close(scores, refW!);
  assert.deepEqual(scores.shape, [N, H, T, T]);
  const [causal] = torchLike.forward(x, x, x, { isCausal: true, attnMask: lw.nn.Transformer.generateSquareSubsequentMask(T) });
  close(mha.call(x, x, undefined, { useCausalMask: true }), causal);
  const [, cw] = mha.call(x, x, undefined, { useCausalMask: true, returnAttentionScores: true });
  assert.equal((cw.tolist() as number[][][][])[0][0][0][1], 0, "query 0 does not see key 1");
  // An explicit (N, T, S) bool mask, true = attend, gives the same as the causal one.
  const tri = lw.tensor(Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (j <= i ? 1 : 0)))).gt(0);
  close(mha.call(x, x, undefined, { attentionMask: tri.unsqueeze(0).expand([N, T, T]) }), causal);
  // outputShape and a key of its own: (N, T, outputShape).
  const cross = new keras.MultiHeadAttention(2, 3, { valueDim: 4, outputShape: 6 });
  assert.deepEqual(cross.call(x, lw.randn([N, 7, 5]), lw.randn([N, 7, 3])).shape, [N, T, 6]);
  // In a functional model.
  const q = keras.Input({ shape: [T, E] });
  const model = new keras.Model({ inputs: q, outputs: new Dense(1).apply(new keras.MultiHeadAttention(2, 4).apply([q, q])) });
  assert.deepEqual(model.predict(x).shape, [N, T, 1]);
  assert.throws(() => new keras.MultiHeadAttention(2, 4, { keyDims: 4 } as never), /did you mean "valueDim"\?|unknown option "keyDims"/);
});

test("LayerNormalization: Keras's epsilon 1e-3, center/scale, matches a hand computation", () => {
  const x = lw.tensor([[[1, 2, 3, 6]], [[0, 0, 1, -1]]]); // (2, 1, 4)
  const ln = new keras.LayerNormalization();
  assert.equal(ln.epsilon, 1e-3);
  const y = ln.forward(x).tolist() as number[][][];
  const row = [1, 2, 3, 6], mean = 3, v = row.reduce((a, r) => a + (r - mean) ** 2, 0) / 4;
  row.forEach((r, i) => assert.ok(Math.abs(y[0][0][i] - (r - mean) / Math.sqrt(v + 1e-3)) < 1e-5));
  const plain = new keras.LayerNormalization({ center: false, scale: false });
  plain.forward(x);
  assert.equal(plain.parameters().length, 0);
  assert.deepEqual(new keras.LayerNormalization({ axis: [-2, -1] }).forward(x).shape, [2, 1, 4]);
  assert.throws(() => new keras.LayerNormalization({ axis: 1 }), /axis must be -1 or the last axes/);
});

test("Embedding: weights: [matrix] (pretrained vectors), trainable: false freezes them, embeddingsInitializer", () => {
  const m = lw.tensor([[0, 0], [1, 2], [3, 4]]);
  const emb = new keras.Embedding(3, 2, { weights: [m], trainable: false });
  assert.deepEqual(emb.forward(lw.tensor([[2, 1]], { dtype: "int32" })).tolist(), [[[3, 4], [1, 2]]]);
  const model = new keras.Sequential([emb, new keras.layers.Flatten(), new Dense(1)]).compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.5 }), loss: "mse" });
  model.fit(lw.tensor([[1, 2], [2, 1]], { dtype: "int32" }), lw.tensor([[1], [0]]), { epochs: 3, verbose: 0 });
  assert.deepEqual(emb.embedding.weight.tolist(), m.tolist(), "a frozen embedding does not change");
  assert.deepEqual(new keras.Embedding(2, 3, { embeddingsInitializer: "zeros" }).embedding.weight.tolist(), [[0, 0, 0], [0, 0, 0]]);
  assert.throws(() => new keras.Embedding(4, 2, { weights: [m] }), /weights must be \[matrix\] with one \(inputDim, outputDim\) = \(4, 2\) tensor, got shape \[3, 2\]/);
});
