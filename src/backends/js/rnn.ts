/**
 * @file Reference kernels of the fused LSTM cell and its gradient (PyTorch's gate order i, f, g, o): plain
 * float64 loops over 2-D strided views; the oracle for the native kernels (native/kernels/rnn.cc).
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { View } from "../backend.ts";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** σ'(x) = σ(x)·(1 − σ(x)) with 1 − σ(x) = e^−x·σ(x): no cancellation where σ is near 1. */
function dSigmoid(x: number): number {
  const e = Math.exp(-x), s = 1 / (1 + e);
  return s * (e === Infinity ? 1 : e * s);
}
/** 1 − tanh²(x) = 4e/(1 + e)², e = e^(−2|x|): no cancellation where tanh is near ±1. */
function sech2(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
}

/** Element (r, k) of a 2-D view (a null view reads 0). */
const at = (v: View | null, r: number, k: number): number => (v ? v.data[v.offset + r * v.strides[0] + k * v.strides[1]] : 0);

/** The pre-activations a = xp + hp + bias of row r, column j: i, f, g, o (each of the H columns of its block). */
function preActivations(xp: View, hp: View, bias: View | null, r: number, j: number, H: number): [number, number, number, number] {
  const a = (blk: number) => at(xp, r, blk * H + j) + at(hp, r, blk * H + j) + at(bias, r, blk * H + j);
  return [a(0), a(1), a(2), a(3)];
}

export function lstmCell(xp: View, hp: View, c: View, bias: View | null, dtype: DType): TypedArray {
  const [B, H] = c.shape;
  const out = allocate(dtype, 2 * B * H); // (2, B, H)
  for (let r = 0; r < B; r++) {
    for (let j = 0; j < H; j++) {
      const [ai, af, ag, ao] = preActivations(xp, hp, bias, r, j, H);
      const [i, f, g, o] = [sigmoid(ai), sigmoid(af), Math.tanh(ag), sigmoid(ao)];
      const c1 = f * at(c, r, j) + i * g;
      out[r * H + j] = o * Math.tanh(c1);
      out[B * H + r * H + j] = c1;
    }
  }
  return out;
}

export function lstmCellBackward(dy: View, xp: View, hp: View, c: View, bias: View | null, dtype: DType): TypedArray {
  const [B, H] = c.shape;
  const out = allocate(dtype, 5 * B * H); // (B, 5H)
  const dyAt = (half: number, r: number, j: number) => dy.data[dy.offset + half * dy.strides[0] + r * dy.strides[1] + j * dy.strides[2]];
  for (let r = 0; r < B; r++) {
    const row = r * 5 * H;
    for (let j = 0; j < H; j++) {
      const [ai, af, ag, ao] = preActivations(xp, hp, bias, r, j, H);
      const [i, f, g, o] = [sigmoid(ai), sigmoid(af), Math.tanh(ag), sigmoid(ao)];
      const cp = at(c, r, j), c1 = f * cp + i * g, t = Math.tanh(c1), dh = dyAt(0, r, j);
      const dc = dyAt(1, r, j) + dh * o * sech2(c1); // the whole gradient reaching c'
      out[row + j] = dc * g * dSigmoid(ai);
      out[row + H + j] = dc * cp * dSigmoid(af);
      out[row + 2 * H + j] = dc * i * sech2(ag);
      out[row + 3 * H + j] = dh * t * dSigmoid(ao);
      out[row + 4 * H + j] = dc * f;
    }
  }
  return out;
}
