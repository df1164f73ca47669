// Fused SGD, Adam/AdamW and RMSprop steps: one pass over the arrays per step, threaded over element ranges.
// Every operation rounds to the element type (scalars too), as lernwerk's tensor ops and src/optim's js loops
// do; this file is built with -ffp-contract=off (no fused multiply-add) so the bits stay the same everywhere.
#include "optim.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../core/threadpool.h"
#include "kernels.h"

namespace lw {
namespace {

/** Calls f(std::bool_constant<b>…) for the runtime flags, so each combination gets its own branch-free loop. */
template <typename F> void withFlags(F&& f) { f(); }
template <typename F, typename... Rest> void withFlags(F&& f, bool b, Rest... rest) {
  if (b) withFlags([&](auto... xs) { f(std::true_type{}, xs...); }, rest...);
  else withFlags([&](auto... xs) { f(std::false_type{}, xs...); }, rest...);
}

/** Checks that every view is a dense 1-D run of p's length and p's float dtype. */
void checkRuns(const char* op, const View& p, std::initializer_list<const View*> vs) {
  const int64_t n = p.ndim == 1 ? p.shape[0] : -1;
  bool ok = n >= 0 && (p.dtype == DType::F32 || p.dtype == DType::F64);
  for (const View* v : vs)
    ok = ok && (!v || (v->ndim == 1 && v->shape[0] == n && (n <= 1 || v->strides[0] == 1) && v->dtype == p.dtype));
  ok = ok && (n <= 1 || p.strides[0] == 1);
  if (!ok) throw std::runtime_error(std::string("lernwerk native: ") + op + ": expected dense runs of one length and one float dtype");
}

template <typename T> T* at(const View* v) { return v ? v->ptr<T>() + v->offset : nullptr; }

/** Runs body(b, e) over [0, n) on the pool, T being the float type of `d`. */
template <typename F> void floatRanges(DType d, int64_t n, F&& body) {
  parallelFor(n, kParallelGrain, [&](int64_t b, int64_t e) {
    if (d == DType::F32) body(float{}, b, e);
    else body(double{}, b, e);
  });
}

}  // namespace

void sgdStep(const View& p, const View& g, const View* buf, const SgdStep& s) {
  checkRuns("sgdStep", p, {&g, buf});
  if (s.useMomentum && !buf) throw std::runtime_error("lernwerk native: sgdStep: momentum needs a buffer");
  withFlags([&](auto wd, auto mom, auto first, auto nest) {
    floatRanges(p.dtype, p.shape[0], [&](auto t, int64_t b, int64_t e) {
      using T = decltype(t);
      T* pp = at<T>(&p);
      const T* gp = at<T>(&g);
      T* bp = at<T>(buf);
      const T sign = T(s.sign), wdv = T(s.weightDecay), momv = T(s.momentum), damp1 = T(s.dampening1), alpha = T(s.alpha);
      for (int64_t i = b; i < e; i++) {
        T d = sign * gp[i];
        if constexpr (wd) d = d + pp[i] * wdv;
        if constexpr (mom) {
          T bv;
          if constexpr (first) bv = d;
          else bv = bp[i] * momv + d * damp1;
          bp[i] = bv;
          if constexpr (nest) d = d + bv * momv;
          else d = bv;
        }
        pp[i] = pp[i] + d * alpha;
      }
    });
  }, s.useWeightDecay, s.useMomentum, s.useMomentum && s.first, s.useMomentum && s.nesterov);
}

void adamStep(const View& p, const View& g, const View& m, const View& v, const View* maxV, const AdamStep& s) {
  checkRuns("adamStep", p, {&g, &m, &v, maxV});
  if (s.amsgrad && !maxV) throw std::runtime_error("lernwerk native: adamStep: amsgrad needs its state");
  withFlags([&](auto ams, auto decoupled, auto l2) {
    floatRanges(p.dtype, p.shape[0], [&](auto t, int64_t b, int64_t e) {
      using T = decltype(t);
      T* pp = at<T>(&p);
      const T* gp = at<T>(&g);
      T* mp = at<T>(&m);
      T* vp = at<T>(&v);
      T* xp = at<T>(maxV);
      const T sign = T(s.sign), wd = T(s.weightDecay), decay = T(s.decay), b1 = T(s.beta1), b2 = T(s.beta2), c1 = T(s.c1),
              c2 = T(s.c2), eps = T(s.eps), bc2 = T(s.bc2Sqrt), alpha = T(s.alpha);
      for (int64_t i = b; i < e; i++) {
        T pv = pp[i];
        if constexpr (decoupled) pv = pv * decay;
        T d = sign * gp[i];
        if constexpr (l2) d = d + pv * wd;
        const T mv = mp[i] * b1 + d * c1;
        const T vv = vp[i] * b2 + (d * d) * c2;
        mp[i] = mv;
        vp[i] = vv;
        T second = vv;
        if constexpr (ams) {
          const T xv = xp[i];
          second = (xv > vv || xv != xv) ? xv : vv;  // maximum, NaN first
          xp[i] = second;
        }
        const T denom = std::sqrt(second) / bc2 + eps;
        pp[i] = pv + (mv / denom) * alpha;
      }
    });
  }, s.amsgrad, s.decoupled, s.l2);
}

void rmspropStep(const View& p, const View& g, const View& sq, const View* gAvg, const View* buf, const RmspropStep& s) {
  checkRuns("rmspropStep", p, {&g, &sq, gAvg, buf});
  if ((s.centered && !gAvg) || (s.useMomentum && !buf)) throw std::runtime_error("lernwerk native: rmspropStep: missing state");
  withFlags([&](auto wd, auto centered, auto mom) {
    floatRanges(p.dtype, p.shape[0], [&](auto t, int64_t b, int64_t e) {
      using T = decltype(t);
      T* pp = at<T>(&p);
      const T* gp = at<T>(&g);
      T* sp = at<T>(&sq);
      T* ap = at<T>(gAvg);
      T* bp = at<T>(buf);
      const T sign = T(s.sign), wdv = T(s.weightDecay), a = T(s.smoothing), c = T(s.c), eps = T(s.eps), momv = T(s.momentum),
              alpha = T(s.alpha);
      for (int64_t i = b; i < e; i++) {
        T d = sign * gp[i];
        if constexpr (wd) d = d + pp[i] * wdv;
        const T sv = sp[i] * a + (d * d) * c;
        sp[i] = sv;
        T r;
        if constexpr (centered) {
          const T av = ap[i] * a + d * c;
          ap[i] = av;
          r = std::sqrt(sv - av * av);
        } else {
          r = std::sqrt(sv);
        }
        r = r + eps;
        T step = d / r;
        if constexpr (mom) {
          step = bp[i] * momv + step;
          bp[i] = step;
        }
        pp[i] = pp[i] + step * alpha;
      }
    });
  }, s.useWeightDecay, s.centered, s.useMomentum);
}

}  // namespace lw
