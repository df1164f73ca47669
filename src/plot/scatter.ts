/** @file Cluster scatter plots: 2-D points coloured by label (noise −1 in grey), one panel per labelling side by side. */
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import { PALETTE, esc, niceTicks, svgDocument } from "./svg.ts";
import { writeFigure, type WriteOptions } from "./write.ts";

export interface ScatterPlotOptions extends WriteOptions { title?: string; panelWidth?: number; panelHeight?: number; pointRadius?: number }
const SCATTER_OPTIONS = optionKeys<ScatterPlotOptions>({ title: 1, panelWidth: 1, panelHeight: 1, pointRadius: 1, alsoPng: 1, alsoSvg: 1, scale: 1 });

/** Points (N, 2) as a Tensor or rows; labels one per point. */
export type Points2D = Tensor | number[][];

function xy(points: Points2D): Float64Array {
  if (points instanceof Tensor) {
    if (points.ndim !== 2 || points.shape[1] !== 2) throw new RangeError(`plot.clusters: points must have shape (N, 2), got ${fmtShape(points.shape)}`);
    return Float64Array.from(points.toTypedArray() as ArrayLike<number>);
  }
  if (points.some((p) => p.length !== 2)) throw new RangeError("plot.clusters: every point must have 2 coordinates");
  return Float64Array.from(points.flat());
}

/** The SVG of named labellings of the same points (e.g. { "k-means": km.labels, DBSCAN: db.labels }). */
export function clustersSvg(points: Points2D, labelings: Record<string, Tensor | ArrayLike<number>>, opts: ScatterPlotOptions = {}): string {
  const p = xy(points), n = p.length / 2;
  const w = opts.panelWidth ?? 420, h = opts.panelHeight ?? 380, r = opts.pointRadius ?? 2.5, top = opts.title ? 30 : 0;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) { x0 = Math.min(x0, p[2 * i]); x1 = Math.max(x1, p[2 * i]); y0 = Math.min(y0, p[2 * i + 1]); y1 = Math.max(y1, p[2 * i + 1]); }
  const padX = (x1 - x0) * 0.05 || 0.5, padY = (y1 - y0) * 0.05 || 0.5;
  x0 -= padX; x1 += padX; y0 -= padY; y1 += padY;
  const body: string[] = [];
  Object.entries(labelings).forEach(([name, lab], k) => {
    const l = lab instanceof Tensor ? lab.toTypedArray() as ArrayLike<number> : lab;
    if (l.length !== n) throw new RangeError(`plot.clusters: labelling "${name}" has ${l.length} labels for ${n} points`);
    const m = { l: 48, r: 10, t: 26, b: 30 }, bx = k * w;
    const px = bx + m.l, py = top + m.t, pw = w - m.l - m.r, ph = h - m.t - m.b;
    const sx = (v: number): number => px + ((v - x0) / (x1 - x0)) * pw, sy = (v: number): number => py + ph - ((v - y0) / (y1 - y0)) * ph;
    body.push(`<rect x="${px}" y="${py}" width="${pw}" height="${ph}" fill="white" stroke="#333"/>`,
      `<text x="${px + pw / 2}" y="${top + 18}" text-anchor="middle" font-size="13" font-weight="bold">${esc(name)}</text>`);
    for (const v of niceTicks(x0, x1, 5).filter((t) => t >= x0 && t <= x1)) body.push(`<text x="${sx(v).toFixed(1)}" y="${py + ph + 15}" text-anchor="middle" font-size="10">${Number(v.toPrecision(4))}</text>`);
    for (const v of niceTicks(y0, y1, 5).filter((t) => t >= y0 && t <= y1)) body.push(`<text x="${px - 5}" y="${(sy(v) + 3).toFixed(1)}" text-anchor="end" font-size="10">${Number(v.toPrecision(4))}</text>`);
    for (let i = 0; i < n; i++) {
      const c = l[i] < 0 ? "#bbbbbb" : PALETTE[l[i] % PALETTE.length];
      body.push(`<circle cx="${sx(p[2 * i]).toFixed(1)}" cy="${sy(p[2 * i + 1]).toFixed(1)}" r="${r}" fill="${c}" fill-opacity="0.85"/>`);
    }
  });
  const panels = Object.keys(labelings).length;
  if (panels === 0) throw new RangeError("plot.clusters: give at least one labelling");
  return svgDocument(w * panels, h + top, body.join("\n"), opts.title);
}

/** Writes a cluster scatter plot to `path` (.svg or .png); returns the files written. */
export function clusters(points: Points2D, labelings: Record<string, Tensor | ArrayLike<number>>, path: string, opts: ScatterPlotOptions = {}): string[] {
  checkOptions("plot.clusters", opts, SCATTER_OPTIONS);
  return writeFigure(clustersSvg(points, labelings, opts), path, opts);
}
