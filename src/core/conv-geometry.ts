/**
 * @file Output sizes of convolution and pooling along one spatial dim, as PyTorch computes them.
 * Shared by the forward table, the kernels and the ops layer's error messages.
 */
import type { PoolParams, WindowParams } from "./ops.ts";

/** ⌊(size + padding − dilation·(k − 1) − 1) / stride⌋ + 1; may be ≤ 0 when the kernel does not fit. */
export const convOutSize = (size: number, k: number, stride: number, pad: readonly [number, number], dilation: number): number =>
  Math.floor((size + pad[0] + pad[1] - dilation * (k - 1) - 1) / stride) + 1;

/** The inverse of convOutSize: (size − 1)·stride − padding + dilation·(k − 1) + 1 + outputPadding. */
export const convTransposeOutSize = (size: number, k: number, stride: number, pad: readonly [number, number], dilation: number, outputPadding: number): number =>
  (size - 1) * stride - pad[0] - pad[1] + dilation * (k - 1) + 1 + outputPadding;

/** Pooling output size; ceilMode rounds up but never starts a window in the right padding (PyTorch's rule). */
export function poolOutSize(size: number, k: number, stride: number, pad: number, dilation: number, ceilMode: boolean): number {
  const span = size + 2 * pad - dilation * (k - 1) - 1;
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/** (OH, OW): the grid of window positions over an (…, H, W) image. */
export const windowGrid = (hw: readonly number[], p: WindowParams): [number, number] => [
  convOutSize(hw[0], p.kernelSize[0], p.stride[0], p.padding[0], p.dilation[0]),
  convOutSize(hw[1], p.kernelSize[1], p.stride[1], p.padding[1], p.dilation[1]),
];

/** (OH, OW) of a pooling. */
export const poolOutShape = (hw: readonly number[], p: PoolParams): [number, number] => [
  poolOutSize(hw[0], p.kernelSize[0], p.stride[0], p.padding[0], p.dilation[0], p.ceilMode),
  poolOutSize(hw[1], p.kernelSize[1], p.stride[1], p.padding[1], p.dilation[1], p.ceilMode),
];
