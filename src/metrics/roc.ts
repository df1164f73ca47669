/**
 * @file ROC curves and areas under them, as scikit-learn 1.2 (roc_curve with drop_intermediate,
 * auc by the trapezoidal rule, roc_auc_score for binary and one-vs-rest multiclass targets).
 */
import { checkSameLength, toLabels, toNumbers, toRows, uniqueLabels, type Label, type LabelInput, type MatrixInput, type NumericInput } from "./input.ts";

export interface RocCurve {
  /** False-positive rates, increasing from 0 to 1. */
  fpr: number[];
  /** True-positive rates, increasing from 0 to 1. */
  tpr: number[];
  /** Decreasing score thresholds; thresholds[0] is max(score) + 1 (scikit-learn 1.2), meaning "predict nothing positive". */
  thresholds: number[];
}

/** The ROC curve of binary labels and scores (higher score = more likely posLabel). */
export function rocCurve(yTrue: LabelInput, yScore: NumericInput, opts: { posLabel?: Label; dropIntermediate?: boolean } = {}): RocCurve {
  const fn = "rocCurve";
  const t = toLabels(yTrue, "yTrue", fn), s = toNumbers(yScore, "yScore", fn);
  checkSameLength(t, s, ["yTrue", "yScore"], fn);
  const classes = uniqueLabels(t);
  if (classes.length > 2) throw new RangeError(`${fn}: yTrue must be binary, got ${classes.length} labels (${classes.join(", ")}); use rocAuc with multiClass "ovr" or binarise one class`);
  const pos = opts.posLabel ?? (classes.every((c) => c === 0 || c === 1 || c === -1) ? 1 : undefined);
  if (pos === undefined) throw new RangeError(`${fn}: the labels are ${classes.join(", ")}; pass posLabel to say which is positive`);
  if (s.some((v) => Number.isNaN(v))) throw new RangeError(`${fn}: yScore contains NaN`);
  // Descending by score; numpy's argsort(kind="mergesort")[::-1] puts the later of equal scores first.
  const order = s.map((_, i) => i).sort((a, b) => s[a] - s[b] || a - b).reverse();
  let tps: number[] = [], fps: number[] = [], thr: number[] = [];
  let cum = 0;
  order.forEach((idx, k) => {
    cum += t[idx] === pos ? 1 : 0;
    if (k === order.length - 1 || s[order[k + 1]] !== s[idx]) { tps.push(cum); fps.push(k + 1 - cum); thr.push(s[idx]); }
  });
  if ((opts.dropIntermediate ?? true) && fps.length > 2) {
    const keep = fps.map((_, i) => i === 0 || i === fps.length - 1 || fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 || tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0);
    tps = tps.filter((_, i) => keep[i]); fps = fps.filter((_, i) => keep[i]); thr = thr.filter((_, i) => keep[i]);
  }
  tps.unshift(0); fps.unshift(0); thr.unshift(thr[0] + 1);
  const nNeg = fps[fps.length - 1], nPos = tps[tps.length - 1];
  return { fpr: fps.map((v) => (nNeg > 0 ? v / nNeg : NaN)), tpr: tps.map((v) => (nPos > 0 ? v / nPos : NaN)), thresholds: thr };
}

/** Area under a curve through the points (x, y) by the trapezoidal rule; x must be monotonic. */
export function auc(x: NumericInput, y: NumericInput): number {
  const xs = toNumbers(x, "x", "auc"), ys = toNumbers(y, "y", "auc");
  checkSameLength(xs, ys, ["x", "y"], "auc");
  if (xs.length < 2) throw new RangeError(`auc: at least 2 points are needed, got ${xs.length}`);
  const dx = xs.slice(1).map((v, i) => v - xs[i]);
  let direction = 1;
  if (dx.some((d) => d < 0)) {
    if (dx.every((d) => d <= 0)) direction = -1;
    else throw new RangeError("auc: x is neither increasing nor decreasing");
  }
  let area = 0;
  for (let i = 0; i < dx.length; i++) area += (dx[i] * (ys[i] + ys[i + 1])) / 2;
  return direction * area;
}

export interface RocAucOptions {
  /** How a (N, C) score matrix is scored: one class against the rest (the only one so far). */
  multiClass?: "ovr";
  /** Mean of the per-class areas ("macro") or weighted by class frequency ("weighted"). */
  average?: "macro" | "weighted";
  /** The class of each score column (default: 0..C−1). */
  labels?: readonly Label[];
}

/**
 * Area under the ROC curve. Binary: yScore is one score per sample. Multiclass: yScore is (N, C)
 * probabilities (rows summing to 1) and each class is scored one-vs-rest.
 */
export function rocAuc(yTrue: LabelInput, yScore: NumericInput | MatrixInput, opts: RocAucOptions = {}): number {
  const fn = "rocAuc";
  const is2d = Array.isArray(yScore) ? Array.isArray(yScore[0]) || ArrayBuffer.isView(yScore[0]) : "ndim" in yScore && yScore.ndim === 2 && yScore.shape[1] > 1;
  const binaryAuc = (t: Label[], s: number[], pos: Label): number => {
    if (new Set(t).size !== 2) throw new RangeError(`${fn}: only one class is present in yTrue; ROC AUC is not defined then`);
    const r = rocCurve(t, s, { posLabel: pos });
    return auc(r.fpr, r.tpr);
  };
  const t = toLabels(yTrue, "yTrue", fn);
  if (!is2d) {
    const classes = uniqueLabels(t);
    if (classes.length > 2) throw new RangeError(`${fn}: yTrue has ${classes.length} classes; pass (N, C) scores for one-vs-rest`);
    return binaryAuc(t, toNumbers(yScore as NumericInput, "yScore", fn), classes[classes.length - 1]);
  }
  if ((opts.multiClass ?? "ovr") !== "ovr") throw new RangeError(`${fn}: multiClass must be "ovr", got ${JSON.stringify(opts.multiClass)}`);
  const rows = toRows(yScore as MatrixInput, "yScore", fn);
  checkSameLength(t, rows, ["yTrue", "yScore"], fn);
  const c = rows[0].length;
  const labels = opts.labels ? [...opts.labels] : Array.from({ length: c }, (_, i) => i);
  if (labels.length !== c) throw new RangeError(`${fn}: ${labels.length} labels for ${c} score columns`);
  const bad = rows.findIndex((r) => Math.abs(r.reduce((a, b) => a + b, 0) - 1) > 1e-6 * Math.max(1, c));
  if (bad >= 0) throw new RangeError(`${fn}: for multiclass one-vs-rest the scores must be probabilities summing to 1 per row; row ${bad} sums to ${rows[bad].reduce((a, b) => a + b, 0)}`);
  const missing = uniqueLabels(t).filter((l) => !labels.includes(l));
  if (missing.length) throw new RangeError(`${fn}: yTrue holds labels not among the score columns: ${missing.join(", ")}`);
  const areas = labels.map((l, j) => binaryAuc(t.map((v) => (v === l ? 1 : 0)), rows.map((r) => r[j]), 1));
  if ((opts.average ?? "macro") === "macro") return areas.reduce((a, b) => a + b, 0) / areas.length;
  const support = labels.map((l) => t.filter((v) => v === l).length);
  return areas.reduce((a, x, j) => a + x * support[j], 0) / t.length;
}
