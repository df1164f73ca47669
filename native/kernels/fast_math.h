// Float32 exp, erf and tanh for the fused kernels, written as plain arithmetic, bit operations and selects so
// that loops calling them vectorise (libm's expf/erff/tanhf are scalar calls: 5-25 ns each). Worst errors over
// every float, against the correctly rounded result (native/tools/fast-math-check.cc): see that file's header.
// The simple reference is libm: double arguments go to std::exp / std::erf / std::tanh.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>

namespace lw::fast {

// NOTE: forced inline: a call left out of line (GCC does that to erf inside a larger loop body) stops the loop from vectorising.
#define LW_FAST_INLINE inline __attribute__((always_inline))

LW_FAST_INLINE float fromBits(uint32_t u) { return __builtin_bit_cast(float, u); }
LW_FAST_INLINE uint32_t toBits(float f) { return __builtin_bit_cast(uint32_t, f); }

/**
 * c ? a : b by bit masks. NOTE: a plain ?: between two computed floats becomes a branch (the compiler sinks each
 * side into it, and may not speculate float code back under -ftrapping-math), and a loop with a branch does not vectorise.
 */
LW_FAST_INLINE float pick(bool c, float a, float b) {
  const uint32_t m = 0u - static_cast<uint32_t>(c);
  return fromBits((toBits(a) & m) | (toBits(b) & ~m));
}
LW_FAST_INLINE double pick(bool c, double a, double b) {
  const uint64_t m = 0u - static_cast<uint64_t>(c);
  return __builtin_bit_cast(double, (__builtin_bit_cast(uint64_t, a) & m) | (__builtin_bit_cast(uint64_t, b) & ~m));
}

/** e^x: x = n·ln2 + r, |r| ≤ ln2/2, e^r by a minimax polynomial, 2^n put into the exponent bits (subnormal results too). */
LW_FAST_INLINE float exp(float x) {
  constexpr float kRound = 12582912.f;  // 1.5·2^23: adding it rounds to an integer, kept in the low mantissa bits
  const float t = x * 1.44269504088896341f + kRound;
  const float n = t - kRound;
  // ln2 in two parts (Cody–Waite): n·hi is exact, so r keeps its low bits
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  const float q = ((((1.979034924e-04f * r + 1.394465793e-03f) * r + 8.333497054e-03f) * r + 4.166629497e-02f) * r +
                   1.666666587e-01f) * r + 5.000000068e-01f;
  const float p = (q * r) * r + r + 1.f;
  // 2^n as 2^⌊n/2⌋·2^⌈n/2⌉: both factors stay normal for every n here, and results below the normal range round once
  const int32_t ni = static_cast<int32_t>(toBits(t) - toBits(kRound)), n1 = ni >> 1;
  const float y = p * fromBits(static_cast<uint32_t>(n1 + 127) << 23) * fromBits(static_cast<uint32_t>(ni - n1 + 127) << 23);
  return pick(x != x, x, pick(x < -104.f, 0.f, pick(x > 88.8f, std::numeric_limits<float>::infinity(), y)));
}

/** erf(x): x·P(x²) below 1 (minimax P); 1 − e^(−x²)·Q(x) up to 3.92 (Q: erfc(x)·e^(x²) by a polynomial); ±1 beyond. NaN stays NaN. */
LW_FAST_INLINE float erf(float x) {
  const float a = std::fabs(x), z = x * x;
  // x + x·(P − 1): the leading 2/√π − 1 carries less rounding than 2/√π itself (worst 1.3 ulp instead of 2.6)
  const float small = x + x * ((((((7.853857952e-05f * z - 8.010192837e-04f) * z + 5.188327630e-03f) * z - 2.685381193e-02f) * z +
                                 1.128358515e-01f) * z - 3.761262582e-01f) * z + 1.283791657e-01f);
  const float u = pick(a > 3.92f, 3.92f, pick(a < 1.f, 1.f, a)) - 2.46f;  // clamped: the polynomial stays in its interval
  const float q = ((((((((-2.799614272e-05f * u - 4.771187712e-05f) * u - 1.193536852e-04f) * u + 2.593504936e-04f) * u -
                        7.072304814e-04f) * u + 2.656212241e-03f) * u - 8.414183857e-03f) * u + 2.591418117e-02f) * u -
                   7.638280148e-02f) * u + 2.138207157e-01f;
  const float large = std::copysign(pick(a >= 3.92f, 1.f, 1.f - exp(-z) * q), x);
  return pick(a < 1.f, small, pick(x != x, x, large));
}

/** tanh(x): x + x³·P(x²) below 0.625; else ±(1 − 2/(e^(2|x|) + 1)) (|x| clamped to 20, where that is 1 already). */
LW_FAST_INLINE float tanh(float x) {
  const float a = std::fabs(x), z = x * x;
  const float small = x + x * z * ((((-5.704974351e-03f * z + 2.063907529e-02f) * z - 5.373971115e-02f) * z + 1.333144215e-01f) * z -
                                   3.333328194e-01f);
  const float e = exp(2.f * pick(a > 20.f, 20.f, a));
  const float large = std::copysign(1.f - 2.f / (e + 1.f), x);
  return pick(a < 0.625f, small, pick(x != x, x, large));
}

inline double exp(double x) { return std::exp(x); }
inline double erf(double x) { return std::erf(x); }
inline double tanh(double x) { return std::tanh(x); }

}  // namespace lw::fast
