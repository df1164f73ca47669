// A strided view on a typed array, as the TypeScript `View`: element (i0, i1, ...) is
// data[offset + sum ik*strides[k]]. Checked against the array's length before any kernel runs.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace lw {

enum class DType : int { F32 = 0, F64 = 1, I32 = 2, Bool = 3 };

constexpr int kMaxDims = 32;

struct View {
  void* data = nullptr;     // start of the typed array (not of the view)
  int64_t length = 0;       // elements in the typed array
  DType dtype = DType::F32;
  int ndim = 0;
  int64_t shape[kMaxDims] = {};
  int64_t strides[kMaxDims] = {};
  int64_t offset = 0;

  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d];
    return n;
  }
  template <typename T> T* ptr() const { return static_cast<T*>(data); }
};

/** An error that reaches JavaScript as a RangeError (bad index) rather than a plain Error. */
struct RangeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** Throws unless every element the view addresses lies inside its array. */
inline void checkExtent(const View& v, const char* what) {
  if (v.numel() == 0) return;
  int64_t lo = v.offset, hi = v.offset;
  for (int d = 0; d < v.ndim; d++) {
    const int64_t span = (v.shape[d] - 1) * v.strides[d];
    if (span < 0) lo += span; else hi += span;
  }
  if (lo < 0 || hi >= v.length) {
    throw std::runtime_error(std::string("lernwerk native: ") + what + " view reaches outside its array (elements " +
                             std::to_string(lo) + ".." + std::to_string(hi) + " of " + std::to_string(v.length) + ")");
  }
}

/** Whether v's elements are one run in row-major order (size-1 dims may have any stride). */
inline bool isDense(const View& v) {
  int64_t st = 1;
  for (int d = v.ndim - 1; d >= 0; d--) {
    if (v.shape[d] != 1 && v.strides[d] != st) return false;
    st *= v.shape[d];
  }
  return true;
}

/** A dense row-major view over `data`. */
inline View denseView(void* data, DType dtype, int ndim, const int64_t* shape) {
  View v;
  v.data = data;
  v.dtype = dtype;
  v.ndim = ndim;
  int64_t st = 1;
  for (int d = ndim - 1; d >= 0; d--) {
    v.shape[d] = shape[d];
    v.strides[d] = st;
    st *= shape[d];
  }
  v.length = st;
  return v;
}

}  // namespace lw
