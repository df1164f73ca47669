/** @file F.scaledDotProductAttention: PyTorch golden outputs, weights and gradients; float64 gradcheck; masks, dropout, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { gradcheck } from "../gradcheck.ts";
import { assertClose, t32, type Nested } from "./close.ts";

const F = lw.nn.functional;
interface Mask { dtype: "bool" | "float32"; shape: number[]; values: Nested }
interface Case {
  name: string; q: Nested; k: Nested; v: Nested; mask: Mask | null; isCausal: boolean; scale: number | null;
  output: Nested; weights: Nested; lossWeights: [Nested, Nested]; gradQ: Nested; gradK: Nested; gradV: Nested;
}
const fx = JSON.parse(readFileSync(new URL("./golden/transformer.json", import.meta.url), "utf8")) as { sdpa: Case[] };
const tol = { rtol: 1e-4, atol: 1e-5 };

/** The fixture's mask as a tensor: bool stays bool, −1e30 stands for −∞ (JSON has no infinity). */
function maskOf(m: Mask | null): lw.Tensor | null {
  if (!m) return null;
  const t = t32(m.values);
  return m.dtype === "bool" ? t.ne(0) : lw.where(t.le(-1e30), -Infinity, t);
}

for (const c of fx.sdpa) {
  test(`PyTorch parity: scaledDotProductAttention, ${c.name}: output, weights, gradients of q, k, v`, () => {
    const [q, k, v] = [c.q, c.k, c.v].map((a) => t32(a).requiresGrad_());
    const opts = { attnMask: maskOf(c.mask), isCausal: c.isCausal, scale: c.scale };
    const [out, w] = F.scaledDotProductAttentionWithWeights(q, k, v, opts);
    assertClose(out, c.output, "output", tol);
    assertClose(w, c.weights, "weights", tol);
    assertClose(F.scaledDotProductAttention(q, k, v, opts), c.output, "output without weights", tol);
    out.mul(t32(c.lossWeights[0])).sum().add(w.mul(t32(c.lossWeights[1])).sum()).backward();
    assertClose(q.grad!, c.gradQ, "grad q", tol);
    assertClose(k.grad!, c.gradK, "grad k", tol);
    assertClose(v.grad!, c.gradV, "grad v", tol);
  });
}

const r64 = (...shape: number[]) => lw.randn(shape, { dtype: "float64" });

test("gradcheck (float64): scaledDotProductAttention with a causal mask, a bool padding mask and a float mask", () => {
  lw.manualSeed(1);
  const pad = lw.tensor([[true, true, false], [true, true, true]]).reshape(2, 1, 3);
  const floatMask = r64(4, 3);
  gradcheck(([q, k, v]) => F.scaledDotProductAttention(q, k, v, { isCausal: true }), [r64(2, 3, 4), r64(2, 3, 4), r64(2, 3, 2)]);
  gradcheck(([q, k, v]) => F.scaledDotProductAttentionWithWeights(q, k, v, { attnMask: pad }), [r64(2, 4, 4), r64(2, 3, 4), r64(2, 3, 2)]);
  gradcheck(([q, k, v, m]) => F.scaledDotProductAttention(q, k, v, { attnMask: m }), [r64(2, 4, 4), r64(2, 3, 4), r64(2, 3, 2), floatMask]);
});

test("a fully masked row gives zero weights and output and finite zero gradients (PyTorch ≥ 2.5), the other rows are unchanged", () => {
  lw.manualSeed(2);
  const q = lw.randn([1, 3, 4]).requiresGrad_(), k = lw.randn([1, 3, 4]).requiresGrad_(), v = lw.randn([1, 3, 2]).requiresGrad_();
  const mask = lw.tensor([[true, true, false], [false, false, false], [true, true, true]]);
  const [out, w] = F.scaledDotProductAttentionWithWeights(q, k, v, { attnMask: mask });
  assert.deepEqual([...w.select(1, 1).toTypedArray()], [0, 0, 0]);
  assert.deepEqual([...out.select(1, 1).toTypedArray()], [0, 0]);
  const floatMask = lw.where(mask, 0, -Infinity);
  assertClose(F.scaledDotProductAttention(q, k, v, { attnMask: floatMask }), out.tolist() as Nested, "float −∞ mask = bool mask");
  const ref = F.scaledDotProductAttention(q, k, v, { attnMask: mask.select(0, 0).reshape(1, 3) });
  assertClose(out.select(1, 0), ref.select(1, 0).tolist() as Nested, "row 0 as if alone");
  out.sum().backward();
  for (const t of [q, k, v]) assert.ok([...t.grad!.toTypedArray()].every(Number.isFinite), "finite gradients");
  assert.deepEqual([...q.grad!.select(1, 1).toTypedArray()], [0, 0, 0, 0], "no gradient into the masked query");
});

test("causalMask and isCausal: query i sees keys 0..i; the weights above the diagonal are 0 and rows sum to 1", () => {
  assert.deepEqual(F.causalMask(2, 3).tolist(), [[true, false, false], [true, true, false]]);
  lw.manualSeed(3);
  const x = lw.randn([2, 4, 8]);
  const [, w] = F.scaledDotProductAttentionWithWeights(x, x, x, { isCausal: true });
  assert.equal(w.triu(1).abs().sum().item(), 0);
  assertClose(w.sum(-1), [[1, 1, 1, 1], [1, 1, 1, 1]], "rows sum to 1");
});

test("dropoutP zeroes weights with the seeded generator and scales the rest by 1/(1−p); p = 0 is exact", () => {
  const q = lw.ones([1, 64, 4]), v = lw.randn([1, 64, 4]);
  const [, w0] = F.scaledDotProductAttentionWithWeights(q, q, v, { dropoutP: 0 });
  const [, w] = F.scaledDotProductAttentionWithWeights(q, q, v, { dropoutP: 0.5, generator: new lw.Generator(7) });
  const vals = [...w.toTypedArray()], zeros = vals.filter((x) => x === 0).length;
  assert.ok(zeros > 64 * 64 * 0.4 && zeros < 64 * 64 * 0.6, `about half dropped, got ${zeros}`);
  assert.ok(vals.every((x) => x === 0 || Math.abs(x - 2 / 64) < 1e-6), "kept weights scaled by 2");
  assert.ok([...w0.toTypedArray()].every((x) => Math.abs(x - 1 / 64) < 1e-7));
});

test("scaledDotProductAttention errors name the problem", () => {
  const q = lw.randn([2, 3, 4]);
  assert.throws(() => F.scaledDotProductAttention(q, lw.randn([2, 3, 5]), q), /same last dim/);
  assert.throws(() => F.scaledDotProductAttention(q, q, lw.randn([2, 4, 4])), /same sequence length/);
  assert.throws(() => F.scaledDotProductAttention(q, q, q, { isCausal: true, attnMask: F.causalMask(3) }), /not both/);
  assert.throws(() => F.scaledDotProductAttention(q, q, q, { attnMask: lw.ones([4, 4], { dtype: "bool" }) }), /broadcast/);
  assert.throws(() => F.scaledDotProductAttention(lw.randn([4]), q, q), /at least 2 dims/);
});
