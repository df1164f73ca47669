/**
 * @file The primitive vocabulary: every op autograd knows. Each has a forward entry
 * (core/forward.ts) and a gradient rule (core/grad-rules.ts); everything else is a composite.
 */
import type { DType } from "./dtype.ts";

export enum Op {
  // element-wise, one input
  Neg = "neg", Abs = "abs", Exp = "exp", Log = "log", Log1p = "log1p", Sqrt = "sqrt", Rsqrt = "rsqrt",
  Sin = "sin", Cos = "cos", Tanh = "tanh", Sigmoid = "sigmoid", Relu = "relu", Erf = "erf",
  Sign = "sign", Floor = "floor", Ceil = "ceil", Round = "round", LogicalNot = "logical_not",
  Clamp = "clamp", Cast = "cast",
  // element-wise, two inputs, broadcasting
  Add = "add", Sub = "sub", Mul = "mul", Div = "div", Pow = "pow", Maximum = "maximum", Minimum = "minimum",
  Eq = "eq", Ne = "ne", Lt = "lt", Le = "le", Gt = "gt", Ge = "ge",
  LogicalAnd = "logical_and", LogicalOr = "logical_or", LogicalXor = "logical_xor",
  // element-wise, three inputs
  Where = "where",
  // reductions
  Sum = "sum", Prod = "prod", Amax = "amax", Amin = "amin", Argmax = "argmax", Argmin = "argmin", Cumsum = "cumsum",
  // views (no copy)
  Reshape = "reshape", Permute = "permute", Expand = "expand", Slice = "slice",
  // movement with a copy
  Contiguous = "contiguous", Flip = "flip", Pad = "pad", Cat = "cat",
  // indexing
  Gather = "gather", Scatter = "scatter", ScatterAdd = "scatter_add", IndexSelect = "index_select", IndexAdd = "index_add",
  // linear algebra: (B, M, K) @ (B, K, N)
  MatMul = "matmul",
  // sliding windows of (N, C, H, W): patches as columns (average pooling sums them), its adjoint, and max pooling's argmax
  Im2Col = "im2col", Col2Im = "col2im", MaxPool2dIndices = "max_pool2d_indices",
  // convolution in one primitive (per-image patches times the weights) and its gradients in the input and the weight
  Conv2d = "conv2d", Conv2dInputGrad = "conv2d_input_grad", Conv2dWeightGrad = "conv2d_weight_grad",
  // fused CNN gradients: ReLU's (PyTorch's threshold_backward); a gather within each (n, c) plane (max pooling's values at its argmax) and its adjoint
  ReluBackward = "relu_backward", PlaneGather = "plane_gather", PlaneScatterAdd = "plane_scatter_add",
  // fused neural-network functions (one pass per row or element) and their gradients, themselves differentiable
  Softmax = "softmax", LogSoftmax = "log_softmax", SoftmaxBackward = "softmax_backward", LogSoftmaxBackward = "log_softmax_backward",
  Gelu = "gelu", GeluBackward = "gelu_backward",
  LayerNorm = "layer_norm", LayerNormBackward = "layer_norm_backward", LayerNormWeightGrad = "layer_norm_weight_grad",
  // fused scaled dot-product attention (its gradient is a composite that recomputes the weights)
  Attention = "attention",
  // fused recurrent cells: one LSTM step from its pre-activation gates, and its gradient
  LstmCell = "lstm_cell", LstmCellBackward = "lstm_cell_backward",
  // a whole LSTM sequence (nn.LSTM's fast path) and its gradient
  LstmSequence = "lstm_sequence", LstmSequenceBackward = "lstm_sequence_backward",
}

export const UNARY_OPS = [
  Op.Neg, Op.Abs, Op.Exp, Op.Log, Op.Log1p, Op.Sqrt, Op.Rsqrt, Op.Sin, Op.Cos, Op.Tanh, Op.Sigmoid,
  Op.Relu, Op.Erf, Op.Sign, Op.Floor, Op.Ceil, Op.Round, Op.LogicalNot,
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

export const BINARY_OPS = [
  Op.Add, Op.Sub, Op.Mul, Op.Div, Op.Pow, Op.Maximum, Op.Minimum,
  Op.Eq, Op.Ne, Op.Lt, Op.Le, Op.Gt, Op.Ge, Op.LogicalAnd, Op.LogicalOr, Op.LogicalXor,
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type ReduceOp = Op.Sum | Op.Prod | Op.Amax | Op.Amin;
export type ArgReduceOp = Op.Argmax | Op.Argmin;

type NoParams = Record<string, never>;
type UnaryParams = { [K in UnaryOp]: NoParams };
type BinaryParams = { [K in BinaryOp]: NoParams };

/** Geometry of the sliding windows of a 2-D convolution: per spatial dim (H, W) a kernel size, stride, [before, after] zero padding, dilation. */
export interface WindowParams {
  kernelSize: [number, number];
  stride: [number, number];
  padding: [[number, number], [number, number]];
  dilation: [number, number];
}

/** A 2-D convolution's windows and its groups (input and output channels split into `groups` independent parts). */
export interface ConvParams extends WindowParams {
  groups: number;
}

/** Geometry of 2-D max pooling; padding counts as -∞, ceilMode rounds the output size up as PyTorch. */
export interface PoolParams {
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
}

/** GELU's Φ: the exact normal CDF (erf) or GPT-2's tanh formula. */
export type GeluApproximate = "none" | "tanh";

/** Layer norm over the trailing `normalizedShape` dims: biased variance, eps inside the square root (as PyTorch). */
export interface LayerNormParams {
  normalizedShape: number[];
  eps: number;
}

/** The parameters of each primitive. */
export interface OpParams extends UnaryParams, BinaryParams {
  [Op.Clamp]: { min: number | null; max: number | null };
  [Op.Cast]: { dtype: DType };
  [Op.Where]: NoParams;
  [Op.Sum]: { dims: number[]; keepdim: boolean };
  [Op.Prod]: { dims: number[]; keepdim: boolean };
  [Op.Amax]: { dims: number[]; keepdim: boolean };
  [Op.Amin]: { dims: number[]; keepdim: boolean };
  [Op.Argmax]: { dim: number; keepdim: boolean };
  [Op.Argmin]: { dim: number; keepdim: boolean };
  [Op.Cumsum]: { dim: number };
  [Op.Reshape]: { shape: number[] };
  [Op.Permute]: { perm: number[] };
  [Op.Expand]: { shape: number[] };
  /** Per dim: start, number of elements taken, step (≥ 1). */
  [Op.Slice]: { starts: number[]; sizes: number[]; steps: number[] };
  [Op.Contiguous]: NoParams;
  [Op.Flip]: { dims: number[] };
  /** Per dim: [before, after]; negative values crop. */
  [Op.Pad]: { widths: [number, number][]; value: number };
  [Op.Cat]: { dim: number };
  [Op.Gather]: { dim: number };
  [Op.Scatter]: { dim: number };
  [Op.ScatterAdd]: { dim: number };
  [Op.IndexSelect]: { dim: number };
  [Op.IndexAdd]: { dim: number };
  [Op.MatMul]: NoParams;
  /** (N, C, H, W) → (C·kH·kW, N·OH·OW): column (n, oh, ow) is the zero-padded patch under that output position. */
  [Op.Im2Col]: WindowParams;
  /** The adjoint of Im2Col: every patch entry is added back onto the pixel it came from, giving `imageShape` (N, C, H, W). */
  [Op.Col2Im]: WindowParams & { imageShape: [number, number, number, number] };
  /** (x (N, C, H, W), w (O, C/groups, kH, kW)[, bias (O)]) → (N, O, OH, OW): cross-correlation, as torch.nn.functional.conv2d. */
  [Op.Conv2d]: ConvParams;
  /** (g (N, O, OH, OW), w) → imageShape (N, C, H, W): Conv2d's gradient in its input, the windows' Wᵀ·g summed onto their pixels. */
  [Op.Conv2dInputGrad]: ConvParams & { imageShape: [number, number, number, number] };
  /** (g (N, O, OH, OW), x (N, C, H, W)) → weightShape (O, C/groups, kH, kW): Conv2d's gradient in its weight, Σ g·patchesᵀ. */
  [Op.Conv2dWeightGrad]: ConvParams & { weightShape: [number, number, number, number] };
  /** Flat index (h·W + w) of the maximum of each pooling window of (N, C, H, W). */
  [Op.MaxPool2dIndices]: PoolParams;
  /** (g, y = relu(x)) → y ≤ 0 ? 0 : g (NaN passes g). */
  [Op.ReluBackward]: NoParams;
  /** (x (N, C, H, W), int32 index (N, C, OH, OW)) → x[n, c] at the flat position index[n, c, o] = h·W + w of its plane. */
  [Op.PlaneGather]: NoParams;
  /** (g (N, C, OH, OW), int32 index of the same shape) → zeros of imageShape (N, C, H, W) with each g added at its plane position. */
  [Op.PlaneScatterAdd]: { imageShape: [number, number, number, number] };
  /** exp(x − max) / Σ exp(x − max) along dim (x has at least one dim). */
  /** causal (dim the last of a (…, L, S) input): row i keeps columns 0..i and is 0 past them, a top-left causal mask applied in the kernel. */
  [Op.Softmax]: { dim: number; causal?: boolean };
  /** x − max − log Σ exp(x − max) along dim. */
  [Op.LogSoftmax]: { dim: number };
  /** (g, y = softmax) → y·(g − Σ g·y) along dim. */
  [Op.SoftmaxBackward]: { dim: number };
  /** (g, y = logSoftmax) → g − exp(y)·Σ g along dim. */
  [Op.LogSoftmaxBackward]: { dim: number };
  /** x·Φ(x). */
  [Op.Gelu]: { approximate: GeluApproximate };
  /** (g, x) → g·gelu'(x). */
  [Op.GeluBackward]: { approximate: GeluApproximate };
  /** (x[, weight[, bias]]) → (x − mean)·rstd·weight + bias per row of the trailing normalizedShape. */
  [Op.LayerNorm]: LayerNormParams;
  /** (g, x[, weight]) → the gradient in x of layer norm: rstd·(G − mean(G) − x̂·mean(G·x̂)), G = g·weight. */
  [Op.LayerNormBackward]: LayerNormParams;
  /** (g, x) → Σ over rows of g·x̂, of shape normalizedShape (the weight's gradient). */
  [Op.LayerNormWeightGrad]: LayerNormParams;
  /**
   * (q (B, H, L, E), k (B, H, S, E), v (B, H, S, Ev)[, mask broadcastable to (B, H, L, S)]) → (B, H, L, Ev):
   * softmax(q·kᵀ·scale + mask)·v; a bool mask keeps the keys where it is true, a float one is added; `causal`: query
   * i sees keys 0..i (top-left). A query that sees no key gets zeros.
   */
  [Op.Attention]: { scale: number; causal: boolean };
  /** (xp, hp, c[, bias]) → (2, B, H) = [h', c']: gates a = xp + hp + bias (B, 4H) in order i, f, g, o, c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). */
  [Op.LstmCell]: NoParams;
  /** (dY (2, B, H), xp, hp, c[, bias]) → (B, 5H) = [d gates (B, 4H) | d c (B, H)]: the gradient of LstmCell. */
  [Op.LstmCellBackward]: NoParams;
  /** (xp (T, B, 4H) with the biases, h0, c0 (B, H), W_hh (4H, H)) → (2, T+1, B, H) = [h_0..h_T, c_0..c_T]: LstmCell over T steps with hp = h·W_hhᵀ. */
  [Op.LstmSequence]: NoParams;
  /** (g (2, T+1, B, H), xp, W_hh, y = LstmSequence's output) → flat [d xp | d h0 | d c0 | d W_hh]: its gradient (no double backward). */
  [Op.LstmSequenceBackward]: NoParams;
}

/** Primitives whose output never carries a gradient (integer or boolean results). */
export const NON_DIFFERENTIABLE = new Set<Op>([
  Op.LogicalNot, Op.Eq, Op.Ne, Op.Lt, Op.Le, Op.Gt, Op.Ge,
  Op.LogicalAnd, Op.LogicalOr, Op.LogicalXor, Op.Argmax, Op.Argmin, Op.MaxPool2dIndices,
]);
