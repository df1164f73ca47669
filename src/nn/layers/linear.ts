/** @file Linear (y = x Wᵀ + b, PyTorch's default initialisation), Identity and Flatten. */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { empty } from "../tensors.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import * as init from "../init.ts";
import { linear } from "../functional/layers.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const LINEAR_OPTIONS = optionKeys<LinearOptions>({ bias: 1, dtype: 1 });

export interface LinearOptions { bias?: boolean; dtype?: "float32" | "float64" }

/** y = x Wᵀ + b with W (out, in); input (…, in) → (…, out). @example new nn.Linear(784, 512, { bias: false }) */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    checkOptions("Linear", opts, LINEAR_OPTIONS);
    for (const [n, v] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Linear: ${n} must be a non-negative integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(empty([outFeatures, inFeatures], opts.dtype));
    this.bias = opts.bias ?? true ? new Parameter(empty([outFeatures], opts.dtype)) : null;
    this.resetParameters();
  }

  /** PyTorch's default: W and b ~ U(−1/√in, 1/√in) (kaiming_uniform with a = √5). */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new RangeError(`Linear(${this.inFeatures} → ${this.outFeatures}): expected input of shape [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/** Returns its input unchanged, as torch's nn.Identity: put it where a layer is taken out (e.g. a removed classifier head). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** Flattens dims startDim..endDim into one; the default keeps the batch dim: (N, 1, 28, 28) → (N, 784). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    const nd = Math.max(x.ndim, 1);
    const s = this.startDim < 0 ? this.startDim + nd : this.startDim;
    if (s < 0 || s >= nd) throw new RangeError(`Flatten(startDim=${this.startDim}): input of shape ${fmtShape(x.shape)} has no dim ${this.startDim}`);
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
