/** @file Dropout: zeroes elements with probability p while training (scaled by 1/(1−p)); identity in eval mode. */
import type { Generator } from "../../core/random.ts";
import type { Tensor } from "../../core/tensor.ts";
import { Module } from "../module.ts";
import { dropout } from "../functional/layers.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const DROPOUT_OPTIONS = optionKeys<{ generator?: unknown }>({ generator: 1 });

export class Dropout extends Module {
  readonly generator: Generator | undefined;
  constructor(readonly p = 0.5, opts: { generator?: Generator } = {}) {
    super();
    checkOptions("Dropout", opts, DROPOUT_OPTIONS);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: probability must be in [0, 1], got ${p}`);
    this.generator = opts.generator;
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, { training: this.training, generator: this.generator });
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
