/** @file Deterministic image transforms on (C, H, W) or (N, C, H, W) tensors: resize, normalize, crop, flip, rotate. */
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray, tensor } from "../ops/creation.ts";
import { assertFloat, assertTensor } from "../ops/check.ts";
import { interpolate } from "../ops/upsample.ts";

/** An image (C, H, W) or a batch (N, C, H, W) seen as a batch, and the function that gives the input's layout back. */
export function asBatch(x: Tensor, op: string): [Tensor, (y: Tensor) => Tensor] {
  assertTensor(x, op, "image");
  assertFloat(x, op);
  if (x.ndim !== 3 && x.ndim !== 4) throw new RangeError(`${op}: expected an image (C, H, W) or a batch (N, C, H, W), got shape ${fmtShape(x.shape)}`);
  return x.ndim === 3 ? [x.unsqueeze(0), (y) => y.squeeze(0)] : [x, (y) => y];
}

/** Resizes to `size` (one number: both sides) by bilinear (default) or nearest interpolation; no antialiasing. */
export function resize(image: Tensor, size: number | readonly [number, number], opts: { mode?: "bilinear" | "nearest" } = {}): Tensor {
  const [x, back] = asBatch(image, "resize");
  return back(interpolate(x, { size: typeof size === "number" ? [size, size] : size, mode: opts.mode ?? "bilinear" }));
}

/** (x − mean[c]) / std[c] per channel, as torchvision's Normalize. @example lw.vision.normalize(img, [0.5], [0.5]) // [0, 1] → [-1, 1] */
export function normalize(image: Tensor, mean: readonly number[], std: readonly number[]): Tensor {
  const [x, back] = asBatch(image, "normalize");
  const C = x.shape[1];
  if (mean.length !== C || std.length !== C) throw new RangeError(`normalize: expected ${C} means and stds for an image of ${C} channels (shape ${fmtShape(image.shape)}), got ${mean.length} and ${std.length}`);
  if (std.some((s) => !(s > 0))) throw new RangeError(`normalize: std must be positive, got [${std.join(", ")}]`);
  const m = tensor([...mean], { dtype: x.dtype }).reshape(1, C, 1, 1), s = tensor([...std], { dtype: x.dtype }).reshape(1, C, 1, 1);
  return back(x.sub(m).div(s));
}

/** The h×w window at (top, left); parts outside the image are `fill`. */
export function crop(image: Tensor, top: number, left: number, height: number, width: number, fill = 0): Tensor {
  const [x, back] = asBatch(image, "crop");
  return back(sampleEach(x, [height, width], () => (y, xx) => [top + y, left + xx], fill));
}

/** Mirrors left ↔ right. */
export function hflip(image: Tensor): Tensor {
  asBatch(image, "hflip");
  return image.flip(-1);
}

/** Rotates counter-clockwise by `degrees` about the centre (bilinear; corners filled with `fill`), keeping the size. */
export function rotate(image: Tensor, degrees: number, fill = 0): Tensor {
  const [x, back] = asBatch(image, "rotate");
  return back(sampleEach(x, x.shape.slice(2), () => rotation(x.shape[2], x.shape[3], degrees), fill));
}

/** Source position (row, column) of output pixel (y, x) for a rotation about the image centre. */
export function rotation(H: number, W: number, degrees: number): (y: number, x: number) => [number, number] {
  const t = (degrees * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t), cy = (H - 1) / 2, cx = (W - 1) / 2;
  return (y, x) => [cy + (y - cy) * c + (x - cx) * s, cx - (y - cy) * s + (x - cx) * c];
}

/**
 * A new (N, C, OH, OW) batch whose sample n, pixel (y, x) reads x at where(n)(y, x), bilinearly between pixels,
 * `fill` outside. Integer positions copy exactly. The building block of crops, rotations and their random forms.
 */
export function sampleEach(x: Tensor, [OH, OW]: readonly number[], where: (n: number) => (y: number, x: number) => [number, number], fill: number): Tensor {
  const [N, C, H, W] = x.shape, src = x.contiguous().toTypedArray();
  const out = x.dtype === "float64" ? new Float64Array(N * C * OH * OW) : new Float32Array(N * C * OH * OW);
  const px = (plane: number, r: number, q: number) => (r >= 0 && r < H && q >= 0 && q < W ? src[plane + r * W + q] : fill);
  for (let n = 0; n < N; n++) {
    const at = where(n);
    for (let y = 0; y < OH; y++) {
      for (let xx = 0; xx < OW; xx++) {
        const [r, q] = at(y, xx), r0 = Math.floor(r), q0 = Math.floor(q), fr = r - r0, fq = q - q0;
        for (let c = 0; c < C; c++) {
          const plane = (n * C + c) * H * W;
          const top = px(plane, r0, q0) * (1 - fq) + (fq > 0 ? px(plane, r0, q0 + 1) * fq : 0);
          const bottom = fr > 0 ? px(plane, r0 + 1, q0) * (1 - fq) + (fq > 0 ? px(plane, r0 + 1, q0 + 1) * fq : 0) : 0;
          out[((n * C + c) * OH + y) * OW + xx] = top * (1 - fr) + bottom * fr;
        }
      }
    }
  }
  return fromTypedArray(out, [N, C, OH, OW]);
}
