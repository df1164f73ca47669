/**
 * @file The fused LSTM sequence (Op.LstmSequence, nn.LSTM's fast path): gradcheck in float64, native against the js
 * reference, nn.LSTM with the fast path on and off (layers, directions, batch-first, unbatched, initial states),
 * no double backward, bad shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { lstmSequence } from "../../src/nn/functional/rnn.ts";
import { gradcheck } from "../gradcheck.ts";
import { rand } from "../opdb/make.ts";

const F = lw.nn.functional;
const maxDiff = (a: lw.Tensor, b: lw.Tensor): number => a.sub(b).abs().max().item();

test("lstmSequence passes gradcheck in float64 (xp, h0, c0, W_hh), strided inputs included", () => {
  const [T, B, H] = [4, 2, 3];
  gradcheck((xs) => lstmSequence(xs[0], xs[1], xs[2], xs[3]), [rand([T, B, 4 * H]), rand([B, H]), rand([B, H]), rand([4 * H, H], -0.7, 0.7)]);
  // xp as a transposed view, W_hh as the transpose of an (H, 4H) array
  gradcheck((xs) => lstmSequence(xs[0].transpose(0, 1), xs[1], xs[2], xs[3].T), [rand([B, T, 4 * H]), rand([B, H]), rand([B, H]), rand([H, 4 * H], -0.7, 0.7)]);
});

for (const [T, B, H] of [[7, 3, 9], [5, 16, 70]]) test(`lstmSequence on native equals the js reference, forward and every gradient (T ${T}, B ${B}, H ${H})`, () => {
  // H 9: SIMD tails in the cell rows; B 16 takes the packed-W_hh GEMM (more than 8 rows), H 70 two K blocks of 256 in backward
  const g = new lw.Generator(11);
  const inputs = [lw.randn([T, B, 4 * H], { generator: g }), lw.randn([B, H], { generator: g }), lw.randn([B, H], { generator: g }), lw.randn([4 * H, H], { generator: g }).mul(0.4)];
  const u = lw.randn([2, T + 1, B, H], { generator: g });
  const run = () => {
    const xs = inputs.map((x) => x.detach().requiresGrad_());
    const y = lstmSequence(xs[0], xs[1], xs[2], xs[3]);
    y.mul(u).sum().backward();
    return [y.detach(), ...xs.map((x) => x.grad!)];
  };
  const before = lw.currentBackend().name;
  const native = run();
  lw.setBackend("js");
  let ref: lw.Tensor[];
  try { ref = run(); } finally { lw.setBackend(before); }
  native.forEach((t, i) => assert.ok(maxDiff(t, ref[i]) / (1 + ref[i].abs().max().item()) < 2e-5, `output ${i}: ${maxDiff(t, ref[i])}`));
});

for (const cfg of [
  { numLayers: 1, bidirectional: false, batchFirst: true },
  { numLayers: 2, bidirectional: true, batchFirst: false },
  { numLayers: 2, bidirectional: false, batchFirst: true, bias: false },
]) {
  test(`nn.LSTM gives the same outputs, states and gradients with the fused sequence and step by step (${JSON.stringify(cfg)})`, () => {
    lw.manualSeed(3);
    const lstm = new lw.nn.LSTM(5, 6, { ...cfg, dtype: "float64" });
    const x = lw.randn(cfg.batchFirst ? [3, 8, 5] : [8, 3, 5], { dtype: "float64" });
    const D = cfg.bidirectional ? 2 : 1;
    const h0 = lw.randn([cfg.numLayers * D, 3, 6], { dtype: "float64" }), c0 = lw.randn([cfg.numLayers * D, 3, 6], { dtype: "float64" });
    const run = () => {
      lstm.zeroGrad();
      const xr = x.detach().requiresGrad_();
      const [y, [h, c]] = lstm.forward(xr, [h0, c0]) as [lw.Tensor, [lw.Tensor, lw.Tensor]];
      y.pow(2).sum().add(h.sum()).add(c.mul(0.5).sum()).backward();
      return [y.detach(), h.detach(), c.detach(), xr.grad!, ...lstm.parameters().map((p) => p.grad!)];
    };
    const fused = run();
    F.setFastPathEnabled(false);
    let steps: lw.Tensor[];
    try { steps = run(); } finally { F.setFastPathEnabled(true); }
    fused.forEach((t, i) => assert.ok(maxDiff(t, steps[i]) < 1e-10, `tensor ${i}: ${maxDiff(t, steps[i])}`));
  });
}

test("nn.LSTM unbatched, and without initial states, on the fused path", () => {
  lw.manualSeed(4);
  const lstm = new lw.nn.LSTM(4, 5);
  const x = lw.randn(6, 4);
  const fused = lstm.forward(x)[0];
  F.setFastPathEnabled(false);
  try { assert.ok(maxDiff(fused, lstm.forward(x)[0]) < 1e-6); } finally { F.setFastPathEnabled(true); }
  assert.deepEqual(fused.shape, [6, 5]);
});

test("the fused sequence refuses double backward and names bad shapes", () => {
  const xs = [rand([3, 2, 8]), rand([2, 2]), rand([2, 2]), rand([8, 2])].map((t) => t.requiresGrad_());
  const y = lstmSequence(xs[0], xs[1], xs[2], xs[3]);
  assert.throws(() => y.sum().backward(undefined, { createGraph: true }), /no double backward/);
  assert.throws(() => lstmSequence(rand([3, 2, 7]), rand([2, 2]), rand([2, 2]), rand([8, 2])), /expected xp of shape \[3, 2, 8\] for h0 \[2, 2\], got \[3, 2, 7\]/);
  assert.throws(() => lstmSequence(rand([3, 2, 8]), rand([2, 2]), rand([2, 3]), rand([8, 2])), /expected c0 of shape \[2, 2\]/);
  assert.throws(() => lstmSequence(rand([3, 2, 8]), rand([2, 2]), rand([2, 2]), rand([2, 8])), /expected weightHh of shape \[8, 2\]/);
});
