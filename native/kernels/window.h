// Sliding-window geometry shared by the im2col kernels (conv.cc) and the per-image convolution (conv_gemm.cc):
// output sizes, which output columns a kernel column sees inside the image, and the walk over patch rows that lays
// patches out as columns (im2col) and adds them back (its adjoint).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "conv.h"

namespace lw {

inline int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
inline int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

[[noreturn]] inline void failWindow(const std::string& what) { throw std::runtime_error("lernwerk native: " + what); }

inline void checkWindow(const Window& g, const char* op) {
  if (g.kH < 1 || g.kW < 1 || g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1 || g.padTop < 0 || g.padBottom < 0 ||
      g.padLeft < 0 || g.padRight < 0)
    failWindow(std::string(op) + ": kernel, stride and dilation must be ≥ 1 and padding ≥ 0");
}

/** Throws unless v is dense row-major of exactly `shape` (an output the kernel fills). */
inline void checkDense(const View& v, int ndim, const int64_t* shape, const char* what) {
  bool ok = v.ndim == ndim && v.offset == 0;
  int64_t st = 1;
  for (int d = ndim - 1; ok && d >= 0; d--) {
    ok = v.shape[d] == shape[d] && (v.shape[d] <= 1 || v.strides[d] == st);
    st *= shape[d];
  }
  if (!ok) failWindow(std::string(what) + " has the wrong shape");
}

/** ⌊(size + padding − dilation·(k − 1) − 1) / stride⌋ + 1, as convOutSize in src/core/conv-geometry.ts. */
inline int64_t convOut(int64_t size, int64_t k, int64_t s, int64_t pad0, int64_t pad1, int64_t d) {
  return floorDiv(size + pad0 + pad1 - d * (k - 1) - 1, s) + 1;
}

/**
 * For kernel column j: the output columns [ow0, ow1) whose pixel w = ow·sw + j·dw − padLeft lies in [0, W), and
 * that pixel's offset j·dw − padLeft (as columnRanges in src/backends/js/im2col.ts).
 */
struct ColumnRanges {
  std::vector<int64_t> ow0, ow1, off;
  ColumnRanges(int64_t W, int64_t OW, const Window& g) : ow0(g.kW), ow1(g.kW), off(g.kW) {
    for (int64_t j = 0; j < g.kW; j++) {
      off[j] = j * g.dw - g.padLeft;
      ow0[j] = std::min(OW, std::max<int64_t>(0, ceilDiv(-off[j], g.sw)));
      ow1[j] = std::max(ow0[j], std::min(OW, floorDiv(W - 1 - off[j], g.sw) + 1));
    }
  }
};

/** d[t] = s[t·step] for t < n; unit and stride-2 steps get loops the compiler vectorises. */
template <typename T> inline void gatherRow(T* d, const T* s, int64_t n, int64_t step) {
  if (step == 1) std::memcpy(d, s, sizeof(T) * static_cast<size_t>(n));
  else if (step == 2) for (int64_t t = 0; t < n; t++) d[t] = s[2 * t];
  else for (int64_t t = 0; t < n; t++) d[t] = s[t * step];
}

/** The planes a patch walk reads or writes: Cg channels of H×W pixels, output rows of OW positions. */
struct PatchGrid {
  int64_t Cg, H, W, OW;
};

/** Where one image's channel planes start and step: plane c of the group at base + c·sC, pixel (h, w) at h·sH + w·sW. */
template <typename T> struct Planes {
  const T* base;
  int64_t sC, sH, sW;
};

/**
 * Walks patch rows k = (c, i, j) of output positions [l0, l1) piece by piece: inside(k, c, h, w, at, n) for n run
 * offsets from `at` whose pixels lie in the image (row h, columns w, w + sw, …), outside(k, at, n) for those that do
 * not. Runs of whole output rows (the usual case) compute each kernel row's valid rows once instead of per position.
 */
template <typename In, typename Out>
inline void eachPatchPiece(const PatchGrid& s, const Window& g, const ColumnRanges& cr, int64_t l0, int64_t l1, In&& inside, Out&& outside) {
  const bool wholeRows = l0 % s.OW == 0 && l1 % s.OW == 0;
  const int64_t oh0 = l0 / s.OW, oh1 = l1 / s.OW;
  int64_t k = 0;
  for (int64_t c = 0; c < s.Cg; c++)
    for (int64_t i = 0; i < g.kH; i++) {
      const int64_t top = i * g.dh - g.padTop;  // h = oh·sh + top
      const int64_t lo = std::clamp(ceilDiv(-top, g.sh), oh0, oh1), hi = std::clamp(floorDiv(s.H - 1 - top, g.sh) + 1, lo, oh1);
      for (int64_t j = 0; j < g.kW; j++, k++) {
        const int64_t a = cr.ow0[j], b = cr.ow1[j];
        if (!wholeRows) {
          for (int64_t l = l0; l < l1;) {
            const int64_t oh = l / s.OW, owS = l - oh * s.OW, owE = std::min(s.OW, owS + (l1 - l)), at = l - l0;
            const int64_t h = oh * g.sh + top, p = std::max(owS, a), q = std::min(owE, b);
            if (h < 0 || h >= s.H || p >= q) {
              outside(k, at, owE - owS);
            } else {
              if (p > owS) outside(k, at, p - owS);
              inside(k, c, h, cr.off[j] + p * g.sw, at + p - owS, q - p);
              if (q < owE) outside(k, at + q - owS, owE - q);
            }
            l += owE - owS;
          }
          continue;
        }
        if (lo > oh0) outside(k, 0, (lo - oh0) * s.OW);
        if (a < b) {
          for (int64_t oh = lo; oh < hi; oh++) {
            const int64_t at = (oh - oh0) * s.OW;
            if (a > 0) outside(k, at, a);
            inside(k, c, oh * g.sh + top, cr.off[j] + a * g.sw, at + a, b - a);
            if (b < s.OW) outside(k, at + b, s.OW - b);
          }
        } else if (hi > lo) {
          outside(k, (lo - oh0) * s.OW, (hi - lo) * s.OW);
        }
        if (hi < oh1) outside(k, (hi - oh0) * s.OW, (oh1 - hi) * s.OW);
      }
    }
}

/** Patch rows (c, i, j) of output positions [l0, l1) into dst (Kg rows, row stride ld), zero outside the image. */
template <typename T>
inline void patchesInto(const Planes<T>& x, const PatchGrid& s, const Window& g, const ColumnRanges& cr, int64_t l0, int64_t l1, T* dst, int64_t ld) {
  eachPatchPiece(
      s, g, cr, l0, l1,
      [&](int64_t k, int64_t c, int64_t h, int64_t w, int64_t at, int64_t n) {
        gatherRow(dst + k * ld + at, x.base + c * x.sC + h * x.sH + w * x.sW, n, g.sw * x.sW);
      },
      [&](int64_t k, int64_t at, int64_t n) { std::fill_n(dst + k * ld + at, n, T(0)); });
}

/** The adjoint of patchesInto: every entry of src (Kg rows, row stride ld) added onto its pixel of the dense planes img. */
template <typename T>
inline void patchesAddTo(const T* src, int64_t ld, const PatchGrid& s, const Window& g, const ColumnRanges& cr, int64_t l0, int64_t l1, T* img) {
  eachPatchPiece(
      s, g, cr, l0, l1,
      [&](int64_t k, int64_t c, int64_t h, int64_t w, int64_t at, int64_t n) {
        const T* r = src + k * ld + at;
        T* o = img + (c * s.H + h) * s.W + w;
        if (g.sw == 1) for (int64_t t = 0; t < n; t++) o[t] += r[t];
        else for (int64_t t = 0; t < n; t++) o[t * g.sw] += r[t];
      },
      [](int64_t, int64_t, int64_t) {});
}

}  // namespace lw
