// Sliding-window kernels over (N, C, H, W): im2col, its adjoint col2im, max pooling's argmax and the gather /
// scatter-add within planes at such indices (src/backends/js/im2col.ts and pool.ts are the references they equal bit for bit).
#pragma once
#include <cstdint>
#include "../core/view.h"

namespace lw {

/** Window geometry, as WindowParams / PoolParams in src/core/ops.ts (pooling pads both sides alike). */
struct Window {
  int64_t kH, kW, sh, sw, dh, dw, padTop, padBottom, padLeft, padRight;
  bool ceilMode;  // pooling only
};

/** x (N, C, H, W), any strides → out dense (C·kH·kW, N·OH·OW) of x's dtype, zero where a patch leaves the image. */
void im2col(const View& x, const Window& g, const View& out);
/** cols (C·kH·kW, N·OH·OW), any strides → out dense (N, C, H, W): every patch entry added onto its pixel. */
void col2im(const View& cols, const Window& g, const View& out);
/** x (N, C, H, W), any strides → out int32 dense (N, C, OH, OW): flat index h·W + w of each window's first max (last NaN). */
void maxPool2dIndices(const View& x, const Window& g, const View& out);
/** x (N, C, H, W), any strides, int32 index (N, C, OH, OW) → out dense (N, C, OH, OW): x[n, c] at flat plane position index[n, c, o]. */
void planeGather(const View& x, const View& index, const View& out);
/** g and int32 index (N, C, OH, OW), any strides → out dense (N, C, H, W): zeros with each g added at its plane index (double sums, in order). */
void planeScatterAdd(const View& g, const View& index, const View& out);

}  // namespace lw
