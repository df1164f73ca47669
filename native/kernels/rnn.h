// The fused LSTM cell kernels (kernels/rnn.cc), float32 or float64, all operands of out's dtype; gate order i, f, g, o.
#pragma once
#include "../core/view.h"

namespace lw {

/** xp, hp, bias (B, 4H) (bias may be null or have a 0 row stride), c (B, H), any strides → out dense (2, B, H) = [h', c']. */
void lstmCell(const View& xp, const View& hp, const View& c, const View* bias, const View& out);
/** dy (2, B, H) = [dh', dc'] and the forward's inputs → out dense (B, 5H) = [d gates (B, 4H) | d c (B, H)]. */
void lstmCellBackward(const View& dy, const View& xp, const View& hp, const View& c, const View* bias, const View& out);

/**
 * A whole sequence (lstm_seq.cc): xp (T, B, 4H) the input projections with the biases, h0, c0 (B, H), W_hh (4H, H),
 * any strides → out dense (2, T+1, B, H) = [h_0..h_T, c_0..c_T].
 */
void lstmSequence(const View& xp, const View& h0, const View& c0, const View& whh, const View& out);
/**
 * Its gradient from g (2, T+1, B, H) = dL/d out and the forward's y = out → out dense, flat:
 * [d xp (T·B·4H) | d h0 (B·H) | d c0 (B·H) | d W_hh (4H·H)].
 */
void lstmSequenceBackward(const View& g, const View& xp, const View& whh, const View& y, const View& out);

}  // namespace lw
