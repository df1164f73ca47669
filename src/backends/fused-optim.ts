/**
 * @file The arguments of the fused optimizer steps a backend may offer (native does; src/optim's js loops and
 * tensor ops are the reference): dense runs updated in place, and the step's scalars as float64 numbers that
 * each implementation rounds to the element type, exactly where lernwerk's tensor ops would round them.
 */

/** `n` elements from data[offset]: a dense tensor's elements, read and written in place. */
export interface DenseRun {
  readonly data: Float32Array | Float64Array;
  readonly offset: number;
}

/** d = sign·g (+ weightDecay·p); buf = first ? d : momentum·buf + dampening1·d; d = nesterov ? d + momentum·buf : buf; p += alpha·d. */
export interface SgdStepArgs {
  n: number;
  param: DenseRun;
  grad: DenseRun;
  /** Required when useMomentum. */
  momentumBuffer: DenseRun | null;
  sign: 1 | -1;
  weightDecay: number;
  momentum: number;
  /** 1 − dampening. */
  dampening1: number;
  /** −lr. */
  alpha: number;
  useWeightDecay: boolean;
  useMomentum: boolean;
  /** The first step with momentum: the buffer is set to d. */
  first: boolean;
  nesterov: boolean;
}

/** p ·= decay (AdamW); d = sign·g (+ weightDecay·p, Adam's L2); m = β1·m + c1·d; v = β2·v + c2·d²; p += alpha·m / (√v̂/bc2Sqrt + eps). */
export interface AdamStepArgs {
  n: number;
  param: DenseRun;
  grad: DenseRun;
  expAvg: DenseRun;
  expAvgSq: DenseRun;
  /** Required when amsgrad: v̂ = max(maxExpAvgSq, v), stored back. */
  maxExpAvgSq: DenseRun | null;
  sign: 1 | -1;
  weightDecay: number;
  /** 1 − lr·weightDecay. */
  decay: number;
  beta1: number;
  beta2: number;
  /** 1 − β1 and 1 − β2. */
  c1: number;
  c2: number;
  eps: number;
  /** √(1 − β2^step). */
  bc2Sqrt: number;
  /** −lr / (1 − β1^step). */
  alpha: number;
  amsgrad: boolean;
  decoupled: boolean;
  l2: boolean;
}

/** d = sign·g (+ weightDecay·p); s = a·s + c·d²; r = √(s − ga²) (centred, ga = a·ga + c·d) or √s, + eps; p += alpha·(buf = momentum·buf + d/r, or d/r). */
export interface RmspropStepArgs {
  n: number;
  param: DenseRun;
  grad: DenseRun;
  squareAvg: DenseRun;
  /** Required when centered. */
  gradAvg: DenseRun | null;
  /** Required when useMomentum. */
  momentumBuffer: DenseRun | null;
  sign: 1 | -1;
  weightDecay: number;
  /** RMSprop's alpha (a) and 1 − alpha (c). */
  smoothing: number;
  c: number;
  eps: number;
  momentum: number;
  /** −lr. */
  alpha: number;
  useWeightDecay: boolean;
  centered: boolean;
  useMomentum: boolean;
}

/** Fused optimizer steps on dense runs of one float dtype (float32 or float64), in place. */
export interface FusedOptimizerKernels {
  sgdStep(a: SgdStepArgs): void;
  adamStep(a: AdamStepArgs): void;
  rmspropStep(a: RmspropStepArgs): void;
}
