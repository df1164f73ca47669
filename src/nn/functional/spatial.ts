/** @file nn.functional's spatial ops: convolution, pooling and resizing (from ops/), and dropout2d. */
import { noGrad } from "../../core/grad-mode.ts";
import type { Generator } from "../../core/random.ts";
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { rand } from "../../ops/creation.ts";
import { assertTensor } from "../../ops/check.ts";

export { conv1d, conv2d, convTranspose1d, convTranspose2d, type ConvOptions, type ConvTransposeOptions, type Pair } from "../../ops/conv.ts";
export {
  maxPool1d, maxPool2d, maxPool1dWithIndices, maxPool2dWithIndices, avgPool1d, avgPool2d, adaptiveAvgPool1d, adaptiveAvgPool2d,
  type MaxPoolOptions, type AvgPoolOptions,
} from "../../ops/pool.ts";
export { interpolate, type InterpolateOptions, type InterpolateMode } from "../../ops/upsample.ts";

/**
 * Zeroes whole channels of (N, C, H, W) or (C, H, W) with probability p while training, scaling the rest
 * by 1/(1−p): neighbouring pixels are correlated, so dropping single pixels regularises little.
 */
export function dropout2d(x: Tensor, p = 0.5, opts: { training?: boolean; generator?: Generator } = {}): Tensor {
  assertTensor(x, "dropout2d");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout2d: probability must be in [0, 1], got ${p}`);
  if (x.ndim !== 3 && x.ndim !== 4) throw new RangeError(`dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape ${fmtShape(x.shape)}`);
  if (!(opts.training ?? true) || p === 0) return x;
  if (p === 1) return x.mul(0);
  const maskShape = x.shape.map((s, d) => (d < x.ndim - 2 ? s : 1)); // (N, C, 1, 1): one draw per channel
  const keep = noGrad(() => rand(maskShape, { generator: opts.generator, dtype: x.dtype }).ge(p).to(x.dtype).mul(1 / (1 - p)));
  return x.mul(keep);
}
