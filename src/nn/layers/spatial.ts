/** @file Spatial layers without weights: Dropout2d (drops whole channels) and Upsample (nearest, bilinear). */
import type { Generator } from "../../core/random.ts";
import type { Tensor } from "../../core/tensor.ts";
import { interpolate, type InterpolateMode } from "../../ops/upsample.ts";
import { dropout2d } from "../functional/spatial.ts";
import { Module } from "../module.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const DROPOUT_OPTIONS = optionKeys<{ generator?: unknown }>({ generator: 1 });

/** Zeroes whole channels with probability p while training; identity in eval mode. */
export class Dropout2d extends Module {
  readonly generator: Generator | undefined;
  constructor(readonly p = 0.5, opts: { generator?: Generator } = {}) {
    super();
    checkOptions("Dropout2d", opts, DROPOUT_OPTIONS);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout2d: probability must be in [0, 1], got ${p}`);
    this.generator = opts.generator;
  }
  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, { training: this.training, generator: this.generator });
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

export interface UpsampleOptions {
  size?: number | readonly number[];
  scaleFactor?: number | readonly number[];
  mode?: InterpolateMode;
  alignCorners?: boolean;
}

/** Resizes (N, C, H, W) or (N, C, L). @example new nn.Upsample({ scaleFactor: 2, mode: "nearest" }) */
export class Upsample extends Module {
  constructor(readonly opts: UpsampleOptions) {
    super();
    if ((opts.size === undefined) === (opts.scaleFactor === undefined)) throw new RangeError("Upsample: give exactly one of size and scaleFactor");
  }
  forward(x: Tensor): Tensor {
    return interpolate(x, this.opts);
  }
  override extraRepr(): string {
    const o = this.opts;
    return [o.size !== undefined ? `size=${String(o.size)}` : `scaleFactor=${String(o.scaleFactor)}`, `mode="${o.mode ?? "nearest"}"`].join(", ");
  }
}
