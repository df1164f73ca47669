// The register-tiled GEMM micro-kernel contract: C[MR×NR] (+)= Apanel · Bpanel over k, where the
// packed A panel holds MR values per k and the packed B panel NR values per k (vector-aligned).
#pragma once
#include <cstdint>

namespace lw {

template <typename T> struct MicroKernel {
  int mr = 0, nr = 0;      // register tile
  int mc = 0, kc = 0, nc = 0;  // cache blocks: A block mc×kc (L2), B panel kc×nr (L1), B block kc×nc (L3)
  /** c (row stride ldc) = or += a·b over k; a, b packed panels. */
  void (*run)(int64_t k, const T* a, const T* b, T* c, int64_t ldc, bool accumulate) = nullptr;
  /** Few-row products reading B in place (smallm.inl): c = a·b, b row-major (unit column stride)... */
  void (*rowsB)(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, T* c, int64_t ldc) = nullptr;
  /** ...or b column-major (unit row stride, column n at b + n·bcs) with a's rows contiguous. */
  void (*colsB)(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, const T* b, int64_t bcs, T* c, int64_t ldc) = nullptr;
  int vw = 0;  // values per vector register; nr is a multiple
  /** run computing only the first (v + 1)·vw columns of the nr-wide panel (nullptr where v + 1 >= nr / vw). */
  void (*narrow[2])(int64_t k, const T* a, const T* b, T* c, int64_t ldc, bool accumulate) = {};
};

struct KernelSet {
  const char* isa;
  MicroKernel<float> f32;
  MicroKernel<double> f64;
};

// One per instruction set; each returns nullptr when this build or this CPU cannot run it.
const KernelSet* kernelsAvx512();
const KernelSet* kernelsAvx2();
const KernelSet* kernelsPortable();

}  // namespace lw
