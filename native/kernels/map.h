// The element-wise loops shared by the kernels: out[i] = f(x[i]) and out[i] = f(a[i], b[i]) over strided
// views of one shape (broadcast = stride 0), out dense, split across the thread pool; unit and zero inner
// strides get their own loops so the compiler vectorises them.
#pragma once
#include "../core/nd_loop.h"
#include "../core/threadpool.h"
#include "kernels.h"

namespace lw {

/** out[i] = f(x[i]) for one input, out dense. */
template <typename O, typename X, typename F> void map1(const View& x, const View& out, F f) {
  int64_t os[kMaxDims];
  denseStrides(out, os);
  const int64_t* st[2] = {os, x.strides};
  NdLoop<2> loop(x.ndim, x.shape, st);
  const int64_t base[2] = {0, x.offset};
  O* o = out.ptr<O>();
  const X* xp = x.ptr<X>();
  parallelFor(loop.numel(), kParallelGrain, [&](int64_t e0, int64_t e1) {
    loop.run(base, e0, e1, [&](const int64_t* off, int64_t n, const int64_t* is) {
      O* d = o + off[0];
      const X* s = xp + off[1];
      if (is[1] == 1) for (int64_t i = 0; i < n; i++) d[i] = f(s[i]);
      else for (int64_t i = 0; i < n; i++) d[i] = f(s[i * is[1]]);
    });
  });
}

/** out[i] = f(a[i], b[i]), out dense; unit/zero inner strides get their own loops. */
template <typename O, typename C, typename F> void map2(const View& a, const View& b, const View& out, F f) {
  int64_t os[kMaxDims];
  denseStrides(out, os);
  const int64_t* st[3] = {os, a.strides, b.strides};
  NdLoop<3> loop(out.ndim, out.shape, st);
  const int64_t base[3] = {0, a.offset, b.offset};
  O* o = out.ptr<O>();
  const C* ap = a.ptr<C>();
  const C* bp = b.ptr<C>();
  parallelFor(loop.numel(), kParallelGrain, [&](int64_t e0, int64_t e1) {
    loop.run(base, e0, e1, [&](const int64_t* off, int64_t n, const int64_t* is) {
      O* d = o + off[0];
      const C* x = ap + off[1];
      const C* y = bp + off[2];
      if (is[1] == 1 && is[2] == 1) {
        for (int64_t i = 0; i < n; i++) d[i] = f(x[i], y[i]);
      } else if (is[1] == 1 && is[2] == 0) {
        const C yv = *y;
        for (int64_t i = 0; i < n; i++) d[i] = f(x[i], yv);
      } else if (is[1] == 0 && is[2] == 1) {
        const C xv = *x;
        for (int64_t i = 0; i < n; i++) d[i] = f(xv, y[i]);
      } else {
        for (int64_t i = 0; i < n; i++) d[i] = f(x[i * is[1]], y[i * is[2]]);
      }
    });
  });
}

}  // namespace lw
