/** @file Confusion-matrix heat-map with class names on both axes and the count (or rate) in every cell. */
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

/** Writes the heat-map of the confusion matrix of (yTrue, yPred) — or of a given matrix — to `path`; returns the files written. */
export function confusionMatrix(yTrue: LabelInput | readonly (readonly number[])[], yPred: LabelInput | null, path: string, opts: ConfusionPlotOptions = {}): string[] {
  const m = yPred === null ? (yTrue as number[][]) : computeConfusion(yTrue as LabelInput, yPred, opts.classNames ? { labels: opts.classNames.map((_, i) => i) } : {});
  return writeFigure(confusionMatrixSvg(m, opts), path, opts);
}
