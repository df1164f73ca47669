// Convolution as im2col + GEMM one image (or one run of its output positions) at a time, as PyTorch's
// slow_conv2d: the patches go to a per-thread scratch that stays in cache and are multiplied there, so no
// (C·kH·kW, N·OH·OW) column matrix is ever built. Forward, the gradient in the input (col2im of Wᵀ·g) and the
// gradient in the weight (Σ g·patchesᵀ: partial sums over a partition of the work that the problem fixes, never
// the thread count, added in a fixed order, so every thread count gives the same bits).
#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/dtype.h"
#include "../core/threadpool.h"
#include "../gemm/gemm.h"
#include "conv.h"
#include "kernels.h"
#include "window.h"

namespace lw {
namespace {

/** Products below this many flops run on the calling thread alone. */
constexpr double kConvParallelFlops = 2.0e6;
/** The weight gradient's partial sums: at most this many, each over at least kFlopsPerPartial, and within kPartialBytes. */
constexpr int64_t kMaxPartials = 8;  // balanced on 1, 2, 4 and 8 threads; each partial costs a zero-fill and a pass of the final sum
constexpr double kFlopsPerPartial = 1.0e6;
constexpr int64_t kPartialBytes = int64_t{64} << 20;

/** The sizes of one convolution: per group Cg input and Og output channels, Kg = Cg·kH·kW patch rows, L positions. */
struct ConvShape {
  int64_t N, C, H, W, O, G, OH, OW, Cg, Og, Kg, L;
  ConvShape(const int64_t* x, int64_t O_, int64_t groups, const Window& g)
      : N(x[0]), C(x[1]), H(x[2]), W(x[3]), O(O_), G(groups),
        OH(convOut(x[2], g.kH, g.sh, g.padTop, g.padBottom, g.dh)), OW(convOut(x[3], g.kW, g.sw, g.padLeft, g.padRight, g.dw)),
        Cg(groups > 0 ? x[1] / groups : 0), Og(groups > 0 ? O_ / groups : 0), Kg(Cg * g.kH * g.kW), L(OH * OW) {}
  /** Output positions per run: a run's patches (Kg × run values) stay within about 256 KiB; whole output rows where they fit. */
  int64_t run(size_t elem) const {
    const int64_t fit = std::max<int64_t>(32, (int64_t{256} * 1024 / static_cast<int64_t>(elem)) / std::max<int64_t>(1, Kg));
    return std::max<int64_t>(1, std::min(L, fit >= OW ? fit / OW * OW : fit / 16 * 16));
  }
  double flops() const { return 2.0 * static_cast<double>(N) * O * Kg * L; }
  PatchGrid grid() const { return {Cg, H, W, OW}; }
};

/** A per-thread scratch array, grown as needed and kept for the thread's next call. */
template <typename T> T* threadScratch(int64_t n) {
  thread_local std::vector<T> buf;
  if (static_cast<int64_t>(buf.size()) < n) buf.resize(static_cast<size_t>(n));
  return buf.data();
}

/** A dense copy of v, or v's own data when it is dense already (weights and incoming gradients nearly always are). */
template <typename T> struct DenseOperand {
  std::vector<T> copy;
  const T* p;
  explicit DenseOperand(const View& v) {
    if (isDense(v)) {
      p = v.ptr<T>() + v.offset;
      return;
    }
    copy.resize(static_cast<size_t>(v.numel()));
    const View d = denseView(copy.data(), v.dtype, v.ndim, v.shape);
    copyInto(d, v);
    p = copy.data();
  }
};

/** Work items (n, group, run of positions) in that order. */
struct Items {
  int64_t runLen, runs, count;
  Items(const ConvShape& s, size_t elem) : runLen(s.run(elem)), runs(s.L == 0 ? 0 : (s.L + runLen - 1) / runLen), count(s.N * s.G * runs) {}
  void at(int64_t item, int64_t& n, int64_t& grp, int64_t& l0, int64_t& l1, const ConvShape& s) const {
    const int64_t r = item % runs, u = item / runs;
    n = u / s.G, grp = u % s.G, l0 = r * runLen, l1 = std::min(s.L, l0 + runLen);
  }
};

template <typename T> Planes<T> imagePlanes(const View& x, int64_t n, int64_t grp, int64_t Cg) {
  return {x.ptr<T>() + x.offset + n * x.strides[0] + grp * Cg * x.strides[1], x.strides[1], x.strides[2], x.strides[3]};
}

template <typename T> void conv2dT(const View& x, const View& w, const View* bias, const Window& g, const ConvShape& s, T* out) {
  const DenseOperand<T> wd(w);  // (O, Kg)
  const ColumnRanges cr(s.W, s.OW, g);
  const Items items(s, sizeof(T));
  const T* b = bias ? bias->ptr<T>() + bias->offset : nullptr;
  parallelFor(items.count, s.flops() < kConvParallelFlops ? items.count : 1, [&](int64_t i0, int64_t i1) {
    T* cols = threadScratch<T>(s.Kg * items.runLen);
    for (int64_t item = i0; item < i1; item++) {
      int64_t n, grp, l0, l1;
      items.at(item, n, grp, l0, l1, s);
      const int64_t len = l1 - l0;
      patchesInto(imagePlanes<T>(x, n, grp, s.Cg), s.grid(), g, cr, l0, l1, cols, len);
      T* y = out + (n * s.O + grp * s.Og) * s.L + l0;  // (Og, len) of row stride L
      gemmSerial<T>(s.Og, len, s.Kg, wd.p + grp * s.Og * s.Kg, s.Kg, 1, cols, len, 1, y, s.L, false);
      if (b)
        for (int64_t o = 0; o < s.Og; o++) {
          const T bo = b[(grp * s.Og + o) * bias->strides[0]];
          for (int64_t t = 0; t < len; t++) y[o * s.L + t] += bo;
        }
    }
  });
}

template <typename T> void conv2dInputGradT(const View& gy, const View& w, const Window& g, const ConvShape& s, T* out) {
  const DenseOperand<T> gd(gy), wd(w);  // (N, O, L), (O, Kg)
  const ColumnRanges cr(s.W, s.OW, g);
  const Items items(s, sizeof(T));
  // Runs of one image overlap in the pixels they add to: a task takes whole (image, group) planes.
  parallelFor(s.N * s.G, s.flops() < kConvParallelFlops ? s.N * s.G : 1, [&](int64_t u0, int64_t u1) {
    T* cols = threadScratch<T>(s.Kg * items.runLen);
    for (int64_t u = u0; u < u1; u++) {
      const int64_t n = u / s.G, grp = u % s.G;
      T* img = out + (n * s.C + grp * s.Cg) * s.H * s.W;
      std::fill(img, img + s.Cg * s.H * s.W, T(0));
      for (int64_t l0 = 0; l0 < s.L; l0 += items.runLen) {
        const int64_t len = std::min(s.L - l0, items.runLen);
        // (Kg, len) = Wᵀ (Kg, Og) · g (Og, len)
        gemmSerial<T>(s.Kg, len, s.Og, wd.p + grp * s.Og * s.Kg, 1, s.Kg, gd.p + (n * s.O + grp * s.Og) * s.L + l0, s.L, 1, cols, len, false);
        patchesAddTo(cols, len, s.grid(), g, cr, l0, l0 + len, img);
      }
    }
  });
}

template <typename T> void conv2dWeightGradT(const View& gy, const View& x, const Window& g, const ConvShape& s, T* out) {
  const DenseOperand<T> gd(gy);  // (N, O, L)
  const ColumnRanges cr(s.W, s.OW, g);
  const Items items(s, sizeof(T));
  const int64_t size = s.O * s.Kg;
  // The number of partial sums depends on the problem alone: the threads take whole partials, in any order.
  const int64_t byWork = s.flops() < kConvParallelFlops ? 1 : static_cast<int64_t>(s.flops() / kFlopsPerPartial);
  const int64_t byMemory = kPartialBytes / std::max<int64_t>(1, size * static_cast<int64_t>(sizeof(T)));
  const int tasks = static_cast<int>(std::max<int64_t>(1, std::min({items.count, kMaxPartials, byWork, byMemory})));
  const std::unique_ptr<T[]> partial(new T[static_cast<size_t>((tasks - 1) * size)]);  // each task zero-fills its own
  parallelRun(tasks, [&](int t, int nt) {
    T* acc = t == 0 ? out : partial.get() + (t - 1) * size;  // (O, Kg)
    std::fill(acc, acc + size, T(0));
    T* cols = threadScratch<T>(s.Kg * items.runLen);
    for (int64_t item = items.count * t / nt; item < items.count * (t + 1) / nt; item++) {
      int64_t n, grp, l0, l1;
      items.at(item, n, grp, l0, l1, s);
      const int64_t len = l1 - l0;
      patchesInto(imagePlanes<T>(x, n, grp, s.Cg), s.grid(), g, cr, l0, l1, cols, len);
      // (Og, Kg) += g (Og, len) · patchesᵀ (len, Kg)
      gemmSerial<T>(s.Og, s.Kg, len, gd.p + (n * s.O + grp * s.Og) * s.L + l0, s.L, 1, cols, 1, len, acc + grp * s.Og * s.Kg, s.Kg, true);
    }
  });
  if (tasks > 1)
    parallelFor(size, kParallelGrain, [&](int64_t e0, int64_t e1) {
      for (int t = 1; t < tasks; t++) {
        const T* p = partial.get() + (t - 1) * size;
        for (int64_t e = e0; e < e1; e++) out[e] += p[e];
      }
    });
}

/** Checks the operands every convolution kernel shares and returns its sizes. */
ConvShape convShape(const Window& g, const int64_t* image, const View& w, int64_t groups, DType dtype, const char* op) {
  checkWindow(g, op);
  const std::string name = std::string(op) + ": ";
  if (dtype != DType::F32 && dtype != DType::F64) failWindow(name + "expects float32 or float64 operands of one dtype");
  if (groups < 1 || image[1] % groups != 0 || w.ndim != 4 || w.dtype != dtype || w.shape[0] % groups != 0 ||
      w.shape[1] * groups != image[1] || w.shape[2] != g.kH || w.shape[3] != g.kW)
    failWindow(name + "weight (O, C/groups, kH, kW) does not match the input channels, groups and window");
  const ConvShape s(image, w.shape[0], groups, g);
  if (s.OH < 0 || s.OW < 0) failWindow(name + "the kernel does not fit the padded image");
  return s;
}

/** Checks g (N, O, OH, OW) and the dense output of one of the gradients, then calls f(T{}, out) for its float dtype. */
template <typename F> void runGrad(const View& gy, const ConvShape& s, const View& out, DType dtype, const char* op, F&& f) {
  if (gy.ndim != 4 || gy.dtype != dtype || gy.shape[0] != s.N || gy.shape[1] != s.O || gy.shape[2] != s.OH || gy.shape[3] != s.OW)
    failWindow(std::string(op) + ": the output gradient must be (N, O, OH, OW) of the operands' dtype");
  checkDense(out, 4, out.shape, (std::string(op) + " output").c_str());
  if (out.numel() == 0) return;
  dispatchDType(dtype, [&](auto t) {
    using T = decltype(t);
    if constexpr (std::is_floating_point_v<T>) f(t, out.ptr<T>());
  });
}

}  // namespace

void conv2d(const View& x, const View& w, const View* bias, const Window& g, int64_t groups, const View& out) {
  if (x.ndim != 4) failWindow("conv2d expects x (N, C, H, W)");
  const ConvShape s = convShape(g, x.shape, w, groups, x.dtype, "conv2d");
  if (bias && (bias->ndim != 1 || bias->shape[0] != s.O || bias->dtype != x.dtype)) failWindow("conv2d: bias must be (O) of x's dtype");
  const int64_t shape[4] = {s.N, s.O, s.OH, s.OW};
  checkDense(out, 4, shape, "conv2d output");
  if (out.numel() == 0) return;
  dispatchDType(x.dtype, [&](auto t) {
    using T = decltype(t);
    if constexpr (std::is_floating_point_v<T>) conv2dT<T>(x, w, bias, g, s, out.ptr<T>());
  });
}

void conv2dInputGrad(const View& gy, const View& w, const Window& g, int64_t groups, const View& out) {
  if (out.ndim != 4) failWindow("conv2dInputGrad expects an (N, C, H, W) output");
  const ConvShape s = convShape(g, out.shape, w, groups, out.dtype, "conv2dInputGrad");
  runGrad(gy, s, out, out.dtype, "conv2dInputGrad", [&](auto t, auto* o) { conv2dInputGradT<decltype(t)>(gy, w, g, s, o); });
}

void conv2dWeightGrad(const View& gy, const View& x, const Window& g, int64_t groups, const View& out) {
  if (x.ndim != 4) failWindow("conv2dWeightGrad expects x (N, C, H, W)");
  const ConvShape s = convShape(g, x.shape, out, groups, x.dtype, "conv2dWeightGrad");
  runGrad(gy, s, out, x.dtype, "conv2dWeightGrad", [&](auto t, auto* o) { conv2dWeightGradT<decltype(t)>(gy, x, g, s, o); });
}

}  // namespace lw
