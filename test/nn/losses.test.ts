/** @file Every loss and its input gradient against PyTorch (test/nn/golden/losses.json), plus the bad-input errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, t32, type Nested } from "./close.ts";

const F = lw.nn.functional;
interface Case { name: string; inputs: Nested[]; target: Nested; targetDtype: "int32" | "float32"; opts: Record<string, Nested | string | boolean>; output: Nested; grad: Nested }
const fixture = JSON.parse(readFileSync(new URL("./golden/losses.json", import.meta.url), "utf8")) as { cases: Case[] };

type LossFn = (input: lw.Tensor, target: lw.Tensor, opts: Record<string, unknown>) => lw.Tensor;
const FNS: Record<string, LossFn> = {
  mseLoss: F.mseLoss, l1Loss: F.l1Loss, huberLoss: F.huberLoss, bceLoss: F.bceLoss, bceWithLogitsLoss: F.bceWithLogitsLoss,
  crossEntropy: F.crossEntropy, nllLoss: F.nllLoss, klDiv: F.klDiv as LossFn,
};
const camel = (k: string): string => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

test("loss fixtures cover every loss", () => {
  assert.deepEqual(new Set(fixture.cases.map((c) => c.name.split("/")[0])), new Set(Object.keys(FNS)));
});

for (const c of fixture.cases) {
  test(`${c.name} matches PyTorch (value and gradient)`, () => {
    const fn = FNS[c.name.split("/")[0]];
    const input = t32(c.inputs[0]).requiresGrad_();
    const target = lw.tensor(c.target as lw.NestedArray, { dtype: c.targetDtype });
    const opts = Object.fromEntries(Object.entries(c.opts).map(([k, v]) => [camel(k), Array.isArray(v) ? t32(v) : v]));
    const out = fn(input, target, opts);
    assertClose(out, c.output, `${c.name} value`, { rtol: 1e-5, atol: 1e-5 });
    out.sum().backward();
    assertClose(input.grad!, c.grad, `${c.name} gradient`, { rtol: 1e-4, atol: 1e-6 });
  });
}

test("crossEntropy names an out-of-range label and its position", () => {
  const logits = lw.randn(3, 4);
  assert.throws(() => F.crossEntropy(logits, lw.tensor([0, 7, 1], { dtype: "int32" })), /target 7 \(at flat index 1\) is out of range for 4 classes/);
  assert.throws(() => F.crossEntropy(logits, lw.tensor([0, -1, 1], { dtype: "int32" })), /target -1/);
  assert.throws(() => F.crossEntropy(logits, lw.tensor([0, 1, 1])), /dtype int32, got float32/);
  assert.throws(() => F.crossEntropy(logits, lw.tensor([[0], [1], [1]], { dtype: "int32" })), /expected a target of shape \[3\] for input \[3, 4\], got \[3, 1\]/);
});

test("regression losses refuse mismatched shapes instead of broadcasting", () => {
  assert.throws(() => F.mseLoss(lw.zeros(4, 1), lw.zeros(4)), /input shape \[4, 1\] and target shape \[4\] differ/);
  assert.throws(() => F.bceLoss(lw.tensor([0.5, 1.5]), lw.tensor([0, 1])), /probabilities in \[0, 1\], got 1.5 at flat index 1/);
  assert.throws(() => F.mseLoss(lw.zeros(2), lw.zeros(2), { reduction: "avg" as "mean" }), /reduction must be/);
});

test("crossEntropy stays finite for logits of ±1e4 and its gradient is softmax − onehot", () => {
  const logits = lw.tensor([[1e4, -1e4, 0], [-1e4, 1e4, 5]]).requiresGrad_();
  const y = lw.tensor([1, 1], { dtype: "int32" });
  const loss = F.crossEntropy(logits, y, { reduction: "sum" });
  assertClose(loss, 2e4, "loss", { rtol: 1e-6 });
  loss.backward();
  assertClose(logits.grad!, [[1, -1, 0], [0, 0, 0]], "grad", { atol: 1e-6 });
});

test("loss modules forward to the functions with their options", () => {
  const x = lw.tensor([[2, 0.5, -1], [0, 1, 3]]), y = lw.tensor([0, 2], { dtype: "int32" });
  const m = new lw.nn.CrossEntropyLoss({ labelSmoothing: 0.1, reduction: "sum" });
  assertClose(m.forward(x, y), F.crossEntropy(x, y, { labelSmoothing: 0.1, reduction: "sum" }).item(), "CrossEntropyLoss");
  assertClose(new lw.nn.NLLLoss().forward(x.logSoftmax(1), y), F.crossEntropy(x, y).item(), "NLLLoss");
  assertClose(new lw.nn.HuberLoss({ delta: 0.5 }).forward(x, x.mul(2)), F.huberLoss(x, x.mul(2), { delta: 0.5 }).item(), "HuberLoss");
  assert.match(String(m), /CrossEntropyLoss\(reduction="sum"\)/);
});

test("bceLoss keeps PyTorch's finite gradient where a saturated sigmoid gives exactly 0 or 1", () => {
  const p = lw.tensor([1, 0, 1, 0.5]).requiresGrad_();
  const loss = F.bceLoss(p, lw.tensor([0, 1, 1, 1]), { reduction: "sum" });
  assertClose(loss, 200 + Math.LN2, "log clamped at −100");
  loss.backward();
  assertClose(p.grad!, [1e12, -1e12, 0, -2], "(p − t) / max(p(1 − p), 1e-12)", { rtol: 1e-6 });
});
