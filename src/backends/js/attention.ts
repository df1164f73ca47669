/**
 * @file Reference kernel of fused scaled dot-product attention: plain float64 loops over 4-D strided views, one query
 * row at a time (scores, mask, softmax, weighted sum of values); the oracle for native/kernels/attention.cc.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { View } from "../backend.ts";

/** Storage index of element (b, h, i, j) of a 4-D view. */
const at4 = (v: View, b: number, h: number, i: number, j: number): number =>
  v.offset + b * v.strides[0] + h * v.strides[1] + i * v.strides[2] + j * v.strides[3];

export function attention(q: View, k: View, v: View, mask: View | null, causal: boolean, scale: number, dtype: DType): TypedArray {
  const [B, H, L, E] = q.shape, S = k.shape[2], Ev = v.shape[3];
  const out = allocate(dtype, B * H * L * Ev); // (B, H, L, Ev)
  const scores = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < L; i++) {
        let max = -Infinity, seen = false;
        for (let j = 0; j < S; j++) {
          let s = 0;
          for (let e = 0; e < E; e++) s += q.data[at4(q, b, h, i, e)] * k.data[at4(k, b, h, j, e)];
          s *= scale;
          if (mask) {
            const m = mask.data[at4(mask, b, h, i, j)];
            s = mask.dtype === "bool" ? (m ? s : -Infinity) : s + m;
          }
          if (causal && j > i) s = -Infinity;
          scores[j] = s;
          if (s !== -Infinity) seen = true;
          if (s > max) max = s;
        }
        const o = ((b * H + h) * L + i) * Ev;
        // No key seen: zero weights (the values are still multiplied by them, so a non-finite value gives NaN, as
        // the composite's weights·value product does). NaN among the scores makes the whole row NaN.
        let total = 0;
        for (let j = 0; j < S; j++) total += scores[j] = seen ? Math.exp(scores[j] - max) : 0;
        for (let j = 0; j < S; j++) {
          const w = seen ? scores[j] / total : 0;
          for (let e = 0; e < Ev; e++) out[o + e] += w * v.data[at4(v, b, h, j, e)];
        }
      }
    }
  }
  return out;
}
