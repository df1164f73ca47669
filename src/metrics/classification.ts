/**
 * @file Classification metrics with scikit-learn's definitions: accuracy, top-k accuracy, confusion
 * matrix, precision / recall / F-beta (binary, macro, micro, weighted, per class). Arguments: (yTrue, yPred).
 */
import { checkSameLength, toLabels, toRows, uniqueLabels, type Label, type LabelInput, type MatrixInput } from "./input.ts";

/** Fraction (or count, with `normalize: false`) of exactly right predictions. */
export function accuracy(yTrue: LabelInput, yPred: LabelInput, opts: { normalize?: boolean } = {}): number {
  const t = toLabels(yTrue, "yTrue", "accuracy"), p = toLabels(yPred, "yPred", "accuracy");
  checkSameLength(t, p, ["yTrue", "yPred"], "accuracy");
  const right = t.reduce((n: number, v, i) => n + (v === p[i] ? 1 : 0), 0);
  return opts.normalize ?? true ? right / t.length : right;
}

/**
 * Fraction of samples whose true class is among the k highest scores (scikit-learn's
 * top_k_accuracy_score: ties are broken toward the higher class index). yScore is (N, C), classes 0..C−1.
 */
export function topKAccuracy(yTrue: LabelInput, yScore: MatrixInput, opts: { k?: number; normalize?: boolean } = {}): number {
  const fn = "topKAccuracy", k = opts.k ?? 2;
  const t = toLabels(yTrue, "yTrue", fn), rows = toRows(yScore, "yScore", fn);
  checkSameLength(t, rows, ["yTrue", "yScore"], fn);
  const c = rows[0].length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${fn}: k must be a positive integer, got ${k}`);
  let hits = 0;
  rows.forEach((r, i) => {
    const y = t[i];
    if (typeof y !== "number" || !Number.isInteger(y) || y < 0 || y >= c) throw new RangeError(`${fn}: yTrue[${i}] = ${y} is not a class index in 0..${c - 1}`);
    // numpy: argsort(kind="mergesort") ascending, reversed, first k.
    const order = r.map((_, j) => j).sort((a, b) => r[a] - r[b] || a - b).reverse();
    if (order.slice(0, k).includes(y)) hits++;
  });
  return opts.normalize ?? true ? hits / t.length : hits;
}

export interface ConfusionMatrixOptions {
  /** The classes, in the order of the rows and columns (default: every label in yTrue or yPred, sorted). */
  labels?: readonly Label[];
  /** Divide by row sums ("true"), column sums ("pred") or the total ("all"). */
  normalize?: "true" | "pred" | "all";
}

/** C[i][j] = number of samples of class labels[i] predicted as labels[j] (rows: truth, columns: prediction). */
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, opts: ConfusionMatrixOptions = {}): number[][] {
  const fn = "confusionMatrix";
  const t = toLabels(yTrue, "yTrue", fn), p = toLabels(yPred, "yPred", fn);
  checkSameLength(t, p, ["yTrue", "yPred"], fn);
  const labels = opts.labels ? [...opts.labels] : uniqueLabels(t, p);
  if (labels.length === 0) throw new RangeError(`${fn}: labels is empty`);
  const at = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  t.forEach((v, i) => {
    const r = at.get(v), c = at.get(p[i]);
    if (r !== undefined && c !== undefined) m[r][c]++;
  });
  if (!opts.normalize) return m;
  const div = (x: number, d: number): number => (d === 0 ? 0 : x / d);
  if (opts.normalize === "true") return m.map((row) => { const s = row.reduce((a, b) => a + b, 0); return row.map((x) => div(x, s)); });
  if (opts.normalize === "pred") return m.map((row) => row.map((x, j) => div(x, m.reduce((a, r) => a + r[j], 0))));
  if (opts.normalize === "all") { const s = m.flat().reduce((a, b) => a + b, 0); return m.map((row) => row.map((x) => div(x, s))); }
  throw new RangeError(`${fn}: normalize must be "true", "pred" or "all", got ${JSON.stringify(opts.normalize)}`);
}

export type Average = "binary" | "macro" | "micro" | "weighted";
export interface PrfOptions {
  /** How to combine classes (default "binary", which reports posLabel only); null gives one value per class. */
  average?: Average | null;
  /** The positive class for average "binary" (default 1). */
  posLabel?: Label;
  /** The classes to include, in order (default: all labels seen, sorted). */
  labels?: readonly Label[];
  /** The F-beta weight of recall (default 1: F1). */
  beta?: number;
  /** The value of a ratio with a zero denominator (default 0, as scikit-learn after its warning). */
  zeroDivision?: 0 | 1;
}
export interface Prf<T> { precision: T; recall: T; fscore: T; support: T }

const AVERAGES = ["binary", "macro", "micro", "weighted"];

/** scikit-learn's precision_recall_fscore_support: per class, or averaged (where scikit-learn gives support None, this gives the total support of the classes averaged). */
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, opts: PrfOptions & { average: null }): Prf<number[]>;
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, opts?: PrfOptions): Prf<number>;
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, opts: PrfOptions = {}): Prf<number> | Prf<number[]> {
  const fn = "precisionRecallFscoreSupport";
  const t = toLabels(yTrue, "yTrue", fn), p = toLabels(yPred, "yPred", fn);
  checkSameLength(t, p, ["yTrue", "yPred"], fn);
  const average = opts.average === undefined ? "binary" : opts.average;
  if (average !== null && !AVERAGES.includes(average)) throw new RangeError(`${fn}: average must be one of ${AVERAGES.join(", ")} or null, got ${JSON.stringify(average)}`);
  const beta = opts.beta ?? 1, zd = opts.zeroDivision ?? 0;
  if (!(beta >= 0)) throw new RangeError(`${fn}: beta must be non-negative, got ${beta}`);
  const present = uniqueLabels(t, p);
  let labels = opts.labels ? [...opts.labels] : present;
  if (average === "binary") {
    if (present.length > 2) throw new RangeError(`${fn}: the targets are multiclass (${present.length} labels: ${present.join(", ")}); choose average "macro", "micro", "weighted" or null`);
    const pos = opts.posLabel ?? 1;
    if (present.length && !present.includes(pos)) throw new RangeError(`${fn}: posLabel=${pos} is not a valid label; the labels are ${present.join(", ")}`);
    labels = [pos];
  }
  const at = new Map(labels.map((l, i) => [l, i]));
  const tp = labels.map(() => 0), predSum = labels.map(() => 0), trueSum = labels.map(() => 0);
  t.forEach((v, i) => {
    const a = at.get(v), b = at.get(p[i]);
    if (a !== undefined) trueSum[a]++;
    if (b !== undefined) predSum[b]++;
    if (a !== undefined && v === p[i]) tp[a]++;
  });
  const sum = (xs: number[]): number => xs.reduce((x, y) => x + y, 0);
  const prf = (tpS: number[], predS: number[], trueS: number[]): Prf<number[]> => {
    const precision = tpS.map((x, i) => (predS[i] === 0 ? zd : x / predS[i]));
    const recall = tpS.map((x, i) => (trueS[i] === 0 ? zd : x / trueS[i]));
    const b2 = beta * beta;
    const fscore = precision.map((pr, i) => {
      if (beta === Infinity) return recall[i];
      const denom = b2 * pr + recall[i];
      return ((1 + b2) * pr * recall[i]) / (denom === 0 ? 1 : denom);
    });
    return { precision, recall, fscore, support: trueS };
  };
  if (average === "micro") {
    const r = prf([sum(tp)], [sum(predSum)], [sum(trueSum)]);
    return { precision: r.precision[0], recall: r.recall[0], fscore: r.fscore[0], support: sum(trueSum) };
  }
  const per = prf(tp, predSum, trueSum);
  if (average === null) return per;
  const total = sum(trueSum);
  const mean = (xs: number[]): number => {
    if (average === "weighted") return total === 0 ? zd : sum(xs.map((x, i) => x * trueSum[i])) / total;
    return sum(xs) / xs.length;
  };
  return { precision: mean(per.precision), recall: mean(per.recall), fscore: mean(per.fscore), support: total };
}

type One = PrfOptions & { average?: Average };
/** Precision tp / (tp + fp); see PrfOptions for `average` (default "binary"). */
export const precision = (yTrue: LabelInput, yPred: LabelInput, opts: One = {}): number => precisionRecallFscoreSupport(yTrue, yPred, opts).precision;
/** Recall tp / (tp + fn). */
export const recall = (yTrue: LabelInput, yPred: LabelInput, opts: One = {}): number => precisionRecallFscoreSupport(yTrue, yPred, opts).recall;
/** F1, the harmonic mean of precision and recall. */
export const f1 = (yTrue: LabelInput, yPred: LabelInput, opts: Omit<One, "beta"> = {}): number => precisionRecallFscoreSupport(yTrue, yPred, { ...opts, beta: 1 }).fscore;
/** F-beta: recall weighted beta times as much as precision. */
export const fbeta = (yTrue: LabelInput, yPred: LabelInput, beta: number, opts: Omit<One, "beta"> = {}): number => precisionRecallFscoreSupport(yTrue, yPred, { ...opts, beta }).fscore;
