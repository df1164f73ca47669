// Strided copy with dtype conversion: the one data-movement kernel behind copy/cast, contiguous,
// flip, pad, cat and indexSelect. Same-type contiguous runs become memcpy.
#include <cstring>
#include "../core/dtype.h"
#include "../core/nd_loop.h"
#include "../core/threadpool.h"
#include "kernels.h"

namespace lw {

template <typename D, typename S> static void copyTyped(const View& dst, const View& src) {
  const int64_t* st[2] = {dst.strides, src.strides};
  NdLoop<2> loop(dst.ndim, dst.shape, st);
  loop.sortBy(0);
  const int64_t base[2] = {dst.offset, src.offset};
  D* d = dst.ptr<D>();
  const S* s = src.ptr<S>();
  parallelFor(loop.numel(), kParallelGrain, [&](int64_t e0, int64_t e1) {
    loop.run(base, e0, e1, [&](const int64_t* off, int64_t n, const int64_t* is) {
      D* o = d + off[0];
      const S* x = s + off[1];
      if constexpr (std::is_same_v<D, S>) {
        if (is[0] == 1 && is[1] == 1) {
          std::memcpy(o, x, sizeof(D) * n);
          return;
        }
      }
      if (is[0] == 1 && is[1] == 1) {
        for (int64_t i = 0; i < n; i++) o[i] = convert<D>(x[i]);
      } else {
        for (int64_t i = 0; i < n; i++) o[i * is[0]] = convert<D>(x[i * is[1]]);
      }
    });
  });
}

void copyInto(const View& dst, const View& src) {
  dispatchDType(dst.dtype, [&](auto d) {
    dispatchDType(src.dtype, [&](auto s) {
      copyTyped<decltype(d), decltype(s)>(dst, src);
      return 0;
    });
    return 0;
  });
}

View castTo(const View& v, DType d, std::unique_ptr<char[]>& hold) {
  if (v.dtype == d) return v;
  hold.reset(new char[static_cast<size_t>(v.numel() * elementSize(d)) + 1]);
  View out = denseView(hold.get(), d, v.ndim, v.shape);
  copyInto(out, v);
  return out;
}

}  // namespace lw
