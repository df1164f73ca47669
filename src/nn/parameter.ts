/** @file nn.Parameter: a tensor that a Module registers as learnable (requiresGrad on by default). */
import { Tensor } from "../core/tensor.ts";

/** A leaf tensor that Modules discover as a parameter; shares `data`'s storage, as torch.nn.Parameter. */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError(`Parameter: expected a Tensor, got ${typeof data}`);
    super(data.storage, data.shape, data.dtype, data.strides, data.offset);
    this.requiresGrad = requiresGrad;
  }
}
