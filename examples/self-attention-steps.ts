/**
 * @file Self-attention step by step, as a lesson shows it: four token vectors, Q, K, V from small projection
 * matrices, the scaled scores, a causal mask, the softmax weights and the output, each printed — then the same in one call.
 */
import * as lw from "lernwerk";
import { isMain } from "./run.ts";

export interface SelfAttentionSteps { q: lw.Tensor; k: lw.Tensor; v: lw.Tensor; scores: lw.Tensor; masked: lw.Tensor; weights: lw.Tensor; output: lw.Tensor; fused: lw.Tensor }

export function main(log: (...a: unknown[]) => void = console.log): SelfAttentionSteps {
  const show = (title: string, t: lw.Tensor) => log(`\n${title} ${JSON.stringify(t.shape)}\n${t.toString()}`);
  // Four tokens ("the cat sat down") as 3-dimensional embeddings, one row each.
  const x = lw.tensor([[1, 0, 1], [0, 2, 0], [1, 1, 0], [0, 1, 1]]); // (T=4, d=3)
  // Projection matrices small enough to check by hand (d=3 → dk=2).
  const wq = lw.tensor([[1, 0], [0, 1], [1, 1]]);
  const wk = lw.tensor([[0, 1], [1, 0], [1, 0]]);
  const wv = lw.tensor([[1, 2], [0, 1], [2, 0]]);
  show("x: the token vectors", x);
  const q = x.matmul(wq), k = x.matmul(wk), v = x.matmul(wv); // (4, 2) each
  show("Q = x Wq: what each token looks for", q);
  show("K = x Wk: what each token offers", k);
  show("V = x Wv: what each token passes on", v);
  const scores = q.matmul(k.T).div(Math.sqrt(2)); // (4, 4): row i = how well query i matches every key
  show("scores = Q Kᵀ / √dk", scores);
  const causal = lw.nn.functional.causalMask(4); // true on and below the diagonal
  const masked = lw.maskedFill(scores, causal.logicalNot(), -Infinity);
  show("causal mask: token i may look at tokens 0..i only (−∞ above the diagonal)", masked);
  const weights = masked.softmax(-1); // (4, 4): every row sums to 1
  show("weights = softmax(masked scores) along each row", weights);
  const output = weights.matmul(v); // (4, 2): each row a weighted mix of the value rows it may see
  show("output = weights V", output);
  const fused = lw.nn.functional.scaledDotProductAttention(q, k, v, { isCausal: true });
  show("the same with F.scaledDotProductAttention(q, k, v, { isCausal: true })", fused);
  return { q, k, v, scores, masked, weights, output, fused };
}

if (isMain(import.meta.url)) main();
