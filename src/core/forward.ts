/**
 * @file The forward table: how each primitive computes its output. Views only rewrite
 * shape/strides/offset; every other op calls the active backend's kernel. Inputs arrive
 * validated (ops layer) and already promoted; binary inputs are broadcast here.
 */
import { type DType, type TypedArray, assertNotBool, isFloat, promoteTypes } from "./dtype.ts";
import { Op, UNARY_OPS, BINARY_OPS, type OpParams, type UnaryOp, type BinaryOp } from "./ops.ts";
import { broadcastShapes, numelOf, shapeEquals } from "./shape.ts";
import { Storage, Tensor } from "./tensor.ts";
import { viewStrides } from "./views.ts";
import { poolOutShape, windowGrid } from "./conv-geometry.ts";
import { backend, checkBackendDims } from "../backends/backend.ts";
import { cnnForward } from "./forward-cnn.ts";
import { promotedViews } from "./promoted-views.ts";
import { rnnForward } from "./forward-rnn.ts";

export function fromData(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(new Storage(data), shape, dtype);
}

/** A view of `x` with a new shape/strides/offset on the same storage. */
export function view(x: Tensor, shape: readonly number[], strides: readonly number[], offset = x.offset): Tensor {
  return new Tensor(x.storage, shape, x.dtype, strides, offset);
}

/** x broadcast to `shape` as a stride-0 view (no copy, no graph). */
export function broadcastView(x: Tensor, shape: readonly number[]): Tensor {
  if (shapeEquals(x.shape, shape)) return x;
  const lead = shape.length - x.ndim;
  const strides = shape.map((s, i) => {
    const d = i - lead;
    return d < 0 || x.shape[d] !== s ? 0 : x.strides[d];
  });
  return view(x, shape, strides);
}

// Unary ops that keep integer dtypes; the rest compute in floating point.
const INT_PRESERVING = new Set<Op>([Op.Neg, Op.Abs, Op.Sign, Op.Floor, Op.Ceil, Op.Round, Op.Relu]);
const COMPARISONS = new Set<Op>([Op.Eq, Op.Ne, Op.Lt, Op.Le, Op.Gt, Op.Ge, Op.LogicalAnd, Op.LogicalOr, Op.LogicalXor]);

export function unaryDType(op: UnaryOp, x: DType): DType {
  if (op === Op.LogicalNot) return "bool";
  if (isFloat(x)) return x;
  if (INT_PRESERVING.has(op)) return x === "bool" && op !== Op.Abs ? "int32" : x;
  return "float32";
}

/** torch.result_type for two tensors: 0-d tensors only raise the category, like Python scalars. */
export function resultType(a: Tensor, b: Tensor): DType {
  if ((a.ndim === 0) === (b.ndim === 0)) return promoteTypes(a.dtype, b.dtype);
  const [dim, zero] = a.ndim === 0 ? [b.dtype, a.dtype] : [a.dtype, b.dtype];
  const cat = (d: DType) => (isFloat(d) ? 2 : d === "int32" ? 1 : 0);
  if (cat(zero) <= cat(dim)) return dim;
  return zero === "float64" ? "float32" : zero === "float32" ? "float32" : "int32";
}

export function binaryDType(op: BinaryOp, a: Tensor, b: Tensor): DType {
  if (COMPARISONS.has(op)) return "bool";
  const t = resultType(a, b);
  if (op === Op.Div) return isFloat(t) ? t : "float32";
  if (t === "bool" && op !== Op.Maximum && op !== Op.Minimum) return "int32";
  return t;
}

export function reduceDType(op: Op, x: DType): DType {
  return (op === Op.Sum || op === Op.Prod) && !isFloat(x) ? "int32" : x;
}

const keptShape = (shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] =>
  keepdim ? shape.map((s, i) => (dims.includes(i) ? 1 : s)) : shape.filter((_, i) => !dims.includes(i));

type Forward<K extends Op> = (inputs: Tensor[], p: OpParams[K]) => Tensor;
type UnaryForward = { [K in UnaryOp]: Forward<K> };
type BinaryForward = { [K in BinaryOp]: Forward<K> };

const unary = (op: UnaryOp): Forward<UnaryOp> => ([x]) => {
  const dtype = unaryDType(op, x.dtype);
  return fromData(backend().unary(op, x, dtype), x.shape, dtype);
};

const binary = (op: BinaryOp): Forward<BinaryOp> => ([a, b]) => {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const dtype = binaryDType(op, a, b);
  return fromData(backend().binary(op, broadcastView(a, shape), broadcastView(b, shape), dtype), shape, dtype);
};

const reduce = (op: Op.Sum | Op.Prod | Op.Amax | Op.Amin): Forward<typeof op> => ([x], { dims, keepdim }) => {
  const dtype = reduceDType(op, x.dtype);
  return fromData(backend().reduce(op, x, dims, dtype), keptShape(x.shape, dims, keepdim), dtype);
};

const argReduce = (op: Op.Argmax | Op.Argmin): Forward<typeof op> => ([x], { dim, keepdim }) =>
  fromData(backend().argReduce(op, x, dim), keptShape(x.shape, [dim], keepdim), "int32");

const unaryTable = Object.fromEntries(UNARY_OPS.map((op) => [op, unary(op)])) as UnaryForward;
const binaryTable = Object.fromEntries(BINARY_OPS.map((op) => [op, binary(op)])) as BinaryForward;

export const forward: { [K in Op]: Forward<K> } = {
  ...unaryTable,
  ...binaryTable,
  [Op.Clamp]: ([x], { min, max }) => fromData(backend().clamp(x, min, max, x.dtype), x.shape, x.dtype),
  [Op.Cast]: ([x], { dtype }) => fromData(backend().copy(x, dtype), x.shape, dtype),
  [Op.Where]: ([c, a, b]) => {
    const shape = broadcastShapes("where", c.shape, a.shape, b.shape);
    const dtype = resultType(a, b);
    const k = backend().where(broadcastView(c, shape), broadcastView(a, shape), broadcastView(b, shape), dtype);
    return fromData(k, shape, dtype);
  },
  [Op.Sum]: reduce(Op.Sum),
  [Op.Prod]: reduce(Op.Prod),
  [Op.Amax]: reduce(Op.Amax),
  [Op.Amin]: reduce(Op.Amin),
  [Op.Argmax]: argReduce(Op.Argmax),
  [Op.Argmin]: argReduce(Op.Argmin),
  [Op.Cumsum]: ([x], { dim }) => {
    const dtype = reduceDType(Op.Sum, x.dtype);
    return fromData(backend().cumsum(x, dim, dtype), x.shape, dtype);
  },
  [Op.Reshape]: ([x], { shape }) => {
    const strides = viewStrides(x.shape, x.strides, shape);
    if (strides) return view(x, shape, strides);
    checkBackendDims("reshape", [x]);
    return fromData(backend().copy(x, x.dtype), shape, x.dtype);
  },
  [Op.Permute]: ([x], { perm }) => view(x, perm.map((p) => x.shape[p]), perm.map((p) => x.strides[p])),
  [Op.Expand]: ([x], { shape }) => broadcastView(x, shape),
  [Op.Slice]: ([x], { starts, sizes, steps }) => {
    const offset = x.offset + starts.reduce((acc, s, d) => acc + s * x.strides[d], 0);
    return view(x, sizes, x.strides.map((s, d) => s * steps[d]), offset);
  },
  [Op.Contiguous]: ([x]) => fromData(backend().copy(x, x.dtype), x.shape, x.dtype),
  [Op.Flip]: ([x], { dims }) => {
    // Copy of a view that walks the flipped dims backwards.
    const offset = dims.reduce((acc, d) => acc + Math.max(x.shape[d] - 1, 0) * x.strides[d], x.offset);
    const strides = x.strides.map((s, d) => (dims.includes(d) ? -s : s));
    return fromData(backend().copy(view(x, x.shape, strides, offset), x.dtype), x.shape, x.dtype);
  },
  [Op.Pad]: ([x], { widths, value }) =>
    fromData(backend().pad(x, widths, value, x.dtype), x.shape.map((s, d) => s + widths[d][0] + widths[d][1]), x.dtype),
  [Op.Cat]: (xs, { dim }) => {
    const shape = [...xs[0].shape];
    shape[dim] = xs.reduce((acc, x) => acc + x.shape[dim], 0);
    return fromData(backend().cat(xs, dim, xs[0].dtype), shape, xs[0].dtype);
  },
  [Op.Gather]: ([x, index], { dim }) => fromData(backend().gather(x, dim, index, "gather"), index.shape, x.dtype),
  [Op.Scatter]: ([x, index, src], { dim }) =>
    fromData(backend().scatter(x, dim, index, src, false, "scatter"), x.shape, x.dtype),
  [Op.ScatterAdd]: ([x, index, src], { dim }) =>
    fromData(backend().scatter(x, dim, index, src, true, "scatterAdd"), x.shape, x.dtype),
  [Op.IndexSelect]: ([x, index], { dim }) => {
    const shape = x.shape.map((s, d) => (d === dim ? numelOf(index.shape) : s));
    return fromData(backend().indexSelect(x, dim, index, "indexSelect"), shape, x.dtype);
  },
  [Op.IndexAdd]: ([x, index, src], { dim }) =>
    fromData(backend().indexAdd(x, dim, index, src, "indexAdd"), x.shape, x.dtype),
  [Op.MatMul]: ([a, b]) => {
    const dtype = promoteTypes(a.dtype, b.dtype);
    assertNotBool(dtype, "matmul");
    return fromData(backend().matmul(a, b, dtype), [a.shape[0], a.shape[1], b.shape[2]], dtype);
  },
  [Op.Im2Col]: ([x], p) => {
    const [N, C, H, W] = x.shape, [OH, OW] = windowGrid([H, W], p);
    return fromData(backend().im2col(x, p, x.dtype), [C * p.kernelSize[0] * p.kernelSize[1], N * OH * OW], x.dtype);
  },
  [Op.Col2Im]: ([cols], p) => fromData(backend().col2im(cols, p, cols.dtype), p.imageShape, cols.dtype),
  [Op.MaxPool2dIndices]: ([x], p) =>
    fromData(backend().maxPool2dIndices(x, p), [x.shape[0], x.shape[1], ...poolOutShape(x.shape.slice(2), p)], "int32"),
  ...cnnForward,
  [Op.Softmax]: ([x], { dim, causal }) => fromData(backend().softmax(x, dim, false, x.dtype, causal ? x.shape[x.ndim - 2] : 0), x.shape, x.dtype),
  [Op.LogSoftmax]: ([x], { dim }) => fromData(backend().softmax(x, dim, true, x.dtype), x.shape, x.dtype),
  [Op.SoftmaxBackward]: (inputs, { dim }) => {
    const [[g, y], dtype] = promotedViews(inputs);
    return fromData(backend().softmaxBackward(g, y, dim, false, dtype), y.shape, dtype);
  },
  [Op.LogSoftmaxBackward]: (inputs, { dim }) => {
    const [[g, y], dtype] = promotedViews(inputs);
    return fromData(backend().softmaxBackward(g, y, dim, true, dtype), y.shape, dtype);
  },
  [Op.Gelu]: ([x], { approximate }) => fromData(backend().gelu(x, approximate, x.dtype), x.shape, x.dtype),
  [Op.GeluBackward]: (inputs, { approximate }) => {
    const [[g, x], dtype] = promotedViews(inputs);
    return fromData(backend().geluBackward(g, x, approximate, dtype), x.shape, dtype);
  },
  [Op.LayerNorm]: (inputs, { normalizedShape, eps }) => {
    const [[x, w, b], dtype] = promotedViews(inputs);
    return fromData(backend().layerNorm(x, w ?? null, b ?? null, numelOf(normalizedShape), eps, dtype), x.shape, dtype);
  },
  [Op.LayerNormBackward]: (inputs, { normalizedShape, eps }) => {
    const [[g, x, w], dtype] = promotedViews(inputs);
    return fromData(backend().layerNormBackward(g, x, w ?? null, numelOf(normalizedShape), eps, dtype), x.shape, dtype);
  },
  [Op.LayerNormWeightGrad]: (inputs, { normalizedShape, eps }) => {
    const [[g, x], dtype] = promotedViews(inputs);
    return fromData(backend().layerNormWeightGrad(g, x, numelOf(normalizedShape), eps, dtype), normalizedShape, dtype);
  },
  [Op.Attention]: ([q0, k0, v0, m], { scale, causal }) => {
    const [[q, k, v], dtype] = promotedViews([q0, k0, v0]);
    const shape = [q.shape[0], q.shape[1], q.shape[2], v.shape[3]];
    const mask = m ? broadcastView(m, [q.shape[0], q.shape[1], q.shape[2], k.shape[2]]) : null; // (B, H, L, S)
    return fromData(backend().attention(q, k, v, mask, causal, scale, dtype), shape, dtype);
  },
  ...rnnForward,
};

