/**
 * @file The float32 loops compiled twice (native/kernels/isa_loops.h: GELU and its gradient, softmax's exponentials,
 * the LSTM cell's rows): the AVX2+FMA copies give what the baseline copies (LERNWERK_ISA=portable) give, within float32
 * rounding, tails included; each run is a child process, as the choice is made once per process.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { nativeBinding } from "../../src/backends/native/binding.ts";

const hasNative = "binding" in nativeBinding();
// Sizes with SIMD tails (13, 1031) and a large multiple (4096); values over the polynomials' intervals and beyond.
const probe = `
import * as lw from "lernwerk";
const F = lw.nn.functional;
const g = new lw.Generator(5);
const out = {};
for (const n of [13, 1031, 4096]) {
  const x = lw.randn([n], { generator: g }).mul(4), dy = lw.randn([n], { generator: g });
  const xr = x.clone().requiresGrad_();
  F.gelu(xr).backward(dy);
  const xt = x.clone().requiresGrad_();
  F.gelu(xt, { approximate: "tanh" }).backward(dy);
  out[n] = { erf: F.gelu(x).tolist(), tanh: F.gelu(x, { approximate: "tanh" }).tolist(), dErf: xr.grad.tolist(), dTanh: xt.grad.tolist(),
    softmax: lw.softmax(x.view(1, n), 1).tolist(), logSoftmax: lw.logSoftmax(x.view(1, n), 1).tolist() };
}
lw.manualSeed(0);
const lstm = new lw.nn.LSTM(5, 13, { batchFirst: true });
const seq = lw.randn([3, 4, 5], { generator: g }).requiresGrad_();
const [y] = lstm.forward(seq);
y.mul(lw.randn(y.shape, { generator: g })).sum().backward();
out.lstm = { y: y.tolist(), dx: seq.grad.tolist(), dW: lstm.weightHhL0.grad.tolist() };
console.log(lw.currentBackend().name, JSON.stringify(out));`;

function run(isa: string): { backend: string; values: Record<string, unknown> } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], { env: { ...process.env, LERNWERK_ISA: isa, LERNWERK_BACKEND: "native" }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const [backend, json] = r.stdout.trim().split(/ (.*)/s);
  return { backend, values: JSON.parse(json) as Record<string, unknown> };
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

test("AVX2 and baseline copies of the float32 loops agree (GELU, its gradient, softmax, LSTM)", { skip: !hasNative && "the addon is not built" }, () => {
  const fast = run(""), base = run("portable");
  assert.equal(fast.backend, "native");
  assert.equal(base.backend, "native");
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, path: string): void => {
    for (const k of Object.keys(b)) {
      const va = a[k], vb = b[k];
      if (vb && typeof vb === "object" && !Array.isArray(vb)) { walk(va as Record<string, unknown>, vb as Record<string, unknown>, `${path}.${k}`); continue; }
      const x = flat(va), y = flat(vb);
      assert.equal(x.length, y.length, `${path}.${k}: lengths`);
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i])));
      assert.ok(worst < 5e-6, `${path}.${k}: AVX2 and baseline differ by ${worst}`);
    }
  };
  walk(fast.values, base.values, "");
});
