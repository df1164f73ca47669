/**
 * @file Reverse-mode differentiation over the recorded graph: topological order, one VJP per
 * node from the rule table, gradients summed to input shapes and accumulated into leaves.
 */
import { Op } from "./ops.ts";
import { vjp, type VjpRule } from "./grad-rules.ts";
import { enableGrad, isGradEnabled, noGrad } from "./grad-mode.ts";
import { cast, filled, sumTo, add } from "./prims.ts";
import { fmtShape, shapeEquals } from "./shape.ts";
import { forward } from "./forward.ts";
import { backend } from "../backends/backend.ts";
import type { Storage, Tensor } from "./tensor.ts";

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (defaults to `createGraph`, as PyTorch's retain_graph). */
  retainGraph?: boolean;
  /** Record the backward pass itself (for higher-order gradients). */
  createGraph?: boolean;
}

/** Tensors reachable from root through gradFn edges, each after everything it feeds (reverse topological). */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.gradFn?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i];
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(t);
      stack.pop();
    }
  }
  return order.reverse();
}

/**
 * Accumulates g into a leaf's .grad. A leaf's .grad is its own dense buffer (unless recording a graph): optimizers
 * and clipping write to it in place. A fresh dense gradient whose storage nothing else was given (`handedOut`:
 * the caller's seed, retained grads, other leaves' grads) is adopted as is; anything else is copied.
 */
function accumulateLeaf(t: Tensor, g: Tensor, handedOut: Set<Storage>): void {
  let own = g;
  if (!isGradEnabled()) {
    const whole = g.offset === 0 && g.numel === g.storage.data.length && g.isContiguous();
    if (whole && !handedOut.has(g.storage)) handedOut.add(g.storage);
    else own = forward[Op.Contiguous]([g], {});
  }
  t.grad = t.grad === null ? own : add(t.grad, own);
}

export function backward(root: Tensor, grad?: Tensor | null, opts: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new Error("backward: the tensor does not require grad and has no gradFn (did every input have requiresGrad: false, or was it computed under noGrad?)");
  }
  let seed: Tensor;
  if (grad === undefined || grad === null) {
    if (root.numel !== 1) {
      throw new Error(`backward: a gradient can be created implicitly only for scalar outputs, got shape ${fmtShape(root.shape)}; pass a gradient of that shape`);
    }
    seed = filled(root.shape, 1, root.dtype);
  } else {
    if (!shapeEquals(grad.shape, root.shape)) {
      throw new RangeError(`backward: gradient shape ${fmtShape(grad.shape)} does not match output shape ${fmtShape(root.shape)}`);
    }
    seed = cast(grad.detach(), root.dtype);
  }
  const run = () => {
    const grads = new Map<Tensor, Tensor>([[root, seed]]);
    const handedOut = new Set<Storage>([seed.storage]);
    // Sums this backward allocated and nobody else has seen yet: later gradients are added into them in place.
    const ownSums = new Set<Storage>();
    for (const t of topoOrder(root)) {
      const g = grads.get(t);
      grads.delete(t);
      if (!g) continue;
      ownSums.delete(g.storage); // handed to a rule or a leaf from here on
      const node = t.gradFn;
      if (!node) {
        accumulateLeaf(t, g, handedOut);
        continue;
      }
      if (t.retainsGrad) {
        t.grad = t.grad !== null ? add(t.grad, g) : handedOut.has(g.storage) ? forward[Op.Contiguous]([g], {}) : g;
        handedOut.add(t.grad.storage);
      }
      if (node.freed) {
        throw new Error(`backward: trying to backward through the graph a second time (at ${node.name}); its buffers were freed. Pass { retainGraph: true } to the first backward().`);
      }
      node.inputs.forEach((x, i) => {
        if (x.storage.version !== node.versions[i]) {
          throw new Error(`backward: a tensor of shape ${fmtShape(x.shape)} needed by ${node.name} was modified by an in-place operation after it was used`);
        }
      });
      const rule = vjp[node.op] as VjpRule<Op>;
      const inGrads = rule(g, t, node.inputs, node.params);
      if (!(opts.retainGraph ?? opts.createGraph)) node.freed = true;
      node.inputs.forEach((x, i) => {
        let gi = inGrads[i];
        if (!gi || !x.requiresGrad) return;
        gi = cast(sumTo(gi, x.shape), x.dtype);
        const prev = grads.get(x);
        if (!prev) grads.set(x, gi);
        else if (ownSums.has(prev.storage) && !opts.createGraph) backend().accumulate(prev.storage.data, gi);
        else {
          const sum = add(prev, gi);
          if (!opts.createGraph) ownSums.add(sum.storage);
          grads.set(x, sum);
        }
      });
    }
  };
  if (opts.createGraph) enableGrad(run);
  else noGrad(run);
}
