// A whole LSTM sequence in one call, forward and backward (as PyTorch's fused CPU/cuDNN RNN paths): the steps run
// the fused cell kernels of rnn.cc, and backward takes the recurrent weight's gradient as one product over all steps
// ((4H × T·B)·(T·B × H)) instead of T small ones, each into a fresh array that then has to be added up; W_hh is
// packed for the GEMM once per call, not once per step.
#include <cstring>

#include "../gemm/gemm.h"
#include "kernels.h"
#include "rnn.h"
#include "scratch.h"

namespace lw {
namespace {

/** Entry (i, j) of a dense (A, Bn, rows, cols) array as a (rows, cols) view, or with a leading 1 as (1, rows, cols). */
View block(const View& v, int64_t i, int64_t j, bool batch) {
  View r = v;
  const int64_t rows = v.shape[2], cols = v.shape[3];
  r.offset = v.offset + i * v.strides[0] + j * v.strides[1];
  r.ndim = batch ? 3 : 2;
  int d = 0;
  if (batch) r.shape[d] = 1, r.strides[d++] = 0;
  r.shape[d] = rows, r.strides[d++] = v.strides[2];
  r.shape[d] = cols, r.strides[d] = v.strides[3];
  return r;
}

/** Step t of a (T, B, F) view as (B, F) (or (1, B, F)). */
View step(const View& v, int64_t t, bool batch) {
  View r = v;
  r.offset = v.offset + t * v.strides[0];
  if (batch) {
    r.shape[0] = 1, r.strides[0] = 0;
  } else {
    r.ndim = 2;
    r.shape[0] = v.shape[1], r.strides[0] = v.strides[1];
    r.shape[1] = v.shape[2], r.strides[1] = v.strides[2];
  }
  return r;
}

/** Columns [c0, c0 + n) of a dense (B, W) buffer as (B, n), or (1, B, n). */
View columns(const View& m, int64_t c0, int64_t n, bool batch) {
  View r = m;
  r.offset = m.offset + c0;
  if (batch) {
    r.ndim = 3;
    r.shape[0] = 1, r.strides[0] = 0;
    r.shape[1] = m.shape[0], r.strides[1] = m.strides[0];
    r.shape[2] = n, r.strides[2] = 1;
  } else {
    r.shape[1] = n;
  }
  return r;
}

}  // namespace

void lstmSequence(const View& xp, const View& h0, const View& c0, const View& whh, const View& out) {
  const int64_t T = xp.shape[0], B = xp.shape[1], H = h0.shape[1];
  const DType d = out.dtype;
  Scratch s{d, {}};
  const int64_t shape4[4] = {2, T + 1, B, H};
  View y = denseView(out.data, d, 4, shape4);  // out is dense (2, T+1, B, H)
  y.length = out.length;
  copyInto(block(y, 0, 0, false), h0);
  copyInto(block(y, 1, 0, false), c0);
  View hp = s.make({1, B, 4 * H}), hc = s.make({2, B, H});
  const View whhT = asBatch(whh, true);  // (1, H, 4H)
  const PackedRhs whhTPacked(whhT);      // packed once for the T products
  View hp2 = hp;
  hp2.ndim = 2, hp2.shape[0] = B, hp2.shape[1] = 4 * H, hp2.strides[0] = 4 * H, hp2.strides[1] = 1;
  const size_t bytes = static_cast<size_t>(B * H * elementSize(d));
  for (int64_t t = 1; t <= T; t++) {
    matmulPacked(block(y, 0, t - 1, true), whhT, whhTPacked, hp);  // h_{t-1} · W_hhᵀ
    lstmCell(step(xp, t - 1, false), hp2, block(y, 1, t - 1, false), nullptr, hc);
    char* base = static_cast<char*>(out.data);
    std::memcpy(base + ((t) * B * H) * elementSize(d), hc.data, bytes);                       // h_t
    std::memcpy(base + ((T + 1 + t) * B * H) * elementSize(d), static_cast<char*>(hc.data) + bytes, bytes);  // c_t
  }
}

void lstmSequenceBackward(const View& g, const View& xp, const View& whh, const View& y, const View& out) {
  const int64_t T = xp.shape[0], B = xp.shape[1], H = whh.shape[1], G = 4 * H;
  const DType d = out.dtype;
  const int64_t es = elementSize(d);
  Scratch s{d, {}};
  char* o = static_cast<char*>(out.data);
  // out: [dxp (T, B, 4H) | dh0 (B, H) | dc0 (B, H) | dwhh (4H, H)], dense
  const int64_t dxpShape[3] = {T, B, G}, vecShape[2] = {B, H}, wShape[3] = {1, G, H};
  View dxp = denseView(o, d, 3, dxpShape);
  View dh0 = denseView(o + T * B * G * es, d, 2, vecShape), dc0 = denseView(o + (T * B * G + B * H) * es, d, 2, vecShape);
  View dW = denseView(o + (T * B * G + 2 * B * H) * es, d, 3, wShape);
  // The hidden projections of every step in one product: (T·B, H) · W_hhᵀ, h_0..h_{T-1} being y[0, 0..T-1].
  const int64_t hPrevShape[3] = {1, T * B, H};
  View hpAll = s.make({1, T * B, G});
  View hPrev = denseView(y.data, d, 3, hPrevShape);
  hPrev.length = y.length;
  matmul(hPrev, asBatch(whh, true), hpAll);
  // dy = [dh_t, dc_t], the whole gradient reaching h_t and c_t. Its halves are written as arrays of their own (the
  // kernels write dense outputs from their data pointer), so they start at the halves' addresses, not at offsets.
  View dy = s.make({2, B, H}), d5 = s.make({B, 5 * H}), dhRec = s.make({1, B, H});
  const int64_t vec[2] = {B, H};
  const size_t bh = static_cast<size_t>(B * H * es);
  View dh = denseView(dy.data, d, 2, vec), dc = denseView(static_cast<char*>(dy.data) + bh, d, 2, vec);
  copyInto(dh, block(g, 0, T, false));
  copyInto(dc, block(g, 1, T, false));
  const View whhB = asBatch(whh, false);  // (1, 4H, H)
  const PackedRhs whhPacked(whhB);
  View dhRec2 = dhRec;
  dhRec2.ndim = 2, dhRec2.shape[0] = B, dhRec2.shape[1] = H, dhRec2.strides[0] = H, dhRec2.strides[1] = 1;
  for (int64_t t = T; t >= 1; t--) {
    View hpT = step(hpAll, 0, false);
    hpT.offset = (t - 1) * B * G;
    hpT.shape[0] = B;
    lstmCellBackward(dy, step(xp, t - 1, false), hpT, block(y, 1, t - 1, false), nullptr, d5);
    copyInto(step(dxp, t - 1, false), columns(d5, 0, G, false));
    // dc_{t-1} = the cell's part + g_c(t-1); dh_{t-1} = da_t · W_hh + g_h(t-1)
    binary(kAdd, columns(d5, G, H, false), block(g, 1, t - 1, false), dc);
    matmulPacked(columns(d5, 0, G, true), whhB, whhPacked, dhRec);
    binary(kAdd, dhRec2, block(g, 0, t - 1, false), dh);
  }
  std::memcpy(dh0.data, dy.data, 2 * bh);  // dh0 and dc0 lie side by side in out, as dh and dc in dy
  // dW_hh = Σ_t da_tᵀ h_{t-1}: (4H, T·B) · (T·B, H) in one product.
  View daT = dxp;
  daT.ndim = 3;
  daT.shape[0] = 1, daT.strides[0] = 0;
  daT.shape[1] = G, daT.strides[1] = 1;
  daT.shape[2] = T * B, daT.strides[2] = G;
  matmul(daT, hPrev, dW);
}

}  // namespace lw
