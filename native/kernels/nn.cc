// Fused neural-network kernels: softmax / log-softmax and their gradient along a dim, GELU and its
// derivative, ReLU's derivative, layer norm and its gradients, scaled dot-product attention. Rows are split across the thread pool, sums
// accumulate in double; the reference for each is src/backends/js/nn.ts.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>
#include "../core/dtype.h"
#include "../core/threadpool.h"
#include "../gemm/gemm.h"
#include "fast_math.h"
#include "isa_loops.h"
#include "kernels.h"
#include "map.h"

namespace lw {
namespace {

/** Rows per parallel chunk so that a chunk holds about kParallelGrain elements. */
inline int64_t rowGrain(int64_t len) { return std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(len, 1)); }

/** Sum of n values in double, four independent accumulators (the loop pipelines). */
template <typename F> inline double sum4(int64_t n, F&& f) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += f(i);
    s1 += f(i + 1);
    s2 += f(i + 2);
    s3 += f(i + 3);
  }
  for (; i < n; i++) s0 += f(i);
  return (s0 + s1) + (s2 + s3);
}

/** Maximum of a contiguous row; NaN is skipped here, it turns the sum (and so the whole row) into NaN later. */
template <typename T> inline T rowMax(const T* x, int64_t n) {
  // 32-byte blocks in GCC vector types: a select per block (a scalar running max is one compare per element).
  typedef T V __attribute__((vector_size(32)));
  constexpr int kLanes = 32 / sizeof(T);
  V m;
  for (int j = 0; j < kLanes; j++) m[j] = -std::numeric_limits<T>::infinity();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    V v;
    std::memcpy(&v, x + i, sizeof v);
    m = v > m ? v : m;
  }
  T r = -std::numeric_limits<T>::infinity();
  for (int j = 0; j < kLanes; j++) r = m[j] > r ? m[j] : r;
  for (; i < n; i++) r = x[i] > r ? x[i] : r;
  return r;
}

/** Σ y in double, four lanes at a time (converted from float in the vector unit). */
template <typename T> inline double rowSum(const T* y, int64_t n) {
  typedef T V __attribute__((vector_size(4 * sizeof(T))));
  typedef double D __attribute__((vector_size(32)));
  D acc = {0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    V v;
    std::memcpy(&v, y + i, sizeof v);
    acc += __builtin_convertvector(v, D);
  }
  double s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; i < n; i++) s += y[i];
  return s;
}

// ---- softmax over the middle dim of a dense (outer, len, inner) array ----

/** One contiguous row (inner = 1): the exponentials go into y first (a loop that vectorises), then are summed in double. */
// y = e^(x − m) over a dense float32 run, compiled for the baseline and AVX2+FMA (isa_loops.h).
LW_ISA_LOOP(expShifted, (const float* x, float* y, int64_t n, float m), (x, y, n, m),
            for (int64_t i = 0; i < n; i++) y[i] = fast::exp(x[i] - m);)
inline void expShifted(const double* x, double* y, int64_t n, double m) {
  for (int64_t i = 0; i < n; i++) y[i] = fast::exp(x[i] - m);
}

template <typename T> void softmaxRow(const T* x, T* y, int64_t len, bool log) {
  const T m = rowMax(x, len);
  expShifted(x, y, len, m);
  const double s = rowSum(y, len);
  if (log) {
    // NOTE: (x − m) − log s, not x − (m + log s): exact for the largest logit; for an all −∞ row x − m is NaN.
    const T ls = static_cast<T>(std::log(s));
    for (int64_t i = 0; i < len; i++) y[i] = (x[i] - m) - ls;
  } else {
    const T inv = static_cast<T>(1.0 / s);
    for (int64_t i = 0; i < len; i++) y[i] *= inv;
  }
}

/** Columns [j0, j1) of one (len, inner) block: the lines run down the columns, the loops go across them. */
template <typename T> void softmaxColumns(const T* x, T* y, int64_t len, int64_t inner, int64_t j0, int64_t j1, bool log) {
  const int64_t w = j1 - j0;
  std::vector<T> m(static_cast<size_t>(w), -std::numeric_limits<T>::infinity());
  std::vector<double> s(static_cast<size_t>(w), 0.0);
  for (int64_t i = 0; i < len; i++) {
    const T* r = x + i * inner + j0;
    for (int64_t j = 0; j < w; j++) m[j] = r[j] > m[j] ? r[j] : m[j];
  }
  for (int64_t i = 0; i < len; i++) {
    const T* r = x + i * inner + j0;
    T* o = y + i * inner + j0;
    for (int64_t j = 0; j < w; j++) o[j] = fast::exp(r[j] - m[j]);
    for (int64_t j = 0; j < w; j++) s[j] += o[j];
  }
  for (int64_t j = 0; j < w; j++) s[j] = log ? std::log(s[j]) : 1.0 / s[j];
  for (int64_t i = 0; i < len; i++) {
    const T* r = x + i * inner + j0;
    T* o = y + i * inner + j0;
    if (log) for (int64_t j = 0; j < w; j++) o[j] = (r[j] - m[j]) - static_cast<T>(s[j]);
    else for (int64_t j = 0; j < w; j++) o[j] *= static_cast<T>(s[j]);
  }
}

/** Calls f(offset of the block, j0, j1) for column chunks of every (len, inner) block, in parallel. */
template <typename F> void forColumnChunks(int64_t outer, int64_t len, int64_t inner, F&& f) {
  constexpr int64_t kChunk = 256;
  const int64_t chunks = (inner + kChunk - 1) / kChunk;
  parallelFor(outer * chunks, rowGrain(len * std::min(inner, kChunk)), [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; t++) {
      const int64_t o = t / chunks, j0 = (t % chunks) * kChunk;
      f(o * len * inner, j0, std::min(inner, j0 + kChunk));
    }
  });
}

template <typename T>
void softmaxTyped(const View& xv, int64_t outer, int64_t len, int64_t inner, bool log, const View& out, int64_t causalRows) {
  const T* x = xv.ptr<T>() + xv.offset;
  T* y = out.ptr<T>();
  if (inner == 1) {
    parallelFor(outer, rowGrain(len), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) {
        const int64_t seen = causalRows > 0 ? std::min(len, r % causalRows + 1) : len;
        softmaxRow(x + r * len, y + r * len, seen, log);
        std::fill(y + r * len + seen, y + (r + 1) * len, log ? -std::numeric_limits<T>::infinity() : T(0));
      }
    });
  } else {
    forColumnChunks(outer, len, inner, [&](int64_t b, int64_t j0, int64_t j1) { softmaxColumns(x + b, y + b, len, inner, j0, j1, log); });
  }
}

// softmax: y(g − Σ g·y); log-softmax: g − e^y Σ g
template <typename T> void softmaxBackwardRow(const T* g, const T* y, T* o, int64_t len, bool log) {
  if (log) {
    const T s = static_cast<T>(sum4(len, [&](int64_t i) { return static_cast<double>(g[i]); }));
    for (int64_t i = 0; i < len; i++) o[i] = g[i] - fast::exp(y[i]) * s;
  } else {
    const T s = static_cast<T>(sum4(len, [&](int64_t i) { return static_cast<double>(g[i]) * y[i]; }));
    for (int64_t i = 0; i < len; i++) o[i] = y[i] * (g[i] - s);
  }
}

template <typename T> void softmaxBackwardColumns(const T* g, const T* y, T* o, int64_t len, int64_t inner, int64_t j0, int64_t j1, bool log) {
  const int64_t w = j1 - j0;
  std::vector<double> s(static_cast<size_t>(w), 0.0);
  for (int64_t i = 0; i < len; i++) {
    const int64_t at = i * inner + j0;
    for (int64_t j = 0; j < w; j++) s[j] += log ? static_cast<double>(g[at + j]) : static_cast<double>(g[at + j]) * y[at + j];
  }
  for (int64_t i = 0; i < len; i++) {
    const int64_t at = i * inner + j0;
    for (int64_t j = 0; j < w; j++) {
      const T sj = static_cast<T>(s[j]);
      o[at + j] = log ? g[at + j] - fast::exp(y[at + j]) * sj : y[at + j] * (g[at + j] - sj);
    }
  }
}

template <typename T> void softmaxBackwardTyped(const View& gv, const View& yv, int64_t outer, int64_t len, int64_t inner, bool log, const View& out) {
  const T* g = gv.ptr<T>() + gv.offset;
  const T* y = yv.ptr<T>() + yv.offset;
  T* o = out.ptr<T>();
  if (inner == 1) {
    parallelFor(outer, rowGrain(len), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) softmaxBackwardRow(g + r * len, y + r * len, o + r * len, len, log);
    });
  } else {
    forColumnChunks(outer, len, inner, [&](int64_t b, int64_t j0, int64_t j1) { softmaxBackwardColumns(g + b, y + b, o + b, len, inner, j0, j1, log); });
  }
}

// ---- GELU, element-wise over strided views ----

constexpr double kSqrt2OverPi = 0.79788456080286535588, kKappa = 0.044715, kInvSqrt2Pi = 0.39894228040143267794;

template <typename T> LW_FAST_INLINE T geluOf(T x, bool tanhForm) {
  if (tanhForm) return T(0.5) * x * (T(1) + fast::tanh(T(kSqrt2OverPi) * (x + T(kKappa) * x * x * x)));
  return T(0.5) * x * (T(1) + fast::erf(x * T(M_SQRT1_2)));
}

template <typename T> LW_FAST_INLINE T geluGradOf(T x, bool tanhForm) {
  if (tanhForm) {
    const T t = fast::tanh(T(kSqrt2OverPi) * (x + T(kKappa) * x * x * x));
    const T sech2 = T(1) - t * t;
    // NOTE: where tanh saturates the second term is 0, also when x² overflows (no 0 · ∞ = NaN).
    return T(0.5) * (T(1) + t) + fast::pick(sech2 == 0, T(0), T(0.5) * x * sech2 * T(kSqrt2OverPi) * (T(1) + T(3 * kKappa) * x * x));
  }
  return T(0.5) * (T(1) + fast::erf(x * T(M_SQRT1_2))) + x * fast::exp(T(-0.5) * x * x) * T(kInvSqrt2Pi);
}

// Dense float32 GELU and its gradient, compiled for the baseline and AVX2+FMA (isa_loops.h).
LW_ISA_LOOP(geluDense, (const float* x, float* y, int64_t n, bool tanhForm), (x, y, n, tanhForm),
            if (tanhForm) for (int64_t i = 0; i < n; i++) y[i] = geluOf(x[i], true);
            else for (int64_t i = 0; i < n; i++) y[i] = geluOf(x[i], false);)
LW_ISA_LOOP(geluGradDense, (const float* g, const float* x, float* y, int64_t n, bool tanhForm), (g, x, y, n, tanhForm),
            if (tanhForm) for (int64_t i = 0; i < n; i++) y[i] = g[i] * geluGradOf(x[i], true);
            else for (int64_t i = 0; i < n; i++) y[i] = g[i] * geluGradOf(x[i], false);)

// ---- layer norm over dense rows of `size` elements ----

struct RowStats {
  double mean, rstd;
};

template <typename T> inline RowStats rowStats(const T* x, int64_t n, double eps) {
  const double mean = sum4(n, [&](int64_t i) { return static_cast<double>(x[i]); }) / static_cast<double>(n);
  const double var = sum4(n, [&](int64_t i) {
    const double d = x[i] - mean;
    return d * d;
  }) / static_cast<double>(n);
  return {mean, 1.0 / std::sqrt(var + eps)};
}

template <typename T> void layerNormTyped(const View& xv, const View* wv, const View* bv, int64_t size, double eps, const View& out) {
  const T* x = xv.ptr<T>() + xv.offset;
  const T* w = wv ? wv->ptr<T>() + wv->offset : nullptr;
  const T* b = bv ? bv->ptr<T>() + bv->offset : nullptr;
  T* y = out.ptr<T>();
  parallelFor(out.numel() / size, rowGrain(size), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* xr = x + r * size;
      T* yr = y + r * size;
      const RowStats st = rowStats(xr, size, eps);
      const double mean = st.mean, rstd = st.rstd;
      if (w && b) for (int64_t j = 0; j < size; j++) yr[j] = static_cast<T>((xr[j] - mean) * rstd * w[j] + b[j]);
      else if (w) for (int64_t j = 0; j < size; j++) yr[j] = static_cast<T>((xr[j] - mean) * rstd * w[j]);
      else for (int64_t j = 0; j < size; j++) yr[j] = static_cast<T>((xr[j] - mean) * rstd);
    }
  });
}

template <typename T> void layerNormBackwardTyped(const View& gv, const View& xv, const View* wv, int64_t size, double eps, const View& out) {
  const T* g = gv.ptr<T>() + gv.offset;
  const T* x = xv.ptr<T>() + xv.offset;
  const T* w = wv ? wv->ptr<T>() + wv->offset : nullptr;
  T* o = out.ptr<T>();
  const double inv = 1.0 / static_cast<double>(size);
  parallelFor(out.numel() / size, rowGrain(size), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* xr = x + r * size;
      const T* gr = g + r * size;
      T* orow = o + r * size;
      const RowStats st = rowStats(xr, size, eps);
      const double mean = st.mean, rstd = st.rstd;
      // a = mean(G), c = mean(G·x̂) with G = g·w; then rstd·(G − a − x̂·c)
      const auto G = [&](int64_t j) { return w ? static_cast<double>(gr[j]) * w[j] : static_cast<double>(gr[j]); };
      const double a = sum4(size, G) * inv;
      const double c = sum4(size, [&](int64_t j) { return G(j) * ((xr[j] - mean) * rstd); }) * inv;
      if (w) for (int64_t j = 0; j < size; j++) orow[j] = static_cast<T>(rstd * (static_cast<double>(gr[j]) * w[j] - a - (xr[j] - mean) * rstd * c));
      else for (int64_t j = 0; j < size; j++) orow[j] = static_cast<T>(rstd * (gr[j] - a - (xr[j] - mean) * rstd * c));
    }
  });
}

template <typename T> void layerNormWeightGradTyped(const View& gv, const View& xv, int64_t size, double eps, const View& out) {
  const T* g = gv.ptr<T>() + gv.offset;
  const T* x = xv.ptr<T>() + xv.offset;
  const int64_t rows = xv.numel() / size;
  // One partial sum per task (rows split evenly), added up in task order: the result does not depend on timing.
  const int tasks = static_cast<int>(std::min<int64_t>(numThreads(), std::max<int64_t>(1, rows / rowGrain(size))));
  std::vector<double> acc(static_cast<size_t>(tasks * size), 0.0);
  parallelRun(tasks, [&](int t, int nt) {
    double* a = acc.data() + t * size;
    for (int64_t r = rows * t / nt; r < rows * (t + 1) / nt; r++) {
      const T* xr = x + r * size;
      const T* gr = g + r * size;
      const RowStats st = rowStats(xr, size, eps);
      for (int64_t j = 0; j < size; j++) a[j] += static_cast<double>(gr[j]) * ((xr[j] - st.mean) * st.rstd);
    }
  });
  T* o = out.ptr<T>();
  for (int64_t j = 0; j < size; j++) {
    double s = 0;
    for (int t = 0; t < tasks; t++) s += acc[t * size + j];
    o[j] = static_cast<T>(s);
  }
}

/** Calls f(T{}) for a float32 or float64 kernel; other dtypes are an error. */
template <typename F> void floatDispatch(DType d, const char* op, F&& f) {
  if (d == DType::F32) return f(float{});
  if (d == DType::F64) return f(double{});
  throw std::runtime_error(std::string("lernwerk native: ") + op + " needs float32 or float64");
}

// ---- scaled dot-product attention ----

/** The 3-D view (d0, d1, d2) of batch entry b of a 4-D view, with its dims 1..3 taken in the order given. */
View batchEntry(const View& v, int64_t b, int d0, int d1, int d2) {
  View r = v;
  r.ndim = 3;
  const int dims[3] = {d0, d1, d2};
  for (int i = 0; i < 3; i++) {
    r.shape[i] = v.shape[dims[i]];
    r.strides[i] = v.strides[dims[i]];
  }
  r.offset = v.offset + b * v.strides[0];
  return r;
}

/**
 * Per batch entry: scores (H, L, S) = q·kᵀ by the GEMM (k's transpose is a stride swap), then each row scaled, masked
 * and softmaxed in place across the pool, then out = scores·v by the GEMM. Batch-1 decoding (L = 1) is one call.
 */
template <typename T>
void attentionTyped(const View& q, const View& k, const View& v, const View* mask, bool causal, double scale, const View& out) {
  const int64_t B = q.shape[0], H = q.shape[1], L = q.shape[2], S = k.shape[2], Ev = v.shape[3];
  thread_local std::vector<T> scratch;
  scratch.resize(static_cast<size_t>(H * L * S));
  const int64_t scoreShape[3] = {H, L, S}, outShape[3] = {H, L, Ev};
  T* const base = scratch.data();  // NOTE: the workers must use this pointer; `scratch` in the lambda would name their own
  View scores = denseView(base, out.dtype, 3, scoreShape);
  constexpr T kNegInf = -std::numeric_limits<T>::infinity();
  const uint8_t* boolMask = mask && mask->dtype == DType::Bool ? mask->ptr<uint8_t>() : nullptr;
  const T* addMask = mask && mask->dtype != DType::Bool ? mask->ptr<T>() : nullptr;
  for (int64_t b = 0; b < B; b++) {
    matmul(batchEntry(q, b, 1, 2, 3), batchEntry(k, b, 1, 3, 2), scores);
    parallelFor(H * L, rowGrain(2 * S), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) {
        const int64_t h = r / L, i = r % L;
        T* row = base + r * S;
        // The mask row (b, h, i, ·) once per query; keys past the causal diagonal are not read at all.
        const int64_t seenKeys = causal ? std::min(S, i + 1) : S;
        const int64_t m0 = mask ? mask->offset + b * mask->strides[0] + h * mask->strides[1] + i * mask->strides[2] : 0;
        const int64_t ms = mask ? mask->strides[3] : 0;
        bool seen = false;
        for (int64_t j = 0; j < seenKeys; j++) {
          T s = row[j] * static_cast<T>(scale);
          if (boolMask) s = boolMask[m0 + j * ms] ? s : kNegInf;
          else if (addMask) s += addMask[m0 + j * ms];
          row[j] = s;
          seen = seen || s != kNegInf;
        }
        std::fill(row + seenKeys, row + S, kNegInf);
        if (seen) softmaxRow(row, row, S, false);  // in place: each exponential overwrites only its own score
        else std::fill(row, row + S, T(0));        // no key seen: zero weights, so a zero output
      }
    });
    View o = denseView(out.ptr<T>() + b * H * L * Ev, out.dtype, 3, outShape);
    matmul(scores, batchEntry(v, b, 1, 2, 3), o);
  }
}

}  // namespace

void softmax(const View& x, int64_t outer, int64_t len, int64_t inner, bool log, const View& out, int64_t causalRows) {
  floatDispatch(out.dtype, "softmax", [&](auto t) { softmaxTyped<decltype(t)>(x, outer, len, inner, log, out, causalRows); });
}

void softmaxBackward(const View& g, const View& y, int64_t outer, int64_t len, int64_t inner, bool log, const View& out) {
  floatDispatch(out.dtype, "softmaxBackward", [&](auto t) { softmaxBackwardTyped<decltype(t)>(g, y, outer, len, inner, log, out); });
}

void gelu(const View& x, bool tanhForm, const View& out) {
  if (out.dtype == DType::F32 && x.dtype == DType::F32 && isDense(x)) {
    const float* xp = x.ptr<float>() + x.offset;
    float* o = out.ptr<float>();
    parallelFor(out.numel(), kParallelGrain, [&](int64_t b, int64_t e) { geluDense(xp + b, o + b, e - b, tanhForm); });
    return;
  }
  floatDispatch(out.dtype, "gelu", [&](auto t) {
    using T = decltype(t);
    if (tanhForm) map1<T, T>(x, out, [](T v) { return geluOf(v, true); });
    else map1<T, T>(x, out, [](T v) { return geluOf(v, false); });
  });
}

void geluBackward(const View& g, const View& x, bool tanhForm, const View& out) {
  if (out.dtype == DType::F32 && x.dtype == DType::F32 && g.dtype == DType::F32 && isDense(x) && isDense(g)) {
    const float* gp = g.ptr<float>() + g.offset;
    const float* xp = x.ptr<float>() + x.offset;
    float* o = out.ptr<float>();
    parallelFor(out.numel(), kParallelGrain, [&](int64_t b, int64_t e) { geluGradDense(gp + b, xp + b, o + b, e - b, tanhForm); });
    return;
  }
  floatDispatch(out.dtype, "geluBackward", [&](auto t) {
    using T = decltype(t);
    if (tanhForm) map2<T, T>(g, x, out, [](T gi, T xi) { return gi * geluGradOf(xi, true); });
    else map2<T, T>(g, x, out, [](T gi, T xi) { return gi * geluGradOf(xi, false); });
  });
}

void reluBackward(const View& g, const View& y, const View& out) {
  floatDispatch(out.dtype, "reluBackward", [&](auto t) {
    using T = decltype(t);
    // NOTE: as PyTorch's threshold_backward, a NaN output fails the test and passes g.
    map2<T, T>(g, y, out, [](T gi, T yi) { return yi <= T(0) ? T(0) : gi; });
  });
}

void layerNorm(const View& x, const View* w, const View* b, int64_t size, double eps, const View& out) {
  if (size <= 0 || out.numel() == 0) return;
  floatDispatch(out.dtype, "layerNorm", [&](auto t) { layerNormTyped<decltype(t)>(x, w, b, size, eps, out); });
}

void layerNormBackward(const View& g, const View& x, const View* w, int64_t size, double eps, const View& out) {
  if (size <= 0 || out.numel() == 0) return;
  floatDispatch(out.dtype, "layerNormBackward", [&](auto t) { layerNormBackwardTyped<decltype(t)>(g, x, w, size, eps, out); });
}

void layerNormWeightGrad(const View& g, const View& x, int64_t size, double eps, const View& out) {
  floatDispatch(out.dtype, "layerNormWeightGrad", [&](auto t) {
    using T = decltype(t);
    T* o = out.ptr<T>();
    for (int64_t j = 0; j < size; j++) o[j] = 0;
    if (size > 0 && x.numel() > 0) layerNormWeightGradTyped<T>(g, x, size, eps, out);
  });
}

void attention(const View& q, const View& k, const View& v, const View* mask, bool causal, double scale, const View& out) {
  if (out.numel() == 0) return;
  floatDispatch(out.dtype, "attention", [&](auto t) { attentionTyped<decltype(t)>(q, k, v, mask, causal, scale, out); });
}

}  // namespace lw
