// Walks K strided operands over one shape, row by row: merges dims that are contiguous in every
// operand, then calls f(offsets[K], n, innerStrides[K]) for runs of the last dim. Any element
// range [e0, e1) can be walked, which is how work is split between threads.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include "view.h"

namespace lw {

template <int K> struct NdLoop {
  int ndim = 0;
  int64_t shape[kMaxDims];
  int64_t strides[K][kMaxDims];

  NdLoop(int nd, const int64_t* shp, const int64_t* const* st) {
    for (int d = 0; d < nd; d++) {
      if (shp[d] == 1) continue;  // size-1 dims never move
      shape[ndim] = shp[d];
      for (int k = 0; k < K; k++) strides[k][ndim] = st[k][d];
      ndim++;
    }
    coalesce();
  }

  /** Reorders dims so that operand k's strides decrease (its memory order); then merges again. */
  void sortBy(int k) {
    for (int i = 1; i < ndim; i++) {
      for (int j = i; j > 0 && std::llabs(strides[k][j - 1]) < std::llabs(strides[k][j]); j--) {
        std::swap(shape[j - 1], shape[j]);
        for (int q = 0; q < K; q++) std::swap(strides[q][j - 1], strides[q][j]);
      }
    }
    coalesce();
  }

  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d];
    return n;
  }

  /** Calls f(off, n, st) for the runs covering elements [e0, e1) in row-major order of the loop. */
  template <typename F> void run(const int64_t* base, int64_t e0, int64_t e1, F&& f) const {
    if (e0 >= e1) return;  // also an empty shape: its size-0 dim must not divide below
    int64_t st[K];
    if (ndim == 0) {
      for (int k = 0; k < K; k++) st[k] = 0;
      if (e0 < e1) f(base, int64_t{1}, static_cast<const int64_t*>(st));
      return;
    }
    const int last = ndim - 1;
    const int64_t inner = shape[last];
    for (int k = 0; k < K; k++) st[k] = strides[k][last];
    int64_t idx[kMaxDims];
    int64_t off[K];
    // Position of e0: row index decomposed over the outer dims, plus the column.
    int64_t row = e0 / inner, col = e0 % inner;
    for (int k = 0; k < K; k++) off[k] = base[k];
    for (int d = last - 1; d >= 0; d--) {
      idx[d] = row % shape[d];
      row /= shape[d];
      for (int k = 0; k < K; k++) off[k] += idx[d] * strides[k][d];
    }
    int64_t e = e0;
    while (e < e1) {
      const int64_t n = std::min(inner - col, e1 - e);
      int64_t o[K];
      for (int k = 0; k < K; k++) o[k] = off[k] + col * st[k];
      f(static_cast<const int64_t*>(o), n, static_cast<const int64_t*>(st));
      e += n;
      col = 0;
      for (int d = last - 1; d >= 0; d--) {  // next row
        idx[d]++;
        for (int k = 0; k < K; k++) off[k] += strides[k][d];
        if (idx[d] < shape[d]) break;
        for (int k = 0; k < K; k++) off[k] -= idx[d] * strides[k][d];
        idx[d] = 0;
      }
    }
  }

 private:
  void coalesce() {
    int out = 0;
    for (int d = 0; d < ndim; d++) {
      if (out > 0) {
        bool merge = true;
        for (int k = 0; k < K; k++) merge = merge && strides[k][out - 1] == strides[k][d] * shape[d];
        if (merge) {
          shape[out - 1] *= shape[d];
          for (int k = 0; k < K; k++) strides[k][out - 1] = strides[k][d];
          continue;
        }
      }
      shape[out] = shape[d];
      for (int k = 0; k < K; k++) strides[k][out] = strides[k][d];
      out++;
    }
    ndim = out;
  }
};

}  // namespace lw
