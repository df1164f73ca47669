/** @file 20 steps of every optimizer (momentum, nesterov, weight decay, amsgrad, centred …) against PyTorch, groups, clipping, resume. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, t32, type Nested } from "../nn/close.ts";

interface Case { optimizer: string; opts: Record<string, number | boolean | number[]>; losses: number[]; w: Nested; b: Nested }
const fx = JSON.parse(readFileSync(new URL("./golden/optimizers.json", import.meta.url), "utf8")) as {
  X: Nested; Y: Nested; W0: Nested; B0: Nested; cases: Case[]; groupsAndClipping: { w: Nested; b: Nested; norms: number[] };
};
const X = t32(fx.X), Y = t32(fx.Y);
const camel = (k: string): string => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
const lossOf = (w: lw.Tensor, b: lw.Tensor): lw.Tensor => X.matmul(w).add(b).tanh().sub(Y).square().mean();

type AnyOptimizer = lw.optim.Optimizer<object>;
const MAKE: Record<string, (ps: lw.Tensor[], o: Record<string, unknown>) => AnyOptimizer> = {
  SGD: (ps, o) => new lw.optim.SGD(ps, o),
  Adam: (ps, o) => new lw.optim.Adam(ps, o),
  AdamW: (ps, o) => new lw.optim.AdamW(ps, o),
  RMSprop: (ps, o) => new lw.optim.RMSprop(ps, o),
  Adagrad: (ps, o) => new lw.optim.Adagrad(ps, o),
};

function run(opt: AnyOptimizer, w: lw.Tensor, b: lw.Tensor, steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const loss = lossOf(w, b);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return losses;
}

for (const c of fx.cases) {
  test(`${c.optimizer} ${JSON.stringify(c.opts)}: 20 steps match PyTorch`, () => {
    const w = t32(fx.W0).requiresGrad_(), b = t32(fx.B0).requiresGrad_();
    const opts = Object.fromEntries(Object.entries(c.opts).map(([k, v]) => [camel(k), v]));
    const losses = run(MAKE[c.optimizer]([w, b], opts), w, b, 20);
    assertClose(losses, c.losses, "losses", { rtol: 2e-5, atol: 1e-6 });
    assertClose(w, c.w, "w", { rtol: 2e-5, atol: 2e-6 });
    assertClose(b, c.b, "b", { rtol: 2e-5, atol: 2e-6 });
  });
}

test("parameter groups with their own lr, and clipGradNorm before each step, match PyTorch", () => {
  const w = t32(fx.W0).requiresGrad_(), b = t32(fx.B0).requiresGrad_();
  const opt = new lw.optim.SGD([{ params: [w] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.5 });
  assert.equal(opt.paramGroups[0].lr, 0.1);
  assert.equal(opt.paramGroups[1].lr, 0.5);
  const norms: number[] = [];
  for (let i = 0; i < 20; i++) {
    opt.zeroGrad();
    lossOf(w, b).backward();
    norms.push(lw.optim.clipGradNorm([w, b], 0.1).item());
    opt.step();
  }
  assertClose(norms, fx.groupsAndClipping.norms, "norms", { rtol: 1e-5 });
  assertClose(w, fx.groupsAndClipping.w, "w", { rtol: 2e-5, atol: 2e-6 });
  assertClose(b, fx.groupsAndClipping.b, "b", { rtol: 2e-5, atol: 2e-6 });
});

test("stateDict/loadStateDict resume Adam exactly (bit for bit)", () => {
  const straight = [t32(fx.W0).requiresGrad_(), t32(fx.B0).requiresGrad_()];
  const o1 = new lw.optim.Adam(straight, { lr: 0.05, amsgrad: true });
  run(o1, straight[0], straight[1], 10);
  const saved = o1.stateDict();
  const params = straight.map((p) => p.detach().clone());
  run(o1, straight[0], straight[1], 10);

  const resumed = params.map((p) => p.requiresGrad_());
  const o2 = new lw.optim.Adam(resumed, { lr: 0.1 });
  o2.loadStateDict(saved);
  assert.equal(o2.paramGroups[0].lr, 0.05);
  run(o2, resumed[0], resumed[1], 10);
  assert.deepEqual(resumed[0].tolist(), straight[0].tolist());
  assert.deepEqual(resumed[1].tolist(), straight[1].tolist());
});

test("clipGradValue clamps, l1Penalty adds strength·Σ|w|, bad options are refused", () => {
  const p = lw.tensor([1, -2, 3]).requiresGrad_();
  p.mul(lw.tensor([5, -5, 0.5])).sum().backward();
  lw.optim.clipGradValue([p], 1);
  assert.deepEqual(p.grad!.tolist(), [1, -1, 0.5]);
  assert.equal(lw.optim.l1Penalty([p], 0.5).item(), 3);
  assert.throws(() => new lw.optim.SGD([p], { lr: -1 }), /invalid learning rate/);
  assert.throws(() => new lw.optim.SGD([p], { nesterov: true }), /Nesterov momentum requires/);
  assert.throws(() => new lw.optim.Adam([p], { betas: [0.9, 1.5] }), /invalid beta at index 1/);
  assert.throws(() => new lw.optim.SGD([]), /empty parameter list/);
});

test("zeroGrad drops gradients; a parameter without gradient is left alone", () => {
  const a = lw.tensor([1, 2]).requiresGrad_(), b = lw.tensor([3]).requiresGrad_();
  const opt = new lw.optim.SGD([a, b], { lr: 0.1 });
  a.sum().backward();
  opt.step();
  assert.deepEqual(a.tolist(), [0.8999999761581421, 1.899999976158142]);
  assert.deepEqual(b.tolist(), [3]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
});

test("loadStateDict refuses a state dict from a different set of parameters, naming the mismatch", () => {
  const a = lw.zeros(2).requiresGrad_(), b = lw.zeros(3).requiresGrad_();
  const src = new lw.optim.SGD([a, b], { lr: 0.1, momentum: 0.9 });
  a.grad = lw.ones(2); b.grad = lw.ones(3);
  src.step();
  const sd = src.stateDict();
  assert.throws(() => new lw.optim.SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 }).loadStateDict(sd), /the state dict has 1 parameter groups, the optimizer 2/);
  assert.throws(() => new lw.optim.SGD([a], { lr: 0.1 }).loadStateDict(sd), /group 0 has 2 parameters in the state dict, 1 in the optimizer/);
  assert.throws(() => new lw.optim.SGD([b, a], { lr: 0.1 }).loadStateDict(sd), /state "momentumBuffer" of parameter 0 has shape \[2\], the parameter \[3\]/);
  assert.throws(() => new lw.optim.SGD([a, a]), /appears in more than one group/);
});
