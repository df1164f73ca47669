/** @file Adam (with L2 weight decay, amsgrad) and AdamW (decoupled weight decay), as torch.optim. */
import type { Tensor } from "../core/tensor.ts";
import { Optimizer, denseRuns, stateTensor, type ParamGroup, type ParamState, type Params } from "./optimizer.ts";

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

/**
 * Adam or AdamW as one loop over the typed arrays, without temporaries: the same arithmetic as adamStep() and the
 * update() methods, rounded where their tensor ops round (scalars as float32 tensor scalars), so both give the
 * same bits. `decoupled` is AdamW's decay of the parameter, else weightDecay is Adam's L2 term. False (nothing
 * done) when the parameter, gradient and state are not all dense of one shape and dtype.
 */
function fusedAdam(p: Tensor, grad: Tensor, s: ParamState, g: ParamGroup<AdamOptions>, decoupled: boolean): boolean {
  if (!denseRuns(p, [grad])) return false;
  const expAvg = stateTensor(s, "expAvg", p), expAvgSq = stateTensor(s, "expAvgSq", p);
  const maxSq = g.amsgrad ? stateTensor(s, "maxExpAvgSq", p) : null;
  const runs = denseRuns(p, maxSq ? [p, grad, expAvg, expAvgSq, maxSq] : [p, grad, expAvg, expAvgSq]);
  if (!runs) return false;
  const [b1, b2] = g.betas;
  const step = ((s.step as number | undefined) ?? 0) + 1;
  s.step = step;
  const r = Math.fround;
  const [{ data: pd, offset: po }, { data: gd, offset: go }, { data: md, offset: mo }, { data: vd, offset: vo }] = runs;
  const { data: xd, offset: xo } = runs[4] ?? runs[3];
  adamLoop(p.numel, pd, po, gd, go, md, mo, vd, vo, xd, xo, maxSq !== null, decoupled, !decoupled && g.weightDecay !== 0,
    g.maximize ? -1 : 1, r(g.weightDecay), r(1 - g.lr * g.weightDecay), r(b1), r(b2), r(1 - b1), r(1 - b2), r(g.eps),
    r(Math.sqrt(1 - b2 ** step)), r(-(g.lr / (1 - b1 ** step))));
  for (const t of maxSq ? [p, expAvg, expAvgSq, maxSq] : [p, expAvg, expAvgSq]) t.storage.version++;
  return true;
}

/** fusedAdam's loop, alone in a function so that V8 optimises it on its own (in fusedAdam it kept deoptimising). */
function adamLoop(
  n: number, pd: Float32Array, po: number, gd: Float32Array, go: number, md: Float32Array, mo: number, vd: Float32Array, vo: number,
  xd: Float32Array, xo: number, amsgrad: boolean, decoupled: boolean, l2: boolean,
  sign: number, wd: number, decay: number, fb1: number, fb2: number, c1: number, c2: number, eps: number, bc2Sqrt: number, alpha: number,
): void {
  const r = Math.fround;
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
