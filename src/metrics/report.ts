/** @file classificationReport: per-class precision, recall, F1 and support plus averages, printed exactly as scikit-learn's. */
import { precisionRecallFscoreSupport } from "./classification.ts";
import { pyFixed } from "./format.ts";
import { checkSameLength, toLabels, uniqueLabels, type Label, type LabelInput } from "./input.ts";

export interface ReportRow { precision: number; recall: number; "f1-score": number; support: number }
/** Rows keyed by class name, then "accuracy" (a number) or "micro avg", "macro avg", "weighted avg". */
export type ReportDict = Record<string, ReportRow | number>;

export interface ClassificationReportOptions {
  /** The classes to report, in order (default: every label seen, sorted). */
  labels?: readonly Label[];
  /** Display names of the classes, in the order of `labels` (e.g. Fashion-MNIST's "T-shirt/top", …). */
  targetNames?: readonly string[];
  /** Decimals printed (default 2). */
  digits?: number;
  zeroDivision?: 0 | 1;
}

/** The report's numbers, as scikit-learn's `output_dict=True`. */
export function classificationReportDict(yTrue: LabelInput, yPred: LabelInput, opts: ClassificationReportOptions = {}): ReportDict {
  return build(yTrue, yPred, opts).dict;
}

/**
 * The text table of scikit-learn's classification_report.
 * @example console.log(lw.metrics.classificationReport(yTrue, yPred, { targetNames: ds.classes }))
 */
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, opts: ClassificationReportOptions = {}): string {
  const { names, dict } = build(yTrue, yPred, opts);
  const digits = opts.digits ?? 2;
  const headers = ["precision", "recall", "f1-score", "support"];
  const avgNames = Object.keys(dict).filter((k) => !names.includes(k));
  const width = Math.max(...names.map((n) => n.length), "weighted avg".length, digits);
  const f = (x: number): string => pyFixed(x, digits).padStart(9);
  const row = (name: string, r: ReportRow): string =>
    `${name.padStart(width)}  ${f(r.precision)} ${f(r.recall)} ${f(r["f1-score"])} ${String(r.support).padStart(9)}\n`;
  let out = `${"".padStart(width)} ${headers.map((h) => ` ${h.padStart(9)}`).join("")}\n\n`;
  for (const n of names) out += row(n, dict[n] as ReportRow);
  out += "\n";
  for (const k of avgNames) {
    const v = dict[k];
    if (typeof v === "number") {
      const support = (dict["macro avg"] as ReportRow).support;
      out += `${k.padStart(width)}  ${"".padStart(9)} ${"".padStart(9)} ${f(v)} ${String(support).padStart(9)}\n`;
    } else out += row(k, v);
  }
  return out;
}

function build(yTrue: LabelInput, yPred: LabelInput, opts: ClassificationReportOptions): { names: string[]; dict: ReportDict } {
  const fn = "classificationReport";
  const t = toLabels(yTrue, "yTrue", fn), p = toLabels(yPred, "yPred", fn);
  checkSameLength(t, p, ["yTrue", "yPred"], fn);
  const seen = uniqueLabels(t, p);
  const labels = opts.labels ? [...opts.labels] : seen;
  if (opts.targetNames && opts.targetNames.length !== labels.length) {
    throw new RangeError(`${fn}: ${opts.targetNames.length} targetNames for ${labels.length} classes (${labels.join(", ")}); give one name per class`);
  }
  const names = opts.targetNames ? [...opts.targetNames] : labels.map(String);
  const zeroDivision = opts.zeroDivision ?? 0;
  const per = precisionRecallFscoreSupport(t, p, { labels, average: null, zeroDivision });
  const dict: ReportDict = {};
  names.forEach((n, i) => { dict[n] = { precision: per.precision[i], recall: per.recall[i], "f1-score": per.fscore[i], support: per.support[i] }; });
  const microIsAccuracy = !opts.labels || seen.every((l) => labels.includes(l));
  for (const average of ["micro", "macro", "weighted"] as const) {
    const r = precisionRecallFscoreSupport(t, p, { labels, average, zeroDivision });
    if (average === "micro" && microIsAccuracy) dict.accuracy = r.fscore;
    else dict[`${average} avg`] = { precision: r.precision, recall: r.recall, "f1-score": r.fscore, support: per.support.reduce((a, b) => a + b, 0) };
  }
  return { names, dict };
}
