// Reductions over strided views: sum/prod/amax/amin over any set of dims (double accumulators,
// walked in the input's memory order; a large sum into few results split between the threads),
// argmax/argmin and cumsum along one dim.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include "../core/dtype.h"
#include "../core/nd_loop.h"
#include "../core/threadpool.h"
#include "kernels.h"

namespace lw {
namespace {

template <typename X> void reduceTyped(int op, const View& x, const bool* reduced, std::vector<double>& acc) {
  // acc is indexed by the kept dims (dense), with stride 0 along reduced dims.
  int64_t as[kMaxDims];
  int64_t st = 1;
  for (int d = x.ndim - 1; d >= 0; d--) {
    as[d] = reduced[d] ? 0 : st;
    if (!reduced[d]) st *= x.shape[d];
  }
  const int64_t* strides[2] = {as, x.strides};
  NdLoop<2> loop(x.ndim, x.shape, strides);
  loop.sortBy(1);
  const int64_t base[2] = {0, x.offset};
  const X* xp = x.ptr<X>();
  double* a = acc.data();
  auto run = [&](auto combine) {
    loop.run(base, 0, loop.numel(), [&](const int64_t* off, int64_t n, const int64_t* is) {
      const X* s = xp + off[1];
      double* d = a + off[0];
      if (is[0] == 0) {
        double r = *d;
        for (int64_t i = 0; i < n; i++) r = combine(r, static_cast<double>(s[i * is[1]]));
        *d = r;
      } else {
        for (int64_t i = 0; i < n; i++) d[i * is[0]] = combine(d[i * is[0]], static_cast<double>(s[i * is[1]]));
      }
    });
  };
  switch (op) {
    case kSum: {
      // Contiguous runs summed with 4 independent accumulators (vectorisable, same double precision).
      const auto sumRange = [&](double* into, int64_t begin, int64_t end) {
        loop.run(base, begin, end, [&](const int64_t* off, int64_t n, const int64_t* is) {
          const X* s = xp + off[1];
          double* d = into + off[0];
          if (is[0] == 0 && is[1] == 1) {
            double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
            int64_t i = 0;
            for (; i + 4 <= n; i += 4) {
              r0 += s[i];
              r1 += s[i + 1];
              r2 += s[i + 2];
              r3 += s[i + 3];
            }
            for (; i < n; i++) r0 += s[i];
            *d += (r0 + r1) + (r2 + r3);
          } else if (is[0] == 0) {
            double r = *d;
            for (int64_t i = 0; i < n; i++) r += s[i * is[1]];
            *d = r;
          } else {
            for (int64_t i = 0; i < n; i++) d[i * is[0]] += s[i * is[1]];
          }
        });
      };
      // A large input with few sums (a bias gradient: (N, C, H, W) to C): parts of the input on the threads, each
      // into its own sums, added in part order afterwards (one result for a thread count).
      const int64_t total = loop.numel(), sums = static_cast<int64_t>(acc.size());
      const int parts = static_cast<int>(std::min<int64_t>(numThreads(), total / kParallelGrain));
      if (parts < 2 || sums * 8 > total) return sumRange(a, 0, total);
      std::vector<double> partial(static_cast<size_t>((parts - 1) * sums), 0.0);
      parallelRun(parts, [&](int t, int n) { sumRange(t == 0 ? a : partial.data() + (t - 1) * sums, total * t / n, total * (t + 1) / n); });
      for (int t = 1; t < parts; t++)
        for (int64_t i = 0; i < sums; i++) a[i] += partial[(t - 1) * sums + i];
      return;
    }
    case kProd: return run([](double r, double v) { return r * v; });
    case kAmax: return run([](double r, double v) { return v > r || v != v ? v : r; });
    case kAmin: return run([](double r, double v) { return v < r || v != v ? v : r; });
  }
}

}  // namespace

void reduce(int op, const View& x, const bool* reduced, const View& out) {
  const double init = op == kSum ? 0.0 : op == kProd ? 1.0 : op == kAmax ? -INFINITY : INFINITY;
  std::vector<double> acc(static_cast<size_t>(out.numel()), init);
  dispatchDType(x.dtype, [&](auto t) {
    reduceTyped<decltype(t)>(op, x, reduced, acc);
    return 0;
  });
  dispatchDType(out.dtype, [&](auto t) {
    using T = decltype(t);
    T* o = out.ptr<T>();
    for (size_t i = 0; i < acc.size(); i++) o[i] = storeJs<T>(acc[i]);
    return 0;
  });
}

/** Calls f(outIndex, xOffset) for every line along `dim` (out dense over the other dims). */
template <typename F> static void forEachLine(const View& x, int dim, F f) {
  View lines = x;
  lines.shape[dim] = 1;
  int64_t os[kMaxDims];
  denseStrides(lines, os);
  const int64_t* st[2] = {os, x.strides};
  NdLoop<2> loop(x.ndim, lines.shape, st);
  const int64_t base[2] = {0, x.offset};
  loop.run(base, 0, loop.numel(), [&](const int64_t* off, int64_t n, const int64_t* is) {
    for (int64_t i = 0; i < n; i++) f(off[0] + i * is[0], off[1] + i * is[1]);
  });
}

void argReduce(bool isMax, const View& x, int dim, const View& out) {
  const int64_t len = x.shape[dim], sd = x.strides[dim];
  int32_t* o = out.ptr<int32_t>();
  dispatchDType(x.dtype, [&](auto t) {
    using X = decltype(t);
    const X* xp = x.ptr<X>();
    forEachLine(x, dim, [&](int64_t oi, int64_t xo) {
      int32_t best = 0;
      if (len > 0) {
        X bv = xp[xo];
        if (bv == bv) {
          for (int64_t i = 1; i < len; i++) {
            const X v = xp[xo + i * sd];
            if (v != v) {
              best = static_cast<int32_t>(i);
              break;
            }
            if (isMax ? v > bv : v < bv) {
              bv = v;
              best = static_cast<int32_t>(i);
            }
          }
        }
      }
      o[oi] = best;
    });
    return 0;
  });
}

void cumsum(const View& x, int dim, const View& out) {
  const int64_t len = x.shape[dim], sd = x.strides[dim];
  int64_t os[kMaxDims];
  denseStrides(out, os);
  const int64_t osd = os[dim];
  dispatchDType(x.dtype, [&](auto tx) {
    using X = decltype(tx);
    const X* xp = x.ptr<X>();
    dispatchDType(out.dtype, [&](auto to) {
      using O = decltype(to);
      O* o = out.ptr<O>();
      View lines = out;
      lines.shape[dim] = 1;
      // The line's first output element: dense offset over the other dims, stride osd along dim.
      const int64_t* st[2] = {os, x.strides};
      NdLoop<2> loop(x.ndim, lines.shape, st);
      const int64_t base[2] = {0, x.offset};
      loop.run(base, 0, loop.numel(), [&](const int64_t* off, int64_t n, const int64_t* is) {
        for (int64_t l = 0; l < n; l++) {
          double acc = 0;
          const int64_t ob = off[0] + l * is[0], xb = off[1] + l * is[1];
          for (int64_t i = 0; i < len; i++) {
            acc += static_cast<double>(xp[xb + i * sd]);
            o[ob + i * osd] = storeJs<O>(acc);
          }
        }
      });
      return 0;
    });
    return 0;
  });
}

}  // namespace lw
