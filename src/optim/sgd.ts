/** @file SGD with momentum, dampening, Nesterov momentum and weight decay (L2), as torch.optim.SGD. */
import { backend } from "../backends/backend.ts";
import type { SgdStepArgs } from "../backends/fused-optim.ts";
import type { Tensor } from "../core/tensor.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import { zerosLike } from "../ops/creation.ts";
import { Optimizer, denseRuns, type ParamGroup, type ParamState, type Params } from "./optimizer.ts";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  /** L2 penalty: adds weightDecay · param to the gradient. */
  weightDecay: number;
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
}

const SGD_OPTIONS = optionKeys<SGDOptions>({ lr: 1, momentum: 1, dampening: 1, weightDecay: 1, nesterov: 1, maximize: 1 });

/** @example new lw.optim.SGD(model.parameters(), { lr: 1e-3, momentum: 0.9 }) */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, opts: Partial<SGDOptions> = {}) {
    checkOptions("SGD", opts, SGD_OPTIONS);
    const o: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...opts };
    if (!(o.lr >= 0)) throw new RangeError(`SGD: invalid learning rate ${o.lr}`);
    if (!(o.momentum >= 0)) throw new RangeError(`SGD: invalid momentum ${o.momentum}`);
    if (!(o.weightDecay >= 0)) throw new RangeError(`SGD: invalid weightDecay ${o.weightDecay}`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) throw new RangeError("SGD: Nesterov momentum requires a momentum and zero dampening");
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<SGDOptions>): void {
    if (this.fusedUpdate(p, grad, state, g)) return;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    if (g.momentum !== 0) {
      let buf = state.momentumBuffer as Tensor | undefined;
      if (!buf) state.momentumBuffer = buf = d.clone();
      else buf.mul_(g.momentum).add_(d, { alpha: 1 - g.dampening });
      d = g.nesterov ? d.add(buf, { alpha: g.momentum }) : buf;
    }
    p.add_(d, { alpha: -g.lr });
  }

  /**
   * The update above in one pass over the typed arrays (no temporaries): the backend's fused kernel when it has one,
   * else for float32 sgdLoop below, both rounding every intermediate where the tensor ops round (scalars in the
   * element type, as tensor scalars), so all give the same bits. False when the tensors are not all dense of one
   * shape and float dtype, or only the tensor ops can do it (float64 without a backend kernel).
   */
  private fusedUpdate(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<SGDOptions>): boolean {
    const buf0 = state.momentumBuffer as Tensor | undefined;
    const runs = denseRuns(p, buf0 ? [p, grad, buf0] : [p, grad]);
    const kernel = backend().optimizerSteps?.sgdStep ?? (p.dtype === "float32" ? sgdLoop : null);
    if (!runs || !kernel) return false;
    const useMomentum = g.momentum !== 0, first = useMomentum && !buf0;
    let buf: Tensor | undefined = buf0;
    if (first) state.momentumBuffer = buf = zerosLike(p);
    kernel({
      n: p.numel, param: runs[0], grad: runs[1], momentumBuffer: buf ? { data: buf.storage.data as Float32Array | Float64Array, offset: buf.offset } : null,
      sign: g.maximize ? -1 : 1, weightDecay: g.weightDecay, momentum: g.momentum, dampening1: 1 - g.dampening, alpha: -g.lr,
      useWeightDecay: g.weightDecay !== 0, useMomentum, first, nesterov: g.nesterov,
    });
    p.storage.version++;
    if (buf && !first) buf.storage.version++;
    return true;
  }
}

/** SGD's fused step in js, float32 only (the reference of the backends' sgdStep); alone in a function so that V8 optimises it on its own. */
function sgdLoop(a: SgdStepArgs): void {
  const r = Math.fround;
  const { n, sign, useWeightDecay: useWd, useMomentum: useMom, first, nesterov } = a;
  const wd = r(a.weightDecay), mom = r(a.momentum), damp1 = r(a.dampening1), alpha = r(a.alpha);
  const pd = a.param.data as Float32Array, po = a.param.offset, gd = a.grad.data as Float32Array, go = a.grad.offset;
  const bd = (a.momentumBuffer?.data ?? pd) as Float32Array, bo = a.momentumBuffer?.offset ?? 0;
  for (let i = 0; i < n; i++) {
    let d = sign * gd[go + i];
    if (useWd) d = r(d + r(pd[po + i] * wd));
    if (useMom) {
      const b = first ? d : r(r(bd[bo + i] * mom) + r(d * damp1));
      bd[bo + i] = b;
      d = nesterov ? r(d + r(b * mom)) : b;
    }
    pd[po + i] = r(pd[po + i] + r(d * alpha));
  }
}
