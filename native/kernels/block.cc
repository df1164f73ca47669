// One pre-norm transformer block (GPT-2's) in a single call, for inference: the same kernels the ops run one by
// one (layer norm, GEMM, attention, GELU, add), on scratch buffers, so a decoding step crosses into the addon once
// per block instead of some twenty-five times. As PyTorch's fused TransformerEncoderLayer fast path: no autograd.
#include <cmath>
#include <memory>

#include "../gemm/gemm.h"
#include "kernels.h"
#include "scratch.h"

namespace lw {
namespace {

/** The same memory with another shape and its dense strides (v must be dense). */
View reshaped(const View& v, std::initializer_list<int64_t> shape) {
  View r = denseView(v.data, v.dtype, static_cast<int>(shape.size()), shape.begin());
  r.length = v.length;
  r.offset = v.offset;
  return r;
}

/** out (1, M, N) = in (1, M, K) · w (K, N) + b (N), the bias broadcast over the rows. */
void linear(const View& in, const View& w, const View* b, View& out) {
  matmul(in, asBatch(w), out);
  if (!b) return;
  View row = *b;
  row.ndim = 3;
  row.shape[0] = 1, row.shape[1] = out.shape[1], row.shape[2] = b->shape[0];
  row.strides[0] = 0, row.strides[1] = 0, row.strides[2] = b->strides[0];
  binary(kAdd, out, row, out);
}

/** View of positions [from, from + n) along dim 2 of a (B, H, S, E) array. */
View positions(const View& v, int64_t from, int64_t n) {
  View r = v;
  r.shape[2] = n;
  r.offset = v.offset + from * v.strides[2];
  return r;
}

/** Head `part` (0 q, 1 k, 2 v) of the fused projection qkv (B·T, 3C) as (B, H, T, E). */
View headsOf(const View& qkv, int part, int64_t B, int64_t T, int64_t H, int64_t E) {
  View r = qkv;
  r.ndim = 4;
  const int64_t C = H * E;
  r.shape[0] = B, r.shape[1] = H, r.shape[2] = T, r.shape[3] = E;
  r.strides[0] = T * 3 * C, r.strides[1] = E, r.strides[2] = 3 * C, r.strides[3] = 1;
  r.offset = qkv.offset + part * C;
  return r;
}

}  // namespace

void preNormBlockStep(const View& x, const PreNormBlock& w, const View* kCache, const View* vCache, int64_t past, const View& out) {
  const int64_t B = x.shape[0], T = x.shape[1], C = x.shape[2], H = w.heads, E = C / H, M = B * T, S = past + T;
  const int64_t inner = w.fcW->shape[1];
  Scratch s{out.dtype, {}};
  const View x3 = reshaped(x, {1, M, C}), out3 = reshaped(out, {1, M, C});

  // Attention half: h = ln_1(x); q, k, v = h·W_attn + b; the new keys and values go to the cache.
  View h = s.make({1, M, C}), qkv = s.make({1, M, 3 * C});
  layerNorm(reshaped(x, {M * C}), w.ln1w, w.ln1b, C, w.eps, reshaped(h, {M * C}));
  linear(h, *w.attnW, w.attnB, qkv);
  const View q = headsOf(qkv, 0, B, T, H, E);
  View k = headsOf(qkv, 1, B, T, H, E), v = headsOf(qkv, 2, B, T, H, E);
  if (kCache) {
    copyInto(positions(*kCache, past, T), k);
    copyInto(positions(*vCache, past, T), v);
    k = positions(*kCache, 0, S);
    v = positions(*vCache, 0, S);
  }
  // Query i (position past + i) sees keys 0..past + i: the kernel's causal flag when nothing is cached, else a mask.
  std::unique_ptr<uint8_t[]> seen;
  View mask;
  if (T > 1 && past > 0) {
    seen.reset(new uint8_t[static_cast<size_t>(T * S)]);
    for (int64_t i = 0; i < T; i++)
      for (int64_t j = 0; j < S; j++) seen[i * S + j] = j <= past + i;
    const int64_t shape[4] = {B, H, T, S};
    mask = denseView(seen.get(), DType::Bool, 4, shape);
    mask.strides[0] = 0, mask.strides[1] = 0;
    mask.length = T * S;
  }
  View att = s.make({B, H, T, E});
  attention(q, k, v, mask.data ? &mask : nullptr, T > 1 && past == 0, 1.0 / std::sqrt(static_cast<double>(E)), att);
  View merged = att;  // (B, T, H, E): the heads side by side; the same memory when T is 1
  if (T > 1) {
    merged = s.make({B, T, H, E});
    View heads = att;  // att read as (B, T, H, E)
    heads.shape[1] = T, heads.shape[2] = H;
    heads.strides[1] = E, heads.strides[2] = T * E;
    copyInto(merged, heads);
  }
  View y = s.make({1, M, C});
  linear(reshaped(merged, {1, M, C}), *w.projW, w.projB, y);
  View x1 = s.make({1, M, C});
  binary(kAdd, x3, y, x1);

  // MLP half: out = x1 + act(ln_2(x1)·W_fc + b)·W_proj + b.
  View h2 = s.make({1, M, C}), f = s.make({1, M, inner});
  layerNorm(reshaped(x1, {M * C}), w.ln2w, w.ln2b, C, w.eps, reshaped(h2, {M * C}));
  linear(h2, *w.fcW, w.fcB, f);
  gelu(f, w.tanhGelu, f);
  View o = s.make({1, M, C});
  linear(f, *w.outW, w.outB, o);
  binary(kAdd, x1, o, out3);
}

}  // namespace lw
