// Fused optimizer steps, in place on dense runs of n elements (parameter, gradient, state), float32 or
// float64. Each rounds where lernwerk's tensor ops round, so it equals src/optim's loops bit for bit.
#pragma once
#include "../core/view.h"

namespace lw {

/** SGD: d = sign·g (+ wd·p); buf = first ? d : mom·buf + damp1·d; d = nesterov ? d + mom·buf : buf; p += alpha·d. */
struct SgdStep {
  double sign, weightDecay, momentum, dampening1, alpha;  // dampening1 = 1 − dampening, alpha = −lr
  bool useWeightDecay, useMomentum, first, nesterov;
};
/** Adam/AdamW: p ·= decay (AdamW); m = b1·m + c1·d; v = b2·v + c2·d²; p += alpha·m / (√max(v…)/bc2Sqrt + eps). */
struct AdamStep {
  double sign, weightDecay, decay, beta1, beta2, c1, c2, eps, bc2Sqrt, alpha;  // c = 1 − beta, alpha = −lr/(1 − b1^t)
  bool amsgrad, decoupled, l2;
};
/** RMSprop: s = a·s + c·d²; (centred: g = a·g + c·d, s − g²); r = √… + eps; buf = mom·buf + d/r; p += alpha·(buf or d/r). */
struct RmspropStep {
  double sign, weightDecay, smoothing, c, eps, momentum, alpha;  // c = 1 − smoothing, alpha = −lr
  bool useWeightDecay, centered, useMomentum;
};

// Views: 1-D dense runs of one length and one float dtype; a state the step does not use may be null.
void sgdStep(const View& p, const View& g, const View* buf, const SgdStep& s);
void adamStep(const View& p, const View& g, const View& m, const View& v, const View* maxV, const AdamStep& s);
void rmspropStep(const View& p, const View& g, const View& sq, const View* gAvg, const View* buf, const RmspropStep& s);

}  // namespace lw
