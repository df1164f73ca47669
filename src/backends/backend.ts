/**
 * @file The kernel interface every backend implements, and the registry that picks one.
 * Kernels receive strided views (any strides, including 0 and negative) and return fresh
 * contiguous arrays; the op layer has already checked shapes, dtypes and broadcasting.
 */
import type { DType, TypedArray } from "../core/dtype.ts";
import type { BinaryOp, UnaryOp, ReduceOp, ArgReduceOp, ConvParams, PoolParams, WindowParams, GeluApproximate } from "../core/ops.ts";
import type { PhiloxStream } from "../core/random.ts";
import type { FusedOptimizerKernels } from "./fused-optim.ts";

/** A strided window on a typed array: element (i0, i1, …) is data[offset + Σ ik·strides[k]]. */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

export interface Backend {
  readonly name: string;
  /** The most dims a view handed to a kernel may have (the native addon's 32); no limit where absent. */
  readonly maxDims?: number;
  /** Row-major contiguous copy of `x`, converted to `dtype`. */
  copy(x: View, dtype: DType): TypedArray;
  /** f(x) element-wise into `dtype`. */
  unary(op: UnaryOp, x: View, dtype: DType): TypedArray;
  /** Element-wise min(max(x, min), max) (so max where min > max, as torch.clamp); a null bound is open. NaN stays NaN. */
  clamp(x: View, min: number | null, max: number | null, dtype: DType): TypedArray;
  /** f(a, b) element-wise; `a` and `b` have the same (already broadcast) shape. */
  binary(op: BinaryOp, a: View, b: View, dtype: DType): TypedArray;
  /** cond ? a : b element-wise; all three have the same (already broadcast) shape. */
  where(cond: View, a: View, b: View, dtype: DType): TypedArray;
  /** Reduces the sorted `dims` away; the result has the remaining dims in order. */
  reduce(op: ReduceOp, x: View, dims: readonly number[], dtype: DType): TypedArray;
  /** Index of the first max/min along `dim` (NaN counts as the extreme), the dim removed. */
  argReduce(op: ArgReduceOp, x: View, dim: number): Int32Array;
  /** Running sum along `dim`. */
  cumsum(x: View, dim: number, dtype: DType): TypedArray;
  /** Copy of `x` inside a border of `value`: widths[d] = [before, after], negative crops. */
  pad(x: View, widths: readonly (readonly [number, number])[], value: number, dtype: DType): TypedArray;
  /** Concatenation along `dim`; the inputs agree on every other dim. */
  cat(xs: readonly View[], dim: number, dtype: DType): TypedArray;
  /** out[…i_dim…] = x[…index[…]…]; out has index's shape. `op` names the caller in errors. */
  gather(x: View, dim: number, index: View, op: string): TypedArray;
  /** Copy of x with src written (or added, `accumulate`) at index along dim. */
  scatter(x: View, dim: number, index: View, src: View, accumulate: boolean, op: string): TypedArray;
  /** x with dim replaced by the 1-D `index` selection. */
  indexSelect(x: View, dim: number, index: View, op: string): TypedArray;
  /** Copy of x with src's slices added at positions index along dim. */
  indexAdd(x: View, dim: number, index: View, src: View, op: string): TypedArray;
  /** (B, M, K) @ (B, K, N) → (B, M, N), inputs with any strides. */
  matmul(a: View, b: View, dtype: DType): TypedArray;
  /** Patches of x (N, C, H, W) as columns: (C·kH·kW, N·OH·OW), zero outside the image (convolution is the weights times this). */
  im2col(x: View, p: WindowParams, dtype: DType): TypedArray;
  /** The adjoint of im2col: cols (C·kH·kW, N·OH·OW) summed back onto an image of p.imageShape (N, C, H, W). */
  col2im(cols: View, p: WindowParams & { imageShape: readonly number[] }, dtype: DType): TypedArray;
  /** x (N, C, H, W) ⋆ w (O, C/groups, kH, kW) [+ bias (O)] → dense (N, O, OH, OW): cross-correlation, as PyTorch's conv2d. */
  conv2d(x: View, w: View, bias: View | null, p: ConvParams, dtype: DType): TypedArray;
  /** conv2d's gradient in its input: g (N, O, OH, OW) and w → dense imageShape (N, C, H, W). */
  conv2dInputGrad(g: View, w: View, p: ConvParams, imageShape: readonly number[], dtype: DType): TypedArray;
  /** conv2d's gradient in its weight: g (N, O, OH, OW) and x (N, C, H, W) → dense weightShape (O, C/groups, kH, kW). */
  conv2dWeightGrad(g: View, x: View, p: ConvParams, weightShape: readonly number[], dtype: DType): TypedArray;
  /** Per pooling window of x (N, C, H, W), the flat index h·W + w of its maximum (the first maximum; the last NaN) → (N, C, OH, OW). */
  maxPool2dIndices(x: View, p: PoolParams): Int32Array;
  /** The maximum of each pooling window (`dtype`, x's) and its index as maxPool2dIndices, in one pass: [values, indices]. */
  maxPool2d(x: View, p: PoolParams, dtype: DType): [TypedArray, Int32Array];
  /** out[n, c, o] = x[n, c] at flat plane position index[n, c, o] (h·W + w): x (N, C, H, W), int32 index (N, C, OH, OW) → (N, C, OH, OW). */
  planeGather(x: View, index: View, dtype: DType): TypedArray;
  /** The adjoint of planeGather: zeros of imageShape (N, C, H, W), each g[n, c, o] added at plane position index[n, c, o] (float64 sums, in order). */
  planeScatterAdd(g: View, index: View, imageShape: readonly number[], dtype: DType): TypedArray;
  // Fused neural-network kernels: inputs of one floating dtype (`dtype`), any strides, same shape unless said.
  /**
   * Softmax of x along `dim` (log-softmax when `log`), each line shifted by its maximum; a NaN, +∞ or all −∞ line gives NaN.
   * causalRows L > 0 (dim the last): line r sees its first (r mod L) + 1 elements only, the rest 0 (−∞ for log).
   */
  softmax(x: View, dim: number, log: boolean, dtype: DType, causalRows?: number): TypedArray;
  /** Gradient of softmax from its output y: y·(g − Σ g·y) along dim; of log-softmax (`log`): g − exp(y)·Σ g. */
  softmaxBackward(g: View, y: View, dim: number, log: boolean, dtype: DType): TypedArray;
  /** x·Φ(x), Φ exact (erf) or the tanh formula. */
  gelu(x: View, approximate: GeluApproximate, dtype: DType): TypedArray;
  /** g·gelu'(x). */
  geluBackward(g: View, x: View, approximate: GeluApproximate, dtype: DType): TypedArray;
  /** ReLU's gradient from its output (PyTorch's threshold_backward): y ≤ 0 ? 0 : g, so NaN in y passes g. */
  reluBackward(g: View, y: View, dtype: DType): TypedArray;
  /** Each row of the last `size` elements normalised: (x − mean)·rstd, rstd = 1/√(biased var + eps), times weight plus bias (null: none; both of `size` elements). */
  layerNorm(x: View, weight: View | null, bias: View | null, size: number, eps: number, dtype: DType): TypedArray;
  /** Layer norm's gradient in x per row: rstd·(G − mean(G) − x̂·mean(G·x̂)) with G = g·weight (g when weight is null). */
  layerNormBackward(g: View, x: View, weight: View | null, size: number, eps: number, dtype: DType): TypedArray;
  /** Σ over the rows of g·x̂: the `size` elements of layer norm's weight gradient. */
  layerNormWeightGrad(g: View, x: View, size: number, eps: number, dtype: DType): TypedArray;
  /**
   * Scaled dot-product attention of 4-D views q (B, H, L, E), k (B, H, S, E), v (B, H, S, Ev) → dense (B, H, L, Ev):
   * softmax(q·kᵀ·scale + mask)·v, mask null or (B, H, L, S) (bool: true = the key is seen; else `dtype`, added);
   * `causal`: query i sees keys 0..i. A query that sees no key (every score −∞) gets zeros.
   */
  attention(q: View, k: View, v: View, mask: View | null, causal: boolean, scale: number, dtype: DType): TypedArray;
  // Fused LSTM cell (i, f, g, o gate order): xp, hp, bias (B, 4H) (bias null or broadcast), c (B, H), any strides.
  /** One step → dense (2, B, H) = [h', c'] with a = xp + hp + bias, c' = σ(a_f)·c + σ(a_i)·tanh(a_g), h' = σ(a_o)·tanh(c'). */
  lstmCell(xp: View, hp: View, c: View, bias: View | null, dtype: DType): TypedArray;
  /** Its gradient from dY (2, B, H) = [dh', dc'] → dense (B, 5H) = [d a (B, 4H) | d c (B, H)]. */
  lstmCellBackward(dy: View, xp: View, hp: View, c: View, bias: View | null, dtype: DType): TypedArray;
  /** T steps of lstmCell with hp = h·W_hhᵀ: xp (T, B, 4H) (biases included), h0, c0 (B, H), W_hh (4H, H) → dense (2, T+1, B, H) = [h_0..h_T, c_0..c_T]. */
  lstmSequence(xp: View, h0: View, c0: View, whh: View, dtype: DType): TypedArray;
  /** Its gradient from g (2, T+1, B, H) and its output y → dense [d xp (T·B·4H) | d h0 (B·H) | d c0 (B·H) | d W_hh (4H·H)]. */
  lstmSequenceBackward(g: View, xp: View, whh: View, y: View, dtype: DType): TypedArray;
  /** n uniforms in [0, 1) from a reserved Philox stream, bit for bit src/core/random.ts's philoxUniform. */
  uniform(stream: PhiloxStream, n: number, dtype: "float32" | "float64"): TypedArray;
  /** into[i] += g[i] in place: `into` a dense array of g's shape and dtype that nothing else reads (backward's gradient sums). */
  accumulate(into: TypedArray, g: View): void;
  /** Fused optimizer steps on dense runs, when the backend has them (src/optim's own loops otherwise). */
  readonly optimizerSteps?: FusedOptimizerKernels;
  /**
   * A stack of pre-norm transformer blocks (GPT-2's) in one call, for inference, when the backend has it (the blocks
   * run op by op otherwise): x (B, T, C) through each layer in turn → dense (B, T, C); layer l's new keys and values
   * are written into caches[l] at `past` (the same for every layer). All `dtype`.
   */
  preNormStackStep?(x: View, layers: readonly PreNormBlockViews[], caches: readonly BlockCacheViews[] | null, past: number, p: PreNormBlockParams, dtype: DType): TypedArray;
  /**
   * A GPT decoder prepared once for many steps, when the backend has it: each step maps int32 ids (B, T) after `past`
   * positions to [logits = hidden·headᵀ (B, T, V), hidden = ln_f(blocks(wte[ids] + wpe[past + t])) (B, T, C)], every
   * layer writing its keys and values into caches[l] (of `batch` rows) at `past`, all in one call.
   */
  gptDecoder?(w: GptDecoderViews, caches: readonly BlockCacheViews[] | null, batch: number, p: PreNormBlockParams, dtype: DType): GptDecoderRunner;
}

/** The arrays of a pre-norm block, in the order the native addon reads them. */
export const PRE_NORM_BLOCK_KEYS = [
  "ln1Weight", "ln1Bias", "attnWeight", "attnBias", "projWeight", "projBias", "ln2Weight", "ln2Bias", "fcWeight", "fcBias", "outWeight", "outBias",
] as const satisfies readonly (keyof PreNormBlockViews)[];

/** A pre-norm block's weights: Conv1D-style (in, out) matrices; null where a bias or LayerNorm affine is absent. */
export interface PreNormBlockViews {
  ln1Weight: View | null; ln1Bias: View | null;
  attnWeight: View; attnBias: View | null; projWeight: View; projBias: View | null;
  ln2Weight: View | null; ln2Bias: View | null;
  fcWeight: View; fcBias: View | null; outWeight: View; outBias: View | null;
}
/** A GPT decoder's weights: token and position tables (V, C), (P, C), its blocks, ln_f's affine (null: none) and the head (V, C). */
export interface GptDecoderViews {
  wte: View; wpe: View; layers: readonly PreNormBlockViews[]; lnFWeight: View | null; lnFBias: View | null; head: View;
}
/** A prepared GPT decoder's step: [logits, hidden] for ids after `past` positions. */
export interface GptDecoderRunner {
  step(ids: View, past: number): [TypedArray, TypedArray];
  /** Drops the backend's references to the weights and caches now (not when the runner is garbage-collected); no step after it. */
  release(): void;
}
/** A layer's key and value buffers (B, H, capacity, C/H). */
export interface BlockCacheViews { keys: View; values: View }
export interface PreNormBlockParams { heads: number; eps: number; approximate: GeluApproximate }

const registry = new Map<string, Backend>();
let current: Backend | null = null;

export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
  current ??= b;
}

/** The backend ops run on now. */
export function backend(): Backend {
  if (!current) throw new Error("lernwerk: no backend registered");
  return current;
}

/** Refuses views of more dims than the current backend's kernels take, naming the op and the shape. */
export function checkBackendDims(op: string, xs: readonly { readonly shape: readonly number[] }[]): void {
  const limit = current?.maxDims;
  if (limit === undefined) return;
  for (const x of xs) {
    if (x.shape.length > limit) {
      throw new RangeError(`${op}: the ${current!.name} backend handles at most ${limit} dims, got shape [${x.shape.join(", ")}] (${x.shape.length} dims); use fewer dims or lw.setBackend("js")`);
    }
  }
}

/** Chooses the backend by name ("js", later "native"). */
export function setBackend(name: string): void {
  const b = registry.get(name);
  if (!b) throw new Error(`setBackend: unknown backend "${name}"; available: ${[...registry.keys()].join(", ")}`);
  current = b;
}

export function listBackends(): string[] {
  return [...registry.keys()];
}
