/** @file SGD with momentum, dampening, Nesterov momentum and weight decay (L2), as torch.optim.SGD. */
import type { Tensor } from "../core/tensor.ts";
import { Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.ts";

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
}
