/** @file The fused optimizer steps of the native backend (native/kernels/optim.cc): dense float32/float64 runs, in place. */
import type { DenseRun, FusedOptimizerKernels } from "../fused-optim.ts";
import type { NativeBinding } from "./binding.ts";
import { metaWith, run } from "./meta-params.ts";

const flag = (b: boolean): number => (b ? 1 : 0);

/** The kernels, or undefined when the addon was built before them (then the optimizers use their js loops). */
export function nativeOptimizerKernels(nb: NativeBinding): FusedOptimizerKernels | undefined {
  if (typeof nb.adamStep !== "function") return undefined;
  return {
    sgdStep(a) {
      const buf: DenseRun = a.momentumBuffer ?? a.param; // not read without momentum
      const params = [a.sign, a.weightDecay, a.momentum, a.dampening1, a.alpha, flag(a.useWeightDecay), flag(a.useMomentum), flag(a.first), flag(a.nesterov)];
      nb.sgdStep(metaWith(params, run(a.n, a.param.offset), run(a.n, a.grad.offset), run(a.n, buf.offset)), a.param.data, a.grad.data, buf.data);
    },
    adamStep(a) {
      const maxSq: DenseRun = a.maxExpAvgSq ?? a.param; // not read without amsgrad
      const params = [a.sign, a.weightDecay, a.decay, a.beta1, a.beta2, a.c1, a.c2, a.eps, a.bc2Sqrt, a.alpha, flag(a.amsgrad), flag(a.decoupled), flag(a.l2)];
      const m = metaWith(params, ...[a.param, a.grad, a.expAvg, a.expAvgSq, maxSq].map((r) => run(a.n, r.offset)));
      nb.adamStep(m, a.param.data, a.grad.data, a.expAvg.data, a.expAvgSq.data, maxSq.data);
    },
    rmspropStep(a) {
      const gradAvg: DenseRun = a.gradAvg ?? a.param, buf: DenseRun = a.momentumBuffer ?? a.param; // not read unless flagged
      const params = [a.sign, a.weightDecay, a.smoothing, a.c, a.eps, a.momentum, a.alpha, flag(a.useWeightDecay), flag(a.centered), flag(a.useMomentum)];
      const m = metaWith(params, ...[a.param, a.grad, a.squareAvg, gradAvg, buf].map((r) => run(a.n, r.offset)));
      nb.rmspropStep(m, a.param.data, a.grad.data, a.squareAvg.data, gradAvg.data, buf.data);
    },
  };
}
