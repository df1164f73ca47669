/**
 * @file Keras-style channels-last layers (lw.keras.Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D):
 * shapes and parameter counts as Keras, values equal to lw's channels-first ops, TensorFlow's "same" padding,
 * the channels-first refusal, training in a Sequential, save/load.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { buildModel } from "../../examples/fashion-mnist-cnn.ts";

const K = lw.keras;
const close = (a: lw.Tensor, b: lw.Tensor, tol = 1e-5) => assert.ok(a.sub(b).abs().amax().item() < tol, `max |diff| ${a.sub(b).abs().amax().item()}`);

test("the course CNN as a Keras Sequential: output shapes and parameter counts as Keras prints them", () => {
  const model = buildModel(); // examples/fashion-mnist-cnn.ts: Conv 32 → Pool → Conv 64 → Pool → Conv 64 → Flatten → Dense 250 → Dense 10
  const s = model.summary();
  for (const line of [/conv2d \(Conv2D\)\s+\(None, 26, 26, 32\)\s+320/, /max_pooling2d \(MaxPooling2D\s+\(None, 13, 13, 32\)\s+0/,
    /conv2d_1 \(Conv2D\)\s+\(None, 11, 11, 64\)\s+18,?496/, /conv2d_2 \(Conv2D\)\s+\(None, 3, 3, 64\)\s+36,?928/, /flatten \(Flatten\)\s+\(None, 576\)/,
    /dense \(Dense\)\s+\(None, 250\)\s+144,?250/]) {
    assert.match(s, line);
  }
  assert.deepEqual(model.predict(lw.rand(2, 28, 28, 1)).shape, [2, 10]);
});

test("Conv2D and the pools equal lw's channels-first ops on the permuted data; TensorFlow's \"same\" pads the odd pixel after", () => {
  lw.manualSeed(1);
  const x = lw.rand(2, 7, 6, 3); // (N, H, W, C)
  const conv = new K.Conv2D(4, 3, { strides: 2, padding: "same" });
  const y = conv.forward(x);
  assert.deepEqual(y.shape, [2, 4, 3, 4], "ceil(7/2) × ceil(6/2)");
  // TF "same", stride 2: H 7 → pad 1 before, 1 after; W 6 → pad 0 before, 1 after.
  const ref = lw.conv2d(lw.pad(x.permute(0, 3, 1, 2), [0, 1, 1, 1]), conv.weight!, conv.bias, { stride: 2 }).permute(0, 2, 3, 1);
  close(y, ref);
  const mp = new K.MaxPooling2D(2, { padding: "same" }).forward(x);
  assert.deepEqual(mp.shape, [2, 4, 3, 3]);
  close(mp.index(":", 3), x.index(":", 6).reshape(2, 3, 2, 3).amax(2), 1e-6); // the last row pools row 6 alone
  const ap = new K.AveragePooling2D(2, { padding: "same" }).forward(x);
  close(ap.index(":", 3, 0), x.index(":", 6, "0:2").mean(1), 1e-6); // the last row averages 2 pixels, not 4
  close(new K.GlobalAveragePooling2D().forward(x), x.mean([1, 2]));
});

test("a channels-first batch is refused with the conversion to use, never transposed silently", () => {
  const model = new K.Sequential([new K.Conv2D(8, 3, { inputShape: [28, 28, 1] }), new K.Flatten(), new K.Dense(2)]);
  assert.throws(() => model.predict(lw.zeros(4, 1, 28, 28)),
    /Conv2D "conv2d": expected inputs with 1 channels \(channels last: \(H, W, C\)\), got \(None, 1, 28, 28\); it looks channels-first \(C, H, W\): convert with x\.permute\(0, 2, 3, 1\)/);
  assert.throws(() => new K.Sequential([new K.Conv2D(8, 3, { inputShape: [28, 28] })]), /expects images \(H, W, C\) per sample, channels last; got inputs of shape \(None, 28, 28\) \(add a channel dim: inputShape \[28, 28, 1\]/);
  assert.throws(() => new K.Sequential([new K.Conv2D(8, 5, { inputShape: [3, 3, 1] })]), /Conv2D "conv2d": input of spatial size 3×3 is smaller than the kernel 5×5/);
});

test("a small Keras CNN learns to tell vertical from horizontal bars, and saves and loads", () => {
  lw.manualSeed(0);
  // 64 images 8×8×1: a bright vertical (label 0) or horizontal (label 1) bar at a random place.
  const n = 64, X = lw.zeros(n, 8, 8, 1), y = lw.zeros([n], { dtype: "int32" });
  const pos = lw.randint(0, 8, [n]).toTypedArray();
  for (let i = 0; i < n; i++) {
    const horizontal = i % 2;
    y.index(i).fill_(horizontal);
    if (horizontal) X.index(i, pos[i]).fill_(1);
    else X.index(i, ":", pos[i]).fill_(1);
  }
  const model = new K.Sequential([
    new K.Conv2D(4, 3, { activation: "relu", padding: "same", inputShape: [8, 8, 1] }),
    new K.MaxPooling2D(2),
    new K.Flatten(),
    new K.Dense(2, { activation: "softmax" }),
  ]);
  model.compile({ optimizer: (params) => new lw.optim.Adam(params, { lr: 0.02 }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const h = model.fit(X, y, { epochs: 15, batchSize: 16, verbose: 0 });
  const loss = h.history.loss as number[];
  assert.ok(loss[loss.length - 1] < 0.5 * loss[0], `loss falls: ${loss[0]} → ${loss[loss.length - 1]}`);
  assert.ok(model.evaluate(X, y).accuracy >= 0.9);
  const dir = mkdtempSync(join(tmpdir(), "lw-keras-conv-"));
  try {
    model.save(join(dir, "m"));
    const back = K.loadModel(join(dir, "m"));
    close(back.predict(X), model.predict(X), 1e-6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
