// Fused LSTM cell: the gates' activations, the new cell and hidden state in one pass per row, and its gradient
// (as PyTorch's _thnn_fused_lstm_cell). Float32 uses fast_math.h's exp and tanh; the reference is src/backends/js/rnn.ts.
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>
#include "../core/threadpool.h"
#include "fast_math.h"
#include "isa_loops.h"
#include "kernels.h"
#include "rnn.h"

namespace lw {
namespace {

/** A 2-D strided operand: element (r, k) at p[r·rs + k·cs]. */
template <typename T> struct Mat {
  const T* p;
  int64_t rs, cs;
};
template <typename T> Mat<T> matOf(const View& v) { return {v.ptr<T>() + v.offset, v.strides[0], v.strides[1]}; }

/** Row r of m with its column stride: a compile-time 1 when Unit, so that the column loops vectorise. */
template <typename T, bool Unit> struct Row {
  const T* __restrict p;
  int64_t cs;
  Row(const Mat<T>& m, int64_t r) : p(m.p + r * m.rs), cs(m.cs) {}
  LW_FAST_INLINE T operator[](int64_t k) const { return p[Unit ? k : k * cs]; }
};

/** σ(x) and 1 − σ(x) = e^−x·σ(x), the latter without the cancellation of 1 − σ where σ is near 1. */
template <typename T> struct Sig {
  T s, rest;
};
template <typename T> LW_FAST_INLINE Sig<T> sigmoidOf(T x) {
  const T e = fast::exp(-x), s = T(1) / (T(1) + e);
  return {s, fast::pick(e == std::numeric_limits<T>::infinity(), T(1), e * s)};
}

/** 1 − tanh²(x) = 4e/(1 + e)², e = e^(−2|x|): no cancellation where tanh is near ±1. */
template <typename T> LW_FAST_INLINE T sech2Of(T x) {
  const T e = fast::exp(T(-2) * std::fabs(x)), d = T(1) + e;
  return T(4) * e / (d * d);
}

/** Rows per parallel chunk: about kParallelGrain elements each. */
inline int64_t rowGrain(int64_t len) { return std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(len, 1)); }

/** Unit column strides everywhere: the common case, whose loops vectorise; the general one takes any strides. */
inline bool unitColumns(std::initializer_list<const View*> vs) {
  for (const View* v : vs) if (v->shape[v->ndim - 1] > 1 && v->strides[v->ndim - 1] != 1) return false;
  return true;
}

/** Row r's pre-activations a = xp + hp + bias into `a` (4H, dense): the gather of any strides stays out of the math loops. */
template <typename T, bool Unit>
LW_FAST_INLINE void gatherGates(const Mat<T>& x, const Mat<T>& h, const Mat<T>& b, int64_t r, int64_t n, T* __restrict a) {
  const Row<T, Unit> xr(x, r), hr(h, r), br(b, r);
  for (int64_t k = 0; k < n; k++) a[k] = xr[k] + hr[k] + br[k];
}

/** One row's h', c' from dense gate pre-activations (ai, af, ag, ao) and c: separate restrict streams, so the loop vectorises. */
template <typename T>
LW_FAST_INLINE void forwardRowMath(const T* __restrict ai, const T* __restrict af, const T* __restrict ag, const T* __restrict ao, const T* __restrict cp,
                    T* __restrict ho, T* __restrict co, int64_t H) {
  for (int64_t j = 0; j < H; j++) {
    const T c1 = sigmoidOf(af[j]).s * cp[j] + sigmoidOf(ai[j]).s * fast::tanh(ag[j]);
    co[j] = c1;
    ho[j] = sigmoidOf(ao[j]).s * fast::tanh(c1);
  }
}

/** One row's gradient: d gates (di, df, dg, do_) and d c (dcp) from the pre-activations, c, dh' and dc'. */
template <typename T>
LW_FAST_INLINE void backwardRowMath(const T* __restrict ai, const T* __restrict af, const T* __restrict ag, const T* __restrict ao, const T* __restrict cp,
                     const T* __restrict gh, const T* __restrict gc, T* __restrict di, T* __restrict df, T* __restrict dg,
                     T* __restrict do_, T* __restrict dcp, int64_t H) {
  for (int64_t j = 0; j < H; j++) {
    const Sig<T> i = sigmoidOf(ai[j]), f = sigmoidOf(af[j]), o = sigmoidOf(ao[j]);
    const T g = fast::tanh(ag[j]), c1 = f.s * cp[j] + i.s * g;
    const T d = gc[j] + gh[j] * o.s * sech2Of(c1);  // the whole gradient reaching c'
    di[j] = d * g * (i.s * i.rest);
    df[j] = d * cp[j] * (f.s * f.rest);
    dg[j] = d * i.s * sech2Of(ag[j]);
    do_[j] = gh[j] * fast::tanh(c1) * (o.s * o.rest);
    dcp[j] = d * f.s;
  }
}

// The float32 rows again, compiled for the baseline and AVX2+FMA (isa_loops.h); float64 keeps the templates.
using F = const float* __restrict;
LW_ISA_LOOP(forwardRowsF32, (F ai, F af, F ag, F ao, F cp, float* __restrict ho, float* __restrict co, int64_t H), (ai, af, ag, ao, cp, ho, co, H),
            forwardRowMath<float>(ai, af, ag, ao, cp, ho, co, H);)
LW_ISA_LOOP(backwardRowsF32,
            (F ai, F af, F ag, F ao, F cp, F gh, F gc, float* __restrict di, float* __restrict df, float* __restrict dg, float* __restrict do_, float* __restrict dcp, int64_t H),
            (ai, af, ag, ao, cp, gh, gc, di, df, dg, do_, dcp, H), backwardRowMath<float>(ai, af, ag, ao, cp, gh, gc, di, df, dg, do_, dcp, H);)
template <typename T> LW_FAST_INLINE void forwardRow(const T* ai, const T* af, const T* ag, const T* ao, const T* cp, T* ho, T* co, int64_t H) {
  if constexpr (std::is_same_v<T, float>) forwardRowsF32(ai, af, ag, ao, cp, ho, co, H);
  else forwardRowMath<T>(ai, af, ag, ao, cp, ho, co, H);
}
template <typename T>
LW_FAST_INLINE void backwardRow(const T* ai, const T* af, const T* ag, const T* ao, const T* cp, const T* gh, const T* gc, T* di, T* df, T* dg, T* do_, T* dcp, int64_t H) {
  if constexpr (std::is_same_v<T, float>) backwardRowsF32(ai, af, ag, ao, cp, gh, gc, di, df, dg, do_, dcp, H);
  else backwardRowMath<T>(ai, af, ag, ao, cp, gh, gc, di, df, dg, do_, dcp, H);
}

template <typename T, bool Unit> void forwardRows(const View& xpv, const View& hpv, const View& cv, const View& bv, const View& out) {
  const int64_t B = cv.shape[0], H = cv.shape[1];
  const Mat<T> x = matOf<T>(xpv), h = matOf<T>(hpv), c = matOf<T>(cv), b = matOf<T>(bv);
  T* hOut = out.ptr<T>();
  T* cOut = hOut + B * H;
  parallelFor(B, rowGrain(4 * H), [&](int64_t r0, int64_t r1) {
    std::vector<T> gates(static_cast<size_t>(5 * H));
    T* __restrict a = gates.data();
    T* __restrict cp = a + 4 * H;
    for (int64_t r = r0; r < r1; r++) {
      gatherGates<T, Unit>(x, h, b, r, 4 * H, a);
      const Row<T, Unit> cr(c, r);
      for (int64_t j = 0; j < H; j++) cp[j] = cr[j];
      forwardRow<T>(a, a + H, a + 2 * H, a + 3 * H, cp, hOut + r * H, cOut + r * H, H);
    }
  });
}

template <typename T, bool Unit>
void backwardRows(const View& dyv, const View& xpv, const View& hpv, const View& cv, const View& bv, const View& out) {
  const int64_t B = cv.shape[0], H = cv.shape[1];
  const Mat<T> x = matOf<T>(xpv), h = matOf<T>(hpv), c = matOf<T>(cv), b = matOf<T>(bv);
  // dy (2, B, H) as two (B, H) halves
  const Mat<T> dh = {dyv.ptr<T>() + dyv.offset, dyv.strides[1], dyv.strides[2]}, dc = {dh.p + dyv.strides[0], dh.rs, dh.cs};
  T* o = out.ptr<T>();
  parallelFor(B, rowGrain(5 * H), [&](int64_t r0, int64_t r1) {
    std::vector<T> buf(static_cast<size_t>(7 * H));
    T* __restrict a = buf.data();  // (4H) gates, then c, dh, dc (H each)
    T* __restrict cp = a + 4 * H;
    T* __restrict gh = a + 5 * H;
    T* __restrict gc = a + 6 * H;
    for (int64_t r = r0; r < r1; r++) {
      gatherGates<T, Unit>(x, h, b, r, 4 * H, a);
      const Row<T, Unit> cr(c, r), dhr(dh, r), dcr(dc, r);
      for (int64_t j = 0; j < H; j++) {
        cp[j] = cr[j];
        gh[j] = dhr[j];
        gc[j] = dcr[j];
      }
      T* row = o + r * 5 * H;
      backwardRow<T>(a, a + H, a + 2 * H, a + 3 * H, cp, gh, gc, row, row + H, row + 2 * H, row + 3 * H, row + 4 * H, H);
    }
  });
}

template <typename F> void floatTyped(DType d, const char* op, F&& f) {
  if (d == DType::F32) f(float{});
  else if (d == DType::F64) f(double{});
  else throw std::runtime_error(std::string("lernwerk native: ") + op + " needs float32 or float64");
}

/** The bias view, or a (B, 4H) view of zeros (0 row stride) held by `zeros` when there is none. */
template <typename T> View biasOrZeros(const View* bias, const View& xp, std::vector<T>& zeros) {
  if (bias) return *bias;
  zeros.assign(static_cast<size_t>(xp.shape[1]), T(0));
  View z = xp;
  z.data = zeros.data();
  z.length = static_cast<int64_t>(zeros.size());
  z.strides[0] = 0;
  z.strides[1] = 1;
  z.offset = 0;
  return z;
}

}  // namespace

void lstmCell(const View& xp, const View& hp, const View& c, const View* bias, const View& out) {
  if (out.numel() == 0) return;
  floatTyped(out.dtype, "lstmCell", [&](auto t) {
    using T = decltype(t);
    std::vector<T> zeros;
    const View b = biasOrZeros<T>(bias, xp, zeros);
    if (unitColumns({&xp, &hp, &c, &b})) forwardRows<T, true>(xp, hp, c, b, out);
    else forwardRows<T, false>(xp, hp, c, b, out);
  });
}

void lstmCellBackward(const View& dy, const View& xp, const View& hp, const View& c, const View* bias, const View& out) {
  if (out.numel() == 0) return;
  floatTyped(out.dtype, "lstmCellBackward", [&](auto t) {
    using T = decltype(t);
    std::vector<T> zeros;
    const View b = biasOrZeros<T>(bias, xp, zeros);
    if (unitColumns({&dy, &xp, &hp, &c, &b})) backwardRows<T, true>(dy, xp, hp, c, b, out);
    else backwardRows<T, false>(dy, xp, hp, c, b, out);
  });
}

}  // namespace lw
