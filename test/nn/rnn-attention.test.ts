/** @file Bahdanau and Luong attention against PyTorch (test/nn/golden/rnn.json), masking, 2-D queries and bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, t32, type Nested } from "./close.ts";

const nn = lw.nn;
interface Case {
  name: "bahdanau" | "general" | "concat"; stateDict: Record<string, Nested>; query: Nested; keys: Nested; mask: boolean[][];
  context: Nested; weights: Nested; lossWeights: Nested[]; gradQuery: Nested; gradKeys: Nested; gradParams: Record<string, Nested>;
}
const fx = JSON.parse(readFileSync(new URL("./golden/rnn.json", import.meta.url), "utf8")) as { attention: Case[] };
const tol = { rtol: 1e-4, atol: 1e-5 };

for (const c of fx.attention) {
  test(`attention parity (${c.name}, masked): context, weights and all gradients match PyTorch`, () => {
    const att = c.name === "bahdanau" ? new nn.BahdanauAttention(5, 5, 6) : new nn.LuongAttention(5, { score: c.name });
    att.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, t32(v)])));
    const q = t32(c.query).requiresGrad_(), k = t32(c.keys).requiresGrad_();
    const { context, weights } = att.forward(q, k, { mask: lw.tensor(c.mask, { dtype: "bool" }) });
    assertClose(context, c.context, "context", tol);
    assertClose(weights, c.weights, "weights", tol);
    context.mul(t32(c.lossWeights[0])).sum().add(weights.mul(t32(c.lossWeights[1])).sum()).backward();
    assertClose(q.grad!, c.gradQuery, "grad query", tol);
    assertClose(k.grad!, c.gradKeys, "grad keys", tol);
    for (const [name, p] of att.namedParameters()) assertClose(p.grad!, c.gradParams[name], `grad ${name}`, tol);
  });
}

test("a 2-D query gives (B, D) contexts; masked keys get weight 0 and do not change the context", () => {
  lw.manualSeed(4);
  const att = new nn.LuongAttention(3, { score: "dot" });
  const q = lw.randn(2, 3), keys = lw.randn(2, 4, 3);
  const mask = lw.tensor([[true, true, false, false], [true, true, true, true]], { dtype: "bool" });
  const { context, weights } = att.forward(q, keys, { mask });
  assert.deepEqual([...context.shape], [2, 3]);
  assert.deepEqual((weights.index(0).tolist() as number[]).slice(2), [0, 0]);
  assertClose(weights.sum(1), [1, 1], "weights sum to one");
  const other = lw.cat([keys.narrow(1, 0, 2), lw.randn(2, 2, 3).mul(100)], 1);
  assertClose(att.forward(q, other, { mask }).context.index(0), context.index(0).tolist() as Nested, "padding keys are ignored");
  const plain = att.forward(q.index(0).unsqueeze(0), keys.index(0).unsqueeze(0)).weights;
  const scores = keys.index(0).matmul(q.index(0)); // (S)
  assertClose(plain.squeeze(0), scores.softmax(0).tolist() as Nested, "dot attention is softmax(K q)");
});

test("attention rejects bad shapes naming the layer and the expected layout", () => {
  const att = new nn.BahdanauAttention(4, 6, 8);
  assert.throws(() => att.forward(lw.zeros(2, 5), lw.zeros(2, 3, 6)), /BahdanauAttention\(4, 6, units=8\): expected the query of shape \[batch, 4\] or \[batch, steps, 4\], got \[2, 5\]/);
  assert.throws(() => att.forward(lw.zeros(2, 4), lw.zeros(3, 2, 6)), /expected keys of shape \[batch=2, seq, 6\] \(batch first\), got \[3, 2, 6\]/);
  assert.throws(() => att.forward(lw.zeros(2, 4), lw.zeros(2, 3, 6), { mask: lw.zeros(2, 3) }), /expected a bool mask of shape \[2, 3\], got float32 \[2, 3\]/);
  assert.throws(() => att.forward(lw.zeros(1, 4), lw.zeros(1, 2, 6), { mask: lw.tensor([[false, false]], { dtype: "bool" }) }), /hides every key/);
  assert.throws(() => new nn.LuongAttention(4, { score: "dot", keyDim: 5 }), /dot score needs keys of the query's size 4/);
});
