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
