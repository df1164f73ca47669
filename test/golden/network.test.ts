/**
 * @file PyTorch golden two-layer network: x (8, 5) → Linear(5, 7) → tanh → Linear(7, 3) →
 * cross-entropy from primitives; logits, loss, every gradient and five SGD steps against PyTorch.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { loadCoreFixture, toTensor } from "./fixture.ts";
import { assertMatches } from "./compare.ts";

const net = loadCoreFixture().network;
type Params = Record<"w1" | "b1" | "w2" | "b2", lw.Tensor>;

function freshParams(): Params {
  const p = net.params;
  return { w1: toTensor(p.w1, true), b1: toTensor(p.b1, true), w2: toTensor(p.w2, true), b2: toTensor(p.b2, true) };
}

/** The forward pass as nn.Linear would do it, and the mean negative log-likelihood of the targets. */
function forward(p: Params, x: lw.Tensor): { logits: lw.Tensor; loss: lw.Tensor } {
  const targets = toTensor(net.targets).unsqueeze(1);
  const hidden = x.matmul(p.w1.T).add(p.b1).tanh();
  const logits = hidden.matmul(p.w2.T).add(p.b2);
  const loss = logits.logSoftmax(1).gather(1, targets).mean().neg();
  return { logits, loss };
}

test("two-layer network: logits, loss and the gradients of all weights and of x", () => {
  const params = freshParams();
  const x = toTensor(net.x, true);
  const { logits, loss } = forward(params, x);
  assertMatches(logits, net.logits, "logits");
  assertMatches(loss, net.loss, "loss");
  loss.backward();
  for (const name of ["w1", "b1", "w2", "b2"] as const) {
    assert.ok(params[name].grad, `${name} got no gradient`);
    assertMatches(params[name].grad, net.grads[name], `grad of ${name}`);
  }
  assert.ok(x.grad, "x got no gradient");
  assertMatches(x.grad, net.grads.x, "grad of x");
});

test("two-layer network: five plain SGD steps give PyTorch's losses", () => {
  const params = freshParams();
  const x = toTensor(net.x);
  const losses: number[] = [];
  for (let step = 0; step < net.sgd.losses.length; step++) {
    for (const p of Object.values(params)) p.grad = null;
    const { loss } = forward(params, x);
    loss.backward();
    losses.push(loss.item());
    lw.noGrad(() => { for (const p of Object.values(params)) p.sub_(p.grad!, { alpha: net.sgd.lr }); });
  }
  assert.ok(losses[losses.length - 1] < losses[0], "the loss must fall");
  assertMatches(lw.tensor(losses), { shape: [losses.length], dtype: "float32", values: net.sgd.losses }, "SGD losses");
});
