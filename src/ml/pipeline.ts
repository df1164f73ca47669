/**
 * @file Pipeline([["scaler", s], ["clf", c]]) as scikit-learn's: every step but the last is fitted and transforms
 * the data for the next; the last step's predict / predictProba / transform / score run on the transformed data.
 */
import type { Tensor } from "../core/tensor.ts";
import { asMatrix, type LabelsLike, type MatrixLike } from "./input.ts";

/** A step that can be fitted and transforms data (scalers, PCA). */
export interface Transformer { fit(x: Tensor, y?: LabelsLike): unknown; transform(x: Tensor): Tensor; fitTransform?(x: Tensor, y?: LabelsLike): Tensor }
/** Any fittable final step (classifier, clusterer, transformer). */
export interface Estimator {
  fit(x: Tensor, y?: LabelsLike): unknown;
  predict?(x: Tensor): Tensor;
  predictProba?(x: Tensor): Tensor;
  transform?(x: Tensor): Tensor;
  score?(x: Tensor, y?: LabelsLike): number;
}
export type Step = [name: string, estimator: Transformer | Estimator];

export class Pipeline {
  readonly steps: Step[];
  /** The steps by name. */
  readonly namedSteps: Record<string, Transformer | Estimator>;

  constructor(steps: Step[]) {
    if (!Array.isArray(steps) || steps.length === 0) throw new RangeError("Pipeline: steps must be a non-empty array of [name, estimator] pairs");
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (!Array.isArray(s) || typeof s[0] !== "string" || !s[1] || typeof s[1].fit !== "function") throw new TypeError(`Pipeline: step ${i} must be [name, estimator] with a fit() method`);
      if (seen.has(s[0])) throw new RangeError(`Pipeline: step name "${s[0]}" is used twice`);
      seen.add(s[0]);
      if (i < steps.length - 1 && typeof (s[1] as Transformer).transform !== "function") throw new TypeError(`Pipeline: step "${s[0]}" is not the last, so it needs a transform() method`);
    });
    this.steps = steps;
    this.namedSteps = Object.fromEntries(steps);
  }

  private get last(): Estimator { return this.steps[this.steps.length - 1][1] as Estimator; }

  /** Data through every step but the last. */
  private through(X: MatrixLike): Tensor {
    let x = asMatrix(X, "Pipeline");
    for (const [, s] of this.steps.slice(0, -1)) x = (s as Transformer).transform(x);
    return x;
  }

  fit(X: MatrixLike, y?: LabelsLike): this {
    let x = asMatrix(X, "Pipeline.fit");
    for (const [, s] of this.steps.slice(0, -1)) {
      const t = s as Transformer;
      x = t.fitTransform ? t.fitTransform(x, y) : (t.fit(x, y), t.transform(x));
    }
    this.last.fit(x, y);
    return this;
  }

  private call<K extends "predict" | "predictProba" | "transform">(what: K, X: MatrixLike): Tensor {
    const f = this.last[what];
    if (typeof f !== "function") throw new TypeError(`Pipeline.${what}: the last step "${this.steps[this.steps.length - 1][0]}" has no ${what}()`);
    return f.call(this.last, this.through(X));
  }

  predict(X: MatrixLike): Tensor { return this.call("predict", X); }
  predictProba(X: MatrixLike): Tensor { return this.call("predictProba", X); }
  transform(X: MatrixLike): Tensor { return this.call("transform", X); }

  score(X: MatrixLike, y?: LabelsLike): number {
    if (typeof this.last.score !== "function") throw new TypeError(`Pipeline.score: the last step "${this.steps[this.steps.length - 1][0]}" has no score()`);
    return this.last.score(this.through(X), y);
  }
}
