/** @file Every learning-rate scheduler's 20-step lr (and momentum) sequence against PyTorch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose } from "../nn/close.ts";

const S = lw.optim.lrScheduler;
interface Case { scheduler: string; args: unknown[]; opts: Record<string, unknown>; metrics?: number[]; lrs: number[]; momentums: number[] }
const fx = JSON.parse(readFileSync(new URL("./golden/schedulers.json", import.meta.url), "utf8")) as { cases: Case[] };
const camel = (k: string): string => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

type Opt = lw.optim.SGD;
type Sched = { step(metric?: number): void };
const MAKE: Record<string, (o: Opt, args: unknown[], opts: Record<string, unknown>) => Sched> = {
  StepLR: (o, [s], opts) => new S.StepLR(o, s as number, opts),
  MultiStepLR: (o, [m], opts) => new S.MultiStepLR(o, m as number[], opts),
  ExponentialLR: (o, [g]) => new S.ExponentialLR(o, g as number),
  CosineAnnealingLR: (o, [t], opts) => new S.CosineAnnealingLR(o, t as number, opts),
  LinearLR: (o, _a, opts) => new S.LinearLR(o, opts),
  LambdaLR: (o) => new S.LambdaLR(o, (e) => 0.95 ** e),
  CyclicLR: (o, [lo, hi], opts) => new S.CyclicLR(o, lo as number, hi as number, opts),
  OneCycleLR: (o, [m], opts) => new S.OneCycleLR(o, m as number, opts),
  ReduceLROnPlateau: (o, _a, opts) => {
    const s = new S.ReduceLROnPlateau(o, opts);
    return { step: (m?: number) => s.step(m!) };
  },
};

for (const c of fx.cases) {
  test(`${c.scheduler} ${JSON.stringify(c.opts)}: learning rates match PyTorch`, () => {
    const p = lw.zeros(1).requiresGrad_();
    const opt = new lw.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    const opts = Object.fromEntries(Object.entries(c.opts).map(([k, v]) => [camel(k), v]));
    const s = MAKE[c.scheduler](opt, c.args, opts);
    const lrs: number[] = [], moms: number[] = [];
    for (let i = 0; i < 20; i++) {
      lrs.push(opt.paramGroups[0].lr);
      moms.push(opt.paramGroups[0].momentum);
      p.grad = lw.zeros(1);
      opt.step();
      s.step(c.metrics?.[i]);
    }
    assertClose(lrs, c.lrs, "lr", { rtol: 1e-9, atol: 1e-12 });
    assertClose(moms, c.momentums, "momentum", { rtol: 1e-9, atol: 1e-12 });
  });
}

test("a scheduler's stateDict restores its position", () => {
  const opt = new lw.optim.SGD([lw.zeros(1).requiresGrad_()], { lr: 1 });
  const s = new S.StepLR(opt, 2, { gamma: 0.5 });
  for (let i = 0; i < 3; i++) s.step();
  const saved = s.stateDict();
  const opt2 = new lw.optim.SGD([lw.zeros(1).requiresGrad_()], { lr: 1 });
  const s2 = new S.StepLR(opt2, 2, { gamma: 0.5 });
  s2.loadStateDict(saved);
  opt2.paramGroups[0].lr = opt.paramGroups[0].lr;
  s.step(); s2.step();
  assert.equal(s2.lastEpoch, 4);
  assert.deepEqual(s2.getLastLr(), s.getLastLr());
  assert.equal(s.getLastLr()[0], 0.25);
});

test("ReduceLROnPlateau's stateDict carries its patience counters over", () => {
  const opt = new lw.optim.SGD([lw.zeros(1).requiresGrad_()], { lr: 1 });
  const a = new S.ReduceLROnPlateau(opt, { patience: 1 });
  a.step(1); a.step(1);
  const b = new S.ReduceLROnPlateau(opt, { patience: 1 });
  b.loadStateDict(a.stateDict());
  b.step(1);
  assert.equal(opt.paramGroups[0].lr, 0.1);
  assert.throws(() => b.step(Number.NaN), /expected a number, got NaN/);
});
