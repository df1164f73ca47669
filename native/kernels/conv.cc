// im2col, col2im, max-pool argmax and the gather / scatter-add within planes at such indices, threaded over
// the N·C image planes (no two threads touch one plane, so the scatter-adds need no atomics). Each equals its
// js reference bit for bit: the scatter-adds sum in float64 in the reference's order, maxPool keeps its
// first-max / last-NaN rule.
#include "conv.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/dtype.h"
#include "../core/threadpool.h"
#include "kernels.h"
#include "window.h"

namespace lw {
namespace {

[[noreturn]] void fail(const std::string& what) { failWindow(what); }

/** As poolOutSize in src/core/conv-geometry.ts. */
int64_t poolOut(int64_t size, int64_t k, int64_t s, int64_t pad, int64_t d, bool ceil) {
  const int64_t span = size + 2 * pad - d * (k - 1) - 1;
  int64_t out = floorDiv(span + (ceil ? s - 1 : 0), s) + 1;
  if (ceil && (out - 1) * s >= size + pad) out--;
  return out;
}

/** Planes per parallel task: enough that a task does about kParallelGrain element operations. */
int64_t planeGrain(int64_t workPerPlane) { return std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, workPerPlane)); }

// ---- im2col ----

/** Plane by plane (n, c): the patch walk of window.h with one channel, into rows c·kH·kW… at columns n·L… of out. */
template <typename T> void im2colT(const View& x, const Window& g, int64_t OH, int64_t OW, T* out) {
  const int64_t N = x.shape[0], C = x.shape[1], L = OH * OW, NL = N * L, K = g.kH * g.kW;
  const ColumnRanges cr(x.shape[3], OW, g);
  const PatchGrid plane{1, x.shape[2], x.shape[3], OW};
  parallelFor(N * C, planeGrain(K * L), [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; u++) {
      const int64_t n = u / C, c = u % C;
      const Planes<T> p{x.ptr<T>() + x.offset + n * x.strides[0] + c * x.strides[1], 0, x.strides[2], x.strides[3]};
      patchesInto(p, plane, g, cr, 0, L, out + c * K * NL + n * L, NL);
    }
  });
}

// ---- col2im ----

/** acc[t·sw] += s[t·sr] for t < n, in float64. */
template <typename T> inline void addRow(double* acc, const T* s, int64_t n, int64_t sw, int64_t sr) {
  if (sw == 1 && sr == 1) for (int64_t t = 0; t < n; t++) acc[t] += static_cast<double>(s[t]);
  else if (sr == 1) for (int64_t t = 0; t < n; t++) acc[t * sw] += static_cast<double>(s[t]);
  else for (int64_t t = 0; t < n; t++) acc[t * sw] += static_cast<double>(s[t * sr]);
}

template <typename T> void col2imT(const View& cols, const Window& g, const int64_t* img, int64_t OH, int64_t OW, T* out) {
  const int64_t N = img[0], C = img[1], H = img[2], W = img[3];
  const int64_t sK = cols.strides[0], sR = cols.strides[1];
  const int64_t L = OH * OW, K = g.kH * g.kW;
  const ColumnRanges cr(W, OW, g);
  const T* cp = cols.ptr<T>() + cols.offset;
  parallelFor(N * C, planeGrain(K * L + H * W), [&](int64_t u0, int64_t u1) {
    // NOTE: sums in float64 whatever the dtype, pixel by pixel in the reference's order (kernel row, then column).
    std::vector<double> scratch;
    if (!std::is_same_v<T, double>) scratch.resize(H * W);
    for (int64_t u = u0; u < u1; u++) {
      const int64_t n = u / C, c = u % C;
      T* o = out + u * H * W;
      double* acc;
      if constexpr (std::is_same_v<T, double>) acc = o;
      else acc = scratch.data();
      std::fill(acc, acc + H * W, 0.0);
      for (int64_t i = 0; i < g.kH; i++) {
        for (int64_t j = 0; j < g.kW; j++) {
          const int64_t a = cr.ow0[j], b = cr.ow1[j];
          if (b <= a) continue;
          const T* src = cp + (c * K + i * g.kW + j) * sK + n * L * sR;
          for (int64_t oh = 0; oh < OH; oh++) {
            const int64_t h = oh * g.sh + i * g.dh - g.padTop;
            if (h < 0 || h >= H) continue;
            addRow(acc + h * W + cr.off[j] + a * g.sw, src + (oh * OW + a) * sR, b - a, g.sw, sR);
          }
        }
      }
      if constexpr (!std::is_same_v<T, double>)
        for (int64_t t = 0; t < H * W; t++) o[t] = storeJs<T>(acc[t]);
    }
  });
}

// ---- max pooling ----

/** The rule of the reference's scan: v takes over from the running max mx when larger, or when NaN (last NaN wins). */
template <typename T> inline bool takes(T v, T mx) { return v > mx || v != v; }

/** 2×2 windows at stride 2, fully inside, unit column stride: the common CNN pooling, with branch-free selects. */
template <typename T> void maxPool2x2Row(const T* r0, const T* r1, int64_t h, int64_t W, int64_t ow0, int64_t ow1, int32_t* o, T* val) {
  for (int64_t ow = ow0; ow < ow1; ow++) {
    const int64_t w = 2 * ow;
    const T v0 = r0[w], v1 = r0[w + 1], v2 = r1[w], v3 = r1[w + 1];
    const int32_t i0 = static_cast<int32_t>(h * W + w);
    // Branch-free: (v > mx) | (v != v) is takes() without its short circuit, so the compiler can vectorise.
    const bool t1 = (v1 > v0) | (v1 != v1);
    const T m1 = t1 ? v1 : v0;
    const int32_t b1 = t1 ? i0 + 1 : i0;
    const bool t2 = (v2 > m1) | (v2 != v2);
    const T m2 = t2 ? v2 : m1;
    const int32_t b2 = t2 ? i0 + static_cast<int32_t>(W) : b1;
    const bool t3 = (v3 > m2) | (v3 != v3);
    o[ow] = t3 ? i0 + static_cast<int32_t>(W) + 1 : b2;
    if (val) val[ow] = t3 ? v3 : m2;
  }
}

/** The value of a window that holds no pixel: −∞ (0 for integers, as the reference's typed-array store of −∞). */
template <typename T> T emptyWindowValue() {
  if constexpr (std::numeric_limits<T>::has_infinity) return -std::numeric_limits<T>::infinity();
  else return T(0);
}

/** Indices into out and, unless null, the maxima themselves into values (both dense (N, C, OH, OW)). */
template <typename T> void maxPoolT(const View& x, const Window& g, int64_t OH, int64_t OW, int32_t* out, T* values) {
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  const int64_t sN = x.strides[0], sC = x.strides[1], sH = x.strides[2], sW = x.strides[3];
  const int64_t ph = g.padTop, pw = g.padLeft;
  const T* xp = x.ptr<T>() + x.offset;
  // The first in-image column of each window and its end (padding is -∞ and never wins), as the reference.
  std::vector<int64_t> w0s(OW), w1s(OW);
  for (int64_t ow = 0; ow < OW; ow++) {
    int64_t w0 = ow * g.sw - pw;
    if (w0 < 0) w0 += ceilDiv(-w0, g.dw) * g.dw;
    w0s[ow] = w0;
    w1s[ow] = std::min(ow * g.sw - pw + (g.kW - 1) * g.dw + 1, W);
  }
  const bool fast2x2 = g.kH == 2 && g.kW == 2 && g.sh == 2 && g.sw == 2 && g.dh == 1 && g.dw == 1 && ph == 0 && pw == 0 && sW == 1;
  const int64_t fullOW = fast2x2 ? std::min(OW, W / 2) : 0;  // windows that lie inside the image (ceil mode may add one)
  parallelFor(N * C, planeGrain(OH * OW * g.kH * g.kW), [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; u++) {
      const T* plane = xp + (u / C) * sN + (u % C) * sC;
      int32_t* o = out + u * OH * OW;
      T* val = values ? values + u * OH * OW : nullptr;
      for (int64_t oh = 0; oh < OH; oh++) {
        int64_t h0 = oh * g.sh - ph;
        if (h0 < 0) h0 += ceilDiv(-h0, g.dh) * g.dh;
        const int64_t h1 = std::min(oh * g.sh - ph + (g.kH - 1) * g.dh + 1, H);
        int64_t ow = 0;
        if (fast2x2 && h1 - h0 == 2) {
          maxPool2x2Row(plane + h0 * sH, plane + (h0 + 1) * sH, h0, W, 0, fullOW, o + oh * OW, val ? val + oh * OW : nullptr);
          ow = fullOW;
        }
        for (; ow < OW; ow++) {
          const int64_t w0 = w0s[ow], w1 = w1s[ow];
          int64_t best = h0 * W + w0;
          const T* at = nullptr;  // the maximum; none when the window holds no pixel of the image
          double mx = -INFINITY;
          for (int64_t h = h0; h < h1; h += g.dh) {
            const T* row = plane + h * sH;
            for (int64_t w = w0; w < w1; w += g.dw) {
              const double v = static_cast<double>(row[w * sW]);
              // NOTE: as PyTorch's CPU kernel, a NaN always takes over, so the last NaN of a window wins.
              if (takes(v, mx)) {
                mx = v;
                best = h * W + w;
                at = row + w * sW;
              }
            }
          }
          o[oh * OW + ow] = static_cast<int32_t>(best);
          if (val) val[oh * OW + ow] = at ? *at : emptyWindowValue<T>();
        }
      }
    }
  });
}

// ---- gather within planes and its adjoint (max pooling's values and gradient) ----

[[noreturn]] void badPlaneIndex(const char* op, int32_t i, int64_t H, int64_t W) {
  throw RangeError(std::string(op) + ": index " + std::to_string(i) + " is out of bounds for a plane of " + std::to_string(H) + "×" +
                   std::to_string(W) + " pixels");
}

/** Calls f(oh, ow, i) for the flat indices i of plane u of index (N, C, OH, OW), in row-major order. */
template <typename F> inline void eachPlaneIndex(const View& index, int64_t u, F&& f) {
  const int64_t C = index.shape[1], OH = index.shape[2], OW = index.shape[3];
  const int32_t* ip = index.ptr<int32_t>() + index.offset + (u / C) * index.strides[0] + (u % C) * index.strides[1];
  const int64_t sh = index.strides[2], sw = index.strides[3];
  for (int64_t oh = 0; oh < OH; oh++)
    for (int64_t ow = 0; ow < OW; ow++) f(oh, ow, ip[oh * sh + ow * sw]);
}

template <typename T> void planeGatherT(const View& x, const View& index, T* out) {
  const int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3], P = index.shape[2] * index.shape[3];
  const int64_t sH = x.strides[2], sW = x.strides[3];
  const bool rows = sH == W * sW;  // pixel i lies at i·sW: no division per element
  parallelFor(index.shape[0] * C, planeGrain(P), [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; u++) {
      const T* plane = x.ptr<T>() + x.offset + (u / C) * x.strides[0] + (u % C) * x.strides[1];
      T* o = out + u * P;
      const int64_t OW = index.shape[3];
      eachPlaneIndex(index, u, [&](int64_t oh, int64_t ow, int32_t i) {
        if (i < 0 || i >= H * W) badPlaneIndex("planeGather", i, H, W);
        o[oh * OW + ow] = rows ? plane[i * sW] : plane[(i / W) * sH + (i % W) * sW];
      });
    }
  });
}

/** Per plane, the g values summed in double in index order (as the reference), then stored. */
template <typename T> void planeScatterAddT(const View& g, const View& index, int64_t H, int64_t W, T* out) {
  const int64_t C = index.shape[1], P = index.shape[2] * index.shape[3];
  const int64_t sN = g.strides[0], sC = g.strides[1], sh = g.strides[2], sw = g.strides[3];
  parallelFor(index.shape[0] * C, planeGrain(P + H * W), [&](int64_t u0, int64_t u1) {
    std::vector<double> acc(std::is_same_v<T, double> ? 0 : H * W);
    for (int64_t u = u0; u < u1; u++) {
      const T* gp = g.ptr<T>() + g.offset + (u / C) * sN + (u % C) * sC;
      T* o = out + u * H * W;
      double* a;
      if constexpr (std::is_same_v<T, double>) a = o;  // float64 sums straight into the output
      else a = acc.data();
      std::fill(a, a + H * W, 0.0);
      eachPlaneIndex(index, u, [&](int64_t oh, int64_t ow, int32_t i) {
        if (i < 0 || i >= H * W) badPlaneIndex("planeScatterAdd", i, H, W);
        a[i] += static_cast<double>(gp[oh * sh + ow * sw]);
      });
      if constexpr (!std::is_same_v<T, double>)
        for (int64_t t = 0; t < H * W; t++) o[t] = storeJs<T>(a[t]);
    }
  });
}

}  // namespace

void im2col(const View& x, const Window& g, const View& out) {
  checkWindow(g, "im2col");
  if (x.ndim != 4 || out.dtype != x.dtype) fail("im2col expects x (N, C, H, W) and an output of its dtype");
  const int64_t OH = convOut(x.shape[2], g.kH, g.sh, g.padTop, g.padBottom, g.dh);
  const int64_t OW = convOut(x.shape[3], g.kW, g.sw, g.padLeft, g.padRight, g.dw);
  if (OH < 0 || OW < 0) fail("im2col: the kernel does not fit the padded image");
  const int64_t shape[2] = {x.shape[1] * g.kH * g.kW, x.shape[0] * OH * OW};
  checkDense(out, 2, shape, "im2col output");
  if (shape[0] * shape[1] == 0) return;
  dispatchDType(x.dtype, [&](auto t) { im2colT<decltype(t)>(x, g, OH, OW, out.ptr<decltype(t)>()); });
}

void col2im(const View& cols, const Window& g, const View& out) {
  checkWindow(g, "col2im");
  if (out.ndim != 4 || cols.ndim != 2 || out.dtype != cols.dtype) fail("col2im expects cols (C·kH·kW, N·OH·OW) and an (N, C, H, W) output of its dtype");
  const int64_t* img = out.shape;
  checkDense(out, 4, img, "col2im output");
  const int64_t OH = convOut(img[2], g.kH, g.sh, g.padTop, g.padBottom, g.dh);
  const int64_t OW = convOut(img[3], g.kW, g.sw, g.padLeft, g.padRight, g.dw);
  if (OH < 0 || OW < 0) fail("col2im: the kernel does not fit the padded image");
  if (cols.shape[0] != img[1] * g.kH * g.kW || cols.shape[1] != img[0] * OH * OW) fail("col2im: cols do not match the image and window");
  if (out.numel() == 0) return;
  dispatchDType(out.dtype, [&](auto t) { col2imT<decltype(t)>(cols, g, img, OH, OW, out.ptr<decltype(t)>()); });
}

void maxPool2dIndices(const View& x, const Window& g, const View& out) { maxPool2d(x, g, out, nullptr); }

void maxPool2d(const View& x, const Window& g, const View& out, const View* values) {
  checkWindow(g, "maxPool2d");
  if (g.padTop != g.padBottom || g.padLeft != g.padRight) fail("maxPool2d pads both sides alike");
  if (x.ndim != 4 || out.dtype != DType::I32) fail("maxPool2d expects x (N, C, H, W) and an int32 output");
  const int64_t OH = poolOut(x.shape[2], g.kH, g.sh, g.padTop, g.dh, g.ceilMode);
  const int64_t OW = poolOut(x.shape[3], g.kW, g.sw, g.padLeft, g.dw, g.ceilMode);
  if (OH < 0 || OW < 0) fail("maxPool2d: the window does not fit the padded image");
  const int64_t shape[4] = {x.shape[0], x.shape[1], OH, OW};
  checkDense(out, 4, shape, "maxPool2d output");
  if (out.numel() == 0) return;
  if (values && values->dtype != x.dtype) fail("maxPool2d: the values must have x's dtype");
  if (values) checkDense(*values, 4, shape, "maxPool2d values");
  if (x.shape[2] * x.shape[3] > INT32_MAX) fail("maxPool2d: an image plane has more than 2^31 pixels");
  dispatchDType(x.dtype, [&](auto t) {
    using T = decltype(t);
    maxPoolT<T>(x, g, OH, OW, out.ptr<int32_t>(), values ? values->ptr<T>() : nullptr);
  });
}

}  // namespace lw

namespace lw {

void planeGather(const View& x, const View& index, const View& out) {
  if (x.ndim != 4 || index.ndim != 4 || index.dtype != DType::I32 || out.dtype != x.dtype || x.shape[0] != index.shape[0] || x.shape[1] != index.shape[1])
    fail("planeGather expects x (N, C, H, W), an int32 index (N, C, OH, OW) and an output of x's dtype");
  checkDense(out, 4, index.shape, "planeGather output");
  if (out.numel() == 0) return;
  if (x.shape[2] * x.shape[3] > INT32_MAX) fail("planeGather: an image plane has more than 2^31 pixels");
  dispatchDType(x.dtype, [&](auto t) { planeGatherT<decltype(t)>(x, index, out.ptr<decltype(t)>()); });
}

void planeScatterAdd(const View& g, const View& index, const View& out) {
  if (out.ndim != 4 || index.ndim != 4 || g.ndim != 4 || index.dtype != DType::I32 || g.dtype != out.dtype)
    fail("planeScatterAdd expects g and an int32 index (N, C, OH, OW) and an (N, C, H, W) output of g's dtype");
  for (int d = 0; d < 4; d++)
    if (g.shape[d] != index.shape[d] || (d < 2 && out.shape[d] != index.shape[d])) fail("planeScatterAdd: g, index and output do not match");
  checkDense(out, 4, out.shape, "planeScatterAdd output");
  if (out.numel() == 0) return;
  if (out.shape[2] * out.shape[3] > INT32_MAX) fail("planeScatterAdd: an image plane has more than 2^31 pixels");
  dispatchDType(out.dtype, [&](auto t) { planeScatterAddT<decltype(t)>(g, index, out.shape[2], out.shape[3], out.ptr<decltype(t)>()); });
}

}  // namespace lw
