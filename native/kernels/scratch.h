// Helpers of the fused multi-kernel calls (block.cc, lstm_seq.cc): dense scratch arrays freed together, and a 2-D
// matrix as the single batch entry a matmul takes.
#pragma once
#include <initializer_list>
#include <memory>
#include <vector>

#include "../core/dtype.h"
#include "../core/view.h"

namespace lw {

/** Dense scratch arrays of one dtype, freed together when the holder goes. */
struct Scratch {
  DType dtype;
  std::vector<std::unique_ptr<char[]>> held;
  View make(std::initializer_list<int64_t> shape) {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;
    held.emplace_back(new char[static_cast<size_t>(n * elementSize(dtype)) + 1]);
    return denseView(held.back().get(), dtype, static_cast<int>(shape.size()), shape.begin());
  }
};

/** A 2-D (R, C) view of any strides as (1, R, C), or transposed as (1, C, R). */
inline View asBatch(const View& m, bool transposed = false) {
  View r = m;
  const int a = transposed ? 1 : 0, b = transposed ? 0 : 1;
  r.ndim = 3;
  r.shape[0] = 1, r.strides[0] = 0;
  r.shape[1] = m.shape[a], r.strides[1] = m.strides[a];
  r.shape[2] = m.shape[b], r.strides[2] = m.strides[b];
  return r;
}

}  // namespace lw
