/**
 * @file Resizing as torch.nn.functional.interpolate for (N, C, H, W) and (N, C, L): "nearest" (an index
 * select per dim) and "bilinear"/"linear" (a separable matrix per dim). Gradients come from the primitives.
 */
import { apply } from "../core/autograd.ts";
import { arangeInt } from "../core/prims.ts";
import { Op } from "../core/ops.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertTensor } from "./check.ts";
import { separable, sparseRows } from "./separable.ts";

export type InterpolateMode = "nearest" | "linear" | "bilinear";

export interface InterpolateOptions {
  /** Output spatial size: one number for every dim or one per dim. Give this or scaleFactor. */
  size?: number | readonly number[];
  /** Multiplier of each spatial size (output = ⌊input · scale⌋). */
  scaleFactor?: number | readonly number[];
  mode?: InterpolateMode;
  /** Linear modes: align the corner pixels' centres (PyTorch's align_corners); default false. */
  alignCorners?: boolean;
}

/** Source position scale as PyTorch's area_pixel_compute_scale. */
function sourceScale(inSize: number, outSize: number, scale: number | undefined, alignCorners: boolean): number {
  if (alignCorners) return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return scale !== undefined ? 1 / scale : inSize / outSize;
}

/** The nearest source index of each output position: ⌊dst · scale⌋, clipped to the input. */
function nearestIndex(inSize: number, outSize: number, scale: number | undefined): Tensor {
  const s = sourceScale(inSize, outSize, scale, false);
  const idx = arangeInt(outSize);
  const data = idx.data as Int32Array;
  // NOTE: in float32 as PyTorch's nearest_idx (floorf(i · scale)), so that e.g. scale 1/3 picks the same pixels.
  for (let i = 0; i < outSize; i++) data[i] = Math.min(Math.floor(Math.fround(i * Math.fround(s))), inSize - 1);
  return idx;
}

/** The (out, in) matrix of linear interpolation: each row mixes two neighbouring inputs. */
function linearMatrix(inSize: number, outSize: number, scale: number | undefined, alignCorners: boolean, dtype: Tensor["dtype"]): Tensor {
  const s = sourceScale(inSize, outSize, scale, alignCorners);
  return sparseRows(outSize, inSize, dtype, (o) => {
    const real = alignCorners ? o * s : Math.max((o + 0.5) * s - 0.5, 0);
    const i0 = Math.min(Math.floor(real), inSize - 1), i1 = Math.min(i0 + 1, inSize - 1);
    const t = real - i0;
    return [[i0, 1 - t], [i1, t]];
  });
}

/**
 * Resizes the spatial dims of (N, C, L) or (N, C, H, W). @example lw.nn.functional.interpolate(x, { scaleFactor: 2, mode: "bilinear" })
 */
export function interpolate(x: Tensor, opts: InterpolateOptions): Tensor {
  const op = "interpolate";
  assertTensor(x, op);
  assertFloat(x, op);
  const mode = opts.mode ?? "nearest";
  const spatial = x.ndim - 2;
  if (spatial !== 1 && spatial !== 2) throw new RangeError(`${op}: expected a 3-D (N, C, L) or 4-D (N, C, H, W) input, got shape ${fmtShape(x.shape)}`);
  if (mode === "bilinear" && spatial !== 2) throw new RangeError(`${op}: mode "bilinear" needs a 4-D input, got shape ${fmtShape(x.shape)}`);
  if (mode === "linear" && spatial !== 1) throw new RangeError(`${op}: mode "linear" needs a 3-D input, got shape ${fmtShape(x.shape)}`);
  if (mode !== "nearest" && mode !== "linear" && mode !== "bilinear") throw new RangeError(`${op}: unknown mode "${String(mode)}"; use nearest, linear or bilinear`);
  if (mode === "nearest" && opts.alignCorners !== undefined) throw new RangeError(`${op}: alignCorners only applies to the linear modes, not "nearest"`);
  if ((opts.size === undefined) === (opts.scaleFactor === undefined)) throw new RangeError(`${op}: give exactly one of size and scaleFactor`);
  const inSize = x.shape.slice(2);
  const perDim = (v: number | readonly number[], what: string): number[] => {
    const list = typeof v === "number" ? inSize.map(() => v) : [...v];
    if (list.length !== spatial || list.some((n) => !(n > 0) || !Number.isFinite(n))) {
      throw new RangeError(`${op}: ${what} must be a positive number or ${spatial} of them, got ${typeof v === "number" ? v : `[${v.join(", ")}]`}`);
    }
    return list;
  };
  const scales = opts.scaleFactor !== undefined ? perDim(opts.scaleFactor, "scaleFactor") : undefined;
  const outSize = opts.size !== undefined ? perDim(opts.size, "size") : inSize.map((n, i) => Math.floor(n * scales![i]));
  if (outSize.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`${op}: output size ${outSize.join("×")} must be positive integers (input shape ${fmtShape(x.shape)})`);
  const x4 = spatial === 1 ? x.reshape(x.shape[0], x.shape[1], 1, x.shape[2]) : x;
  const hw = x4.shape.slice(2), ohw = spatial === 1 ? [1, outSize[0]] : outSize;
  const sc = spatial === 1 ? [1, scales?.[0]] : [scales?.[0], scales?.[1]];
  let y: Tensor;
  if (mode === "nearest") {
    const rows = apply(Op.IndexSelect, [x4, nearestIndex(hw[0], ohw[0], sc[0])], { dim: 2 });
    y = apply(Op.IndexSelect, [rows, nearestIndex(hw[1], ohw[1], sc[1])], { dim: 3 });
  } else {
    const align = opts.alignCorners ?? false;
    y = separable(x4, linearMatrix(hw[0], ohw[0], sc[0], align, x.dtype), linearMatrix(hw[1], ohw[1], sc[1], align, x.dtype));
  }
  return spatial === 1 ? y.reshape(y.shape[0], y.shape[1], y.shape[3]) : y;
}
