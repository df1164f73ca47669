// Hot float32 loops compiled twice, for the baseline instruction set and for AVX2+FMA, and picked at run time when
// the CPU has both: the fast_math.h polynomials then run 8 lanes wide with fused multiply-adds instead of SSE2's 4
// lanes with register spills (GELU 2M floats: 11.7 -> 5.3 ms on one Zen 3 core). LERNWERK_ISA=portable (or scalar)
// keeps the baseline copies, as it does the GEMM's.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace lw {

/** Whether the AVX2 copies run: the CPU has AVX2 and FMA, and LERNWERK_ISA does not ask for portable or scalar (checked once). */
inline bool cpuHasAvx2Fma() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool has = [] {
    const char* isa = std::getenv("LERNWERK_ISA");
    const bool baseline = isa && (std::strcmp(isa, "portable") == 0 || std::strcmp(isa, "scalar") == 0);
    return !baseline && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
#else
  return false;
#endif
}

}  // namespace lw

#if defined(__x86_64__) && defined(__GNUC__)
#define LW_AVX2_TARGET __attribute__((target("avx2,fma")))
/**
 * Defines void NAME PARAMS as BODY twice (NAME##Base, NAME##Avx2) plus NAME itself, which calls the AVX2 copy when the
 * CPU has it; ARGS repeats the parameter names. Functions BODY calls must be always_inline (fast_math.h's are).
 */
#define LW_ISA_LOOP(NAME, PARAMS, ARGS, ...)                 \
  void NAME##Base PARAMS { __VA_ARGS__ }                     \
  LW_AVX2_TARGET void NAME##Avx2 PARAMS { __VA_ARGS__ }      \
  void NAME PARAMS {                                         \
    if (::lw::cpuHasAvx2Fma()) return NAME##Avx2 ARGS;       \
    NAME##Base ARGS;                                         \
  }
#else
#define LW_ISA_LOOP(NAME, PARAMS, ARGS, ...) \
  void NAME PARAMS { __VA_ARGS__ }
#endif
