/** @file SGD with momentum, dampening, Nesterov momentum and weight decay (L2), as torch.optim.SGD. */
import type { Tensor } from "../core/tensor.ts";
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

/** @example new lw.optim.SGD(model.parameters(), { lr: 1e-3, momentum: 0.9 }) */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, opts: Partial<SGDOptions> = {}) {
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
   * The update above as one loop over the typed arrays (no temporaries), rounding every intermediate where the
   * tensor ops round (scalars are float32 as tensor scalars), so both give the same bits. False when the
   * tensors are not all dense of one shape and dtype.
   */
  private fusedUpdate(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<SGDOptions>): boolean {
    const buf0 = state.momentumBuffer as Tensor | undefined;
    const runs = denseRuns(p, buf0 ? [p, grad, buf0] : [p, grad]);
    if (!runs) return false;
    const r = Math.fround;
    const n = p.numel, sign = g.maximize ? -1 : 1;
    const wd = r(g.weightDecay), mom = r(g.momentum), damp1 = r(1 - g.dampening), alpha = r(-g.lr);
    const useWd = g.weightDecay !== 0, useMom = g.momentum !== 0, first = useMom && !buf0, nesterov = g.nesterov;
    let buf: Tensor | undefined = buf0;
    if (first) state.momentumBuffer = buf = zerosLike(p);
    const [{ data: pd, offset: po }, { data: gd, offset: go }] = runs;
    const bd = buf ? (buf.storage.data as Float32Array) : pd, bo = buf ? buf.offset : 0;
    sgdLoop(n, pd, po, gd, go, bd, bo, sign, useWd, wd, useMom, first, mom, damp1, nesterov, alpha);
    p.storage.version++;
    if (buf && !first) buf.storage.version++;
    return true;
  }
}

/** SGD's fused loop, alone in a function so that V8 optimises it on its own. */
function sgdLoop(
  n: number, pd: Float32Array, po: number, gd: Float32Array, go: number, bd: Float32Array, bo: number, sign: number,
  useWd: boolean, wd: number, useMom: boolean, first: boolean, mom: number, damp1: number, nesterov: boolean, alpha: number,
): void {
  const r = Math.fround;
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
