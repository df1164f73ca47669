/** @file Composite functions of neural networks built from primitives: softmax and log-softmax (stable). */
import { normDim } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertTensor } from "./check.ts";
import { div, exp, log, sub } from "./elementwise.ts";
import { amax, sum } from "./reduce.ts";

// NOTE: the shift by the row maximum is detached: softmax does not change under a shift, so its gradient is exact.
function shifted(x: Tensor, dim: number, op: string): [Tensor, number] {
  assertTensor(x, op);
  assertFloat(x, op);
  const d = normDim(dim, x.ndim, op);
  if (x.numel === 0) return [x, d];
  return [sub(x, amax(x.detach(), d, { keepdim: true })), d];
}

/** exp(x) / Σ exp(x) along dim; stable for huge logits. @example x.softmax(1) */
export function softmax(x: Tensor, dim: number): Tensor {
  const [z, d] = shifted(x, dim, "softmax");
  const e = exp(z);
  return div(e, sum(e, d, { keepdim: true }));
}

/** log(softmax(x)) along dim, without forming the softmax. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const [z, d] = shifted(x, dim, "logSoftmax");
  return sub(z, log(sum(exp(z), d, { keepdim: true })));
}
