/**
 * @file The inference fast path of a pre-norm transformer block (GPT-2's): the whole block in one backend call when
 * no gradient is wanted and the backend has the kernel, as PyTorch's fused TransformerEncoderLayer path. Callers fall
 * back to their op-by-op forward when this returns null; `setFastPathEnabled(false)` forces that (for comparisons).
 */
import { isGradEnabled } from "../../core/grad-mode.ts";
import { fromData } from "../../core/forward.ts";
import type { GeluApproximate } from "../../core/ops.ts";
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { backend, type PreNormBlockViews } from "../../backends/backend.ts";

let fastPathEnabled = true;

/** Turns the fused inference paths on or off (on by default), as torch.backends.mha.set_fastpath_enabled. */
export function setFastPathEnabled(on: boolean): void {
  fastPathEnabled = on;
}
export function isFastPathEnabled(): boolean {
  return fastPathEnabled;
}

/** A pre-norm block's parameters as tensors: Conv1D-style (in, out) weights; null where a bias or affine is absent. */
export interface PreNormBlockWeights extends PreNormBlockViews {
  ln1Weight: Tensor | null; ln1Bias: Tensor | null;
  attnWeight: Tensor; attnBias: Tensor | null; projWeight: Tensor; projBias: Tensor | null;
  ln2Weight: Tensor | null; ln2Bias: Tensor | null;
  fcWeight: Tensor; fcBias: Tensor | null; outWeight: Tensor; outBias: Tensor | null;
}

export interface PreNormBlockOptions {
  heads: number;
  eps: number;
  approximate: GeluApproximate;
  /** The layer's key and value buffers (B, heads, capacity, C/heads) and how many positions they already hold. */
  cache?: { keys: Tensor; values: Tensor; past: number } | null;
}

/**
 * x (B, T, C) → x1 + mlp(ln_2(x1)) with x1 = x + attn(ln_1(x)), causal attention of the T new positions over the
 * cached ones and themselves; writes the new keys and values into `cache` at `past`. Null when the fast path does not
 * apply (gradients wanted, fast path off, a backend without the kernel, mixed dtypes): the caller runs its ops.
 */
export function preNormBlockStep(x: Tensor, w: PreNormBlockWeights, opts: PreNormBlockOptions): Tensor | null {
  const be = backend();
  if (!fastPathEnabled || !be.preNormBlockStep || isGradEnabled()) return null;
  const cache = opts.cache ?? null, dtype = x.dtype;
  if (dtype !== "float32" && dtype !== "float64") return null;
  if (cache && (cache.keys.dtype !== dtype || cache.values.dtype !== dtype)) return null;
  // One dtype throughout, and biases and LayerNorm affines as dense runs (the kernel reads them so): else the op path.
  const unfit = (t: Tensor | null) => t !== null && (t.dtype !== dtype || (t.ndim === 1 && t.shape[0] > 1 && t.strides[0] !== 1));
  if ((Object.values(w) as (Tensor | null)[]).some(unfit)) return null;
  if (x.ndim !== 3) throw new RangeError(`preNormBlockStep: x must be (B, T, C), got ${fmtShape(x.shape)}`);
  const xc = x.contiguous();
  const out = be.preNormBlockStep(xc, w, cache, { heads: opts.heads, eps: opts.eps, approximate: opts.approximate }, dtype);
  return fromData(out, x.shape, dtype);
}
