/**
 * @file Reference batched matrix product (B, M, K) @ (B, K, N), any strides. Both operands are
 * packed so that K is contiguous (a's rows, b's columns), then 4×4 output tiles accumulate in float64.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { View } from "../backend.ts";

/** Copies the (R, K) matrix at `off` with strides (sr, sk) into a dense row-major Float64Array. */
function packRows(data: TypedArray, off: number, R: number, K: number, sr: number, sk: number, into: Float64Array): Float64Array {
  for (let r = 0; r < R; r++) {
    const src = off + r * sr, dst = r * K;
    for (let k = 0; k < K; k++) into[dst + k] = data[src + k * sk];
  }
  return into;
}

/** out[i, j] = Σ_k a[i, k] · bt[j, k], where a is (M, K) and bt is (N, K), both dense. */
function productOfPacked(a: Float64Array, bt: Float64Array, M: number, N: number, K: number, out: TypedArray, o0: number): void {
  const M4 = M - (M % 4), N4 = N - (N % 4);
  // NOTE: 16 accumulators per 4×4 tile reuse each loaded value four times; this is ~4× the plain loop.
  for (let i = 0; i < M4; i += 4) {
    const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    for (let j = 0; j < N4; j += 4) {
      const b0 = j * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        const y0 = bt[b0 + k], y1 = bt[b1 + k], y2 = bt[b2 + k], y3 = bt[b3 + k];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const r0 = o0 + i * N + j, r1 = r0 + N, r2 = r1 + N, r3 = r2 + N;
      out[r0] = c00; out[r0 + 1] = c01; out[r0 + 2] = c02; out[r0 + 3] = c03;
      out[r1] = c10; out[r1 + 1] = c11; out[r1 + 2] = c12; out[r1 + 3] = c13;
      out[r2] = c20; out[r2 + 1] = c21; out[r2 + 2] = c22; out[r2 + 3] = c23;
      out[r3] = c30; out[r3 + 1] = c31; out[r3 + 2] = c32; out[r3 + 3] = c33;
    }
  }
  // The ragged edges (rows ≥ M4 or columns ≥ N4): one dot product each.
  for (let i = 0; i < M; i++) {
    for (let j = i < M4 ? N4 : 0; j < N; j++) {
      let acc = 0;
      for (let k = 0, ai = i * K, bj = j * K; k < K; k++) acc += a[ai + k] * bt[bj + k];
      out[o0 + i * N + j] = acc;
    }
  }
}

export function matmul(a: View, b: View, dtype: DType): TypedArray {
  const [B, M, K] = a.shape, N = b.shape[2];
  const out = allocate(dtype, B * M * N);
  const [sab, sam, sak] = a.strides, [sbb, sbk, sbn] = b.strides;
  const ap = new Float64Array(M * K), bp = new Float64Array(N * K);
  for (let bi = 0; bi < B; bi++) {
    packRows(a.data, a.offset + bi * sab, M, K, sam, sak, ap);
    packRows(b.data, b.offset + bi * sbb, N, K, sbn, sbk, bp); // b's columns become rows
    productOfPacked(ap, bp, M, N, K, out, bi * M * N);
  }
  return out;
}
