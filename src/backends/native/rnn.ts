/**
 * @file The fused LSTM cell kernels of the native backend (native/kernels/rnn.cc): operands of any strides
 * (one of another dtype is converted first), outputs dense; none when the addon was built before them.
 */
import { allocate, allocateUninitialized, type DType, type TypedArray } from "../../core/dtype.ts";
import { numelOf } from "../../core/shape.ts";
import { isDense } from "../js/iterate.ts";
import type { Backend, View } from "../backend.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";

type RnnKernels = Pick<Backend, "lstmCell" | "lstmCellBackward" | "lstmSequence" | "lstmSequenceBackward">;

export function nativeRnnKernels(nb: NativeBinding, copy: (x: View, dtype: DType) => TypedArray): Partial<RnnKernels> {
  const { lstmCell, lstmCellBackward } = nb;
  if (!lstmCell || !lstmCellBackward) return {};
  const typed = (v: View, dtype: DType): View => (v.dtype === dtype ? v : { data: copy(v, dtype), ...dense(v.shape), dtype });
  /** v as a whole dense array of `dtype` (offset 0, nothing else in it): v itself when it already is one. */
  const whole = (v: View, dtype: DType): View =>
    (v.dtype === dtype && v.offset === 0 && v.data.length === numelOf(v.shape) && isDense(v) ? v : { data: copy(v, dtype), ...dense(v.shape), dtype });
  const sequence = nb.lstmSequence && nb.lstmSequenceBackward ? {
    lstmSequence(xp: View, h0: View, c0: View, whh: View, dtype: DType): TypedArray {
      const [T, B] = xp.shape, H = h0.shape[1];
      const out = allocateUninitialized(dtype, 2 * (T + 1) * B * H); // (2, T+1, B, H)
      if (out.length === 0) return out;
      const ins = [xp, h0, c0, whh].map((v) => typed(v, dtype));
      nb.lstmSequence!(meta(dense([2, T + 1, B, H]), ...ins), out, ...ins.map((v) => v.data) as [TypedArray, TypedArray, TypedArray, TypedArray]);
      return out;
    },
    lstmSequenceBackward(g: View, xp: View, whh: View, y: View, dtype: DType): TypedArray {
      const [T, B, G] = xp.shape, H = whh.shape[1];
      const out = allocateUninitialized(dtype, T * B * G + 2 * B * H + G * H);
      if (out.length === 0) return out;
      const ins = [whole(g, dtype), typed(xp, dtype), typed(whh, dtype), whole(y, dtype)];
      nb.lstmSequenceBackward!(meta(dense([out.length]), ...ins), out, ...ins.map((v) => v.data) as [TypedArray, TypedArray, TypedArray, TypedArray]);
      return out;
    },
  } : {};
  return {
    ...sequence,
    lstmCell(xp, hp, c, bias, dtype) {
      const [B, H] = c.shape;
      const out = allocate(dtype, 2 * B * H); // (2, B, H)
      if (out.length === 0) return out;
      const ins = [xp, hp, c, ...(bias ? [bias] : [])].map((v) => typed(v, dtype));
      lstmCell.call(nb, meta(dense([2, B, H]), ...ins), bias !== null, out, ...ins.map((v) => v.data) as [TypedArray, TypedArray, TypedArray]);
      return out;
    },
    lstmCellBackward(dy, xp, hp, c, bias, dtype) {
      const [B, H] = c.shape;
      const out = allocate(dtype, 5 * B * H); // (B, 5H)
      if (out.length === 0) return out;
      const ins = [dy, xp, hp, c, ...(bias ? [bias] : [])].map((v) => typed(v, dtype));
      lstmCellBackward.call(nb, meta(dense([B, 5 * H]), ...ins), bias !== null, out, ...ins.map((v) => v.data) as [TypedArray, TypedArray, TypedArray, TypedArray]);
      return out;
    },
  };
}
