/**
 * @file The spatial layers: BatchNorm2d against PyTorch (train/eval, running statistics), a PyTorch state dict
 * loaded from safetensors into the same CNN, default initialisation, Dropout2d, Upsample, and the errors that
 * name the layer and the shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as lw from "lernwerk";
import { assertClose, type Nested } from "./close.ts";

const nn = lw.nn;
type Rec = Record<string, Nested>;
const fx = JSON.parse(readFileSync(new URL("./golden/conv.json", import.meta.url), "utf8")) as {
  batchNorm2d: Rec;
  tinyCnn: { keys: string[]; x: Nested; out: Nested };
};
const t32 = (v: Nested) => lw.tensor(v as lw.NestedArray);
const TOL = { rtol: 1e-4, atol: 1e-5 };

test("BatchNorm2d: training output and gradient, running statistics, eval output and gradient match PyTorch", () => {
  const f = fx.batchNorm2d;
  const bn = new nn.BatchNorm2d(3);
  lw.noGrad(() => { bn.weight!.copy_(t32(f.weight)); bn.bias!.copy_(t32(f.bias)); });
  const x = t32(f.x).requiresGrad_();
  const y1 = bn.forward(x);
  assertClose(y1, f.train1, "train output", TOL);
  y1.mul(t32(f.upstream)).sum().backward();
  assertClose(x.grad!, f.gradX, "train gradX", TOL);
  assertClose(bn.forward(t32(f.x).mul(0.5).sub(2)), f.train2, "second batch", TOL);
  assertClose(bn.runningMean!, f.runningMean, "running_mean", TOL);
  assertClose(bn.runningVar!, f.runningVar, "running_var (unbiased)", TOL);
  assert.equal(bn.numBatchesTracked!.item(), 2);
  bn.eval();
  const xe = t32(f.x).requiresGrad_();
  const ye = bn.forward(xe);
  assertClose(ye, f.eval, "eval output", TOL);
  ye.mul(t32(f.upstream)).sum().backward();
  assertClose(xe.grad!, f.gradXEval, "eval gradX", TOL);
  assert.equal(bn.numBatchesTracked!.item(), 2, "eval does not count batches");
  assert.throws(() => bn.forward(lw.zeros(2, 3, 4)), /^RangeError: BatchNorm2d\(3\): expected input of shape \[N, 3, H, W\], got \[2, 3, 4\]$/);
  assert.throws(() => bn.forward(lw.zeros(2, 4, 5, 5)), /BatchNorm2d\(3\): .*got \[2, 4, 5, 5\]/);
});

/** TinyCnn of tools/gen_conv_fixtures.py, written with PyTorch's attribute names. */
class TinyCnn extends nn.Module {
  features = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(4, 6, 3, { groups: 2, bias: false }), new nn.ReLU(), new nn.AdaptiveAvgPool2d(2),
  );
  up = new nn.ConvTranspose2d(6, 2, 2, { stride: 2 });
  classifier = new nn.Linear(2 * 4 * 4, 3);
  forward(x: lw.Tensor): lw.Tensor {
    return this.classifier.forward(this.up.forward(this.features.forward(x)).flatten(1));
  }
}

test("a PyTorch state dict saved as safetensors loads by name into the same CNN and gives PyTorch's outputs", () => {
  const model = new TinyCnn();
  assert.deepEqual(Object.keys(model.stateDict()), fx.tinyCnn.keys, "state-dict names and order as PyTorch");
  const state = lw.load(fileURLToPath(new URL("./golden/tiny-cnn.safetensors", import.meta.url)));
  const r = model.loadStateDict(state);
  assert.deepEqual(r, { missingKeys: [], unexpectedKeys: [] });
  model.eval();
  assertClose(model.forward(lw.tensor(fx.tinyCnn.x as lw.NestedArray)), fx.tinyCnn.out, "logits", { rtol: 1e-4, atol: 1e-5 });
});

test("Conv2d/ConvTranspose2d: PyTorch's weight layouts and default init U(±1/√fanIn); Conv1d shapes", () => {
  lw.manualSeed(3);
  const c = new nn.Conv2d(4, 8, [3, 2], { groups: 2 });
  assert.deepEqual(c.weight.shape, [8, 2, 3, 2]);
  const bound = 1 / Math.sqrt(2 * 3 * 2);
  for (const p of [c.weight, c.bias!]) {
    const v = [...p.toTypedArray()];
    assert.ok(v.every((a) => Math.abs(a) <= bound), "inside the bound");
  }
  assert.ok(Math.max(...c.weight.toTypedArray()) > 0.8 * bound, "spans the interval");
  assert.deepEqual(new nn.ConvTranspose2d(6, 4, 3, { groups: 2 }).weight.shape, [6, 2, 3, 3]);
  assert.deepEqual(new nn.Conv1d(3, 5, 4, { stride: 2 }).forward(lw.zeros(2, 3, 11)).shape, [2, 5, 4]);
  assert.deepEqual(new nn.Conv2d(3, 5, 3, { padding: "same" }).forward(lw.zeros(1, 3, 7, 6)).shape, [1, 5, 7, 6]);
  assert.deepEqual(new nn.ConvTranspose2d(8, 4, 4, { stride: 2, padding: 1 }).forward(lw.zeros(2, 8, 7, 7)).shape, [2, 4, 14, 14]);
  assert.equal(new nn.Conv2d(1, 32, 3, { padding: 1 }).extraRepr(), "1, 32, kernelSize=(3, 3), padding=1");
});

test("bad input: wrong channels name the layer and both counts; too-small images say the sizes", () => {
  const conv = new nn.Conv2d(1, 32, 3);
  assert.throws(() => conv.forward(lw.zeros(64, 3, 28, 28)),
    /^RangeError: Conv2d\(1, 32, kernelSize=\(3, 3\)\): expected input with 1 channels \(weight \[32, 1, 3, 3\]\), got 3 channels \(input shape \[64, 3, 28, 28\]\)$/);
  assert.throws(() => conv.forward(lw.zeros(2, 1, 2, 5)),
    /^RangeError: Conv2d\(1, 32, kernelSize=\(3, 3\)\): input of spatial size 2×5 is smaller than the kernel 3×3 \(input shape \[2, 1, 2, 5\]\)$/);
  assert.throws(() => new nn.Conv2d(1, 2, 3, { dilation: 3, padding: 1 }).forward(lw.zeros(1, 1, 4, 4)),
    /input of spatial size 4×4 \(6×6 with padding\) is smaller than the kernel 3×3 \(7×7 dilated\)/);
  assert.throws(() => new nn.Conv1d(4, 2, 5).forward(lw.zeros(1, 4, 3)), /^RangeError: Conv1d\(4, 2, kernelSize=5\): input of spatial size 3 is smaller than the kernel 5 \(input shape \[1, 4, 3\]\)$/);
  assert.throws(() => new nn.MaxPool1d(4).forward(lw.zeros(2, 3)), /^RangeError: MaxPool1d\(kernelSize=4\): input of spatial size 3 is smaller than the kernel 4 \(input shape \[2, 3\]\)$/);
  assert.throws(() => conv.forward(lw.zeros(28, 28)), /Conv2d\(1, 32, kernelSize=\(3, 3\)\): expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[28, 28\]/);
  assert.throws(() => new nn.ConvTranspose2d(8, 4, 4).forward(lw.zeros(1, 4, 3, 3)), /ConvTranspose2d\(8, 4, kernelSize=\(4, 4\)\): expected input with 8 channels .*got 4 channels/);
  assert.throws(() => new nn.MaxPool2d(2).forward(lw.zeros(1, 3, 1, 5)), /^RangeError: MaxPool2d\(kernelSize=2\): input of spatial size 1×5 is smaller than the kernel 2×2/);
  assert.throws(() => new nn.AvgPool2d(3, { padding: 2 }).forward(lw.zeros(1, 1, 5, 5)), /AvgPool2d\(kernelSize=3, padding=2\): padding 2×2 must be at most half of the kernel 3×3/);
  assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), /Conv2d: groups 2 must be a positive integer dividing inChannels 3 and outChannels 4/);
  assert.throws(() => new nn.Conv2d(3, 4, 3, { stride: 2, padding: "same" }).forward(lw.zeros(1, 3, 5, 5)), /padding "same" is only supported with stride 1/);
  assert.throws(() => lw.conv2d(lw.zeros(1, 2, 5, 5, { dtype: "int32" }), lw.zeros(1, 2, 3, 3)), /^TypeError: conv2d: expected a floating-point tensor, got dtype int32/);
});

test("Dropout2d zeroes whole channels while training and is the identity in eval mode", () => {
  lw.manualSeed(7);
  const d = new nn.Dropout2d(0.5);
  const x = lw.ones(8, 16, 3, 3);
  const y = d.forward(x);
  const perChannel = y.sum([2, 3]).toTypedArray();
  assert.ok([...perChannel].every((v) => v === 0 || v === 18), "each channel is all 0 or all 2");
  const dropped = [...perChannel].filter((v) => v === 0).length;
  assert.ok(dropped > 30 && dropped < 98, `about half of 128 channels dropped, got ${dropped}`);
  d.eval();
  assert.equal(d.forward(x), x);
});

test("Upsample: nearest doubles pixels, bilinear keeps a constant image constant", () => {
  const x = lw.arange(4).float().reshape(1, 1, 2, 2);
  assert.deepEqual(new nn.Upsample({ scaleFactor: 2 }).forward(x).tolist(), [[[[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]]]]);
  const c = new nn.Upsample({ size: [5, 7], mode: "bilinear" }).forward(lw.full([1, 2, 3, 4], 0.25));
  assert.deepEqual(c.shape, [1, 2, 5, 7]);
  assert.ok([...c.toTypedArray()].every((v) => Math.abs(v - 0.25) < 1e-6));
  assert.throws(() => new nn.Upsample({}), /Upsample: give exactly one of size and scaleFactor/);
  assert.throws(() => lw.nn.functional.interpolate(x, { scaleFactor: 2, mode: "linear" }), /mode "linear" needs a 3-D input, got shape \[1, 1, 2, 2\]/);
});
