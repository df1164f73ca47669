/**
 * @file Random augmentations as torchvision's, for (C, H, W) images or whole (N, C, H, W) batches (each sample
 * draws its own parameters): randomCrop, randomHorizontalFlip, randomRotation, randomNoise, and compose.
 * Seeded by lw.manualSeed or an explicit Generator, so runs repeat.
 */
import { noGrad } from "../core/grad-mode.ts";
import { defaultGenerator, type Generator } from "../core/random.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { asBatch, rotation, sampleEach } from "./transforms.ts";

/** An image transform: (C, H, W) → (C, H', W') or (N, C, H, W) → (N, C, H', W'). */
export type Transform = (image: Tensor) => Tensor;

interface RandomOptions { generator?: Generator }

/** Applies the transforms in order. @example compose(randomCrop(28, { padding: 4 }), randomHorizontalFlip()) */
export const compose = (...transforms: Transform[]): Transform => (image) => transforms.reduce((x, t) => t(x), image);

/** A random size×size window (after zero `padding` on every side), one position per sample. */
export function randomCrop(size: number | readonly [number, number], opts: RandomOptions & { padding?: number; fill?: number } = {}): Transform {
  const [h, w] = typeof size === "number" ? [size, size] : size, pad = opts.padding ?? 0;
  return (image) => noGrad(() => {
    const [x, back] = asBatch(image, "randomCrop");
    const [N, , H, W] = x.shape;
    if (H + 2 * pad < h || W + 2 * pad < w) throw new RangeError(`randomCrop: crop ${h}×${w} is larger than the padded image ${H + 2 * pad}×${W + 2 * pad}`);
    const g = opts.generator ?? defaultGenerator, u = g.uniform(2 * N);
    const tops = Array.from({ length: N }, (_, n) => Math.floor(u[2 * n] * (H + 2 * pad - h + 1)) - pad);
    const lefts = Array.from({ length: N }, (_, n) => Math.floor(u[2 * n + 1] * (W + 2 * pad - w + 1)) - pad);
    return back(sampleEach(x, [h, w], (n) => (y, xx) => [tops[n] + y, lefts[n] + xx], opts.fill ?? 0));
  });
}

/** Mirrors each sample left ↔ right with probability p (default 0.5). */
export function randomHorizontalFlip(opts: RandomOptions & { p?: number } = {}): Transform {
  const p = opts.p ?? 0.5;
  return (image) => noGrad(() => {
    const [x, back] = asBatch(image, "randomHorizontalFlip");
    const [N, , , W] = x.shape, u = (opts.generator ?? defaultGenerator).uniform(N);
    return back(sampleEach(x, x.shape.slice(2), (n) => (u[n] < p ? (y, xx) => [y, W - 1 - xx] : (y, xx) => [y, xx]), 0));
  });
}

/** Rotates each sample by an angle drawn from [−degrees, degrees] (bilinear; uncovered corners get `fill`). */
export function randomRotation(degrees: number, opts: RandomOptions & { fill?: number } = {}): Transform {
  if (!(degrees >= 0)) throw new RangeError(`randomRotation: degrees must be ≥ 0, got ${degrees}`);
  return (image) => noGrad(() => {
    const [x, back] = asBatch(image, "randomRotation");
    const [N, , H, W] = x.shape, u = (opts.generator ?? defaultGenerator).uniform(N);
    return back(sampleEach(x, [H, W], (n) => rotation(H, W, (2 * u[n] - 1) * degrees), opts.fill ?? 0));
  });
}

/** Adds Gaussian noise of standard deviation std, clipped to [0, 1] unless clip is false. */
export function randomNoise(std: number, opts: RandomOptions & { clip?: boolean } = {}): Transform {
  if (!(std >= 0)) throw new RangeError(`randomNoise: std must be ≥ 0, got ${std}`);
  return (image) => noGrad(() => {
    asBatch(image, "randomNoise");
    const z = (opts.generator ?? defaultGenerator).normal(image.numel);
    const noisy = image.add(fromTypedArray(image.dtype === "float64" ? z : Float32Array.from(z), [...image.shape]).mul(std));
    return opts.clip ?? true ? noisy.clamp(0, 1) : noisy;
  });
}
