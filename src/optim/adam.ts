/** @file Adam (with L2 weight decay, amsgrad) and AdamW (decoupled weight decay), as torch.optim. */
import type { Tensor } from "../core/tensor.ts";
import { Optimizer, stateTensor, type ParamGroup, type ParamState, type Params } from "./optimizer.ts";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

function checkAdam(name: string, o: AdamOptions): void {
  if (!(o.lr >= 0)) throw new RangeError(`${name}: invalid learning rate ${o.lr}`);
  if (!(o.eps >= 0)) throw new RangeError(`${name}: invalid eps ${o.eps}`);
  o.betas.forEach((b, i) => { if (!(b >= 0 && b < 1)) throw new RangeError(`${name}: invalid beta at index ${i}: ${b}`); });
  if (!(o.weightDecay >= 0)) throw new RangeError(`${name}: invalid weightDecay ${o.weightDecay}`);
}

/** The Adam moment update and step, shared by Adam and AdamW; `grad` already includes any L2 term. */
function adamStep(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>): void {
  const [b1, b2] = g.betas;
  const step = ((s.step as number | undefined) ?? 0) + 1;
  s.step = step;
  const expAvg = stateTensor(s, "expAvg", p), expAvgSq = stateTensor(s, "expAvgSq", p);
  expAvg.mul_(b1).add_(grad, { alpha: 1 - b1 });
  expAvgSq.mul_(b2).add_(grad.mul(grad), { alpha: 1 - b2 });
  const stepSize = g.lr / (1 - b1 ** step);
  const bc2Sqrt = Math.sqrt(1 - b2 ** step);
  let second = expAvgSq;
  if (g.amsgrad) {
    const maxSq = stateTensor(s, "maxExpAvgSq", p);
    second = maxSq.copy_(maxSq.maximum(expAvgSq));
  }
  const denom = second.sqrt().div(bc2Sqrt).add(g.eps);
  p.add_(expAvg.div(denom), { alpha: -stepSize });
}

/** @example new lw.optim.Adam(model.parameters(), { lr: 1e-3 }) */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    const o: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...opts };
    checkAdam("Adam", o);
    super(params, o);
  }
  protected update(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>): void {
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    adamStep(p, d, s, g);
  }
}

/** Adam with decoupled weight decay: param ← param · (1 − lr · weightDecay) before the Adam step. */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    const o: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...opts };
    checkAdam("AdamW", o);
    super(params, o);
  }
  protected update(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>): void {
    p.mul_(1 - g.lr * g.weightDecay);
    adamStep(p, g.maximize ? grad.neg() : grad, s, g);
  }
}
