/**
 * @file The dynamic tape: apply() runs a primitive and, when grad mode is on and an input
 * requires grad, records a Node linking the output to its inputs. backward.ts walks it.
 */
import { AllocationError, isFloat, isUnnamedAllocation } from "./dtype.ts";
import { checkBackendDims } from "../backends/backend.ts";
import { fmtShape } from "./shape.ts";
import { isGradEnabled } from "./grad-mode.ts";
import { NON_DIFFERENTIABLE, Op, type OpParams } from "./ops.ts";
import { forward } from "./forward.ts";
import type { Tensor } from "./tensor.ts";

/** One recorded primitive application: out = op(inputs; params). */
export class Node<K extends Op = Op> {
  /** Storage versions of the inputs when recorded; an in-place write since then breaks backward. */
  readonly versions: number[];
  freed = false;
  constructor(
    readonly op: K,
    readonly inputs: Tensor[],
    readonly params: OpParams[K],
  ) {
    this.versions = inputs.map((t) => t.storage.version);
  }
  /** PyTorch-style name, e.g. MulBackward. */
  get name(): string {
    return `${this.op.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())}Backward`;
  }
}

/** Ops that make a view without a kernel (reshape checks the dims itself where it copies). */
const PURE_VIEWS = new Set<Op>([Op.Reshape, Op.Permute, Op.Expand, Op.Slice]);

/** Runs primitive `op` and records it on the tape when gradients are wanted. */
export function apply<K extends Op>(op: K, inputs: Tensor[], params: OpParams[K]): Tensor {
  if (!PURE_VIEWS.has(op)) checkBackendDims(op, inputs);
  let out: Tensor;
  try {
    out = forward[op](inputs, params);
  } catch (e) {
    // An output too large for a typed array: say which op asked for it, and on what.
    if (isUnnamedAllocation(e)) throw new AllocationError(`${op}: output of ${e.elements} elements (from ${inputs.map((t) => fmtShape(t.shape)).join(", ")})`, e.elements, e.dtype, e.outOfMemory);
    throw e;
  }
  return record(op, inputs, params, out);
}

/** Records `out`, computed already (by a kernel fusing op with another), as op(inputs; params) when gradients are wanted. */
export function record<K extends Op>(op: K, inputs: Tensor[], params: OpParams[K], out: Tensor): Tensor {
  if (isGradEnabled() && !NON_DIFFERENTIABLE.has(op) && isFloat(out.dtype) && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = new Node(op, inputs, params) as unknown as Node;
  }
  return out;
}

/** f() when x needs a gradient, else null: gradient rules compute only the input gradients that are used. */
export const ifNeeded = (x: Tensor | undefined, f: () => Tensor): Tensor | null => (x?.requiresGrad ? f() : null);
