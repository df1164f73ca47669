/**
 * @file The causal softmax behind the attention composite (Op.Softmax with `causal`): the weights equal a softmax
 * after masking the keys past each query with −∞, on native and on js, for L = S, L < S and L > S, and the gradient
 * equals that of the masked composite.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

const F = lw.nn.functional;

function masked(q: lw.Tensor, k: lw.Tensor, v: lw.Tensor): [lw.Tensor, lw.Tensor] {
  const [L, S] = [q.shape[q.ndim - 2], k.shape[k.ndim - 2]];
  const seen = F.causalMask(L, S); // true where query i may see key j
  const scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(q.shape[q.ndim - 1])).maskedFill(seen.logicalNot(), -Infinity);
  const w = lw.softmax(scores, -1);
  return [w.matmul(v), w];
}

for (const [L, S] of [[5, 5], [3, 7], [6, 4]]) {
  test(`causal attention weights and gradients equal the masked composite (L ${L}, S ${S}), native and js`, () => {
    const g = new lw.Generator(L * 10 + S);
    const make = () => [lw.randn([2, 3, L, 8], { generator: g }), lw.randn([2, 3, S, 8], { generator: g }), lw.randn([2, 3, S, 4], { generator: g })];
    const [q, k, v] = make();
    for (const name of lw.listBackends()) {
      const before = lw.currentBackend().name;
      lw.setBackend(name as "js" | "native");
      try {
        const run = (f: (q: lw.Tensor, k: lw.Tensor, v: lw.Tensor) => [lw.Tensor, lw.Tensor]) => {
          const xs = [q, k, v].map((t) => t.detach().requiresGrad_());
          const [out, w] = f(xs[0], xs[1], xs[2]);
          out.pow(2).sum().backward();
          return [out.detach(), w.detach(), ...xs.map((x) => x.grad!)];
        };
        const fused = run((a, b, c) => F.scaledDotProductAttentionWithWeights(a, b, c, { isCausal: true }));
        const ref = run(masked);
        fused.forEach((t, i) => assert.ok(t.sub(ref[i]).abs().max().item() < 1e-5, `${name}: tensor ${i} differs by ${t.sub(ref[i]).abs().max().item()}`));
        const w = fused[1].toTypedArray();
        for (let i = 0; i < L; i++) for (let j = i + 1; j < S; j++) assert.equal(w[i * S + j], 0, `${name}: weight (${i}, ${j}) past the diagonal`);
      } finally {
        lw.setBackend(before as "js" | "native");
      }
    }
  });
}
