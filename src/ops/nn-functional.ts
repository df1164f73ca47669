/** @file Softmax and log-softmax along a dim: argument checks around the fused primitives (stable for huge logits). */
import { apply } from "../core/autograd.ts";
import { Op } from "../core/ops.ts";
import { reshape } from "../core/prims.ts";
import { normDim } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertTensor } from "./check.ts";

function softmaxOp(op: Op.Softmax | Op.LogSoftmax, x: Tensor, dim: number, name: string): Tensor {
  assertTensor(x, name);
  assertFloat(x, name);
  const d = normDim(dim, x.ndim, name);
  // A 0-d tensor is one line of one element.
  if (x.ndim === 0) return reshape(apply(op, [reshape(x, [1])], { dim: 0 }), []);
  return apply(op, [x], { dim: d });
}

/** exp(x) / Σ exp(x) along dim; stable for huge logits. @example x.softmax(1) */
export function softmax(x: Tensor, dim: number): Tensor {
  return softmaxOp(Op.Softmax, x, dim, "softmax");
}

/** log(softmax(x)) along dim, without forming the softmax. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return softmaxOp(Op.LogSoftmax, x, dim, "logSoftmax");
}
