/** @file Adam (with L2 weight decay, amsgrad) and AdamW (decoupled weight decay), as torch.optim. */
import { backend } from "../backends/backend.ts";
import type { AdamStepArgs } from "../backends/fused-optim.ts";
import type { Tensor } from "../core/tensor.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import { Optimizer, denseRuns, stateTensor, type ParamGroup, type ParamState, type Params } from "./optimizer.ts";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

const ADAM_OPTIONS = optionKeys<AdamOptions>({ lr: 1, betas: 1, eps: 1, weightDecay: 1, amsgrad: 1, maximize: 1 });

function checkAdam(name: string, o: AdamOptions): void {
  if (!(o.lr >= 0)) throw new RangeError(`${name}: invalid learning rate ${o.lr}`);
  if (!(o.eps >= 0)) throw new RangeError(`${name}: invalid eps ${o.eps}`);
  o.betas.forEach((b, i) => { if (!(b >= 0 && b < 1)) throw new RangeError(`${name}: invalid beta at index ${i}: ${b}`); });
  if (!(o.weightDecay >= 0)) throw new RangeError(`${name}: invalid weightDecay ${o.weightDecay}`);
}

/**
 * Adam or AdamW in one pass over the typed arrays, without temporaries: the backend's fused kernel when it has one,
 * else for float32 adamLoop below; both do the arithmetic of adamStep() and the update() methods, rounded where
 * their tensor ops round (scalars in the element type, as tensor scalars), so all give the same bits. `decoupled` is
 * AdamW's decay of the parameter, else weightDecay is Adam's L2 term. False (nothing done) when the parameter,
 * gradient and state are not all dense of one shape and float dtype, or only the tensor ops can do it.
 */
function fusedAdam(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>, decoupled: boolean): boolean {
  const kernel = backend().optimizerSteps?.adamStep ?? (p.dtype === "float32" ? adamLoop : null);
  if (!kernel || !denseRuns(p, [grad])) return false;
  const expAvg = stateTensor(s, "expAvg", p), expAvgSq = stateTensor(s, "expAvgSq", p);
  const maxSq = g.amsgrad ? stateTensor(s, "maxExpAvgSq", p) : null;
  const runs = denseRuns(p, maxSq ? [p, grad, expAvg, expAvgSq, maxSq] : [p, grad, expAvg, expAvgSq]);
  if (!runs) return false;
  const [b1, b2] = g.betas;
  const step = ((s.step as number | undefined) ?? 0) + 1;
  s.step = step;
  kernel({
    n: p.numel, param: runs[0], grad: runs[1], expAvg: runs[2], expAvgSq: runs[3], maxExpAvgSq: runs[4] ?? null,
    sign: g.maximize ? -1 : 1, weightDecay: g.weightDecay, decay: 1 - g.lr * g.weightDecay, beta1: b1, beta2: b2, c1: 1 - b1, c2: 1 - b2,
    eps: g.eps, bc2Sqrt: Math.sqrt(1 - b2 ** step), alpha: -(g.lr / (1 - b1 ** step)),
    amsgrad: maxSq !== null, decoupled, l2: !decoupled && g.weightDecay !== 0,
  });
  for (const t of maxSq ? [p, expAvg, expAvgSq, maxSq] : [p, expAvg, expAvgSq]) t.storage.version++;
  return true;
}

/** Adam's fused step in js, float32 only (the reference of the backends' adamStep); alone in a function so that V8 optimises it on its own (in fusedAdam it kept deoptimising). */
function adamLoop(a: AdamStepArgs): void {
  const r = Math.fround;
  const { n, sign, amsgrad, decoupled, l2 } = a;
  const wd = r(a.weightDecay), decay = r(a.decay), fb1 = r(a.beta1), fb2 = r(a.beta2), c1 = r(a.c1), c2 = r(a.c2), eps = r(a.eps);
  const bc2Sqrt = r(a.bc2Sqrt), alpha = r(a.alpha);
  const pd = a.param.data as Float32Array, po = a.param.offset, gd = a.grad.data as Float32Array, go = a.grad.offset;
  const md = a.expAvg.data as Float32Array, mo = a.expAvg.offset, vd = a.expAvgSq.data as Float32Array, vo = a.expAvgSq.offset;
  const xd = (a.maxExpAvgSq?.data ?? vd) as Float32Array, xo = a.maxExpAvgSq?.offset ?? vo;
  for (let i = 0; i < n; i++) {
    let pv = pd[po + i];
    if (decoupled) pv = r(pv * decay);
    let d = sign * gd[go + i];
    if (l2) d = r(d + r(pv * wd));
    const m = r(r(md[mo + i] * fb1) + r(d * c1));
    const v = r(r(vd[vo + i] * fb2) + r(r(d * d) * c2));
    md[mo + i] = m;
    vd[vo + i] = v;
    let second = v;
    if (amsgrad) {
      const x = xd[xo + i];
      second = x > v || x !== x ? x : v; // maximum(maxSq, v), NaN first
      xd[xo + i] = second;
    }
    const denom = r(r(r(Math.sqrt(second)) / bc2Sqrt) + eps);
    pd[po + i] = r(pv + r(r(m / denom) * alpha));
  }
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
    checkOptions("Adam", opts, ADAM_OPTIONS);
    const o: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...opts };
    checkAdam("Adam", o);
    super(params, o);
  }
  protected update(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>): void {
    if (fusedAdam(p, grad, s, g, false)) return;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    adamStep(p, d, s, g);
  }
}

/** Adam with decoupled weight decay: param ← param · (1 − lr · weightDecay) before the Adam step. */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    checkOptions("AdamW", opts, ADAM_OPTIONS);
    const o: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...opts };
    checkAdam("AdamW", o);
    super(params, o);
  }
  protected update(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>): void {
    if (fusedAdam(p, grad, s, g, true)) return;
    p.mul_(1 - g.lr * g.weightDecay);
    adamStep(p, g.maximize ? grad.neg() : grad, s, g);
  }
}
