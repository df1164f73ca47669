/** @file Regression metrics as scikit-learn's: MSE, RMSE, MAE and R² (several outputs are averaged uniformly). */
import { Tensor } from "../core/tensor.ts";
import { fmtShape } from "../core/shape.ts";
import { checkSameLength, toRows, type MatrixInput, type NumericInput } from "./input.ts";

type RegressionInput = NumericInput | MatrixInput;

/** Columns of targets: a 1-D input is one column, a (N, K) input K columns. */
function columns(x: RegressionInput, what: string, fn: string): number[][] {
  if (x instanceof Tensor) {
    if (x.ndim === 1) return [Array.from(x.toTypedArray())];
    if (x.ndim !== 2) throw new RangeError(`${fn}: ${what} must be 1-D or 2-D, got shape ${fmtShape(x.shape)}`);
  }
  const first = (x as ArrayLike<unknown>)[0];
  const rows = x instanceof Tensor || Array.isArray(first) || ArrayBuffer.isView(first)
    ? toRows(x as MatrixInput, what, fn)
    : Array.from(x as ArrayLike<number>, (v, i) => { if (typeof v !== "number") throw new TypeError(`${fn}: ${what}[${i}] is not a number`); return [v]; });
  if (rows.length === 0) throw new RangeError(`${fn}: ${what} is empty`);
  return rows[0].map((_, j) => rows.map((r) => r[j]));
}

function perOutput(fn: string, yTrue: RegressionInput, yPred: RegressionInput, score: (t: number[], p: number[]) => number): number {
  const t = columns(yTrue, "yTrue", fn), p = columns(yPred, "yPred", fn);
  if (t.length !== p.length) throw new RangeError(`${fn}: yTrue has ${t.length} outputs, yPred ${p.length}`);
  checkSameLength(t[0], p[0], ["yTrue", "yPred"], fn);
  return t.reduce((a, col, j) => a + score(col, p[j]), 0) / t.length;
}

const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean of squared errors. */
export const meanSquaredError = (yTrue: RegressionInput, yPred: RegressionInput): number =>
  perOutput("meanSquaredError", yTrue, yPred, (t, p) => meanOf(t.map((v, i) => (v - p[i]) ** 2)));

/** Square root of the MSE (per output, then averaged, as scikit-learn's root_mean_squared_error). */
export const rootMeanSquaredError = (yTrue: RegressionInput, yPred: RegressionInput): number =>
  perOutput("rootMeanSquaredError", yTrue, yPred, (t, p) => Math.sqrt(meanOf(t.map((v, i) => (v - p[i]) ** 2))));

/** Mean of absolute errors. */
export const meanAbsoluteError = (yTrue: RegressionInput, yPred: RegressionInput): number =>
  perOutput("meanAbsoluteError", yTrue, yPred, (t, p) => meanOf(t.map((v, i) => Math.abs(v - p[i]))));

/** Coefficient of determination 1 − SS_res / SS_tot; a constant yTrue gives 1 if predicted exactly, else 0 (scikit-learn's force_finite). */
export const r2Score = (yTrue: RegressionInput, yPred: RegressionInput): number =>
  perOutput("r2Score", yTrue, yPred, (t, p) => {
    const m = meanOf(t);
    const ssRes = t.reduce((a, v, i) => a + (v - p[i]) ** 2, 0), ssTot = t.reduce((a, v) => a + (v - m) ** 2, 0);
    if (ssTot === 0) return ssRes === 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
  });

export { meanSquaredError as mse, rootMeanSquaredError as rmse, meanAbsoluteError as mae, r2Score as r2 };
