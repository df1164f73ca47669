/** @file The `js` reference backend: plain loops in float64 arithmetic, the oracle for every other backend. */
import type { Backend } from "../backend.ts";
import { accumulate, binaryFns, clamp, copy, map1, map2, unaryFns, where } from "./elementwise.ts";
import { argReduce, cumsum, reduce } from "./reduce.ts";
import { cat, pad } from "./movement.ts";
import { gather, indexAdd, indexSelect, scatter } from "./indexing.ts";
import { matmul } from "./matmul.ts";
import { col2im, im2col } from "./im2col.ts";
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from "./conv.ts";
import { maxPool2d, maxPool2dIndices, planeGather, planeScatterAdd } from "./pool.ts";
import { philoxUniform } from "../../core/random.ts";
import { gelu, geluBackward, layerNorm, layerNormBackward, layerNormWeightGrad, reluBackward, softmax, softmaxBackward } from "./nn.ts";
import { lstmCell, lstmCellBackward } from "./rnn.ts";
import { lstmSequence, lstmSequenceBackward } from "./rnn-sequence.ts";
import { attention } from "./attention.ts";

/** The convolution and pooling kernels, also the fallback of backends that have none of their own. */
export const jsSpatialKernels: Pick<Backend, "im2col" | "col2im" | "maxPool2dIndices" | "maxPool2d" | "conv2d" | "conv2dInputGrad" | "conv2dWeightGrad"> = {
  im2col, col2im, maxPool2dIndices, maxPool2d, conv2d, conv2dInputGrad, conv2dWeightGrad,
};

export const jsBackend: Backend = {
  name: "js",
  copy,
  unary: (op, x, dtype) => map1(x, unaryFns[op], dtype),
  clamp,
  binary: (op, a, b, dtype) => map2(a, b, binaryFns[op], dtype),
  where,
  reduce,
  argReduce,
  cumsum,
  pad,
  cat,
  gather,
  scatter,
  indexSelect,
  indexAdd,
  matmul,
  ...jsSpatialKernels,
  planeGather,
  planeScatterAdd,
  softmax,
  softmaxBackward,
  gelu,
  geluBackward,
  reluBackward,
  layerNorm,
  layerNormBackward,
  layerNormWeightGrad,
  attention,
  lstmCell,
  lstmCellBackward,
  lstmSequence,
  lstmSequenceBackward,
  uniform: philoxUniform,
  accumulate,
};
