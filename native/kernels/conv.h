// Sliding-window kernels over (N, C, H, W): im2col, its adjoint col2im, max pooling's argmax and the gather /
// scatter-add within planes at such indices (src/backends/js/im2col.ts and pool.ts are the references they equal bit for bit);
// the per-image convolution and its two gradients (src/backends/js/conv.ts is their reference).
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
/** maxPool2dIndices that also writes each window's maximum into values (dense (N, C, OH, OW) of x's dtype) unless null. */
void maxPool2d(const View& x, const Window& g, const View& out, const View* values);
/** x (N, C, H, W), any strides, int32 index (N, C, OH, OW) → out dense (N, C, OH, OW): x[n, c] at flat plane position index[n, c, o]. */
void planeGather(const View& x, const View& index, const View& out);
/** g and int32 index (N, C, OH, OW), any strides → out dense (N, C, H, W): zeros with each g added at its plane index (double sums, in order). */
void planeScatterAdd(const View& g, const View& index, const View& out);

/** x (N, C, H, W), any strides, ⋆ w (O, C/groups, kH, kW) [+ bias (O)] → out dense (N, O, OH, OW) (conv_gemm.cc). */
void conv2d(const View& x, const View& w, const View* bias, const Window& g, int64_t groups, const View& out);
/** g (N, O, OH, OW), w → out dense (N, C, H, W): conv2d's gradient in its input, col2im of Wᵀ·g per image. */
void conv2dInputGrad(const View& gy, const View& w, const Window& g, int64_t groups, const View& out);
/** g (N, O, OH, OW), x (N, C, H, W) → out dense (O, C/groups, kH, kW): conv2d's gradient in its weight, Σ g·patchesᵀ. */
void conv2dWeightGrad(const View& gy, const View& x, const Window& g, int64_t groups, const View& out);

}  // namespace lw
