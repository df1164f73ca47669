// The one micro-kernel source, compiled once per instruction set (kernel_*.cc define
// LW_VEC_BYTES and the tile sizes): GCC/Clang vector extensions become AVX-512, AVX2+FMA,
// SSE2 or NEON code. Everything here has internal linkage so the copies never mix.
#include <algorithm>
#include <cstdint>
#include <utility>
#include "microkernel.h"

namespace {

typedef float vf __attribute__((vector_size(LW_VEC_BYTES)));
typedef double vd __attribute__((vector_size(LW_VEC_BYTES)));

// NV vectors of C per row; the packed B panel holds NB >= NV vectors per k (NB > NV: the narrow kernels of the
// last, partly filled panel of C's columns, which skip the padding instead of computing it into a scratch tile).
template <typename T, typename V, int MR, int NV, int NB = NV>
void microKernel(int64_t K, const T* __restrict a, const T* __restrict b, T* __restrict c, int64_t ldc, bool accumulate) {
  constexpr int W = sizeof(V) / sizeof(T);
  V acc[MR][NV];
#pragma GCC unroll 32
  for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) __builtin_prefetch(c + i * ldc + j * (sizeof(V) / sizeof(T)), 1, 3);  // C's tile arrives while k runs
#pragma GCC unroll 32
  for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) acc[i][j] = V{};
#pragma GCC unroll 2
  for (int64_t k = 0; k < K; k++) {
    V bv[NV];
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) bv[j] = *reinterpret_cast<const V*>(b + j * W);
#pragma GCC unroll 32
    for (int i = 0; i < MR; i++) {
      const T ai = a[i];
#pragma GCC unroll 8
      for (int j = 0; j < NV; j++) acc[i][j] += ai * bv[j];
    }
    a += MR;
    b += NB * W;
  }
#pragma GCC unroll 32
  for (int i = 0; i < MR; i++) {
#pragma GCC unroll 8
    for (int j = 0; j < NV; j++) {
      T* p = c + i * ldc + j * W;  // C is not aligned: memcpy becomes an unaligned vector move
      V v = acc[i][j];
      if (accumulate) {
        V old;
        __builtin_memcpy(&old, p, sizeof(V));
        v += old;
      }
      __builtin_memcpy(p, &v, sizeof(V));
    }
  }
}

#include "smallm.inl"

constexpr int kWf = LW_VEC_BYTES / 4, kWd = LW_VEC_BYTES / 8;

const lw::KernelSet kSet = {
    LW_ISA_NAME,
    {LW_F32_MR, LW_F32_NV * kWf, LW_F32_MC, LW_F32_KC, LW_F32_NC, &microKernel<float, vf, LW_F32_MR, LW_F32_NV>,
     &smallRowsB<float, vf>, &smallColsB<float, vf>, kWf,
     {&microKernel<float, vf, LW_F32_MR, 1, LW_F32_NV>, LW_F32_NV > 2 ? &microKernel<float, vf, LW_F32_MR, 2, LW_F32_NV> : nullptr}},
    {LW_F64_MR, LW_F64_NV * kWd, LW_F64_MC, LW_F64_KC, LW_F64_NC, &microKernel<double, vd, LW_F64_MR, LW_F64_NV>,
     &smallRowsB<double, vd>, &smallColsB<double, vd>, kWd,
     {&microKernel<double, vd, LW_F64_MR, 1, LW_F64_NV>, LW_F64_NV > 2 ? &microKernel<double, vd, LW_F64_MR, 2, LW_F64_NV> : nullptr}},
};

}  // namespace
