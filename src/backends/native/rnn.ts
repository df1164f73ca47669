/**
 * @file The fused LSTM cell kernels of the native backend (native/kernels/rnn.cc): operands of any strides
 * (one of another dtype is converted first), outputs dense; none when the addon was built before them.
 */
import { allocate, type DType, type TypedArray } from "../../core/dtype.ts";
import type { Backend, View } from "../backend.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";

type RnnKernels = Pick<Backend, "lstmCell" | "lstmCellBackward">;

export function nativeRnnKernels(nb: NativeBinding, copy: (x: View, dtype: DType) => TypedArray): Partial<RnnKernels> {
  const { lstmCell, lstmCellBackward } = nb;
  if (!lstmCell || !lstmCellBackward) return {};
  const typed = (v: View, dtype: DType): View => (v.dtype === dtype ? v : { data: copy(v, dtype), ...dense(v.shape), dtype });
  return {
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
