// Sliding-window geometry shared by the im2col kernels (conv.cc) and the per-image convolution (conv_gemm.cc):
// output sizes, which output columns a kernel column sees inside the image, and strided row gathers.
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

}  // namespace lw
