/**
 * @file The fused LSTM cell step (PyTorch's _thnn_fused_lstm_cell): one primitive from the projected gates
 * to the next state, instead of a chain of chunk, sigmoid, tanh, mul and add.
 */
import { apply } from "../../core/autograd.ts";
import { promoteTypes } from "../../core/dtype.ts";
import { Op } from "../../core/ops.ts";
import { cast } from "../../core/prims.ts";
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { assertFloat, assertTensor } from "../../ops/check.ts";

/**
 * One LSTM step from the input projection xp = x W_ihᵀ (B, 4H), the hidden projection hp = h W_hhᵀ (B, 4H),
 * the cell state c (B, H) and an optional bias (4H) (b_ih + b_hh), gates in order i, f, g, o:
 * c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). Returns [h', c'], each (B, H).
 * @example const [h, c] = F.lstmCell(x.matmul(wIh.T), h0.matmul(wHh.T), c0, bIh.add(bHh))
 */
export function lstmCell(xp: Tensor, hp: Tensor, c: Tensor, bias: Tensor | null = null): [Tensor, Tensor] {
  const args: [string, Tensor | null][] = [["xp", xp], ["hp", hp], ["c", c], ["bias", bias]];
  for (const [name, t] of args) {
    if (t === null) continue;
    assertTensor(t, "lstmCell", name);
    assertFloat(t, "lstmCell");
  }
  if (c.ndim !== 2) throw new RangeError(`lstmCell: expected the cell state c of shape [batch, hidden], got ${fmtShape(c.shape)}`);
  const [B, H] = c.shape;
  for (const [name, t] of args.slice(0, 2)) {
    if (t!.ndim !== 2 || t!.shape[0] !== B || t!.shape[1] !== 4 * H) {
      throw new RangeError(`lstmCell: expected ${name} of shape [${B}, ${4 * H}] (batch, 4·hidden) for c ${fmtShape(c.shape)}, got ${fmtShape(t!.shape)}`);
    }
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== 4 * H)) throw new RangeError(`lstmCell: expected bias of shape [${4 * H}] (4·hidden), got ${fmtShape(bias.shape)}`);
  const dtype = [hp, c, ...(bias ? [bias] : [])].reduce((d, t) => promoteTypes(d, t.dtype), xp.dtype);
  const y = apply(Op.LstmCell, [xp, hp, c, ...(bias ? [bias] : [])].map((t) => cast(t, dtype)), {}); // (2, B, H)
  return [y.select(0, 0), y.select(0, 1)];
}

/**
 * A whole LSTM sequence in one primitive (nn.LSTM's fast path): xp (T, B, 4H) the input projections with both
 * biases, h0, c0 (B, H), W_hh (4H, H) → (2, T+1, B, H) = [h_0..h_T, c_0..c_T]. Its gradient takes W_hh's as one
 * product over all steps; it has no double backward.
 */
export function lstmSequence(xp: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor): Tensor {
  const args: [string, Tensor][] = [["xp", xp], ["h0", h0], ["c0", c0], ["weightHh", weightHh]];
  for (const [name, t] of args) {
    assertTensor(t, "lstmSequence", name);
    assertFloat(t, "lstmSequence");
  }
  if (h0.ndim !== 2) throw new RangeError(`lstmSequence: expected h0 of shape [batch, hidden], got ${fmtShape(h0.shape)}`);
  const [B, H] = h0.shape;
  const want: [string, Tensor, number[]][] = [["xp", xp, [xp.shape[0], B, 4 * H]], ["c0", c0, [B, H]], ["weightHh", weightHh, [4 * H, H]]];
  for (const [name, t, shape] of want) {
    if (t.ndim !== shape.length || t.shape.some((s, i) => s !== shape[i])) throw new RangeError(`lstmSequence: expected ${name} of shape ${fmtShape(shape)} for h0 ${fmtShape(h0.shape)}, got ${fmtShape(t.shape)}`);
  }
  const dtype = [h0, c0, weightHh].reduce((d, t) => promoteTypes(d, t.dtype), xp.dtype);
  return apply(Op.LstmSequence, [xp, h0, c0, weightHh].map((t) => cast(t, dtype)), {}); // (2, T+1, B, H)
}
