// The fused LSTM cell kernels (kernels/rnn.cc), float32 or float64, all operands of out's dtype; gate order i, f, g, o.
#pragma once
#include "../core/view.h"

namespace lw {

/** xp, hp, bias (B, 4H) (bias may be null or have a 0 row stride), c (B, H), any strides → out dense (2, B, H) = [h', c']. */
void lstmCell(const View& xp, const View& hp, const View& c, const View* bias, const View& out);
/** dy (2, B, H) = [dh', dc'] and the forward's inputs → out dense (B, 5H) = [d gates (B, 4H) | d c (B, H)]. */
void lstmCellBackward(const View& dy, const View& xp, const View& hp, const View& c, const View* bias, const View& out);

}  // namespace lw
