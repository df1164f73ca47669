/** @file The small SVG toolkit behind lw.plot: escaping, nice axis ticks, a line-chart panel with axes, grid and legend, and the figure wrapper. */

/** matplotlib's tab10 colours. */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const raw = (hi - lo) / count, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export interface Series { name: string; x: number[]; y: number[]; color: string; dashed?: boolean }
export interface PanelOptions { title?: string; xLabel?: string; yLabel?: string; xRange?: [number, number]; yRange?: [number, number]; diagonal?: boolean }

/** A line chart in the box (x, y, w, h): frame, grid, ticks, labels, series and a legend. */
export function linePanel(box: { x: number; y: number; w: number; h: number }, series: Series[], opts: PanelOptions = {}): string {
  const m = { l: 58, r: 12, t: opts.title ? 28 : 10, b: 42 };
  const px = box.x + m.l, py = box.y + m.t, pw = box.w - m.l - m.r, ph = box.h - m.t - m.b;
  const finite = (vs: number[]): number[] => vs.filter((v) => Number.isFinite(v));
  const xs = finite(series.flatMap((s) => s.x)), ys = finite(series.flatMap((s) => s.y));
  const [x0, x1] = opts.xRange ?? [Math.min(...xs, Infinity), Math.max(...xs, -Infinity)];
  let [y0, y1] = opts.yRange ?? [Math.min(...ys, Infinity), Math.max(...ys, -Infinity)];
  if (!opts.yRange && Number.isFinite(y0)) { const pad = (y1 - y0) * 0.05 || 0.05; y0 -= pad; y1 += pad; }
  const xt = niceTicks(x0, x1, 6).filter((v) => v >= x0 && v <= x1), yt = niceTicks(y0, y1, 5).filter((v) => v >= y0 && v <= y1);
  const sx = (v: number): number => px + (x1 === x0 ? pw / 2 : ((v - x0) / (x1 - x0)) * pw);
  const sy = (v: number): number => py + ph - (y1 === y0 ? ph / 2 : ((v - y0) / (y1 - y0)) * ph);
  const out: string[] = [`<rect x="${px}" y="${py}" width="${pw}" height="${ph}" fill="white" stroke="#333"/>`];
  for (const v of yt) out.push(`<line x1="${px}" x2="${px + pw}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" stroke="#e5e5e5"/>`, `<text x="${px - 6}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${num(v)}</text>`);
  for (const v of xt) out.push(`<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${py}" y2="${py + ph}" stroke="#e5e5e5"/>`, `<text x="${sx(v).toFixed(1)}" y="${py + ph + 16}" text-anchor="middle" font-size="11">${num(v)}</text>`);
  if (opts.diagonal) out.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#999" stroke-dasharray="4 4"/>`);
  for (const s of series) {
    const pts = s.x.map((x, i) => [x, s.y[i]]).filter(([, y]) => Number.isFinite(y));
    if (!pts.length) continue;
    const d = pts.map(([x, y], i) => `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    if (pts.length <= 30) for (const [x, y] of pts) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
  }
  if (opts.title) out.push(`<text x="${px + pw / 2}" y="${box.y + 18}" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>`);
  if (opts.xLabel) out.push(`<text x="${px + pw / 2}" y="${py + ph + 34}" text-anchor="middle" font-size="12">${esc(opts.xLabel)}</text>`);
  if (opts.yLabel) out.push(`<text transform="translate(${box.x + 14},${py + ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(opts.yLabel)}</text>`);
  const named = series.filter((s) => s.name);
  // NOTE: the legend goes to the top right unless the curves end up there (rising accuracies): then bottom right.
  const right = series.flatMap((s) => s.x.map((x, i) => [x, s.y[i]])).filter(([x, y]) => Number.isFinite(y) && sx(x) > px + pw * 0.6);
  const high = right.length > 0 && right.filter(([, y]) => sy(y) < py + ph / 2).length > right.length / 2;
  const legendTop = high ? py + ph - named.length * 16 - 8 : py + 2;
  named.forEach((s, i) => {
    const ly = legendTop + 8 + i * 16, lx = px + pw - 8;
    out.push(`<line x1="${lx - 150}" x2="${lx - 126}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
      `<text x="${lx - 120}" y="${ly + 4}" font-size="11">${esc(s.name)}</text>`);
  });
  if (named.length) out.splice(out.length - named.length * 2, 0, `<rect x="${px + pw - 164}" y="${legendTop}" width="158" height="${named.length * 16 + 4}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
  return out.join("\n");
}

/** Wraps drawing code into a standalone SVG document of the given size, white background, DejaVu Sans. */
/** 16 px, or smaller so that the title fits the figure's width (bold DejaVu Sans is ~0.65 em per character). */
export function titleFontSize(title: string, width: number): number {
  return Math.max(8, Math.min(16, Math.floor((width - 16) / (0.65 * [...title].length))));
}

export function svgDocument(width: number, height: number, body: string, title?: string): string {
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    title ? `<text x="${width / 2}" y="22" text-anchor="middle" font-size="${titleFontSize(title, width)}" font-weight="bold">${esc(title)}</text>` : "",
    body, "</svg>"].join("\n");
}
