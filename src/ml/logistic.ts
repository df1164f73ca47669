/**
 * @file LogisticRegression as scikit-learn's with solver "lbfgs": L2 penalty 1/(2C)·|W|² on the mean log-loss's
 * scale, multinomial softmax for > 2 classes, one sigmoid for 2; loss and gradients on the native GEMM in float64.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { matmul } from "../ops/linalg.ts";
import { cat } from "../ops/movement.ts";
import { logSoftmax } from "../ops/nn-functional.ts";
import { asLabels, asMatrix, checkInt, checkPositive, fitted, type LabelsLike, type MatrixLike } from "./input.ts";
import { lbfgs } from "./lbfgs.ts";

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength (default 1). */
  C?: number;
  /** Learn an intercept (default true; it is not penalised). */
  fitIntercept?: boolean;
  /** L-BFGS iterations (default 100). */
  maxIter?: number;
  /** Stop when max |gradient| <= tol (default 1e-4). */
  tol?: number;
  /** "lbfgs" only. */
  solver?: "lbfgs";
  /** "l2" (default) or "none". */
  penalty?: "l2" | "none";
}

/** Logistic regression classifier (scikit-learn's sklearn.linear_model.LogisticRegression, lbfgs). */
export class LogisticRegression {
  readonly C: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly penalty: "l2" | "none";
  /** (classes or 1, features). */
  coef: Tensor | null = null;
  /** (classes or 1). */
  intercept: Tensor | null = null;
  /** The sorted distinct labels. */
  classes: number[] = [];
  nIter = 0;
  nFeaturesIn = 0;

  constructor(opts: LogisticRegressionOptions = {}) {
    this.C = opts.C ?? 1;
    this.fitIntercept = opts.fitIntercept ?? true;
    this.maxIter = opts.maxIter ?? 100;
    this.tol = opts.tol ?? 1e-4;
    this.penalty = opts.penalty ?? "l2";
    checkPositive(this.C, "LogisticRegression", "C");
    checkInt(this.maxIter, "LogisticRegression", "maxIter", 1);
    checkPositive(this.tol, "LogisticRegression", "tol", true);
    if ((opts.solver ?? "lbfgs") !== "lbfgs") throw new RangeError(`LogisticRegression: only solver "lbfgs" is implemented, got "${opts.solver}"`);
  }

  fit(X: MatrixLike, y: LabelsLike): this {
    const x = asMatrix(X, "LogisticRegression.fit").to("float64");
    const [n, d] = x.shape;
    const yv = asLabels(y, "LogisticRegression.fit", n);
    this.classes = Array.from(new Set(yv)).sort((a, b) => a - b);
    const K = this.classes.length;
    if (K < 2) throw new RangeError(`LogisticRegression.fit: y needs at least 2 classes, got ${K} (${this.classes.join(", ")})`);
    const idx = new Map(this.classes.map((c, i) => [c, i]));
    const rows = K === 2 ? 1 : K; // binary: one weight vector for the second class
    const target = new Float64Array(n * rows);
    yv.forEach((v, i) => { const c = idx.get(v)!; if (K === 2) target[i] = c; else target[i * K + c] = 1; });
    const T = fromTypedArray(target, [n, rows]);
    const lam = this.penalty === "l2" ? 1 / (this.C * n) : 0;
    const nw = rows * d, nParams = nw + (this.fitIntercept ? rows : 0);
    const fg = (p: Float64Array): { f: number; g: Float64Array } => {
      const W = fromTypedArray(p.subarray(0, nw).slice(), [rows, d]);
      let z = matmul(x, W.transpose(0, 1)); // (N, rows)
      if (this.fitIntercept) z = z.add(fromTypedArray(p.slice(nw), [rows]));
      let loss: number, G: Tensor;
      if (K === 2) {
        // log(1 + e^z) − t·z and its derivative sigmoid(z) − t.
        loss = z.softplus().sub(z.mul(T)).sum().item() as number;
        G = z.sigmoid().sub(T);
      } else {
        const lp = logSoftmax(z, 1);
        loss = -(lp.mul(T).sum().item() as number);
        G = lp.exp().sub(T);
      }
      const g = new Float64Array(nParams);
      g.set(matmul(G.transpose(0, 1), x).data as Float64Array); // (rows, D)
      if (this.fitIntercept) g.set(G.sum(0).data as Float64Array, nw);
      let reg = 0;
      for (let i = 0; i < nParams; i++) g[i] /= n;
      for (let i = 0; i < nw; i++) { reg += p[i] * p[i]; g[i] += lam * p[i]; }
      return { f: loss / n + 0.5 * lam * reg, g };
    };
    const res = lbfgs(fg, new Float64Array(nParams), { maxIter: this.maxIter, gtol: this.tol });
    this.coef = fromTypedArray(res.x.slice(0, nw), [rows, d]);
    this.intercept = fromTypedArray(this.fitIntercept ? res.x.slice(nw) : new Float64Array(rows));
    this.nIter = res.nIter;
    this.nFeaturesIn = d;
    return this;
  }

  /** X·Wᵀ + b: (samples, classes), or (samples) for two classes. */
  decisionFunction(X: MatrixLike): Tensor {
    const w = fitted(this.coef, "LogisticRegression.decisionFunction");
    const x = asMatrix(X, "LogisticRegression.decisionFunction", "X", this.nFeaturesIn).to("float64");
    const z = matmul(x, w.transpose(0, 1)).add(this.intercept!);
    return this.classes.length === 2 ? z.reshape([x.shape[0]]) : z;
  }

  /** Class probabilities (samples, classes), columns in the order of `classes`. */
  predictProba(X: MatrixLike): Tensor {
    const z = this.decisionFunction(X);
    if (this.classes.length > 2) return z.softmax(1);
    const p = z.sigmoid().unsqueeze(1);
    return cat([p.neg().add(1), p], 1);
  }

  /** The most probable class of each sample (samples). */
  predict(X: MatrixLike): Tensor {
    const z = this.decisionFunction(X);
    const best = this.classes.length === 2 ? (z.gt(0).toTypedArray() as Uint8Array) : (z.argmax(1).data as Int32Array);
    return fromTypedArray(Float64Array.from(best, (i) => this.classes[i]));
  }

  /** Mean accuracy on (X, y). */
  score(X: MatrixLike, y: LabelsLike): number {
    const p = this.predict(X).data, t = asLabels(y, "LogisticRegression.score", p.length);
    let ok = 0;
    for (let i = 0; i < t.length; i++) if (p[i] === t[i]) ok++;
    return ok / t.length;
  }
}
