/**
 * @file Learning curves: loss and each metric per epoch, train solid and validation dashed; several runs
 * overlaid in one plot (a colour each) or side by side (a column each).
 * @example lw.plot.history(history, "curves.svg")  // writes curves.svg and curves.png
 */
import { History } from "../train/history.ts";
import { PALETTE, linePanel, svgDocument, type Series } from "./svg.ts";
import { writeFigure, type WriteOptions } from "./write.ts";
import { checkOptions, optionKeys } from "../core/options.ts";

export interface HistoryPlotOptions extends WriteOptions {
  /** The quantities to plot (default: loss, then every other key that has no val_ prefix, lr excluded). */
  metrics?: string[];
  /** Several runs: one column per run (true) or all in the same panels (false, default). */
  sideBySide?: boolean;
  title?: string;
  /** The x axis's label (default "epoch"; e.g. "evaluation" when the history holds one row per evaluation). */
  xLabel?: string;
  panelWidth?: number;
  panelHeight?: number;
}

type Runs = History | Record<string, History>;
const asRuns = (h: Runs): [string, History][] => (h instanceof History ? [["", h]] : Object.entries(h));

const HISTORY_PLOT_OPTIONS = optionKeys<HistoryPlotOptions>({ metrics: 1, sideBySide: 1, title: 1, xLabel: 1, panelWidth: 1, panelHeight: 1, alsoPng: 1, alsoSvg: 1, scale: 1 });

/** The SVG of the learning curves. */
export function historySvg(h: Runs, opts: HistoryPlotOptions = {}): string {
  const runs = asRuns(h);
  if (!runs.length || runs.some(([, r]) => !(r instanceof History))) throw new TypeError("plot.history: expected a History (what fit() returns) or an object of named Histories");
  const keys = new Set(runs.flatMap(([, r]) => r.keys));
  const metrics = opts.metrics ?? ["loss", ...[...keys].filter((k) => k !== "loss" && k !== "lr" && !k.startsWith("val_")).sort()].filter((k) => keys.has(k));
  const missing = metrics.filter((m) => !keys.has(m));
  if (missing.length) throw new RangeError(`plot.history: ${missing.join(", ")} not in the history; it has ${[...keys].join(", ")}`);
  const columns = opts.sideBySide ? runs.length : 1;
  const pw = opts.panelWidth ?? 460, ph = opts.panelHeight ?? 300, top = opts.title ? 34 : 6;
  const panels: string[] = [];
  metrics.forEach((metric, row) => {
    for (let col = 0; col < columns; col++) {
      const shown = opts.sideBySide ? [runs[col]] : runs;
      const series: Series[] = [];
      shown.forEach(([name, r], i) => {
        const color = runs.length === 1 || opts.sideBySide ? PALETTE[0] : PALETTE[runs.findIndex(([n]) => n === name) % PALETTE.length];
        const x = r.epoch.map((e) => e + 1);
        const label = (split: string): string => (shown.length > 1 ? `${name} ${split}` : split);
        const isVal = metric.startsWith("val_");
        if (r.history[metric]) series.push({ name: label(isVal ? "validation" : "train"), x, y: r.history[metric], color, dashed: isVal });
        if (r.history[`val_${metric}`]) series.push({ name: label("validation"), x, y: r.history[`val_${metric}`], color: runs.length === 1 || opts.sideBySide ? PALETTE[1] : color, dashed: true });
        void i;
      });
      const title = opts.sideBySide && runs[col][0] ? `${runs[col][0]}: ${metric}` : metric;
      panels.push(linePanel({ x: col * pw, y: top + row * ph, w: pw, h: ph }, series, { title, xLabel: opts.xLabel ?? "epoch", yLabel: metric }));
    }
  });
  return svgDocument(columns * pw, top + metrics.length * ph, panels.join("\n"), opts.title);
}

/** Writes the learning curves to `path` (.svg, plus a .png beside it; or .png); returns the files written. */
export function history(h: Runs, path: string, opts: HistoryPlotOptions = {}): string[] {
  checkOptions("plot.history", opts, HISTORY_PLOT_OPTIONS);
  return writeFigure(historySvg(h, opts), path, opts);
}
