/** @file Functional forms of the layers: linear, dropout, batch and layer normalisation, embedding, oneHot. */
import { noGrad } from "../../core/grad-mode.ts";
import type { Generator } from "../../core/random.ts";
import { apply } from "../../core/autograd.ts";
import { promoteTypes } from "../../core/dtype.ts";
import { Op } from "../../core/ops.ts";
import { cast } from "../../core/prims.ts";
import { fmtShape, shapeEquals } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { ones, rand, zeros } from "../../ops/creation.ts";
import { assertFloat, assertNotBool, assertTensor } from "../../ops/check.ts";
import { where } from "../../ops/elementwise.ts";

/** x @ weightᵀ + bias, with weight (out, in). */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  assertTensor(x, "linear");
  assertTensor(weight, "linear", "weight");
  assertNotBool(promoteTypes(x.dtype, weight.dtype), "linear");
  const inF = weight.shape[1];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new RangeError(`linear: expected input with last dimension ${inF} (weight ${fmtShape(weight.shape)}), got shape ${fmtShape(x.shape)}`);
  }
  const y = x.matmul(weight.T);
  return bias ? y.add(bias) : y;
}

/** Zeroes each element with probability p while training and scales the rest by 1/(1−p). */
export function dropout(x: Tensor, p = 0.5, opts: { training?: boolean; generator?: Generator } = {}): Tensor {
  assertTensor(x, "dropout");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: probability must be in [0, 1], got ${p}`);
  if (!(opts.training ?? true) || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = noGrad(() => rand(x.shape, { generator: opts.generator, dtype: x.dtype }).ge(p).to(x.dtype).mul(1 / (1 - p)));
  return x.mul(keep);
}

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number | null;
  eps?: number;
}
/**
 * Normalises (N, C), (N, C, L) or (N, C, H, W) per channel C. Training uses the batch statistics and updates
 * the running ones in place (unbiased variance, momentum 0.1; momentum null = cumulative average).
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions & { numBatchesTracked?: number } = {}): Tensor {
  assertTensor(x, "batchNorm");
  const eps = opts.eps ?? 1e-5, training = opts.training ?? false;
  const dims = x.shape.map((_, d) => d).filter((d) => d !== 1); // all but the channels: (N, C, …)
  const bshape = x.shape.map((s, d) => (d === 1 ? s : 1));
  let mean: Tensor, varc: Tensor;
  if (training || !runningMean || !runningVar) {
    const n = dims.reduce((a, d) => a * x.shape[d], 1);
    if (n <= 1 && training) throw new RangeError(`batchNorm: expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`);
    mean = x.mean(dims, { keepdim: true });
    varc = x.sub(mean).square().mean(dims, { keepdim: true });
    if (training && runningMean && runningVar) {
      const m = opts.momentum === null ? 1 / (opts.numBatchesTracked ?? 1) : (opts.momentum ?? 0.1);
      noGrad(() => {
        runningMean.mul_(1 - m).add_(mean.reshape(-1), { alpha: m });
        runningVar.mul_(1 - m).add_(varc.reshape(-1).mul(n / Math.max(n - 1, 1)), { alpha: m });
      });
    }
  } else {
    mean = runningMean.reshape(bshape);
    varc = runningVar.reshape(bshape);
  }
  let y = x.sub(mean).mul(varc.add(eps).rsqrt());
  if (opts.weight) y = y.mul(opts.weight.reshape(bshape));
  if (opts.bias) y = y.add(opts.bias.reshape(bshape));
  return y;
}

/** Normalises over the trailing `normalizedShape` dims (biased variance, eps inside the root), then scales and shifts: one fused primitive. */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  assertTensor(x, "layerNorm");
  assertFloat(x, "layerNorm");
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (x.ndim < k || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new RangeError(`layerNorm: expected input whose last dims are ${fmtShape(normalizedShape)}, got shape ${fmtShape(x.shape)}`);
  }
  const eps = opts.eps ?? 1e-5;
  if (!(eps >= 0)) throw new RangeError(`layerNorm: eps must be a number ≥ 0, got ${eps}`);
  const affine = [opts.weight ?? null, opts.bias ?? null];
  affine.forEach((t, i) => {
    if (t === null) return;
    const what = i === 0 ? "weight" : "bias";
    assertTensor(t, "layerNorm", what);
    assertFloat(t, "layerNorm");
    if (!shapeEquals(t.shape, normalizedShape)) throw new RangeError(`layerNorm: ${what} must have shape ${fmtShape(normalizedShape)}, got ${fmtShape(t.shape)}`);
  });
  const [weight, bias] = affine;
  const dtype = [weight, bias].reduce((d, t) => (t ? promoteTypes(d, t.dtype) : d), x.dtype);
  // Bias without weight: a constant weight of ones.
  const w = weight ?? (bias ? ones([...normalizedShape], { dtype }) : null);
  const inputs = [x, ...(w ? [w] : []), ...(bias ? [bias] : [])].map((t) => cast(t, dtype));
  return apply(Op.LayerNorm, inputs, { normalizedShape: [...normalizedShape], eps });
}

/** Rows of `weight` (V, D) at int32 `indices` (any shape) → (…indices, D); the paddingIdx row gets no gradient. */
export function embedding(indices: Tensor, weight: Tensor, opts: { paddingIdx?: number | null } = {}): Tensor {
  assertTensor(indices, "embedding", "indices");
  if (indices.dtype !== "int32") throw new TypeError(`embedding: indices must have dtype int32, got ${indices.dtype}`);
  const [V, D] = weight.shape;
  const flat = indices.reshape(-1);
  const bad = (flat.toTypedArray() as Int32Array).find((i) => i < 0 || i >= V);
  if (bad !== undefined) throw new RangeError(`embedding: index ${bad} is out of range for ${V} embeddings`);
  let rows = weight.indexSelect(0, flat); // (N, D)
  const pad = opts.paddingIdx;
  if (pad !== null && pad !== undefined) {
    const isPad = flat.eq(pad < 0 ? pad + V : pad).unsqueeze(1); // (N, 1)
    rows = where(isPad, rows.detach(), rows);
  }
  return rows.reshape([...indices.shape, D]);
}

/** Integer class labels (any shape) → float32 one-hot vectors (…, numClasses). */
export function oneHot(labels: Tensor, numClasses = -1): Tensor {
  assertTensor(labels, "oneHot", "labels");
  if (labels.dtype !== "int32") throw new TypeError(`oneHot: labels must have dtype int32, got ${labels.dtype}`);
  const v = labels.toTypedArray() as Int32Array;
  const C = numClasses < 0 ? v.reduce((m, c) => Math.max(m, c + 1), 0) : numClasses;
  const out = zeros([v.length, C]);
  v.forEach((c, i) => {
    if (c < 0 || c >= C) throw new RangeError(`oneHot: label ${c} (at flat index ${i}) is out of range for ${C} classes`);
    out.data[i * C + c] = 1;
  });
  return out.reshape([...labels.shape, C]);
}
