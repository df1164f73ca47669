/**
 * @file Tensors → Summary.Image as PyTorch's add_image/add_images make them: to (H, W, C) with one channel made
 * three, float and bool values in [0, 1] scaled by 255 (int32 taken as 0..255), truncated to bytes, PNG-encoded (pngjs).
 */
import { PNG } from "pngjs";
import { fmtShape } from "../../core/shape.ts";
import { Tensor } from "../../core/tensor.ts";
import { makeGrid } from "../../vision/grid.ts";
import type { ImageData } from "./event-proto.ts";

export type ImageDataformats = "CHW" | "HWC" | "HW";
export type ImagesDataformats = "NCHW" | "NHWC";

/** (H, W, C) bytes, C in {3, 4}. */
interface HwcBytes { H: number; W: number; C: 3 | 4; data: Uint8Array }

function toHwcBytes(img: Tensor, dataformats: ImageDataformats, fn: string, scale: number): HwcBytes {
  if (!(img instanceof Tensor)) throw new TypeError(`${fn}: expected a Tensor image, got ${typeof img}`);
  if (img.ndim !== dataformats.length) throw new RangeError(`${fn}: dataformats "${dataformats}" needs a ${dataformats.length}-D tensor, got shape ${fmtShape(img.shape)}`);
  const at = (c: string) => dataformats.indexOf(c);
  const H = img.shape[at("H")], W = img.shape[at("W")], srcC = dataformats === "HW" ? 1 : img.shape[at("C")];
  if (srcC !== 1 && srcC !== 3 && srcC !== 4) throw new RangeError(`${fn}: an image needs 1, 3 or 4 channels, got ${srcC} (shape ${fmtShape(img.shape)}, dataformats "${dataformats}")`);
  if (H === 0 || W === 0) throw new RangeError(`${fn}: empty image (shape ${fmtShape(img.shape)})`);
  const v = img.toTypedArray();
  const C = srcC === 4 ? 4 : 3, data = new Uint8Array(H * W * C);
  const strideOf = (dim: string) => (dataformats === "CHW" ? { C: H * W, H: W, W: 1 } : dataformats === "HWC" ? { C: 1, H: W * srcC, W: srcC } : { C: 0, H: W, W: 1 })[dim as "C" | "H" | "W"];
  const sc = strideOf("C"), sh = strideOf("H"), sw = strideOf("W");
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++) {
        const raw = v[y * sh + x * sw + (srcC === 1 ? 0 : c) * sc] * scale;
        // numpy's float → uint8 cast truncates; out-of-range and NaN values are clipped here instead of wrapping
        data[(y * W + x) * C + c] = Number.isNaN(raw) ? 0 : Math.min(255, Math.max(0, Math.trunc(raw)));
      }
    }
  }
  return { H, W, C, data };
}

/** Floats (and bools) are in [0, 1] and scaled by 255; int32 values are bytes already (lernwerk's stand-in for PyTorch's unscaled uint8). */
const byteScale = (img: Tensor) => (img instanceof Tensor && img.dtype === "int32" ? 1 : 255);

function encodePngBytes({ H, W, C, data }: HwcBytes): Uint8Array {
  const png = new PNG({ width: W, height: H, colorType: C === 4 ? 6 : 2, inputColorType: C === 4 ? 6 : 2, inputHasAlpha: C === 4 });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType: C === 4 ? 6 : 2, inputColorType: C === 4 ? 6 : 2, inputHasAlpha: C === 4 }));
}

/** One image (C, H, W) / (H, W, C) / (H, W) as a PNG Summary.Image. */
export function imageSummary(img: Tensor, dataformats: ImageDataformats = "CHW", fn = "addImage", scale = byteScale(img)): ImageData {
  if (dataformats !== "CHW" && dataformats !== "HWC" && dataformats !== "HW") throw new RangeError(`${fn}: dataformats must be "CHW", "HWC" or "HW", got ${String(dataformats)}`);
  const hwc = toHwcBytes(img, dataformats, fn, scale);
  return { height: hwc.H, width: hwc.W, colorspace: hwc.C, encoded: encodePngBytes(hwc) };
}

/** A batch (N, C, H, W) / (N, H, W, C) as one grid image, 8 per row and no padding, as PyTorch's add_images does. */
export function imagesSummary(imgs: Tensor, dataformats: ImagesDataformats = "NCHW"): ImageData {
  if (dataformats !== "NCHW" && dataformats !== "NHWC") throw new RangeError(`addImages: dataformats must be "NCHW" or "NHWC", got ${String(dataformats)}`);
  if (!(imgs instanceof Tensor) || imgs.ndim !== 4) throw new RangeError(`addImages: expected a 4-D tensor (${dataformats}), got ${imgs instanceof Tensor ? `shape ${fmtShape(imgs.shape)}` : typeof imgs}`);
  const nchw = dataformats === "NHWC" ? imgs.permute(0, 3, 1, 2) : imgs;
  const channels = nchw.shape[1];
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new RangeError(`addImages: images need 1, 3 or 4 channels, got ${channels} (shape ${fmtShape(imgs.shape)})`);
  return imageSummary(makeGrid(nchw, { nrow: 8, padding: 0 }), "CHW", "addImages", byteScale(imgs));
}
