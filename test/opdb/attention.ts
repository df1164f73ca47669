/**
 * @file Op database entry for nn.functional.scaledDotProductAttention on its fused path (Op.Attention): no mask,
 * causal, bool and float masks (broadcast), queries that see no key, 2-D to 4-D inputs, strided views.
 */
import * as lw from "lernwerk";
import { bool, rand } from "./make.ts";
import { atBroadcast, build, numel, type Nd } from "./nd.ts";
import { op, type OpInfo, type Tensor } from "./types.ts";

const sdpa = lw.nn.functional.scaledDotProductAttention;
/** mask: the kind of the fourth input (the reference sees a bool mask as 0/1 values). */
interface AttentionParams { causal?: boolean; scale?: number; mask?: "bool" | "float" }

/** softmax(q·kᵀ·scale + mask)·v per query row, from the definition; a row with no visible key is zero. */
function attentionRef([q, k, v, m]: Nd[], p: AttentionParams): Nd {
  const nd = q.shape.length, L = q.shape[nd - 2], E = q.shape[nd - 1], S = k.shape[nd - 2], Ev = v.shape[nd - 1];
  const batch = q.shape.slice(0, -2), scale = p.scale ?? 1 / Math.sqrt(E);
  const out: number[] = [];
  for (let b = 0; b < numel(batch); b++) {
    const bIdx = batch.map((_, d) => Math.floor(b / numel(batch.slice(d + 1))) % batch[d]);
    for (let i = 0; i < L; i++) {
      const s = Array.from({ length: S }, (_, j) => {
        let dot = 0;
        for (let e = 0; e < E; e++) dot += q.data[(b * L + i) * E + e] * k.data[(b * S + j) * E + e];
        let x = dot * scale;
        if (p.mask) {
          const mv = atBroadcast(m, [...bIdx, i, j]);
          x = p.mask === "bool" ? (mv ? x : -Infinity) : x + mv;
        }
        return p.causal && j > i ? -Infinity : x;
      });
      const max = Math.max(...s), seen = s.some((x) => x !== -Infinity);
      const w = s.map((x) => (seen ? Math.exp(x - max) : 0));
      const total = w.reduce((a, c) => a + c, 0);
      for (let e = 0; e < Ev; e++) out.push(w.reduce((a, wj, j) => a + (seen ? wj / total : 0) * v.data[(b * S + j) * Ev + e], 0));
    }
  }
  return build([...batch, L, Ev], (idx) => out[idx.reduce((acc, x, d) => acc * [...batch, L, Ev][d] + x, 0)]);
}

const call = ([q, k, v, m]: Tensor[], p: AttentionParams): Tensor =>
  sdpa(q, k, v, { attnMask: p.mask ? m : null, isCausal: p.causal ?? false, scale: p.scale ?? null });

/** Bool (L, S) mask with row `dead` all false (that query sees nothing). */
const boolMaskWithDeadRow = (L: number, S: number, dead: number): Tensor =>
  bool(Array.from({ length: L }, (_, i) => Array.from({ length: S }, (_, j) => i !== dead && (i + j) % 3 !== 1)));

const attentionEntry = op<AttentionParams>({
  name: "nn.functional.scaledDotProductAttention",
  fn: call,
  ref: attentionRef,
  grad: true,
  dtypes: ["float64", "float32"],
  tol: { float32: { atol: 2e-5, rtol: 1e-4 } },
  samples: () => [
    { desc: "(B, H, L, E) no mask", inputs: [rand([2, 3, 4, 5]), rand([2, 3, 6, 5]), rand([2, 3, 6, 3])], params: {} },
    { desc: "causal, L = S", inputs: [rand([1, 2, 5, 4]), rand([1, 2, 5, 4]), rand([1, 2, 5, 4])], params: { causal: true } },
    { desc: "causal, L < S (top-left)", inputs: [rand([2, 3, 4]), rand([2, 6, 4]), rand([2, 6, 2])], params: { causal: true } },
    { desc: "decoding: one query against 9 keys, scale 0.3", inputs: [rand([1, 4, 1, 8]), rand([1, 4, 9, 8]), rand([1, 4, 9, 8])], params: { scale: 0.3 } },
    { desc: "2-D inputs", inputs: [rand([3, 4]), rand([5, 4]), rand([5, 2])], params: {} },
    { desc: "float mask broadcast over the batch", inputs: [rand([2, 2, 3, 4]), rand([2, 2, 5, 4]), rand([2, 2, 5, 3]), rand([3, 5])], params: { mask: "float" } },
    { desc: "bool mask (L, S) with a query that sees no key", inputs: [rand([2, 4, 3]), rand([2, 5, 3]), rand([2, 5, 2]), boolMaskWithDeadRow(4, 5, 2)], params: { mask: "bool" } },
    { desc: "transposed heads (a (B, T, H, E) projection seen as (B, H, T, E))", inputs: [rand([2, 4, 3, 5]), rand([2, 6, 3, 5]), rand([2, 6, 3, 5])], params: { causal: false },
      prep: (xs) => xs.map((x) => x.transpose(1, 2)) },
    { desc: "no keys (S = 0)", inputs: [rand([1, 2, 3]), rand([1, 0, 3]), rand([1, 0, 2])], params: {} },
  ],
  errors: [
    { desc: "E of key differs", call: () => sdpa(lw.ones(2, 3), lw.ones(2, 4), lw.ones(2, 4)), message: /^scaledDotProductAttention: query and key must have the same last dim, got \[2, 3\] and \[2, 4\]/ },
    { desc: "mask that does not broadcast", call: () => sdpa(lw.ones(2, 3), lw.ones(4, 3), lw.ones(4, 3), { attnMask: lw.ones(3, 4) }), message: /^scaledDotProductAttention: shapes \[3, 4\] and \[2, 4\] cannot be broadcast/ },
  ],
});

export const attentionEntries: OpInfo[] = [attentionEntry];
