/**
 * @file Reference kernels of a whole LSTM sequence and its gradient: the cell references of rnn.ts stepped over T,
 * the hidden products and the weight gradient as plain float64 loops; the oracle for native/kernels/lstm_seq.cc.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { View } from "../backend.ts";
import { lstmCell, lstmCellBackward } from "./rnn.ts";

const f64 = (data: Float64Array, shape: number[]): View => ({ data, shape, strides: shape.length === 3 ? [shape[1] * shape[2], shape[2], 1] : [shape[1], 1], offset: 0, dtype: "float64" });
/** Step t of a 3-D (T, B, F) view, or entry (i, t) of a 4-D (2, T+1, B, H) view, as (B, F) (data read explicitly: a Tensor's is a getter). */
const stepOf = (v: View, t: number): View => ({ data: v.data, dtype: v.dtype, shape: [v.shape[1], v.shape[2]], strides: [v.strides[1], v.strides[2]], offset: v.offset + t * v.strides[0] });
const entryOf = (v: View, i: number, t: number): View => ({ data: v.data, dtype: v.dtype, shape: [v.shape[2], v.shape[3]], strides: [v.strides[2], v.strides[3]], offset: v.offset + i * v.strides[0] + t * v.strides[1] });
const at = (v: View, r: number, k: number): number => v.data[v.offset + r * v.strides[0] + k * v.strides[1]];

/** h (B, H) · W_hhᵀ → (B, 4H) in float64. */
function hiddenProduct(h: View, whh: View): Float64Array {
  const [B, H] = h.shape, G = whh.shape[0], out = new Float64Array(B * G);
  for (let r = 0; r < B; r++) for (let k = 0; k < G; k++) {
    let s = 0;
    for (let j = 0; j < H; j++) s += at(h, r, j) * at(whh, k, j);
    out[r * G + k] = s;
  }
  return out;
}

export function lstmSequence(xp: View, h0: View, c0: View, whh: View, dtype: DType): TypedArray {
  const [T, B, G] = xp.shape, H = h0.shape[1], n = B * H;
  const out = allocate(dtype, 2 * (T + 1) * n); // (2, T+1, B, H)
  const y: View = { data: out, shape: [2, T + 1, B, H], strides: [(T + 1) * n, n, H, 1], offset: 0, dtype };
  for (let r = 0; r < B; r++) for (let j = 0; j < H; j++) {
    out[r * H + j] = at(h0, r, j);
    out[(T + 1) * n + r * H + j] = at(c0, r, j);
  }
  for (let t = 1; t <= T; t++) {
    const hp = f64(hiddenProduct(entryOf(y, 0, t - 1), whh), [B, G]);
    const hc = lstmCell(stepOf(xp, t - 1), hp, entryOf(y, 1, t - 1), null, dtype); // (2, B, H)
    out.set(hc.subarray(0, n), t * n);
    out.set(hc.subarray(n, 2 * n), (T + 1 + t) * n);
  }
  return out;
}

export function lstmSequenceBackward(g: View, xp: View, whh: View, y: View, dtype: DType): TypedArray {
  const [T, B, G] = xp.shape, H = whh.shape[1], n = B * H;
  const out = allocate(dtype, T * B * G + 2 * n + G * H);
  const dW = new Float64Array(G * H), dy = new Float64Array(2 * n);
  const gh = (t: number) => entryOf(g, 0, t), gc = (t: number) => entryOf(g, 1, t);
  for (let r = 0; r < B; r++) for (let j = 0; j < H; j++) {
    dy[r * H + j] = at(gh(T), r, j);
    dy[n + r * H + j] = at(gc(T), r, j);
  }
  for (let t = T; t >= 1; t--) {
    const hPrev = entryOf(y, 0, t - 1);
    const hp = f64(hiddenProduct(hPrev, whh), [B, G]);
    const d5 = lstmCellBackward(f64(dy, [2, B, H]), stepOf(xp, t - 1), hp, entryOf(y, 1, t - 1), null, "float64"); // (B, 5H)
    for (let r = 0; r < B; r++) {
      for (let k = 0; k < G; k++) {
        const da = d5[r * 5 * H + k];
        out[((t - 1) * B + r) * G + k] = da;
        for (let j = 0; j < H; j++) dW[k * H + j] += da * at(hPrev, r, j);
      }
      for (let j = 0; j < H; j++) {
        let s = at(gh(t - 1), r, j);
        for (let k = 0; k < G; k++) s += d5[r * 5 * H + k] * at(whh, k, j);
        dy[r * H + j] = s;
        dy[n + r * H + j] = d5[r * 5 * H + G + j] + at(gc(t - 1), r, j);
      }
    }
  }
  out.set(dy, T * B * G);
  out.set(dW, T * B * G + 2 * n);
  return out;
}
