/**
 * @file The Tensor's methods (`x.add(y)`, `x.sum(1)`, `x.T` …): each forwards to the function
 * of the same name in ops/, so `lw.add(a, b)` and `a.add(b)` are one implementation.
 */
import { backward, type BackwardOptions } from "../core/backward.ts";
import { type DType, assertDType } from "../core/dtype.ts";
import { formatTensor } from "../core/format.ts";
import { assignInto } from "../core/inplace.ts";
import { cast, scalar, type Operand } from "../core/prims.ts";
import { Tensor } from "../core/tensor.ts";
import { noGrad } from "../core/grad-mode.ts";
import * as E from "./elementwise.ts";
import * as R from "./reduce.ts";
import * as M from "./movement.ts";
import * as I from "./indexing.ts";
import * as L from "./linalg.ts";
import * as F from "./nn-functional.ts";
import { assertTensor } from "./check.ts";

declare module "../core/tensor.ts" {
  interface Tensor {
    // element-wise
    add(other: Operand, opts?: { alpha?: number }): Tensor;
    sub(other: Operand, opts?: { alpha?: number }): Tensor;
    mul(other: Operand): Tensor;
    div(other: Operand): Tensor;
    pow(exponent: Operand): Tensor;
    neg(): Tensor; abs(): Tensor; exp(): Tensor; log(): Tensor; log1p(): Tensor; sqrt(): Tensor; rsqrt(): Tensor;
    sin(): Tensor; cos(): Tensor; tanh(): Tensor; sigmoid(): Tensor; relu(): Tensor; erf(): Tensor; square(): Tensor;
    sign(): Tensor; floor(): Tensor; ceil(): Tensor; round(): Tensor;
    leakyRelu(negativeSlope?: number): Tensor;
    elu(alpha?: number): Tensor;
    selu(): Tensor;
    gelu(opts?: { approximate?: "none" | "tanh" }): Tensor;
    softplus(opts?: { beta?: number; threshold?: number }): Tensor;
    clamp(min?: number | null, max?: number | null): Tensor;
    maximum(other: Operand): Tensor; minimum(other: Operand): Tensor;
    eq(other: Operand): Tensor; ne(other: Operand): Tensor; lt(other: Operand): Tensor;
    le(other: Operand): Tensor; gt(other: Operand): Tensor; ge(other: Operand): Tensor;
    logicalAnd(other: Operand): Tensor; logicalOr(other: Operand): Tensor; logicalXor(other: Operand): Tensor; logicalNot(): Tensor;
    maskedFill(mask: Tensor, value: number): Tensor;
    where(cond: Tensor, other: Operand): Tensor;
    // reductions
    sum(dim?: R.Dims, opts?: R.ReduceOptions & { dtype?: DType }): Tensor;
    mean(dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    prod(dim?: number, opts?: R.ReduceOptions): Tensor;
    max(): Tensor; max(other: Tensor): Tensor; max(dim: number, opts?: R.ReduceOptions): R.ValuesIndices;
    min(): Tensor; min(other: Tensor): Tensor; min(dim: number, opts?: R.ReduceOptions): R.ValuesIndices;
    amax(dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    amin(dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    argmax(dim?: number, opts?: R.ReduceOptions): Tensor;
    argmin(dim?: number, opts?: R.ReduceOptions): Tensor;
    var(dim?: R.Dims, opts?: R.VarOptions): Tensor;
    std(dim?: R.Dims, opts?: R.VarOptions): Tensor;
    logsumexp(dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    norm(p?: number | "fro", dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    cumsum(dim: number): Tensor;
    all(dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    any(dim?: R.Dims, opts?: R.ReduceOptions): Tensor;
    softmax(dim: number): Tensor;
    logSoftmax(dim: number): Tensor;
    // linear algebra
    matmul(other: Tensor): Tensor; bmm(other: Tensor): Tensor; mm(other: Tensor): Tensor;
    dot(other: Tensor): Tensor; outer(other: Tensor): Tensor;
    // shape and movement
    reshape(...shape: M.ShapeLike): Tensor;
    view(...shape: M.ShapeLike): Tensor;
    viewAs(other: Tensor): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    squeeze(dim?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(...dims: M.ShapeLike): Tensor;
    /** All dims reversed (the matrix transpose for 2-D), as torch's `.T`. */
    readonly T: Tensor;
    /** The last two dims swapped, as torch's `.mT`. */
    readonly mT: Tensor;
    expand(...sizes: M.ShapeLike): Tensor;
    expandAs(other: Tensor): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
    index(...specs: I.IndexSpec[]): Tensor;
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    split(splitSize: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    indexAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    flip(dims: number | readonly number[]): Tensor;
    repeat(...repeats: M.ShapeLike): Tensor;
    tril(diagonal?: number): Tensor;
    triu(diagonal?: number): Tensor;
    // dtype conversion
    to(dtype: DType): Tensor;
    float(): Tensor; double(): Tensor; int(): Tensor; bool(): Tensor;
    // autograd
    backward(gradient?: Tensor | null, opts?: BackwardOptions): void;
    // in place (outside the graph): return this
    copy_(src: Tensor | number): this;
    fill_(value: number): this;
    zero_(): this;
    add_(other: Operand, opts?: { alpha?: number }): this;
    sub_(other: Operand, opts?: { alpha?: number }): this;
    mul_(other: Operand): this;
    div_(other: Operand): this;
    clamp_(min?: number | null, max?: number | null): this;
    /** The number of dims, as torch's dim(). */
    dim(): number;
    toString(): string;
  }
}

/** a + alpha · b (PyTorch's add with alpha). */
function addScaled(a: Tensor, b: Operand, alpha: number | undefined, sign: 1 | -1): Tensor {
  const s = sign * (alpha ?? 1);
  if (s === 1) return E.add(a, b);
  if (s === -1) return E.sub(a, b);
  return E.add(a, typeof b === "number" ? b * s : E.mul(b, s));
}

const methods: Partial<Record<keyof Tensor, unknown>> & ThisType<Tensor> = {
  add(this: Tensor, o: Operand, opts?: { alpha?: number }) { return addScaled(this, o, opts?.alpha, 1); },
  sub(this: Tensor, o: Operand, opts?: { alpha?: number }) { return addScaled(this, o, opts?.alpha, -1); },
  mul(this: Tensor, o: Operand) { return E.mul(this, o); },
  div(this: Tensor, o: Operand) { return E.div(this, o); },
  pow(this: Tensor, o: Operand) { return E.pow(this, o); },
  neg(this: Tensor) { return E.neg(this); },
  abs(this: Tensor) { return E.abs(this); },
  exp(this: Tensor) { return E.exp(this); },
  log(this: Tensor) { return E.log(this); },
  log1p(this: Tensor) { return E.log1p(this); },
  sqrt(this: Tensor) { return E.sqrt(this); },
  rsqrt(this: Tensor) { return E.rsqrt(this); },
  sin(this: Tensor) { return E.sin(this); },
  cos(this: Tensor) { return E.cos(this); },
  tanh(this: Tensor) { return E.tanh(this); },
  sigmoid(this: Tensor) { return E.sigmoid(this); },
  relu(this: Tensor) { return E.relu(this); },
  erf(this: Tensor) { return E.erf(this); },
  square(this: Tensor) { return E.square(this); },
  sign(this: Tensor) { return E.sign(this); },
  floor(this: Tensor) { return E.floor(this); },
  ceil(this: Tensor) { return E.ceil(this); },
  round(this: Tensor) { return E.round(this); },
  leakyRelu(this: Tensor, s?: number) { return E.leakyRelu(this, s); },
  elu(this: Tensor, a?: number) { return E.elu(this, a); },
  selu(this: Tensor) { return E.selu(this); },
  gelu(this: Tensor, o?: { approximate?: "none" | "tanh" }) { return E.gelu(this, o); },
  softplus(this: Tensor, o?: { beta?: number; threshold?: number }) { return E.softplus(this, o); },
  clamp(this: Tensor, lo?: number | null, hi?: number | null) { return E.clamp(this, lo, hi); },
  maximum(this: Tensor, o: Operand) { return E.maximum(this, o); },
  minimum(this: Tensor, o: Operand) { return E.minimum(this, o); },
  eq(this: Tensor, o: Operand) { return E.eq(this, o); },
  ne(this: Tensor, o: Operand) { return E.ne(this, o); },
  lt(this: Tensor, o: Operand) { return E.lt(this, o); },
  le(this: Tensor, o: Operand) { return E.le(this, o); },
  gt(this: Tensor, o: Operand) { return E.gt(this, o); },
  ge(this: Tensor, o: Operand) { return E.ge(this, o); },
  logicalAnd(this: Tensor, o: Operand) { return E.logicalAnd(this, o); },
  logicalOr(this: Tensor, o: Operand) { return E.logicalOr(this, o); },
  logicalXor(this: Tensor, o: Operand) { return E.logicalXor(this, o); },
  logicalNot(this: Tensor) { return E.logicalNot(this); },
  maskedFill(this: Tensor, mask: Tensor, v: number) { return E.maskedFill(this, mask, v); },
  where(this: Tensor, cond: Tensor, other: Operand) { return E.where(cond, this, other); },

  sum(this: Tensor, d?: R.Dims, o?: R.ReduceOptions & { dtype?: DType }) { return R.sum(this, d, o); },
  mean(this: Tensor, d?: R.Dims, o?: R.ReduceOptions) { return R.mean(this, d, o); },
  prod(this: Tensor, d?: number, o?: R.ReduceOptions) { return R.prod(this, d, o); },
  max(this: Tensor, d?: number | Tensor, o?: R.ReduceOptions) { return (R.max as (x: Tensor, d?: number | Tensor, o?: R.ReduceOptions) => unknown)(this, d, o); },
  min(this: Tensor, d?: number | Tensor, o?: R.ReduceOptions) { return (R.min as (x: Tensor, d?: number | Tensor, o?: R.ReduceOptions) => unknown)(this, d, o); },
  amax(this: Tensor, d?: R.Dims, o?: R.ReduceOptions) { return R.amax(this, d, o); },
  amin(this: Tensor, d?: R.Dims, o?: R.ReduceOptions) { return R.amin(this, d, o); },
  argmax(this: Tensor, d?: number, o?: R.ReduceOptions) { return R.argmax(this, d, o); },
  argmin(this: Tensor, d?: number, o?: R.ReduceOptions) { return R.argmin(this, d, o); },
  var(this: Tensor, d?: R.Dims, o?: R.VarOptions) { return R.variance(this, d, o); },
  std(this: Tensor, d?: R.Dims, o?: R.VarOptions) { return R.std(this, d, o); },
  logsumexp(this: Tensor, d?: R.Dims, o?: R.ReduceOptions) { return R.logsumexp(this, d, o); },
  norm(this: Tensor, p?: number | "fro", d?: R.Dims, o?: R.ReduceOptions) { return R.norm(this, p, d, o); },
  cumsum(this: Tensor, d: number) { return R.cumsum(this, d); },
  all(this: Tensor, d?: R.Dims, o?: R.ReduceOptions) { return R.all(this, d, o); },
  any(this: Tensor, d?: R.Dims, o?: R.ReduceOptions) { return R.any(this, d, o); },
  softmax(this: Tensor, d: number) { return F.softmax(this, d); },
  logSoftmax(this: Tensor, d: number) { return F.logSoftmax(this, d); },

  matmul(this: Tensor, o: Tensor) { return L.matmul(this, o); },
  bmm(this: Tensor, o: Tensor) { return L.bmm(this, o); },
  mm(this: Tensor, o: Tensor) { return L.mm(this, o); },
  dot(this: Tensor, o: Tensor) { return L.dot(this, o); },
  outer(this: Tensor, o: Tensor) { return L.outer(this, o); },

  reshape(this: Tensor, ...s: M.ShapeLike) { return M.reshape(this, ...s); },
  view(this: Tensor, ...s: M.ShapeLike) { return M.view(this, ...s); },
  viewAs(this: Tensor, o: Tensor) { assertTensor(o, "viewAs", "other"); return M.view(this, o.shape); },
  flatten(this: Tensor, s?: number, e?: number) { return M.flatten(this, s, e); },
  squeeze(this: Tensor, d?: number | readonly number[]) { return M.squeeze(this, d); },
  unsqueeze(this: Tensor, d: number) { return M.unsqueeze(this, d); },
  transpose(this: Tensor, a: number, b: number) { return M.transpose(this, a, b); },
  permute(this: Tensor, ...d: M.ShapeLike) { return M.permute(this, ...d); },
  expand(this: Tensor, ...s: M.ShapeLike) { return M.expand(this, ...s); },
  expandAs(this: Tensor, o: Tensor) { assertTensor(o, "expandAs", "other"); return M.expand(this, o.shape); },
  contiguous(this: Tensor) { return M.contiguous(this); },
  clone(this: Tensor) { return M.clone(this); },
  index(this: Tensor, ...s: I.IndexSpec[]) { return I.index(this, ...s); },
  slice(this: Tensor, d: number, s?: number | null, e?: number | null, st?: number) { return M.slice(this, d, s, e, st); },
  narrow(this: Tensor, d: number, s: number, l: number) { return M.narrow(this, d, s, l); },
  select(this: Tensor, d: number, i: number) { return M.select(this, d, i); },
  split(this: Tensor, s: number | readonly number[], d?: number) { return M.split(this, s, d); },
  chunk(this: Tensor, c: number, d?: number) { return M.chunk(this, c, d); },
  gather(this: Tensor, d: number, i: Tensor) { return I.gather(this, d, i); },
  scatter(this: Tensor, d: number, i: Tensor, s: Tensor | number) { return I.scatter(this, d, i, s); },
  scatterAdd(this: Tensor, d: number, i: Tensor, s: Tensor) { return I.scatterAdd(this, d, i, s); },
  indexSelect(this: Tensor, d: number, i: Tensor) { return I.indexSelect(this, d, i); },
  indexAdd(this: Tensor, d: number, i: Tensor, s: Tensor) { return I.indexAdd(this, d, i, s); },
  flip(this: Tensor, d: number | readonly number[]) { return M.flip(this, d); },
  repeat(this: Tensor, ...r: M.ShapeLike) { return M.repeat(this, ...r); },
  tril(this: Tensor, d?: number) { return M.tril(this, d); },
  triu(this: Tensor, d?: number) { return M.triu(this, d); },

  to(this: Tensor, dtype: DType) { assertDType(dtype, "to"); return cast(this, dtype); },
  float(this: Tensor) { return cast(this, "float32"); },
  double(this: Tensor) { return cast(this, "float64"); },
  int(this: Tensor) { return cast(this, "int32"); },
  bool(this: Tensor) { return cast(this, "bool"); },

  backward(this: Tensor, g?: Tensor | null, o?: BackwardOptions) { backward(this, g, o); },

  copy_(this: Tensor, src: Tensor | number) {
    return assignInto(this, typeof src === "number" ? scalar(src, this.dtype) : src, "copy_");
  },
  fill_(this: Tensor, v: number) { return assignInto(this, scalar(v, this.dtype), "fill_", true); },
  zero_(this: Tensor) { return assignInto(this, scalar(0, this.dtype), "zero_", true); },
  add_(this: Tensor, o: Operand, opts?: { alpha?: number }) { return assignInto(this, noGrad(() => addScaled(this, o, opts?.alpha, 1)), "add_"); },
  sub_(this: Tensor, o: Operand, opts?: { alpha?: number }) { return assignInto(this, noGrad(() => addScaled(this, o, opts?.alpha, -1)), "sub_"); },
  mul_(this: Tensor, o: Operand) { return assignInto(this, noGrad(() => E.mul(this, o)), "mul_"); },
  div_(this: Tensor, o: Operand) { return assignInto(this, noGrad(() => E.div(this, o)), "div_"); },
  clamp_(this: Tensor, lo?: number | null, hi?: number | null) { return assignInto(this, noGrad(() => E.clamp(this, lo, hi)), "clamp_"); },
  dim(this: Tensor) { return this.ndim; },
  toString(this: Tensor) { return formatTensor(this); },
};

Object.assign(Tensor.prototype, methods);
Object.defineProperty(Tensor.prototype, "T", { get(this: Tensor) { return M.reverseDims(this); }, configurable: true });
Object.defineProperty(Tensor.prototype, "mT", {
  get(this: Tensor) {
    if (this.ndim < 2) throw new RangeError(`mT: only matrices or batches of matrices (at least 2-D) can be transposed, got shape [${this.shape.join(", ")}]`);
    return M.transpose(this, -2, -1);
  },
  configurable: true,
});
// Node's console.log and util.inspect print the PyTorch-style repr.
Object.defineProperty(Tensor.prototype, Symbol.for("nodejs.util.inspect.custom"), { value(this: Tensor) { return formatTensor(this); } });
