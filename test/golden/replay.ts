/**
 * @file How each fixture op runs through lernwerk's public API: op name → a function of the input
 * tensors and the case's params. The generator's TORCH table holds the same names for PyTorch.
 */
import * as lw from "lernwerk";
import type { Params } from "./fixture.ts";

type Tensor = lw.Tensor;
export type Replay = (inputs: Tensor[], p: Params) => Tensor | Tensor[];

const dim = (p: Params): number => p.dim as number;
const dims = (p: Params): number | number[] | undefined => p.dim;
const reduceOpts = (p: Params) => ({ keepdim: p.keepdim });
const normOrder = (p: Params): number | "fro" => (p.p === "inf" ? Infinity : p.p === "-inf" ? -Infinity : p.p ?? 2);

export const REPLAY: Record<string, Replay> = {
  // element-wise unary
  neg: ([x]) => x.neg(),
  abs: ([x]) => x.abs(),
  exp: ([x]) => x.exp(),
  log: ([x]) => x.log(),
  log1p: ([x]) => x.log1p(),
  sqrt: ([x]) => x.sqrt(),
  rsqrt: ([x]) => x.rsqrt(),
  sin: ([x]) => x.sin(),
  cos: ([x]) => x.cos(),
  tanh: ([x]) => x.tanh(),
  sigmoid: ([x]) => x.sigmoid(),
  relu: ([x]) => x.relu(),
  erf: ([x]) => x.erf(),
  square: ([x]) => x.square(),
  sign: ([x]) => x.sign(),
  floor: ([x]) => x.floor(),
  ceil: ([x]) => x.ceil(),
  round: ([x]) => x.round(),
  leakyRelu: ([x], p) => x.leakyRelu(p.negativeSlope),
  elu: ([x], p) => x.elu(p.alpha),
  selu: ([x]) => x.selu(),
  gelu: ([x], p) => lw.gelu(x, { approximate: p.approximate }),
  softplus: ([x], p) => x.softplus({ beta: p.beta, threshold: p.threshold }),
  clamp: ([x], p) => x.clamp(p.min, p.max),
  // element-wise binary, broadcasting
  add: ([a, b], p) => a.add(b, { alpha: p.alpha }),
  sub: ([a, b], p) => a.sub(b, { alpha: p.alpha }),
  mul: ([a, b]) => a.mul(b),
  div: ([a, b]) => a.div(b),
  pow: ([a, b]) => a.pow(b),
  powScalar: ([x], p) => x.pow(p.exponent!),
  scalarPow: ([x], p) => lw.pow(p.base!, x),
  mulScalar: ([x], p) => x.mul(p.scalar!),
  maximum: ([a, b]) => lw.maximum(a, b),
  minimum: ([a, b]) => lw.minimum(a, b),
  eq: ([a, b]) => a.eq(b),
  ne: ([a, b]) => a.ne(b),
  lt: ([a, b]) => a.lt(b),
  le: ([a, b]) => a.le(b),
  gt: ([a, b]) => a.gt(b),
  ge: ([a, b]) => a.ge(b),
  where: ([cond, a, b]) => lw.where(cond, a, b),
  maskedFill: ([x, mask], p) => x.maskedFill(mask, p.value!),
  // reductions
  sum: ([x], p) => x.sum(dims(p), reduceOpts(p)),
  mean: ([x], p) => x.mean(dims(p), reduceOpts(p)),
  prod: ([x], p) => x.prod(p.dim as number | undefined, reduceOpts(p)),
  maxAll: ([x]) => x.max(),
  maxDim: ([x], p) => [...x.max(dim(p), reduceOpts(p))],
  minDim: ([x], p) => [...x.min(dim(p), reduceOpts(p))],
  amax: ([x], p) => x.amax(dims(p), reduceOpts(p)),
  amin: ([x], p) => x.amin(dims(p), reduceOpts(p)),
  argmax: ([x], p) => x.argmax(p.dim as number | undefined, reduceOpts(p)),
  argmin: ([x], p) => x.argmin(dim(p), reduceOpts(p)),
  var: ([x], p) => x.var(dims(p), { unbiased: p.unbiased, keepdim: p.keepdim }),
  std: ([x], p) => x.std(dims(p), { unbiased: p.unbiased, keepdim: p.keepdim }),
  logsumexp: ([x], p) => x.logsumexp(dims(p), reduceOpts(p)),
  norm: ([x], p) => x.norm(normOrder(p), dims(p), reduceOpts(p)),
  cumsum: ([x], p) => x.cumsum(dim(p)),
  softmax: ([x], p) => x.softmax(dim(p)),
  logSoftmax: ([x], p) => x.logSoftmax(dim(p)),
  // linear algebra
  matmul: ([a, b]) => a.matmul(b),
  bmm: ([a, b]) => a.bmm(b),
  mm: ([a, b]) => a.mm(b),
  dot: ([a, b]) => a.dot(b),
  outer: ([a, b]) => a.outer(b),
  // movement
  transposeContiguous: ([x], p) => x.transpose(p.dim0!, p.dim1!).contiguous(),
  permute: ([x], p) => x.permute(p.dims!),
  reshape: ([x], p) => x.reshape(p.shape!),
  transposeReshape: ([x], p) => x.T.reshape(p.shape!),
  T: ([x]) => x.T,
  flatten: ([x], p) => x.flatten(p.startDim, p.endDim),
  squeeze: ([x], p) => x.squeeze(p.dim),
  unsqueeze: ([x], p) => x.unsqueeze(dim(p)),
  cat: (xs, p) => lw.cat(xs, dim(p)),
  stack: (xs, p) => lw.stack(xs, dim(p)),
  split: ([x], p) => x.split(p.splitSize!, dim(p)),
  chunk: ([x], p) => x.chunk(p.chunks!, dim(p)),
  flip: ([x], p) => x.flip(p.dims!),
  pad: ([x], p) => lw.pad(x, p.padding!, { value: p.value }),
  repeat: ([x], p) => x.repeat(p.repeats!),
  tril: ([x], p) => x.tril(p.diagonal),
  triu: ([x], p) => x.triu(p.diagonal),
  expand: ([x], p) => x.expand(p.shape!),
  narrow: ([x], p) => x.narrow(dim(p), p.start!, p.length!),
  select: ([x], p) => x.select(dim(p), p.index!),
  index: ([x], p) => x.index(p.spec!),
  // indexing
  gather: ([x, index], p) => x.gather(dim(p), index),
  scatter: ([x, index, src], p) => x.scatter(dim(p), index, src),
  scatterValue: ([x, index], p) => x.scatter(dim(p), index, p.value!),
  scatterAdd: ([x, index, src], p) => x.scatterAdd(dim(p), index, src),
  indexSelect: ([x, index], p) => x.indexSelect(dim(p), index),
  indexAdd: ([x, index, src], p) => x.indexAdd(dim(p), index, src),
};
