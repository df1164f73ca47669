/** @file A batch of images as one picture (torchvision's make_grid) and saveImageGrid, which writes it as a PNG. */
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { stack } from "../ops/movement.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { writePng } from "./io.ts";

export interface GridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between and around the images (default 2). */
  padding?: number;
  /** The value of the padding (default 0, black). */
  padValue?: number;
  /** Rescale to [0, 1]: from valueRange if given, else from the batch's min and max. */
  normalize?: boolean;
  valueRange?: readonly [number, number];
}

/** (N, C, H, W) or a list of (C, H, W) → (C, rows·(H + padding) + padding, cols·(W + padding) + padding). */
export function makeGrid(images: Tensor | readonly Tensor[], opts: GridOptions = {}): Tensor {
  const batch = images instanceof Tensor ? (images.ndim === 3 ? images.unsqueeze(0) : images) : stack([...images]);
  if (batch.ndim !== 4 || batch.shape[0] === 0) throw new RangeError(`makeGrid: expected images (N, C, H, W) with N ≥ 1, got shape ${fmtShape(batch.shape)}`);
  const [N, C, H, W] = batch.shape, pad = opts.padding ?? 2;
  const cols = Math.min(opts.nrow ?? 8, N), rows = Math.ceil(N / cols);
  const GH = rows * (H + pad) + pad, GW = cols * (W + pad) + pad;
  let v = batch.contiguous().toTypedArray();
  if (opts.normalize) {
    let [lo, hi] = opts.valueRange ?? [Infinity, -Infinity];
    if (!opts.valueRange) for (const x of v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    const scale = 1 / Math.max(hi - lo, 1e-5);
    v = v.map((x) => Math.min(1, Math.max(0, (x - lo) * scale)));
  }
  const out = new Float32Array(C * GH * GW).fill(opts.padValue ?? 0);
  for (let n = 0; n < N; n++) {
    const top = Math.floor(n / cols) * (H + pad) + pad, left = (n % cols) * (W + pad) + pad;
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < H; y++) {
        const src = ((n * C + c) * H + y) * W;
        out.set(v.subarray(src, src + W), (c * GH + top + y) * GW + left);
      }
    }
  }
  return fromTypedArray(out, [C, GH, GW]);
}

/** Writes a grid of images as one PNG. @example lw.vision.saveImageGrid(fake, "epoch-3.png", { nrow: 8, normalize: true }) */
export function saveImageGrid(images: Tensor | readonly Tensor[], path: string, opts: GridOptions = {}): void {
  writePng(makeGrid(images, opts), path);
}
