// Gather/scatter and index-select/index-add along one dim; every index is bounds-checked and a
// bad one throws the same RangeError text as the js backend.
#include <string>
#include <vector>
#include "../core/dtype.h"
#include "../core/nd_loop.h"
#include "kernels.h"

namespace lw {
namespace {

int64_t checkIndex(const std::string& op, int64_t v, int dim, int64_t size) {
  const int64_t i = v < 0 ? v + size : v;
  if (!(i >= 0 && i < size)) {
    throw RangeError(op + ": index " + std::to_string(v) + " is out of bounds for dim " + std::to_string(dim) +
                     " with size " + std::to_string(size));
  }
  return i;
}

/** The index tensor as int64 values (it may arrive as any integer-valued dtype). */
int64_t indexAt(const View& index, int64_t off) {
  return dispatchDType(index.dtype, [&](auto t) { return static_cast<int64_t>(index.ptr<decltype(t)>()[off]); });
}

/** The 1-D (or 0-d) index of indexSelect/indexAdd, checked. */
std::vector<int64_t> indexList(const View& index, int dim, int64_t size, const std::string& op) {
  if (index.ndim > 1) throw RangeError(op + ": index must be 1-D");
  const int64_t n = index.ndim == 0 ? 1 : index.shape[0], st = index.ndim == 0 ? 0 : index.strides[0];
  std::vector<int64_t> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) out[i] = checkIndex(op, indexAt(index, index.offset + i * st), dim, size);
  return out;
}

/** v with `dim` removed from its shape (the slice at position 0 along dim). */
View dropDim(const View& v, int dim) {
  View s = v;
  s.ndim = v.ndim - 1;
  for (int d = dim; d < s.ndim; d++) {
    s.shape[d] = v.shape[d + 1];
    s.strides[d] = v.strides[d + 1];
  }
  return s;
}

}  // namespace

void gather(const View& x, int dim, const View& index, const View& out, const std::string& op) {
  int64_t os[kMaxDims], xs[kMaxDims];
  denseStrides(out, os);
  for (int d = 0; d < x.ndim; d++) xs[d] = d == dim ? 0 : x.strides[d];
  const int64_t* st[3] = {os, index.strides, xs};
  NdLoop<3> loop(index.ndim, index.shape, st);
  const int64_t base[3] = {0, index.offset, x.offset};
  const int64_t size = x.shape[dim], sd = x.strides[dim];
  dispatchDType(x.dtype, [&](auto t) {
    using T = decltype(t);
    T* o = out.ptr<T>();
    const T* xp = x.ptr<T>();
    loop.run(base, 0, loop.numel(), [&](const int64_t* off, int64_t n, const int64_t* is) {
      for (int64_t i = 0; i < n; i++) {
        const int64_t k = checkIndex(op, indexAt(index, off[1] + i * is[1]), dim, size);
        o[off[0] + i * is[0]] = xp[off[2] + i * is[2] + k * sd];
      }
    });
    return 0;
  });
}

void scatter(const View& out, int dim, const View& index, const View& src, bool accumulate, const std::string& op) {
  std::unique_ptr<char[]> hold;
  const View sc = castTo(src, out.dtype, hold);
  int64_t os[kMaxDims];
  denseStrides(out, os);
  const int64_t od = os[dim], size = out.shape[dim];
  os[dim] = 0;
  const int64_t* st[3] = {os, index.strides, sc.strides};
  NdLoop<3> loop(index.ndim, index.shape, st);
  const int64_t base[3] = {0, index.offset, sc.offset};
  dispatchDType(out.dtype, [&](auto t) {
    using T = decltype(t);
    T* o = out.ptr<T>();
    const T* s = sc.ptr<T>();
    loop.run(base, 0, loop.numel(), [&](const int64_t* off, int64_t n, const int64_t* is) {
      for (int64_t i = 0; i < n; i++) {
        const int64_t k = checkIndex(op, indexAt(index, off[1] + i * is[1]), dim, size);
        T& d = o[off[0] + i * is[0] + k * od];
        const T v = s[off[2] + i * is[2]];
        if (!accumulate) d = v;
        else if constexpr (std::is_same_v<T, int32_t>) d = static_cast<int32_t>(static_cast<uint32_t>(d) + static_cast<uint32_t>(v));
        else d = static_cast<T>(d + v);
      }
    });
    return 0;
  });
}

void indexSelect(const View& x, int dim, const View& index, const View& out, const std::string& op) {
  const std::vector<int64_t> idx = indexList(index, dim, x.shape[dim], op);
  int64_t os[kMaxDims];
  denseStrides(out, os);
  View dstAll = out;
  for (int d = 0; d < out.ndim; d++) dstAll.strides[d] = os[d];
  View dst = dropDim(dstAll, dim), src = dropDim(x, dim);
  const int64_t srcBase = x.offset;
  for (size_t k = 0; k < idx.size(); k++) {
    dst.offset = static_cast<int64_t>(k) * os[dim];
    src.offset = srcBase + idx[k] * x.strides[dim];
    copyInto(dst, src);
  }
}

void indexAdd(const View& out, int dim, const View& index, const View& src, const std::string& op) {
  const std::vector<int64_t> idx = indexList(index, dim, out.shape[dim], op);
  std::unique_ptr<char[]> hold;
  const View sc = castTo(src, out.dtype, hold);
  int64_t os[kMaxDims];
  denseStrides(out, os);
  View dstAll = out;
  for (int d = 0; d < out.ndim; d++) dstAll.strides[d] = os[d];
  const View dst = dropDim(dstAll, dim), s = dropDim(sc, dim);
  const int64_t* st[2] = {dst.strides, s.strides};
  NdLoop<2> loop(dst.ndim, dst.shape, st);
  dispatchDType(out.dtype, [&](auto t) {
    using T = decltype(t);
    T* o = out.ptr<T>();
    const T* sp = sc.ptr<T>();
    for (size_t k = 0; k < idx.size(); k++) {
      const int64_t base[2] = {idx[k] * os[dim], sc.offset + static_cast<int64_t>(k) * sc.strides[dim]};
      loop.run(base, 0, loop.numel(), [&](const int64_t* off, int64_t n, const int64_t* is) {
        for (int64_t i = 0; i < n; i++) {
          T& d = o[off[0] + i * is[0]];
          const T v = sp[off[1] + i * is[1]];
          if constexpr (std::is_same_v<T, int32_t>) d = static_cast<int32_t>(static_cast<uint32_t>(d) + static_cast<uint32_t>(v));
          else d = static_cast<T>(d + v);
        }
      });
    }
    return 0;
  });
}

}  // namespace lw
