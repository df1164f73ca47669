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
import { backend, PRE_NORM_BLOCK_KEYS, type PreNormBlockViews } from "../../backends/backend.ts";

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

export interface PreNormStackOptions {
  heads: number;
  eps: number;
  approximate: GeluApproximate;
  /** Per layer, its key and value buffers (B, heads, capacity, C/heads); `past` positions are already held in each. */
  caches?: { keys: Tensor; values: Tensor }[] | null;
  past?: number;
}

/**
 * x (B, T, C) → x1 + mlp(ln_2(x1)) with x1 = x + attn(ln_1(x)), causal attention of the T new positions over the
 * cached ones and themselves; writes the new keys and values into `cache` at `past`. Null when the fast path does not
 * apply (gradients wanted, fast path off, a backend without the kernel, mixed dtypes): the caller runs its ops.
 */
export function preNormBlockStep(x: Tensor, w: PreNormBlockWeights, opts: PreNormBlockOptions): Tensor | null {
  const c = opts.cache ?? null;
  return preNormStackStep(x, [w], { ...opts, caches: c && [{ keys: c.keys, values: c.values }], past: c?.past ?? 0 });
}

/**
 * preNormBlockStep through every block of `layers` in turn, in one backend call (a decoding step of a whole GPT-2
 * stack crosses into the addon once): layer l writes its keys and values into caches[l] at `past`. Null where the
 * fast path does not apply, as preNormBlockStep.
 */
export function preNormStackStep(x: Tensor, layers: readonly PreNormBlockWeights[], opts: PreNormStackOptions): Tensor | null {
  const be = backend();
  if (!be.preNormStackStep || !fits(x.dtype, layers, opts, [])) return null;
  if (x.ndim !== 3) throw new RangeError(`preNormBlockStep: x must be (B, T, C), got ${fmtShape(x.shape)}`);
  const out = be.preNormStackStep(x.contiguous(), layers, opts.caches ?? null, opts.past ?? 0, params(opts), x.dtype);
  return fromData(out, x.shape, x.dtype);
}

/** A GPT decoder's parameters: token and position tables (V, C), (P, C), its blocks, ln_f's affine (null: none) and the output head (V, C). */
export interface GptDecoderWeights {
  wte: Tensor; wpe: Tensor; layers: PreNormBlockWeights[]; lnFWeight: Tensor | null; lnFBias: Tensor | null; head: Tensor;
}

/** A GPT decoder prepared once (nn.functional.gptDecoder): each step runs the whole decoder in one backend call. */
export interface GptDecoder {
  /** ids (B, T) int32 after `past` cached positions → hidden (B, T, C) = ln_f(blocks(wte[ids] + wpe[past + t])) and logits (B, T, V) = hidden·headᵀ. */
  step(ids: Tensor, past: number): { hidden: Tensor; logits: Tensor };
  /**
   * Lets go of the weights and caches now: the backend holds them until the decoder is garbage-collected otherwise,
   * which for the native addon is a later turn of the event loop (a synchronous loop of generations would keep them
   * all). Steps after it throw; calling it twice is harmless.
   */
  release(): void;
}

/**
 * A GPT decoder prepared for many steps (a generation loop): its weights and caches are checked and handed to the
 * backend once, and each step is then one backend call with the ids alone; layer l writes its keys and values into
 * caches[l] at the step's `past`. Null where the fast path does not apply, as preNormBlockStep. The weights are
 * read when a step runs, so they must not be replaced (they may change in place) while it is in use.
 */
export function gptDecoder(w: GptDecoderWeights, opts: Omit<PreNormStackOptions, "past">): GptDecoder | null {
  const be = backend(), dtype = w.wte.dtype;
  if (!be.gptDecoder || !fits(dtype, w.layers, opts, [w.wpe, w.lnFWeight, w.lnFBias, w.head])) return null;
  const caches = opts.caches ?? null;
  const runner = be.gptDecoder(w, caches, caches ? caches[0].keys.shape[0] : 0, params(opts), dtype);
  const [V, C] = w.wte.shape;
  let released = false;
  return {
    step(ids: Tensor, past: number) {
      if (released) throw new Error("gptDecoder.step: the decoder was released; prepare a new one with nn.functional.gptDecoder");
      if (ids.dtype !== "int32" || ids.ndim !== 2) throw new TypeError(`gptDecoder.step: ids must be int32 (B, T), got ${ids.dtype} ${fmtShape(ids.shape)}`);
      const [B, T] = ids.shape;
      const [logits, hidden] = runner.step(ids, past);
      return { hidden: fromData(hidden, [B, T, C], dtype), logits: fromData(logits, [B, T, V], dtype) };
    },
    release() {
      released = true;
      runner.release();
    },
  };
}

/**
 * A GPT decoder's whole step in one backend call: hidden = ln_f(blocks(wte[ids] + wpe[past + t])) (B, T, C) and
 * logits = hidden·headᵀ (B, T, V) for int32 ids (B, T), each layer writing its keys and values into caches[l] at
 * `past`. Null where the fast path does not apply, as preNormBlockStep; the caller runs its ops (which give the same
 * numbers: the same kernels in the same order).
 */
export function gptDecoderStep(ids: Tensor, w: GptDecoderWeights, opts: PreNormStackOptions): { hidden: Tensor; logits: Tensor } | null {
  const dec = gptDecoder(w, opts);
  try {
    return dec?.step(ids, opts.past ?? 0) ?? null;
  } finally {
    dec?.release();
  }
}

const params = (o: PreNormStackOptions) => ({ heads: o.heads, eps: o.eps, approximate: o.approximate });

/**
 * Whether the fused kernels apply: fast path on, no gradient wanted, one floating dtype throughout, biases and
 * LayerNorm affines as dense runs (the kernel reads them so), the same optional arrays in every layer. Else the op path.
 */
function fits(dtype: string, layers: readonly PreNormBlockWeights[], opts: PreNormStackOptions, more: readonly (Tensor | null)[]): boolean {
  if (!fastPathEnabled || isGradEnabled() || !layers.length || (dtype !== "float32" && dtype !== "float64")) return false;
  const caches = opts.caches ?? null;
  if (caches && caches.length !== layers.length) throw new RangeError(`preNormStackStep: ${layers.length} layers but ${caches.length} caches`);
  if (caches && caches.some((c) => c.keys.dtype !== dtype || c.values.dtype !== dtype)) return false;
  const unfit = (t: Tensor | null) => t !== null && (t.dtype !== dtype || (t.ndim === 1 && t.shape[0] > 1 && t.strides[0] !== 1));
  if (more.some(unfit)) return false;
  const first = layers[0];
  for (const w of layers)
    for (const k of PRE_NORM_BLOCK_KEYS) if (unfit(w[k]) || (w[k] === null) !== (first[k] === null)) return false;
  return true;
}
