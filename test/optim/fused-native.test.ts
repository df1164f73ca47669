/**
 * @file The native backend's fused optimizer steps against the js backend (its float32 loops and, for float64 and
 * RMSprop, the tensor ops): a few steps of every optimizer variant, float32 and float64, sizes below and above the
 * thread split, and a non-contiguous parameter; parameters and state must agree bit for bit.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { nativeBinding } from "../../src/backends/native/binding.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;

type Make = (ps: lw.Tensor[], o: Record<string, unknown>) => lw.optim.Optimizer<object>;
const CONFIGS: [string, Record<string, unknown>, Make][] = [
  ["SGD", { lr: 0.1 }, (ps, o) => new lw.optim.SGD(ps, o)],
  ["SGD", { lr: 0.1, momentum: 0.9 }, (ps, o) => new lw.optim.SGD(ps, o)],
  ["SGD", { lr: 0.05, momentum: 0.9, dampening: 0.3, weightDecay: 1e-2 }, (ps, o) => new lw.optim.SGD(ps, o)],
  ["SGD", { lr: 0.1, momentum: 0.8, nesterov: true, weightDecay: 1e-3, maximize: true }, (ps, o) => new lw.optim.SGD(ps, o)],
  ["SGD", { lr: 1, momentum: 0.5 }, (ps, o) => new lw.optim.SGD(ps, o)],
  ["Adam", { lr: 1e-2 }, (ps, o) => new lw.optim.Adam(ps, o)],
  ["Adam", { lr: 1e-2, weightDecay: 0.1, amsgrad: true }, (ps, o) => new lw.optim.Adam(ps, o)],
  ["Adam", { lr: 3e-3, betas: [0.8, 0.99], eps: 1e-6, maximize: true }, (ps, o) => new lw.optim.Adam(ps, o)],
  ["AdamW", { lr: 1e-2 }, (ps, o) => new lw.optim.AdamW(ps, o)],
  ["AdamW", { lr: 1e-2, amsgrad: true, weightDecay: 0.05 }, (ps, o) => new lw.optim.AdamW(ps, o)],
  ["RMSprop", { lr: 1e-2 }, (ps, o) => new lw.optim.RMSprop(ps, o)],
  ["RMSprop", { lr: 1e-2, centered: true, momentum: 0.9, weightDecay: 1e-2 }, (ps, o) => new lw.optim.RMSprop(ps, o)],
  ["RMSprop", { lr: 1e-3, alpha: 0.9, momentum: 0.5, maximize: true }, (ps, o) => new lw.optim.RMSprop(ps, o)],
];
// Below the thread split, above it (native/kernels/kernels.h kParallelGrain), and one element.
const SIZES = [37, 70001, 1];
const STEPS = 4;

/** Seeded data in [-2, 2) as a plain array (the same numbers for both backends). */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
}

/** STEPS steps of one optimizer on the current backend; returns every parameter and state tensor, flattened. */
function run(make: Make, opts: Record<string, unknown>, dtype: "float32" | "float64"): number[][] {
  const params = SIZES.map((n, i) => lw.tensor(values(n, 1 + i), { dtype }).requiresGrad_());
  // A non-contiguous parameter: the fused step does not apply, the tensor path must still agree.
  params.push(lw.tensor(values(12, 99), { dtype }).reshape([3, 4]).transpose(0, 1).detach().requiresGrad_());
  const opt = make(params, opts);
  for (let step = 0; step < STEPS; step++) {
    params.forEach((p, i) => { p.grad = lw.tensor(values(p.numel, 100 * step + i), { dtype }).reshape(p.shape); });
    opt.step();
  }
  const out = params.map((p) => p.flatten().tolist() as number[]);
  for (const p of params) {
    const st = opt.state.get(p) ?? {};
    for (const k of Object.keys(st).sort()) {
      const v = st[k];
      out.push(v instanceof lw.Tensor ? (v.flatten().tolist() as number[]) : [v]);
    }
  }
  return out;
}

describe("fused optimizer steps on native equal the js backend", { skip }, () => {
  test("the native backend offers the fused steps", () => {
    lw.setBackend("native");
    assert.ok(lw.currentBackend().optimizerSteps);
  });

  for (const [name, opts, make] of CONFIGS) {
    for (const dtype of ["float32", "float64"] as const) {
      test(`${name} ${JSON.stringify(opts)} ${dtype}: ${STEPS} steps bit for bit`, () => {
        const before = lw.currentBackend().name;
        try {
          lw.setBackend("js");
          const want = run(make, opts, dtype);
          lw.setBackend("native");
          const got = run(make, opts, dtype);
          assert.equal(got.length, want.length);
          got.forEach((g, i) => assert.deepEqual(g, want[i], `tensor ${i}`));
        } finally {
          lw.setBackend(before);
        }
      });
    }
  }
});
