/** @file Confusion-matrix heat-map with class names on both axes and the count (or rate) in every cell. */
import { Tensor } from "../core/tensor.ts";
import { fmtShape } from "../core/shape.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import { confusionMatrix as computeConfusion } from "../metrics/classification.ts";
import type { LabelInput } from "../metrics/input.ts";
import { esc, svgDocument } from "./svg.ts";
import { writeFigure, type WriteOptions } from "./write.ts";

export interface ConfusionPlotOptions extends WriteOptions {
  /** Class names for rows and columns, in label order (0, 1, …). */
  classNames?: readonly string[];
  /** Show rows as rates (each true class sums to 1). */
  normalize?: boolean;
  title?: string;
  cellSize?: number;
}

/** Blue scale from white (0) to dark blue (1). */
const shade = (t: number): string => {
  const c = (a: number, b: number): number => Math.round(a + (b - a) * t);
  return `rgb(${c(247, 8)},${c(251, 48)},${c(255, 107)})`;
};

/** The SVG of a confusion matrix given as counts (rows: true class, columns: predicted). */
export function confusionMatrixSvg(matrix: readonly (readonly number[])[], opts: ConfusionPlotOptions = {}): string {
  const n = matrix.length;
  if (!n || matrix.some((r) => r.length !== n)) throw new RangeError(`plot.confusionMatrix: expected a square matrix, got ${n} rows of lengths ${matrix.map((r) => r.length).join(", ")}`);
  const names = opts.classNames ?? matrix.map((_, i) => String(i));
  if (names.length !== n) throw new RangeError(`plot.confusionMatrix: ${names.length} class names for ${n} classes`);
  const shown = opts.normalize ? matrix.map((r) => { const s = r.reduce((a, b) => a + b, 0); return r.map((v) => (s ? v / s : 0)); }) : matrix.map((r) => [...r]);
  const max = Math.max(...shown.flat(), 1e-12);
  const cell = opts.cellSize ?? Math.max(34, Math.min(60, 560 / n));
  const label = Math.max(...names.map((s) => s.length)) * 7 + 16;
  const top = (opts.title ? 40 : 12) + 10, left = label + 30;
  const out: string[] = [];
  shown.forEach((row, i) => row.forEach((v, j) => {
    const t = v / max, x = left + j * cell, y = top + i * cell;
    out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${shade(t)}" stroke="white"/>`,
      `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="${cell < 40 ? 10 : 12}" fill="${t > 0.5 ? "white" : "black"}">${opts.normalize ? v.toFixed(2) : v}</text>`);
  }));
  names.forEach((name, i) => {
    out.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="12">${esc(name)}</text>`,
      `<text transform="translate(${left + i * cell + cell / 2},${top + n * cell + 8}) rotate(45)" font-size="12">${esc(name)}</text>`);
  });
  out.push(`<text transform="translate(14,${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle" font-size="13">true class</text>`,
    `<text x="${left + (n * cell) / 2}" y="${top + n * cell + label + 24}" text-anchor="middle" font-size="13">predicted class</text>`);
  return svgDocument(left + n * cell + 40, top + n * cell + label + 36, out.join("\n"), opts.title);
}

export const CONFUSION_PLOT_OPTIONS = optionKeys<ConfusionPlotOptions>({ classNames: 1, normalize: 1, title: 1, cellSize: 1, alsoPng: 1, alsoSvg: 1, scale: 1 });

/** A precomputed matrix (a 2-D tensor or array of rows of counts) as rows of numbers. */
function matrixRows(m: Tensor | readonly (readonly number[])[]): number[][] {
  if (m instanceof Tensor) {
    if (m.ndim !== 2) throw new RangeError(`plot.confusionMatrix: a precomputed matrix must be 2-D (true class × predicted class), got a tensor of shape ${fmtShape(m.shape)}`);
    const v = m.toTypedArray(), c = m.shape[1];
    return Array.from({ length: m.shape[0] }, (_, i) => Array.from(v.subarray(i * c, (i + 1) * c), Number));
  }
  return m.map((row, i) => Array.from(row, (v, j) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`plot.confusionMatrix: matrix[${i}][${j}] is not a finite number (got ${JSON.stringify(v)})`);
    return v;
  }));
}
const isMatrix = (x: unknown): x is Tensor | readonly (readonly number[])[] =>
  x instanceof Tensor || (Array.isArray(x) && x.length > 0 && x.every((r) => Array.isArray(r) || ArrayBuffer.isView(r)));

/**
 * Writes the heat-map of a confusion matrix to `path`; returns the files written. Either from labels,
 * `confusionMatrix(yTrue, yPred, path, opts)`, or from a precomputed matrix (2-D tensor or rows of counts, as
 * scikit-learn's ConfusionMatrixDisplay(confusion_matrix=…)), `confusionMatrix(matrix, path, opts)`.
 */
export function confusionMatrix(matrix: Tensor | readonly (readonly number[])[], path: string, opts?: ConfusionPlotOptions): string[];
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, path: string, opts?: ConfusionPlotOptions): string[];
/** The older form, still accepted: a matrix with yPred null. */
export function confusionMatrix(matrix: Tensor | readonly (readonly number[])[], yPred: null, path: string, opts?: ConfusionPlotOptions): string[];
export function confusionMatrix(a: LabelInput | readonly (readonly number[])[], b: LabelInput | string | null, c?: string | ConfusionPlotOptions, d?: ConfusionPlotOptions): string[] {
  let m: number[][], path: string, opts: ConfusionPlotOptions;
  if (typeof b === "string" || b === null) {
    if (!isMatrix(a)) throw new TypeError("plot.confusionMatrix: with a path as second argument the first must be a precomputed matrix (2-D tensor or array of rows); from labels call confusionMatrix(yTrue, yPred, path)");
    path = b === null ? (c as string) : b;
    opts = (b === null ? d : (c as ConfusionPlotOptions | undefined)) ?? {};
    checkOptions("plot.confusionMatrix", opts, CONFUSION_PLOT_OPTIONS);
    m = matrixRows(a);
  } else {
    if (typeof c !== "string") throw new TypeError(`plot.confusionMatrix: expected (yTrue, yPred, path) or (matrix, path); the path is ${c === undefined ? "missing" : typeof c}`);
    path = c;
    opts = d ?? {};
    checkOptions("plot.confusionMatrix", opts, CONFUSION_PLOT_OPTIONS);
    m = computeConfusion(a as LabelInput, b, opts.classNames ? { labels: opts.classNames.map((_, i) => i) } : {});
  }
  return writeFigure(confusionMatrixSvg(m, opts), path, opts);
}
