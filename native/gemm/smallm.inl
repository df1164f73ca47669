// Small-M products (a few rows of A: batch-1 decoding, attention of one query) that read B in place: packing
// B would cost as much as the whole product. Included by microkernel.inl, so compiled once per instruction set.
// Two layouts: B rows contiguous (x·W, vectors along N) and B columns contiguous (x·Wᵀ, dot products along K).

/** c[mr rows × NV·W cols] = a[mr × K] · b[K × NV·W] with b's rows contiguous; a read as broadcast scalars. */
template <typename T, typename V, int MR, int NV>
inline void axpyBlock(int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, T* c, int64_t ldc) {
  constexpr int W = sizeof(V) / sizeof(T);
  V acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) acc[i][j] = V{};
  for (int64_t k = 0; k < K; k++, b += brs) {
    V bv[NV];
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) __builtin_memcpy(&bv[j], b + j * W, sizeof(V));
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
      const T ai = a[i * ars + k * acs];
#pragma GCC unroll 8
      for (int j = 0; j < NV; j++) acc[i][j] += ai * bv[j];
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) __builtin_memcpy(c + i * ldc + j * W, &acc[i][j], sizeof(V));
}

/**
 * Rows [0, MR) of C over columns [0, N): blocks of NV vectors (as many accumulators as the registers hold with
 * MR rows), then single vectors, then the last N mod W columns as scalar dot products.
 */
template <typename T, typename V, int MR, int NV>
void axpyRows(int64_t N, int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, T* c, int64_t ldc) {
  constexpr int W = sizeof(V) / sizeof(T);
  int64_t n = 0;
  for (; n + NV * W <= N; n += NV * W) axpyBlock<T, V, MR, NV>(K, a, ars, acs, b + n, brs, c + n, ldc);
  for (; n + W <= N; n += W) axpyBlock<T, V, MR, 1>(K, a, ars, acs, b + n, brs, c + n, ldc);
  for (; n < N; n++)
    for (int i = 0; i < MR; i++) {
      T s = 0;
      for (int64_t k = 0; k < K; k++) s += a[i * ars + k * acs] * b[k * brs + n];
      c[i * ldc + n] = s;
    }
}

/**
 * C[M × N] = A · B reading B's rows from first to last, each whole, C's rows kept in L1: c[n] = fma(a[k], b[k][n],
 * c[n]) for k in order (the same operations, in the same order, as axpyBlock's accumulators), four rows of B per
 * pass over C. For rows of B longer than a block of accumulators this streams B sequentially: a 1024×1024 weight
 * read by 128-column blocks starts a new 4 KiB page every row, which the prefetchers do not follow.
 */
template <typename T, typename V>
void streamRows(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, T* c, int64_t ldc) {
  constexpr int W = sizeof(V) / sizeof(T);
  const int64_t nv = N / W * W;
  for (int64_t i = 0; i < M; i++) std::fill(c + i * ldc, c + i * ldc + N, T(0));
  int64_t k = 0;
  for (; k + 4 <= K; k += 4) {
    const T* b0 = b + k * brs;
    const T *b1 = b0 + brs, *b2 = b1 + brs, *b3 = b2 + brs;
    for (int64_t i = 0; i < M; i++) {
      const T a0 = a[i * ars + k * acs], a1 = a[i * ars + (k + 1) * acs], a2 = a[i * ars + (k + 2) * acs], a3 = a[i * ars + (k + 3) * acs];
      T* ci = c + i * ldc;
      for (int64_t n = 0; n < nv; n += W) {
        V cv, v0, v1, v2, v3;
        __builtin_memcpy(&cv, ci + n, sizeof(V));
        __builtin_memcpy(&v0, b0 + n, sizeof(V));
        __builtin_memcpy(&v1, b1 + n, sizeof(V));
        __builtin_memcpy(&v2, b2 + n, sizeof(V));
        __builtin_memcpy(&v3, b3 + n, sizeof(V));
        cv += a0 * v0;
        cv += a1 * v1;
        cv += a2 * v2;
        cv += a3 * v3;
        __builtin_memcpy(ci + n, &cv, sizeof(V));
      }
      for (int64_t n = nv; n < N; n++) {
        T t = ci[n];
        t += a0 * b0[n];
        t += a1 * b1[n];
        t += a2 * b2[n];
        t += a3 * b3[n];
        ci[n] = t;
      }
    }
  }
  for (; k < K; k++)
    for (int64_t i = 0; i < M; i++) {
      const T ak = a[i * ars + k * acs];
      const T* bk = b + k * brs;
      T* ci = c + i * ldc;
      for (int64_t n = 0; n < N; n++) ci[n] += ak * bk[n];
    }
}

/** C[M × N] = A · B for B with unit column stride (row-major K × N); any strides for A. */
template <typename T, typename V>
void smallRowsB(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, T* c, int64_t ldc) {
  constexpr int W = sizeof(V) / sizeof(T);
  // One or two rows of C with more columns than one block of accumulators: B's rows streamed whole (C stays in L1).
  if (M <= 2 && N > 8 * W && M * N * static_cast<int64_t>(sizeof(T)) <= 16 * 1024) return streamRows<T, V>(M, N, K, a, ars, acs, b, brs, c, ldc);
  // With more than one group of rows, columns go in chunks of 12 vectors so the later groups find the chunk's
  // K × 12·W values of B in L2 (K 768: 288 KiB) instead of reading all of B again: 8×3072×768 went 2650 -> 2000 µs.
  const int64_t chunk = M <= 4 ? N : 12 * W;
  for (int64_t n0 = 0; n0 < N; n0 += chunk) {
    const int64_t nb = std::min(chunk, N - n0);
    const T* bn = b + n0;
    // Up to 12 accumulators + the B vectors + a broadcast in 16 registers (AVX2): 1 row × 8 vectors keeps eight
    // FMA chains in flight (latency 4, two per cycle), more rows share each B load.
    int64_t m = 0;
    for (; m + 4 <= M; m += 4) axpyRows<T, V, 4, 3>(nb, K, a + m * ars, ars, acs, bn, brs, c + m * ldc + n0, ldc);
    switch (M - m) {
      case 3: axpyRows<T, V, 3, 4>(nb, K, a + m * ars, ars, acs, bn, brs, c + m * ldc + n0, ldc); break;
      case 2: axpyRows<T, V, 2, 4>(nb, K, a + m * ars, ars, acs, bn, brs, c + m * ldc + n0, ldc); break;
      case 1: axpyRows<T, V, 1, 8>(nb, K, a + m * ars, ars, acs, bn, brs, c + m * ldc + n0, ldc); break;
    }
  }
}

template <typename V, size_t... I> inline V evenLanes(V x, V y, std::index_sequence<I...>) { return __builtin_shufflevector(x, y, (2 * I)...); }
template <typename V, size_t... I> inline V oddLanes(V x, V y, std::index_sequence<I...>) { return __builtin_shufflevector(x, y, (2 * I + 1)...); }

/**
 * The W horizontal sums of W vectors as one vector (lane j = sum of acc[j]): each level adds neighbouring lanes
 * of two vectors into one, so log2(W) levels of W/2, W/4... shuffle-adds replace W separate reductions.
 */
template <typename V, int W> inline V sumLanes(V* acc) {
  for (int n = W; n > 1; n /= 2)
    for (int i = 0; i < n / 2; i++)
      acc[i] = evenLanes(acc[2 * i], acc[2 * i + 1], std::make_index_sequence<W>{}) + oddLanes(acc[2 * i], acc[2 * i + 1], std::make_index_sequence<W>{});
  return acc[0];
}

/**
 * C[M × N] = A · B for B with unit row stride (column n at b + n·bcs, contiguous in k: Wᵀ of a row-major weight)
 * and A rows contiguous. Groups of W columns: W dot products at once (one A load, W B loads, W FMA chains per
 * step), summed into one vector; every row of A runs over the group while its W·K values of B stay in L1.
 */
template <typename T, typename V>
void smallColsB(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, const T* b, int64_t bcs, T* c, int64_t ldc) {
  constexpr int W = sizeof(V) / sizeof(T);
  const int64_t kv = K / W * W;
  for (int64_t n = 0; n < N; n += W) {
    const int cols = static_cast<int>(std::min<int64_t>(W, N - n));
    const T* bj[W];
    for (int j = 0; j < W; j++) bj[j] = b + (n + std::min(j, cols - 1)) * bcs;  // a short last group repeats its last column
    for (int64_t m = 0; m < M; m++) {
      const T* am = a + m * ars;
      V acc[W];
#pragma GCC unroll 16
      for (int j = 0; j < W; j++) acc[j] = V{};
      for (int64_t k = 0; k < kv; k += W) {
        V av;
        __builtin_memcpy(&av, am + k, sizeof(V));
#pragma GCC unroll 16
        for (int j = 0; j < W; j++) {
          V bv;
          __builtin_memcpy(&bv, bj[j] + k, sizeof(V));
          acc[j] += av * bv;
        }
      }
      V s = sumLanes<V, W>(acc);
      T* cm = c + m * ldc + n;
      for (int j = 0; j < cols; j++) {
        T t = s[j];
        for (int64_t k = kv; k < K; k++) t += am[k] * bj[j][k];
        cm[j] = t;
      }
    }
  }
}
