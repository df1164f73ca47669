/**
 * @file Image files ↔ tensors: PNG (read and write, via pngjs) and JPEG (read, via jpeg-js). Images are float32
 * (C, H, W) in [0, 1], as torchvision's ToTensor gives them. A file that does not decode is named in the error.
 */
import { readFileSync, writeFileSync } from "node:fs";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { assertTensor } from "../ops/check.ts";

/** Channels of a decoded image: 1 gray, 3 RGB, 4 RGBA; "keep" gives 1 for gray files and 3 (or 4 with alpha) otherwise. */
export type ImageChannels = 1 | 3 | 4 | "keep";
export interface ReadImageOptions { channels?: ImageChannels }

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((v, i) => b[i] === v);

/** RGBA bytes (H·W·4) → float32 (C, H, W) in [0, 1], converting to the wanted channels (gray = ITU-R 601 luma, as PIL). */
function rgbaToTensor(rgba: Uint8Array, H: number, W: number, channels: 1 | 3 | 4): Tensor {
  const out = new Float32Array(channels * H * W), plane = H * W;
  for (let i = 0; i < plane; i++) {
    const r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else for (let c = 0; c < channels; c++) out[c * plane + i] = rgba[4 * i + c] / 255;
  }
  return fromTypedArray(out, [channels, H, W]);
}

/** True when every pixel has r = g = b (a gray image stored as RGB) and, for "keep", whether alpha is used. */
function keptChannels(rgba: Uint8Array, hasAlpha: boolean): 1 | 3 | 4 {
  let gray = true, alpha = false;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) gray = false;
    if (rgba[i + 3] !== 255) alpha = true;
  }
  return hasAlpha && alpha ? 4 : gray ? 1 : 3;
}

/** Decodes PNG or JPEG bytes; `source` names the file in errors. @example lw.vision.decodeImage(bytes, "cat.png") */
export function decodeImage(bytes: Uint8Array, source = "the image data", opts: ReadImageOptions = {}): Tensor {
  let rgba: Uint8Array, H: number, W: number, hasAlpha: boolean;
  try {
    if (startsWith(bytes, PNG_MAGIC)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      [rgba, H, W, hasAlpha] = [png.data, png.height, png.width, true];
    } else if (startsWith(bytes, JPEG_MAGIC)) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      [rgba, H, W, hasAlpha] = [img.data, img.height, img.width, false];
    } else {
      throw new Error("neither PNG nor JPEG (unknown signature)");
    }
  } catch (e) {
    throw new Error(`readImage: cannot decode ${source}: ${(e as Error).message}`);
  }
  if (W * H === 0 || rgba.length < 4 * W * H) throw new Error(`readImage: cannot decode ${source}: truncated pixel data (${W}×${H})`);
  const want = opts.channels ?? "keep";
  if (want !== "keep" && want !== 1 && want !== 3 && want !== 4) throw new RangeError(`readImage: channels must be 1, 3, 4 or "keep", got ${String(want)}`);
  return rgbaToTensor(rgba, H, W, want === "keep" ? keptChannels(rgba, hasAlpha) : want);
}

/** Reads a PNG or JPEG file as float32 (C, H, W) in [0, 1]. @example lw.vision.readImage("cat.jpg", { channels: 3 }) */
export function readImage(path: string, opts: ReadImageOptions = {}): Tensor {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`readImage: cannot read ${path}: ${(e as Error).message}`);
  }
  return decodeImage(bytes, path, opts);
}

/** (C, H, W) or (H, W) with values in [0, 1] → PNG bytes (clamped, rounded to 8 bits). */
export function encodePng(image: Tensor): Uint8Array {
  assertTensor(image, "encodePng", "image");
  const img = image.ndim === 2 ? image.unsqueeze(0) : image;
  if (img.ndim !== 3 || ![1, 3, 4].includes(img.shape[0])) {
    throw new RangeError(`encodePng: expected an image of shape [C, H, W] with C = 1, 3 or 4, or [H, W]; got ${fmtShape(image.shape)}`);
  }
  const [C, H, W] = img.shape, v = img.contiguous().toTypedArray(), plane = H * W;
  const png = new PNG({ width: W, height: H });
  const byte = (x: number) => (Number.isNaN(x) ? 0 : Math.round(Math.min(1, Math.max(0, x)) * 255));
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) png.data[4 * i + c] = byte(v[(C === 1 ? 0 : c) * plane + i]);
    png.data[4 * i + 3] = C === 4 ? byte(v[3 * plane + i]) : 255;
  }
  return PNG.sync.write(png);
}

/** Writes (C, H, W) or (H, W) in [0, 1] as a PNG file. */
export function writePng(image: Tensor, path: string): void {
  writeFileSync(path, encodePng(image));
}
