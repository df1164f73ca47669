/** @file scikit-learn-style preprocessing: StandardScaler, MinMaxScaler (fit on train, apply to test) and LabelEncoder. */
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { assertTensor } from "../ops/check.ts";

function check2d(x: Tensor, who: string, features?: number): void {
  assertTensor(x, who);
  if (x.ndim !== 2) throw new RangeError(`${who}: expected a 2-D tensor (samples, features), got shape ${fmtShape(x.shape)}`);
  if (features !== undefined && x.shape[1] !== features) throw new RangeError(`${who}: fitted on ${features} features, got shape ${fmtShape(x.shape)}`);
}

/** Column-wise (x − mean) / std (population std; constant columns are left unscaled). */
export class StandardScaler {
  mean: Tensor | null = null;
  scale: Tensor | null = null;
  constructor(readonly opts: { withMean?: boolean; withStd?: boolean } = {}) {}

  fit(x: Tensor): this {
    check2d(x, "StandardScaler.fit");
    this.mean = this.opts.withMean ?? true ? x.mean(0) : x.mean(0).mul(0);
    const std = x.std(0, { correction: 0 });
    this.scale = this.opts.withStd ?? true ? std.where(std.gt(0), 1) : std.mul(0).add(1);
    return this;
  }
  transform(x: Tensor): Tensor {
    if (!this.mean || !this.scale) throw new Error("StandardScaler.transform: call fit() first");
    check2d(x, "StandardScaler.transform", this.mean.shape[0]);
    return x.sub(this.mean).div(this.scale);
  }
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }
  inverseTransform(x: Tensor): Tensor {
    if (!this.mean || !this.scale) throw new Error("StandardScaler.inverseTransform: call fit() first");
    return x.mul(this.scale).add(this.mean);
  }
}

/** Column-wise rescaling of [min, max] to featureRange (default [0, 1]). */
export class MinMaxScaler {
  min: Tensor | null = null;
  range: Tensor | null = null;
  readonly featureRange: [number, number];
  constructor(opts: { featureRange?: [number, number] } = {}) {
    this.featureRange = opts.featureRange ?? [0, 1];
    if (!(this.featureRange[0] < this.featureRange[1])) throw new RangeError(`MinMaxScaler: featureRange must be increasing, got [${this.featureRange.join(", ")}]`);
  }
  fit(x: Tensor): this {
    check2d(x, "MinMaxScaler.fit");
    this.min = x.amin(0);
    const r = x.amax(0).sub(this.min);
    this.range = r.where(r.gt(0), 1);
    return this;
  }
  transform(x: Tensor): Tensor {
    if (!this.min || !this.range) throw new Error("MinMaxScaler.transform: call fit() first");
    check2d(x, "MinMaxScaler.transform", this.min.shape[0]);
    const [lo, hi] = this.featureRange;
    return x.sub(this.min).div(this.range).mul(hi - lo).add(lo);
  }
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }
  inverseTransform(x: Tensor): Tensor {
    if (!this.min || !this.range) throw new Error("MinMaxScaler.inverseTransform: call fit() first");
    const [lo, hi] = this.featureRange;
    return x.sub(lo).div(hi - lo).mul(this.range).add(this.min);
  }
}

/** Maps labels (strings or numbers) to 0..k−1 in sorted order, as sklearn's LabelEncoder. */
export class LabelEncoder<L extends string | number = string | number> {
  classes: L[] = [];
  fit(labels: readonly L[]): this {
    this.classes = [...new Set(labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this;
  }
  transform(labels: readonly L[]): Tensor {
    const index = new Map(this.classes.map((c, i) => [c, i]));
    return fromTypedArray(Int32Array.from(labels, (l, i) => {
      const k = index.get(l);
      if (k === undefined) throw new RangeError(`LabelEncoder.transform: label ${JSON.stringify(l)} at index ${i} was not seen by fit (classes: ${this.classes.join(", ")})`);
      return k;
    }));
  }
  fitTransform(labels: readonly L[]): Tensor {
    return this.fit(labels).transform(labels);
  }
  inverseTransform(codes: Tensor): L[] {
    return Array.from(codes.toTypedArray(), (k, i) => {
      if (k < 0 || k >= this.classes.length) throw new RangeError(`LabelEncoder.inverseTransform: code ${k} at index ${i} is out of range for ${this.classes.length} classes`);
      return this.classes[k];
    });
  }
}
