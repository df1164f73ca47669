/** @file Gradient clipping (in place): by total norm over all parameters, or by value; and L1/L2 penalty terms. */
import { noGrad } from "../core/grad-mode.ts";
import type { Tensor } from "../core/tensor.ts";
import { tensor } from "../ops/creation.ts";

const withGrads = (params: Iterable<Tensor>): Tensor[] => [...params].filter((p) => p.grad !== null);

/**
 * Scales all gradients so that their joint `normType`-norm is at most maxNorm; returns the norm
 * before clipping (0-d tensor). `normType` may be Infinity.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, opts: { normType?: number; errorIfNonfinite?: boolean } = {}): Tensor {
  const normType = opts.normType ?? 2;
  const ps = withGrads(params);
  if (ps.length === 0) return tensor(0);
  return noGrad(() => {
    const norms = ps.map((p) => (normType === Infinity ? p.grad!.abs().amax() : p.grad!.norm(normType)).item());
    const total = normType === Infinity ? Math.max(...norms) : norms.reduce((a, n) => a + n ** normType, 0) ** (1 / normType);
    if (opts.errorIfNonfinite && !Number.isFinite(total)) {
      throw new RangeError(`clipGradNorm: the total norm of order ${normType} of the gradients is ${total}; pass errorIfNonfinite: false to clip anyway`);
    }
    const coef = Math.fround(maxNorm / (total + 1e-6));
    if (coef < 1) for (const p of ps) p.grad!.mul_(coef);
    return tensor(total);
  });
}

/** Clamps every gradient element to [−clipValue, clipValue]. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new RangeError(`clipGradValue: clipValue must be non-negative, got ${clipValue}`);
  noGrad(() => { for (const p of withGrads(params)) p.grad!.clamp_(-clipValue, clipValue); });
}

/**
 * L1 regularisation: strength · Σ|w| over `params`, to add to the loss (`loss.add(l1Penalty(model.parameters(), 1e-4))`).
 * For L2, prefer the optimizers' `weightDecay` (or AdamW); `l2Penalty` gives strength · Σw² for completeness.
 */
export function l1Penalty(params: Iterable<Tensor>, strength: number): Tensor {
  return [...params].map((p) => p.abs().sum()).reduce((a, b) => a.add(b), tensor(0)).mul(strength);
}
export function l2Penalty(params: Iterable<Tensor>, strength: number): Tensor {
  return [...params].map((p) => p.square().sum()).reduce((a, b) => a.add(b), tensor(0)).mul(strength);
}
