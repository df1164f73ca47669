/** @file RMSprop (optionally centred, with momentum) and Adagrad, as torch.optim. */
import { backend } from "../backends/backend.ts";
import type { Tensor } from "../core/tensor.ts";
import { fullLike } from "../ops/creation.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import { Optimizer, denseRuns, stateTensor, type ParamGroup, type ParamState, type Params } from "./optimizer.ts";

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

const RMSPROP_OPTIONS = optionKeys<RMSpropOptions>({ lr: 1, alpha: 1, eps: 1, weightDecay: 1, momentum: 1, centered: 1, maximize: 1 });

export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, opts: Partial<RMSpropOptions> = {}) {
    checkOptions("RMSprop", opts, RMSPROP_OPTIONS);
    const o: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...opts };
    if (!(o.lr >= 0)) throw new RangeError(`RMSprop: invalid learning rate ${o.lr}`);
    if (!(o.alpha >= 0)) throw new RangeError(`RMSprop: invalid alpha ${o.alpha}`);
    super(params, o);
  }
  protected update(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<RMSpropOptions>): void {
    if (fusedRmsprop(p, grad, s, g)) return;
    let d = g.maximize ? grad.neg() : grad;
    s.step = ((s.step as number | undefined) ?? 0) + 1;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    const squareAvg = stateTensor(s, "squareAvg", p);
    squareAvg.mul_(g.alpha).add_(d.mul(d), { alpha: 1 - g.alpha });
    let avg: Tensor;
    if (g.centered) {
      const gradAvg = stateTensor(s, "gradAvg", p);
      gradAvg.mul_(g.alpha).add_(d, { alpha: 1 - g.alpha });
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else avg = squareAvg.sqrt();
    avg = avg.add(g.eps);
    if (g.momentum > 0) {
      const buf = stateTensor(s, "momentumBuffer", p);
      buf.mul_(g.momentum).add_(d.div(avg));
      p.add_(buf, { alpha: -g.lr });
    } else p.add_(d.div(avg), { alpha: -g.lr });
  }
}

/**
 * RMSprop's update above in one pass, by the backend's fused kernel (the tensor ops are its reference; it rounds where
 * they round, so both give the same bits). False when the backend has none or the tensors are not all dense.
 */
function fusedRmsprop(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<RMSpropOptions>): boolean {
  const kernel = backend().optimizerSteps?.rmspropStep;
  if (!kernel || !denseRuns(p, [grad])) return false;
  const useMomentum = g.momentum > 0;
  const squareAvg = stateTensor(s, "squareAvg", p);
  const gradAvg = g.centered ? stateTensor(s, "gradAvg", p) : null, buf = useMomentum ? stateTensor(s, "momentumBuffer", p) : null;
  const state = [squareAvg, gradAvg, buf].filter((t): t is Tensor => t !== null);
  const runs = denseRuns(p, [p, grad, ...state]);
  if (!runs) return false;
  s.step = ((s.step as number | undefined) ?? 0) + 1;
  const run = (t: Tensor | null) => (t ? runs[2 + state.indexOf(t)] : null);
  kernel({
    n: p.numel, param: runs[0], grad: runs[1], squareAvg: runs[2], gradAvg: run(gradAvg), momentumBuffer: run(buf),
    sign: g.maximize ? -1 : 1, weightDecay: g.weightDecay, smoothing: g.alpha, c: 1 - g.alpha, eps: g.eps, momentum: g.momentum, alpha: -g.lr,
    useWeightDecay: g.weightDecay !== 0, centered: g.centered, useMomentum,
  });
  for (const t of [p, ...state]) t.storage.version++;
  return true;
}

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

const ADAGRAD_OPTIONS = optionKeys<AdagradOptions>({ lr: 1, lrDecay: 1, weightDecay: 1, initialAccumulatorValue: 1, eps: 1, maximize: 1 });

export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params<AdagradOptions>, opts: Partial<AdagradOptions> = {}) {
    checkOptions("Adagrad", opts, ADAGRAD_OPTIONS);
    const o: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...opts };
    if (!(o.lr >= 0)) throw new RangeError(`Adagrad: invalid learning rate ${o.lr}`);
    super(params, o);
  }
  protected update(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdagradOptions>): void {
    let d = g.maximize ? grad.neg() : grad;
    const step = ((s.step as number | undefined) ?? 0) + 1;
    s.step = step;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    const sum = stateTensor(s, "sum", p, () => fullLike(p, g.initialAccumulatorValue));
    sum.add_(d.mul(d));
    p.add_(d.div(sum.sqrt().add(g.eps)), { alpha: -clr });
  }
}
