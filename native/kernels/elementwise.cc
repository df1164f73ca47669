// Element-wise kernels with broadcasting (stride-0 views) and any strides: unary, binary, where,
// clamp. Inner loops are specialised for unit and zero strides so the compiler vectorises them.
#include <cmath>
#include <stdexcept>
#include "../core/dtype.h"
#include "../core/nd_loop.h"
#include "../core/threadpool.h"
#include "kernels.h"
#include "map.h"

namespace lw {
namespace {

/** Math.pow: as C's pow except that a NaN exponent, and (±1) ** ±Infinity, give NaN. */
inline double powJs(double x, double y) {
  if (y != y || (std::isinf(y) && std::fabs(x) == 1)) return NAN;
  return std::pow(x, y);
}

template <typename T> void unaryFloat(int op, const View& x, const View& out) {
  switch (op) {
    case kNeg: return map1<T, T>(x, out, [](T v) { return -v; });
    case kAbs: return map1<T, T>(x, out, [](T v) { return std::fabs(v); });
    case kExp: return map1<T, T>(x, out, [](T v) { return std::exp(v); });
    case kLog: return map1<T, T>(x, out, [](T v) { return std::log(v); });
    case kLog1p: return map1<T, T>(x, out, [](T v) { return std::log1p(v); });
    case kSqrt: return map1<T, T>(x, out, [](T v) { return std::sqrt(v); });
    case kRsqrt: return map1<T, T>(x, out, [](T v) { return T(1) / std::sqrt(v); });
    case kSin: return map1<T, T>(x, out, [](T v) { return std::sin(v); });
    case kCos: return map1<T, T>(x, out, [](T v) { return std::cos(v); });
    case kTanh: return map1<T, T>(x, out, [](T v) { return std::tanh(v); });
    case kSigmoid: return map1<T, T>(x, out, [](T v) { return T(1) / (T(1) + std::exp(-v)); });
    case kRelu: return map1<T, T>(x, out, [](T v) { return v > 0 || v != v ? v : T(0); });
    case kErf: return map1<T, T>(x, out, [](T v) { return std::erf(v); });
    case kSign: return map1<T, T>(x, out, [](T v) { return v > 0 ? T(1) : v < 0 ? T(-1) : T(0); });  // NaN → 0, as torch
    case kFloor: return map1<T, T>(x, out, [](T v) { return std::floor(v); });
    case kCeil: return map1<T, T>(x, out, [](T v) { return std::ceil(v); });
    case kRound: return map1<T, T>(x, out, [](T v) { return std::nearbyint(v); });  // half to even
  }
  throw std::runtime_error("unary: op not defined for floating point");
}

void unaryInt(int op, const View& x, const View& out) {
  using I = int32_t;
  auto neg = [](I v) { return static_cast<I>(0u - static_cast<uint32_t>(v)); };  // wraps like ToInt32
  switch (op) {
    case kNeg: return map1<I, I>(x, out, neg);
    case kAbs: return map1<I, I>(x, out, [neg](I v) { return v < 0 ? neg(v) : v; });
    case kRelu: return map1<I, I>(x, out, [](I v) { return v > 0 ? v : 0; });
    case kSign: return map1<I, I>(x, out, [](I v) { return v > 0 ? 1 : v < 0 ? -1 : 0; });
    case kFloor: case kCeil: case kRound: return map1<I, I>(x, out, [](I v) { return v; });
  }
  throw std::runtime_error("unary: op not defined for int32");
}

template <typename O, typename C> void binaryCompare(int op, const View& a, const View& b, const View& out) {
  switch (op) {
    case kEq: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x == y; });
    case kNe: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x != y; });
    case kLt: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x < y; });
    case kLe: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x <= y; });
    case kGt: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x > y; });
    case kGe: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x >= y; });
    case kLogicalAnd: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x != 0 && y != 0; });
    case kLogicalOr: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x != 0 || y != 0; });
    case kLogicalXor: return map2<O, C>(a, b, out, [](C x, C y) -> O { return (x != 0) != (y != 0); });
    case kMaximum: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x > y || x != x ? x : y; });
    case kMinimum: return map2<O, C>(a, b, out, [](C x, C y) -> O { return x < y || x != x ? x : y; });
  }
  throw std::runtime_error("binary: op has no boolean result");
}

template <typename T> void binaryFloat(int op, const View& a, const View& b, const View& out) {
  switch (op) {
    case kAdd: return map2<T, T>(a, b, out, [](T x, T y) { return x + y; });
    case kSub: return map2<T, T>(a, b, out, [](T x, T y) { return x - y; });
    case kMul: return map2<T, T>(a, b, out, [](T x, T y) { return x * y; });
    case kDiv: return map2<T, T>(a, b, out, [](T x, T y) { return x / y; });
    case kPow: return map2<T, T>(a, b, out, [](T x, T y) { return static_cast<T>(powJs(x, y)); });
    case kMaximum: return map2<T, T>(a, b, out, [](T x, T y) { return x > y || x != x ? x : y; });
    case kMinimum: return map2<T, T>(a, b, out, [](T x, T y) { return x < y || x != x ? x : y; });
  }
  throw std::runtime_error("binary: op has no floating-point result");
}

void binaryInt(int op, const View& a, const View& b, const View& out) {
  using I = int32_t;
  using U = uint32_t;
  switch (op) {
    case kAdd: return map2<I, I>(a, b, out, [](I x, I y) { return static_cast<I>(static_cast<U>(x) + static_cast<U>(y)); });
    case kSub: return map2<I, I>(a, b, out, [](I x, I y) { return static_cast<I>(static_cast<U>(x) - static_cast<U>(y)); });
    case kMul: return map2<I, I>(a, b, out, [](I x, I y) { return static_cast<I>(static_cast<U>(x) * static_cast<U>(y)); });
    case kPow: return map2<I, I>(a, b, out, [](I x, I y) { return toInt32Js(powJs(x, y)); });
    case kMaximum: return map2<I, I>(a, b, out, [](I x, I y) { return x > y ? x : y; });
    case kMinimum: return map2<I, I>(a, b, out, [](I x, I y) { return x < y ? x : y; });
  }
  throw std::runtime_error("binary: op has no int32 result");
}

}  // namespace

void unary(int op, const View& x, const View& out) {
  if (op == kLogicalNot) {
    dispatchDType(x.dtype, [&](auto t) {
      using X = decltype(t);
      map1<uint8_t, X>(x, out, [](X v) -> uint8_t { return v == 0; });
      return 0;
    });
    return;
  }
  std::unique_ptr<char[]> hold;
  const View xc = castTo(x, out.dtype, hold);
  switch (out.dtype) {
    case DType::F32: return unaryFloat<float>(op, xc, out);
    case DType::F64: return unaryFloat<double>(op, xc, out);
    case DType::I32: return unaryInt(op, xc, out);
    case DType::Bool:
      if (op == kAbs) return copyInto(out, xc);
      break;
  }
  throw std::runtime_error("unary: unsupported result dtype");
}

void binary(int op, const View& a, const View& b, const View& out) {
  std::unique_ptr<char[]> ha, hb;
  if (out.dtype == DType::Bool) {
    // Comparisons (and max/min of bools) compute in the inputs' common type, double when they differ.
    const DType c = a.dtype == b.dtype ? a.dtype : DType::F64;
    const View ac = castTo(a, c, ha), bc = castTo(b, c, hb);
    dispatchDType(c, [&](auto t) {
      binaryCompare<uint8_t, decltype(t)>(op, ac, bc, out);
      return 0;
    });
    return;
  }
  const View ac = castTo(a, out.dtype, ha), bc = castTo(b, out.dtype, hb);
  switch (out.dtype) {
    case DType::F32: return binaryFloat<float>(op, ac, bc, out);
    case DType::F64: return binaryFloat<double>(op, ac, bc, out);
    case DType::I32: return binaryInt(op, ac, bc, out);
    case DType::Bool: break;
  }
}

void where(const View& cond, const View& a, const View& b, const View& out) {
  std::unique_ptr<char[]> hc, ha, hb;
  const View cc = castTo(cond, DType::Bool, hc), ac = castTo(a, out.dtype, ha), bc = castTo(b, out.dtype, hb);
  dispatchDType(out.dtype, [&](auto t) {
    using T = decltype(t);
    int64_t os[kMaxDims];
    denseStrides(out, os);
    const int64_t* st[4] = {os, cc.strides, ac.strides, bc.strides};
    NdLoop<4> loop(out.ndim, out.shape, st);
    const int64_t base[4] = {0, cc.offset, ac.offset, bc.offset};
    T* o = out.ptr<T>();
    const uint8_t* c = cc.ptr<uint8_t>();
    const T* x = ac.ptr<T>();
    const T* y = bc.ptr<T>();
    parallelFor(loop.numel(), kParallelGrain, [&](int64_t e0, int64_t e1) {
      loop.run(base, e0, e1, [&](const int64_t* off, int64_t n, const int64_t* is) {
        for (int64_t i = 0; i < n; i++) o[off[0] + i] = c[off[1] + i * is[1]] ? x[off[2] + i * is[2]] : y[off[3] + i * is[3]];
      });
    });
    return 0;
  });
}

void clamp(const View& x, double lo, double hi, const View& out) {
  std::unique_ptr<char[]> hold;
  const View xc = castTo(x, out.dtype, hold);
  dispatchDType(out.dtype, [&](auto t) {
    using T = decltype(t);
    const T tlo = storeJs<T>(lo), thi = storeJs<T>(hi);
    // min(max(x, lo), hi) as torch.clamp: hi wins where lo > hi; NaN stays NaN.
    map1<T, T>(xc, out, [=](T v) {
      const T m = static_cast<double>(v) < lo ? tlo : v;
      return static_cast<double>(m) > hi ? thi : m;
    });
    return 0;
  });
}

}  // namespace lw
