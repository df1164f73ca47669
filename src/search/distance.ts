/**
 * @file The distance kernels of HNSW on flat Float32Array storage, loops unrolled by four: squared L2, and
 * 1 − inner product (ip and, on unit rows, cosine, as hnswlib).
 */

/** |a − b|² for a at offset ao of A and b at offset bo of B, dim d. */
export function l2sq(A: Float32Array, ao: number, B: Float32Array, bo: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < d; k += 4) {
    const t0 = A[ao + k] - B[bo + k], t1 = A[ao + k + 1] - B[bo + k + 1], t2 = A[ao + k + 2] - B[bo + k + 2], t3 = A[ao + k + 3] - B[bo + k + 3];
    s0 += t0 * t0; s1 += t1 * t1; s2 += t2 * t2; s3 += t3 * t3;
  }
  for (; k < d; k++) { const t = A[ao + k] - B[bo + k]; s0 += t * t; }
  return s0 + s1 + s2 + s3;
}

/** 1 − a·b. */
export function ipDist(A: Float32Array, ao: number, B: Float32Array, bo: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < d; k += 4) {
    s0 += A[ao + k] * B[bo + k]; s1 += A[ao + k + 1] * B[bo + k + 1]; s2 += A[ao + k + 2] * B[bo + k + 2]; s3 += A[ao + k + 3] * B[bo + k + 3];
  }
  for (; k < d; k++) s0 += A[ao + k] * B[bo + k];
  return 1 - (s0 + s1 + s2 + s3);
}
