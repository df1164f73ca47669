// Element types and the conversions JavaScript's typed arrays apply on store (ToInt32, != 0 for bool),
// so that native results equal the js reference bit for bit where the arithmetic is exact.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include "view.h"

namespace lw {

/** JavaScript's ToInt32 of a finite-or-not double: NaN/±Inf → 0, truncate, wrap modulo 2^32. */
inline int32_t toInt32Js(double v) {
  if (!std::isfinite(v)) return 0;
  double t = std::trunc(v);
  if (t >= -2147483648.0 && t <= 2147483647.0) return static_cast<int32_t>(t);
  double m = std::fmod(t, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<int32_t>(static_cast<uint32_t>(m));
}

/** Converts one value to element type D as lernwerk's cast does (bool: non-zero; int: ToInt32). */
template <typename D, typename S> inline D convert(S v) {
  if constexpr (std::is_same_v<D, uint8_t>) {
    return v != 0 ? 1 : 0;
  } else if constexpr (std::is_same_v<D, int32_t> && std::is_floating_point_v<S>) {
    return toInt32Js(static_cast<double>(v));
  } else {
    return static_cast<D>(v);
  }
}

/** What storing the double v into a typed array of T gives in JavaScript (fround, ToInt32, ToUint8). */
template <typename T> inline T storeJs(double v) {
  if constexpr (std::is_same_v<T, uint8_t>) return static_cast<uint8_t>(toInt32Js(v) & 255);
  else if constexpr (std::is_same_v<T, int32_t>) return toInt32Js(v);
  else return static_cast<T>(v);
}

template <DType D> struct CType;
template <> struct CType<DType::F32> { using T = float; };
template <> struct CType<DType::F64> { using T = double; };
template <> struct CType<DType::I32> { using T = int32_t; };
template <> struct CType<DType::Bool> { using T = uint8_t; };

inline int64_t elementSize(DType d) {
  switch (d) {
    case DType::F32: case DType::I32: return 4;
    case DType::F64: return 8;
    case DType::Bool: return 1;
  }
  return 1;
}

/** Calls f(T{}) with T the C type of `d`. */
template <typename F> inline auto dispatchDType(DType d, F&& f) {
  switch (d) {
    case DType::F32: return f(float{});
    case DType::F64: return f(double{});
    case DType::I32: return f(int32_t{});
    case DType::Bool: return f(uint8_t{});
  }
  throw std::runtime_error("lernwerk native: unknown dtype");
}

}  // namespace lw
