/**
 * @file Streaming metrics for fit(): each accumulates over the batches of an epoch (update, result,
 * reset), as Keras metrics. `metricFromName` resolves the names compile() accepts.
 */
import { Tensor } from "../core/tensor.ts";
import { fmtShape } from "../core/shape.ts";

/** A metric of (prediction, target) batches; `result()` is the value over every batch since `reset()`. */
export abstract class Metric {
  constructor(readonly name: string) {}
  abstract update(prediction: Tensor, target: Tensor): void;
  abstract result(): number;
  abstract reset(): void;
}

/** The mean of per-sample values (or per-batch values weighted by batch size). */
export abstract class MeanMetric extends Metric {
  #sum = 0;
  #count = 0;
  protected add(total: number, count: number): void {
    this.#sum += total;
    this.#count += count;
  }
  result(): number {
    return this.#count ? this.#sum / this.#count : NaN;
  }
  reset(): void {
    this.#sum = 0;
    this.#count = 0;
  }
}

const rowsOf = (t: Tensor): [Float64Array | Float32Array | Int32Array | Uint8Array, number, number] => {
  const flat = t.toTypedArray() as Float32Array;
  const c = t.ndim >= 2 ? t.shape[t.ndim - 1] : 1;
  return [flat, flat.length / c, c];
};
const argmaxRow = (a: ArrayLike<number>, i: number, c: number): number => {
  let best = 0;
  for (let j = 1; j < c; j++) if (a[i * c + j] > a[i * c + best]) best = j;
  return best;
};

/**
 * Accuracy that reads the shapes, as Keras's "accuracy": (N, C) scores with C > 1 against class
 * indices (sparse) or one-hot rows (categorical); one score per sample against 0/1 targets (binary, `threshold`).
 */
export class Accuracy extends MeanMetric {
  constructor(name = "accuracy", readonly opts: { threshold?: number } = {}) {
    super(name);
  }
  update(prediction: Tensor, target: Tensor): void {
    const [p, n, c] = rowsOf(prediction);
    const t = target.toTypedArray();
    let right = 0;
    if (c === 1) {
      if (t.length !== n) throw new RangeError(`${this.name}: ${n} predictions for ${t.length} targets`);
      const th = this.opts.threshold ?? 0.5;
      for (let i = 0; i < n; i++) right += (p[i] > th ? 1 : 0) === (t[i] > 0.5 ? 1 : 0) ? 1 : 0;
    } else if (t.length === n) {
      for (let i = 0; i < n; i++) right += argmaxRow(p, i, c) === t[i] ? 1 : 0;
    } else if (t.length === n * c) {
      for (let i = 0; i < n; i++) right += argmaxRow(p, i, c) === argmaxRow(t, i, c) ? 1 : 0;
    } else {
      throw new RangeError(`${this.name}: predictions of shape ${fmtShape(prediction.shape)} do not fit targets of shape ${fmtShape(target.shape)} (expected class indices (${n}) or one-hot rows (${n}, ${c}))`);
    }
    this.add(right, n);
  }
}

/** Fraction of samples whose true class is among the k highest scores. */
export class TopKAccuracy extends MeanMetric {
  constructor(readonly k = 5, name = `top_${k}_accuracy`) {
    super(name);
  }
  update(prediction: Tensor, target: Tensor): void {
    const [p, n, c] = rowsOf(prediction);
    const t = target.toTypedArray();
    const oneHot = t.length === n * c && c > 1;
    let right = 0;
    for (let i = 0; i < n; i++) {
      const y = oneHot ? argmaxRow(t, i, c) : t[i];
      let above = 0;
      for (let j = 0; j < c; j++) if (p[i * c + j] > p[i * c + y]) above++;
      if (above < this.k) right++;
    }
    this.add(right, n);
  }
}

/** Mean over samples of a per-element error, averaged over each sample's elements. */
class ElementwiseMean extends MeanMetric {
  constructor(name: string, readonly err: (d: number) => number) {
    super(name);
  }
  update(prediction: Tensor, target: Tensor): void {
    const p = prediction.toTypedArray(), t = target.toTypedArray();
    if (p.length !== t.length) throw new RangeError(`${this.name}: prediction ${fmtShape(prediction.shape)} and target ${fmtShape(target.shape)} have different sizes`);
    let s = 0;
    for (let i = 0; i < p.length; i++) s += this.err(p[i] - t[i]);
    const n = prediction.ndim ? prediction.shape[0] : 1;
    this.add((s / p.length) * n, n);
  }
}
export class MeanSquaredError extends ElementwiseMean {
  constructor(name = "mse") { super(name, (d) => d * d); }
}
export class MeanAbsoluteError extends ElementwiseMean {
  constructor(name = "mae") { super(name, Math.abs); }
}
/** √(mean squared error over all samples seen). */
export class RootMeanSquaredError extends MeanSquaredError {
  constructor(name = "rmse") { super(name); }
  override result(): number { return Math.sqrt(super.result()); }
}

/** A metric from a function of one batch, averaged over batches weighted by batch size. */
export class FunctionMetric extends MeanMetric {
  constructor(name: string, readonly fn: (prediction: Tensor, target: Tensor) => number) {
    super(name);
  }
  update(prediction: Tensor, target: Tensor): void {
    const n = prediction.ndim ? prediction.shape[0] : 1;
    this.add(this.fn(prediction, target) * n, n);
  }
}

const NAMES: Record<string, () => Metric> = {
  accuracy: () => new Accuracy("accuracy"),
  acc: () => new Accuracy("acc"),
  sparse_categorical_accuracy: () => new Accuracy("sparse_categorical_accuracy"),
  categorical_accuracy: () => new Accuracy("categorical_accuracy"),
  binary_accuracy: () => new Accuracy("binary_accuracy"),
  top_k_categorical_accuracy: () => new TopKAccuracy(5, "top_k_categorical_accuracy"),
  sparse_top_k_categorical_accuracy: () => new TopKAccuracy(5, "sparse_top_k_categorical_accuracy"),
  mse: () => new MeanSquaredError("mse"),
  mean_squared_error: () => new MeanSquaredError("mean_squared_error"),
  mae: () => new MeanAbsoluteError("mae"),
  mean_absolute_error: () => new MeanAbsoluteError("mean_absolute_error"),
  rmse: () => new RootMeanSquaredError("rmse"),
  root_mean_squared_error: () => new RootMeanSquaredError("root_mean_squared_error"),
};
/** The metric names compile() and Trainer accept. */
export const METRIC_NAMES = Object.keys(NAMES);

/** What `metrics: [...]` may hold: a name, a Metric, or a named batch function. */
export type MetricSpec = string | Metric | { name: string; fn: (prediction: Tensor, target: Tensor) => number };

/** A fresh Metric for a spec; an unknown name lists the valid ones. */
export function metricFromSpec(spec: MetricSpec, opts: { threshold?: number } = {}): Metric {
  if (spec instanceof Metric) return spec;
  if (typeof spec === "string") {
    const make = NAMES[spec];
    if (!make) throw new RangeError(`unknown metric "${spec}"; valid names: ${METRIC_NAMES.join(", ")} (or pass a Metric, or { name, fn })`);
    const m = make();
    return m instanceof Accuracy && opts.threshold !== undefined ? new Accuracy(m.name, opts) : m;
  }
  if (spec && typeof spec === "object" && typeof spec.name === "string" && typeof spec.fn === "function") return new FunctionMetric(spec.name, spec.fn);
  throw new TypeError(`a metric must be a name (${METRIC_NAMES.join(", ")}), a Metric or { name, fn }; got ${typeof spec}`);
}
