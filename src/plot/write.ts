/** @file Writing a figure: SVG as is, PNG by rasterising the SVG with @resvg/resvg-js (system font DejaVu Sans); both written atomically. */
import { createRequire } from "node:module";
import { atomicWrite } from "../io/atomic.ts";

interface Resvg { render(): { asPng(): Uint8Array; width: number; height: number } }
let resvg: (new (svg: string, opts: object) => Resvg) | null = null;

/** PNG bytes of an SVG document (scale 1 = one pixel per SVG unit). */
export function svgToPng(svg: string, opts: { scale?: number } = {}): Uint8Array {
  if (!resvg) {
    try {
      resvg = (createRequire(import.meta.url)("@resvg/resvg-js") as { Resvg: typeof resvg }).Resvg;
    } catch {
      throw new Error("lw.plot: writing PNG needs the npm package @resvg/resvg-js (npm install @resvg/resvg-js); SVG output needs nothing");
    }
  }
  const scale = opts.scale ?? 1;
  return new resvg!(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "white", fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale } }).render().asPng();
}

export interface WriteOptions {
  /** Also write a PNG beside an .svg path (default true), or an SVG beside a .png path (default false). */
  alsoPng?: boolean;
  alsoSvg?: boolean;
  /** PNG pixels per SVG unit (default 1). */
  scale?: number;
}

/** Writes `svg` to `path` (.svg or .png); returns the files written. */
export function writeFigure(svg: string, path: string, opts: WriteOptions = {}): string[] {
  const lower = path.toLowerCase();
  if (!lower.endsWith(".svg") && !lower.endsWith(".png")) throw new RangeError(`lw.plot: the file name must end in .svg or .png, got "${path}"`);
  const svgPath = lower.endsWith(".svg") ? path : path.slice(0, -4) + ".svg";
  const pngPath = lower.endsWith(".png") ? path : path.slice(0, -4) + ".png";
  const written: string[] = [];
  if (lower.endsWith(".svg") || opts.alsoSvg) { atomicWrite(svgPath, svg); written.push(svgPath); }
  if (lower.endsWith(".png") || (opts.alsoPng ?? true)) { atomicWrite(pngPath, svgToPng(svg, { scale: opts.scale })); written.push(pngPath); }
  return written;
}
