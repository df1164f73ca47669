/** @file BatchNorm2d: BatchNorm1d's statistics per channel of (N, C, H, W), over N, H and W; same state-dict names. */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { BatchNorm1d } from "./normalization.ts";

/** Normalises each channel of (N, C, H, W); train() uses batch statistics, eval() the running ones (PyTorch's behaviour). */
export class BatchNorm2d extends BatchNorm1d {
  override forward(x: Tensor): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== this.numFeatures) {
      throw new RangeError(`BatchNorm2d(${this.numFeatures}): expected input of shape [N, ${this.numFeatures}, H, W], got ${fmtShape(x.shape)}`);
    }
    return this.normalize(x);
  }
}
