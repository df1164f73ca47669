/** @file Reference batched matrix product (B, M, K) @ (B, K, N), float64 accumulation, any strides. */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { View } from "../backend.ts";

export function matmul(a: View, b: View, dtype: DType): TypedArray {
  const [B, M, K] = a.shape, N = b.shape[2];
  const out = allocate(dtype, B * M * N);
  const [sab, sam, sak] = a.strides, [sbb, sbk, sbn] = b.strides;
  const ad = a.data, bd = b.data;
  const row = new Float64Array(N);
  for (let bi = 0; bi < B; bi++) {
    const a0 = a.offset + bi * sab, b0 = b.offset + bi * sbb, o0 = bi * M * N;
    if (sbk === 1 && sak === 1 && sbn !== 1) {
      // b is stored transposed (e.g. x @ W.T): dot products of contiguous rows.
      for (let i = 0; i < M; i++) {
        const ar = a0 + i * sam;
        for (let j = 0; j < N; j++) {
          const br = b0 + j * sbn;
          let acc = 0;
          for (let k = 0; k < K; k++) acc += ad[ar + k] * bd[br + k];
          out[o0 + i * N + j] = acc;
        }
      }
      continue;
    }
    for (let i = 0; i < M; i++) {
      row.fill(0);
      const ar = a0 + i * sam;
      for (let k = 0; k < K; k++) {
        const aik = ad[ar + k * sak];
        const br = b0 + k * sbk;
        for (let j = 0; j < N; j++) row[j] += aik * bd[br + j * sbn];
      }
      for (let j = 0; j < N; j++) out[o0 + i * N + j] = row[j];
    }
  }
  return out;
}
