/**
 * @file The public API of lernwerk: `import * as lw from "lernwerk"`. Explicit re-exports only;
 * importing this module also attaches the Tensor methods and registers the backends.
 */
import "./backends/register.ts";
import "./ops/methods.ts";

export { Tensor, type NestedArray } from "./core/tensor.ts";
export { type DType, type TypedArray, DTYPES, promoteTypes } from "./core/dtype.ts";
export { type Shape, broadcastShapes } from "./core/shape.ts";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from "./core/grad-mode.ts";
export { type BackwardOptions } from "./core/backward.ts";
export { Generator, manualSeed, defaultGenerator, type GeneratorState } from "./core/random.ts";
export { setPrintOptions, type PrintOptions } from "./core/format.ts";
export { setBackend, listBackends, backend as currentBackend, type Backend } from "./backends/backend.ts";

export {
  tensor, fromTypedArray, zeros, ones, full, arange, linspace, eye, rand, randn, randint, randperm,
  zerosLike, onesLike, fullLike, randLike, randnLike, randintLike,
  type TensorOptions, type RandomOptions, type TensorData,
} from "./ops/creation.ts";
export {
  neg, abs, exp, log, log1p, sqrt, rsqrt, sin, cos, tanh, sigmoid, relu, erf, sign, floor, ceil, round,
  add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge,
  logicalAnd, logicalOr, logicalXor, logicalNot, square, clamp, where, maskedFill,
  leakyRelu, elu, selu, gelu, softplus,
} from "./ops/elementwise.ts";
export {
  sum, mean, prod, amax, amin, argmax, argmin, max, min, variance as var, variance, std, logsumexp, norm, cumsum, all, any,
  type Dims, type ReduceOptions, type VarOptions, type ValuesIndices,
} from "./ops/reduce.ts";
export {
  reshape, view, flatten, squeeze, unsqueeze, permute, transpose, expand, contiguous, clone, narrow, select,
  cat, stack, split, chunk, flip, pad, repeat, tril, triu, type ShapeLike,
} from "./ops/movement.ts";
export { gather, scatter, scatterAdd, indexSelect, indexAdd, index, sliceSpec as slice, type IndexSpec, type SliceSpec } from "./ops/indexing.ts";
export { matmul, bmm, mm, dot, outer } from "./ops/linalg.ts";
export { softmax, logSoftmax } from "./ops/nn-functional.ts";
export { conv1d, conv2d, convTranspose1d, convTranspose2d, type ConvOptions, type ConvTransposeOptions } from "./ops/conv.ts";
export { maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool1d, adaptiveAvgPool2d } from "./ops/pool.ts";
export * as nn from "./nn/index.ts";
export * as text from "./text/index.ts";
export * as optim from "./optim/index.ts";
export * as data from "./data/index.ts";
export { save, load } from "./io/index.ts";
export * as io from "./io/index.ts";
export * as vision from "./vision/index.ts";
export * as metrics from "./metrics/index.ts";
export * as generate from "./generate/index.ts";
export * as train from "./train/index.ts";
export * as callbacks from "./train/callbacks/index.ts";
export * as models from "./models/index.ts";
export * as keras from "./train/keras/index.ts";
export * as plot from "./plot/index.ts";
export * as ml from "./ml/index.ts";
export * as search from "./search/index.ts";
export { pipeline, AutoTokenizer } from "./pipelines/index.ts";
export * as pipelines from "./pipelines/index.ts";
export * as track from "./track/index.ts";
export * as serve from "./serve/index.ts";
export * as tune from "./tune/index.ts";
