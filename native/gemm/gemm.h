// Batched matrix product out(B, M, N) = a(B, M, K) · b(B, K, N) on strided views, into a dense out.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include "../core/view.h"

namespace lw {

void matmul(const View& a, const View& b, View& out);

/** B (1, K, N) float32 packed once for many products with it (lstm_seq.cc's per-step W_hh); empty when it cannot be. */
struct PackedRhs {
  explicit PackedRhs(const View& b);
  std::shared_ptr<float> data;
  int64_t K = 0, N = 0;
  const void* kernel = nullptr;  // the micro-kernel it was packed for
};
/** out = a · b as matmul, reading B from `packed` (packed from this b) instead of packing it again. */
void matmulPacked(const View& a, const View& b, const PackedRhs& packed, View& out);

/**
 * C (M×N, row stride ldc) = A·B, or += with `accumulate`, on the calling thread alone: for kernels that split their
 * work between threads themselves (conv_gemm.cc). Element (r, k) of A is a[r·ars + k·acs], of B b[k·brs + n·bcs].
 */
template <typename T>
void gemmSerial(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, int64_t bcs, T* c,
                int64_t ldc, bool accumulate);

/** The instruction set GEMM runs on: "avx512", "avx2", "portable" or "scalar" (the reference loop). */
std::string gemmIsa();
/** Picks an instruction set this CPU supports; throws for one it does not. */
void setGemmIsa(const std::string& name);
/** The instruction sets this CPU and build can run, best first. */
std::string gemmIsasAvailable();

/** The scalar reference: plain loops with double accumulation, any dtype. */
void matmulReference(const View& a, const View& b, View& out);

}  // namespace lw
