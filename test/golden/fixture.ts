/**
 * @file Reads test/golden/core.json (written by tools/gen_core_fixtures.py from PyTorch) and turns
 * its encoded tensors into lernwerk tensors. Only the format; comparing lives in compare.ts.
 */
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";

export const FORMAT = "lernwerk-golden-core";
export const VERSION = 1;

/** An element as written by the generator: non-finite floats are the strings "nan", "inf", "-inf". */
export type EncodedValue = number | boolean | "nan" | "inf" | "-inf";
/** PyTorch's dtype names; int64 (PyTorch's index dtype) is int32 in lernwerk. */
export type TorchDType = "float32" | "float64" | "int64" | "bool";

export interface EncodedTensor {
  shape: number[];
  dtype: TorchDType;
  values: EncodedValue[];
}

/** Every non-tensor argument used by the cases, in lernwerk's (camelCase) names. */
export interface Params {
  dim?: number | number[];
  keepdim?: boolean;
  unbiased?: boolean;
  p?: number | "inf" | "-inf" | "fro";
  negativeSlope?: number;
  alpha?: number;
  approximate?: "none" | "tanh";
  beta?: number;
  threshold?: number;
  min?: number | null;
  max?: number | null;
  exponent?: number;
  base?: number;
  scalar?: number;
  value?: number;
  dim0?: number;
  dim1?: number;
  dims?: number[];
  shape?: number[];
  startDim?: number;
  endDim?: number;
  splitSize?: number | number[];
  chunks?: number;
  padding?: number[];
  repeats?: number[];
  diagonal?: number;
  start?: number;
  length?: number;
  index?: number;
  spec?: string;
}

export interface OpCase {
  name: string;
  op: string;
  params: Params;
  inputs: (EncodedTensor & { requiresGrad: boolean })[];
  outputs: EncodedTensor[];
  /** w per output: the gradients are those of Σ (out · w); null for outputs without gradient. */
  gradWeights: (EncodedTensor | null)[];
  /** d/d input of Σ (out · w); null where PyTorch gives none. */
  grads: (EncodedTensor | null)[];
  /** A looser tolerance than the default, with the reason. */
  tol?: { rtol?: number; atol?: number; why: string };
}

export interface NetworkFixture {
  x: EncodedTensor;
  targets: EncodedTensor;
  params: Record<"w1" | "b1" | "w2" | "b2", EncodedTensor>;
  logits: EncodedTensor;
  loss: EncodedTensor;
  grads: Record<"w1" | "b1" | "w2" | "b2" | "x", EncodedTensor>;
  /** Plain SGD from the initial params: the loss before each of the steps. */
  sgd: { lr: number; losses: number[] };
}

export interface CoreFixture {
  format: string;
  version: number;
  regenerate: string;
  torch: string;
  network: NetworkFixture;
  cases: OpCase[];
}

export function loadCoreFixture(): CoreFixture {
  const text = readFileSync(new URL("./core.json", import.meta.url), "utf8");
  return JSON.parse(text) as CoreFixture;
}

export function lernwerkDType(d: TorchDType): lw.DType {
  return d === "int64" ? "int32" : d;
}

export function decodeValue(v: EncodedValue): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

/** The fixture tensor as a lernwerk tensor of the matching dtype (a fresh leaf). */
export function toTensor(e: EncodedTensor, requiresGrad = false): lw.Tensor {
  const flat = lw.tensor(e.values.map(decodeValue), { dtype: lernwerkDType(e.dtype) });
  const t = flat.reshape(e.shape).contiguous().detach();
  if (requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * The same values as toTensor, laid out non-contiguously (a fresh leaf): ≥ 2-D as the transpose of a
 * dense tensor of reversed shape, 1-D as every other element of a longer storage.
 */
export function toStridedTensor(e: EncodedTensor, requiresGrad = false): lw.Tensor {
  const dense = toTensor(e);
  if (dense.numel <= 1) return toTensor(e, requiresGrad);
  const view = dense.ndim === 1 ? lw.stack([dense, dense], 1).select(1, 0) : dense.T.contiguous().T;
  const leaf = view.detach();
  if (requiresGrad) leaf.requiresGrad = true;
  return leaf;
}
