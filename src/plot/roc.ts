/** @file ROC curves: one or several (e.g. one-vs-rest per class) with their AUC in the legend, and the chance diagonal. */
import { auc, rocCurve, type RocCurve } from "../metrics/roc.ts";
import type { LabelInput, NumericInput } from "../metrics/input.ts";
import { PALETTE, linePanel, svgDocument } from "./svg.ts";
import { writeFigure, type WriteOptions } from "./write.ts";
import { checkOptions, optionKeys } from "../core/options.ts";

export interface RocPlotOptions extends WriteOptions { title?: string; width?: number; height?: number }
const ROC_PLOT_OPTIONS = optionKeys<RocPlotOptions>({ title: 1, width: 1, height: 1, alsoPng: 1, alsoSvg: 1, scale: 1 });

/** The SVG of named ROC curves. */
export function rocSvg(curves: Record<string, RocCurve>, opts: RocPlotOptions = {}): string {
  const w = opts.width ?? 520, h = opts.height ?? 480, top = opts.title ? 30 : 0;
  const series = Object.entries(curves).map(([name, c], i) => ({ name: `${name} (AUC ${auc(c.fpr, c.tpr).toFixed(3)})`, x: c.fpr, y: c.tpr, color: PALETTE[i % PALETTE.length] }));
  return svgDocument(w, h + top, linePanel({ x: 0, y: top, w, h }, series, { xLabel: "false positive rate", yLabel: "true positive rate", xRange: [0, 1], yRange: [0, 1], diagonal: true }), opts.title);
}

/** Writes the ROC curve of binary labels and scores — or of named precomputed curves — to `path`; returns the files written. */
export function roc(yTrue: LabelInput | Record<string, RocCurve>, yScore: NumericInput | null, path: string, opts: RocPlotOptions = {}): string[] {
  checkOptions("plot.roc", opts, ROC_PLOT_OPTIONS);
  const curves = yScore === null ? (yTrue as Record<string, RocCurve>) : { ROC: rocCurve(yTrue as LabelInput, yScore) };
  return writeFigure(rocSvg(curves, opts), path, opts);
}
