/** @file lw.keras: Sequential and functional models, compile/fit/evaluate/predict, summary as Keras prints it, weights, save/load, and bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";

const { keras } = lw;
const { Dense, Dropout, Flatten, Concatenate } = keras.layers;

/** 3 separable classes in 4 features, 120 samples (deterministic). */
function blobs(): { x: lw.Tensor; y: lw.Tensor } {
  const g = new lw.Generator(7);
  const y = lw.tensor(Array.from({ length: 120 }, (_, i) => i % 3), { dtype: "int32" });
  const x = lw.tensor([[2, 0, 0, 1], [0, 2, 0, -1], [0, 0, 2, 0]]).indexSelect(0, y).add(lw.randn([120, 4], { generator: g }).mul(0.6));
  return { x, y };
}

test("summary() prints the MNIST MLP exactly as tf.keras 2 does (names, (None, n) shapes, parameter counts, totals with KB)", () => {
  const model = new keras.Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense(128, { activation: "relu" }), new Dropout(0.5),
    new Dense(64, { activation: "relu" }), new Dropout(0.5),
    new Dense(10, { activation: "softmax" }),
  ]);
  const printed: string[] = [];
  const s = model.summary({ print: (t) => printed.push(t) });
  assert.equal(printed[0], s);
  const blank = " ".repeat(65);
  assert.equal(s, [
    'Model: "sequential"',
    "_".repeat(65),
    " Layer (type)                Output Shape              Param #   ",
    "=".repeat(65),
    " flatten (Flatten)           (None, 784)               0         ", blank,
    " dense (Dense)               (None, 128)               100480    ", blank,
    " dropout (Dropout)           (None, 128)               0         ", blank,
    " dense_1 (Dense)             (None, 64)                8256      ", blank,
    " dropout_1 (Dropout)         (None, 64)                0         ", blank,
    " dense_2 (Dense)             (None, 10)                650       ",
    "=".repeat(65),
    "Total params: 109386 (427.29 KB)",
    "Trainable params: 109386 (427.29 KB)",
    "Non-trainable params: 0 (0.00 Byte)",
    "_".repeat(65),
  ].join("\n"));
  assert.deepEqual(Object.keys(model.stateDict()), ["dense.weight", "dense.bias", "dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias"]);
});

test("compile/fit/evaluate/predict: a Sequential learns 3 blobs; History holds loss, accuracy, val_loss, val_accuracy per epoch", () => {
  lw.manualSeed(0);
  const { x, y } = blobs();
  const model = new keras.Sequential([new Dense(16, { activation: "relu", inputShape: [4] }), new Dense(3, { activation: "softmax" })]);
  model.compile({ optimizer: (params) => new lw.optim.Adam(params, { lr: 0.02 }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const h = model.fit(x, y, { epochs: 8, batchSize: 16, validationSplit: 0.25, verbose: 0 });
  assert.deepEqual(Object.keys(h.history).sort(), ["accuracy", "loss", "lr", "val_accuracy", "val_loss"]);
  assert.equal(h.history.loss.length, 8);
  assert.equal(h.params.steps, 6, "90 training samples (the last 25% held out) in batches of 16");
  assert.ok(h.history.loss[7] < h.history.loss[0], `loss ${h.history.loss}`);
  assert.ok(h.history.val_accuracy[7] > 0.85, `val_accuracy ${h.history.val_accuracy}`);
  assert.equal(model.history, h);
  const ev = model.evaluate(x, y);
  assert.deepEqual(Object.keys(ev), ["loss", "accuracy"]);
  const p = model.predict(x, { batchSize: 50 });
  assert.deepEqual(p.shape, [120, 3]);
  const rowSums = p.sum(1).toTypedArray();
  assert.ok(rowSums.every((v) => Math.abs(v - 1) < 1e-5), "softmax rows sum to 1");
  assert.ok(Math.abs(lw.metrics.accuracy(y, p.argmax(1)) - ev.accuracy) < 1e-12, "evaluate's accuracy equals lw.metrics.accuracy on predict's argmax");
});

test("Keras losses on probabilities: categorical, sparse categorical and binary cross-entropy equal the hand-computed values; arrays work as inputs", () => {
  const p = lw.tensor([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]);
  const want = -(Math.log(0.7) + Math.log(0.8)) / 2;
  // a model without weights passes its input through, so evaluate() reports the loss of p itself
  const idModel = new keras.Sequential([new keras.layers.Activation("linear", { inputShape: [3] })]);
  idModel.compile({ optimizer: "sgd", loss: "categorical_crossentropy" });
  assert.ok(Math.abs(idModel.evaluate(p, lw.tensor([[1, 0, 0], [0, 1, 0]])).loss - want) < 1e-6);
  idModel.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy" });
  assert.ok(Math.abs(idModel.evaluate(p, [0, 1]).loss - want) < 1e-6, "labels from a plain array (int32)");
  const b = new keras.Sequential([new keras.layers.Activation("linear", { inputShape: [1] })]);
  b.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"] });
  const r = b.evaluate([[0.9], [0.2], [0.4]], [1, 0, 1]);
  assert.ok(Math.abs(r.loss - -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3) < 1e-6);
  assert.ok(Math.abs(r.accuracy - 2 / 3) < 1e-12, "binary accuracy thresholds at 0.5");
});

test("functional API: two inputs, Concatenate, summary with Connected to, and save → loadModel gives the same predictions", () => {
  lw.manualSeed(1);
  const a = keras.Input({ shape: [3], name: "a" }), b = keras.Input({ shape: [2], name: "b" });
  const h = new Concatenate().apply([new Dense(4, { activation: "relu" }).apply(a), b]);
  const out = new Dense(1, { activation: "sigmoid" }).apply(h);
  const model = new keras.Model({ inputs: [a, b], outputs: out });
  const s = model.summary({ print: () => {} });
  assert.match(s, /^ concatenate \(Concatenate\)\s+\(None, 6\)\s+0\s+dense\[0\]\[0\], b\[0\]\[0\]\s*$/m);
  assert.match(s, /^ a \(InputLayer\)\s+\[\(None, 3\)\]\s+0/m);
  assert.match(s, /Total params: 23 \(92\.00 Byte\)/);
  const xa = lw.randn([5, 3]), xb = lw.randn([5, 2]);
  const before = model.predict([xa, xb]);
  const dir = mkdtempSync(join(tmpdir(), "lw-keras-"));
  try {
    model.save(join(dir, "m.safetensors"));
    const back = keras.loadModel(join(dir, "m.safetensors"));
    assert.deepEqual(back.predict([xa, xb]).toTypedArray(), before.toTypedArray());
    const seq = new keras.Sequential([new Dense(8, { activation: "tanh", inputShape: [4] }), new Dropout(0.1), new Dense(3, { activation: "softmax" })]);
    seq.save(join(dir, "s.safetensors"));
    const x = lw.randn([2, 4]);
    assert.deepEqual(keras.loadModel(join(dir, "s.safetensors")).predict(x).toTypedArray(), seq.predict(x).toTypedArray());
    // weights of another architecture: the mismatched keys are listed
    const other = new keras.Sequential([new Dense(5, { inputShape: [4] }), new Dense(3)]);
    assert.throws(() => other.loadWeights(join(dir, "s.safetensors")), /do not fit this model[\s\S]*size mismatch for dense\.weight: the state dict has shape \[8, 4\], the model has \[5, 4\]/);
    const w = seq.getWeights();
    w[0] = w[0].mul(0);
    seq.setWeights(w);
    assert.equal(seq.getWeights()[0].abs().sum().item(), 0);
    assert.throws(() => seq.setWeights(w.slice(1)), /the model has 4 weights \(dense\.weight, dense\.bias, dense_1\.weight, dense_1\.bias\), got 3/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad input: mismatched x/y lengths, unknown loss/optimizer/activation names listing the valid ones, fit before compile, wrong feature count", () => {
  const model = new keras.Sequential([new Dense(3, { activation: "softmax", inputShape: [4] })]);
  assert.throws(() => model.fit(lw.randn([10, 4]), [0, 1, 2]), /call compile\(\{ optimizer, loss, metrics \}\) before fit\(\)/);
  assert.throws(() => model.compile({ optimizer: "adam", loss: "crossentropy" }),
    /unknown loss "crossentropy"; valid names: categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy, mse, mae, huber, mean_squared_error, mean_absolute_error/);
  assert.throws(() => model.compile({ optimizer: "adamm", loss: "mse" }), /unknown optimizer "adamm"; valid names: adam, adamw, sgd, rmsprop, adagrad/);
  assert.throws(() => new Dense(3, { activation: "relux" }), /unknown activation "relux"; valid: linear, relu, sigmoid, tanh, softmax, leaky_relu, elu, selu/);
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
  assert.throws(() => model.fit(lw.randn([10, 4]), [0, 1, 2], { verbose: 0 }), /x and y must have the same number of samples; x has shape \[10, 4\] \(10 samples\), y \[3\] \(3 samples\)/);
  assert.throws(() => model.predict(lw.randn([2, 5])), /Dense "dense": built for 4 input features, got inputs of shape \(None, 5\)/);
  assert.throws(() => model.fit(lw.randn([10, 4]), lw.zeros([10], { dtype: "int32" }), { validationSplit: 1.5, verbose: 0 }), /validationSplit must be in \(0, 1\), got 1\.5/);
  assert.throws(() => new keras.Sequential([new Dense(3), new Dense(2, { inputShape: [3] })]), /only the first layer may have an inputShape/);
});
