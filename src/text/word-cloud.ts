/**
 * @file Word clouds from word frequencies: a spiral layout (largest words first, no overlaps),
 * rendered as SVG, and as PNG by rasterising that SVG with the npm package @resvg/resvg-js.
 */

export interface WordCloudOptions {
  width?: number;
  height?: number;
  /** The most frequent words to draw. Default 100. */
  maxWords?: number;
  minFontSize?: number;
  maxFontSize?: number;
  fontFamily?: string;
  colors?: readonly string[];
  background?: string;
}

/** A word placed in the cloud: (x, y) is the baseline centre, with its box for overlap tests. */
export interface PlacedWord { text: string; count: number; x: number; y: number; fontSize: number; color: string; box: [number, number, number, number] }

const DEFAULT_COLORS = ["#1f4e79", "#2e75b6", "#c55a11", "#548235", "#7030a0", "#bf9000"];
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Lays out the words: font size by sqrt-scaled frequency, placed along an Archimedean spiral from the centre. */
export function wordCloudLayout(frequencies: ReadonlyMap<string, number> | ReadonlyArray<readonly [string, number]>, opts: WordCloudOptions = {}): PlacedWord[] {
  const width = opts.width ?? 800, height = opts.height ?? 500;
  if (!(width > 0 && height > 0)) throw new Error(`wordCloud: width and height must be positive, got ${width}×${height}`);
  const entries = [...frequencies].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, opts.maxWords ?? 100);
  if (entries.length === 0) return [];
  const minF = opts.minFontSize ?? 10, maxF = opts.maxFontSize ?? Math.min(90, height / 5);
  const top = Math.sqrt(entries[0][1]), low = Math.sqrt(entries[entries.length - 1][1]);
  const colors = opts.colors ?? DEFAULT_COLORS;
  const placed: PlacedWord[] = [];
  const overlaps = (b: [number, number, number, number]) =>
    b[0] < 0 || b[1] < 0 || b[2] > width || b[3] > height || placed.some((p) => b[0] < p.box[2] && b[2] > p.box[0] && b[1] < p.box[3] && b[3] > p.box[1]);
  entries.forEach(([text, count], i) => {
    const fontSize = top === low ? maxF : minF + ((Math.sqrt(count) - low) / (top - low)) * (maxF - minF);
    const w = fontSize * 0.6 * Array.from(text).length, h = fontSize * 1.0;
    // Archimedean spiral r = 2θ, walked in steps of about 6 px of arc, until it leaves the canvas
    const maxRadius = Math.hypot(width, height) / 2;
    for (let angle = 0, radius = 0; radius < maxRadius; angle += 6 / Math.max(radius, 6), radius = 2 * angle) {
      const x = width / 2 + radius * Math.cos(angle) * Math.max(1, width / height), y = height / 2 + radius * Math.sin(angle);
      const box: [number, number, number, number] = [x - w / 2, y - h * 0.8, x + w / 2, y + h * 0.2];
      if (!overlaps(box)) { placed.push({ text, count, x, y, fontSize, color: colors[i % colors.length], box }); return; }
    }
  });
  return placed;
}

/** The word cloud as an SVG document. */
export function wordCloudSvg(frequencies: ReadonlyMap<string, number> | ReadonlyArray<readonly [string, number]>, opts: WordCloudOptions = {}): string {
  const width = opts.width ?? 800, height = opts.height ?? 500;
  const font = opts.fontFamily ?? "DejaVu Sans, sans-serif";
  const words = wordCloudLayout(frequencies, opts).map((p) =>
    `<text x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" font-size="${p.fontSize.toFixed(1)}" fill="${p.color}" text-anchor="middle">${escapeXml(p.text)}</text>`);
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(font)}">`,
    `<rect width="100%" height="100%" fill="${opts.background ?? "white"}"/>`, ...words, "</svg>"].join("\n");
}

/** The word cloud as PNG bytes (needs the npm package @resvg/resvg-js and a system font such as DejaVu Sans). */
export async function wordCloudPng(frequencies: ReadonlyMap<string, number> | ReadonlyArray<readonly [string, number]>, opts: WordCloudOptions = {}): Promise<Uint8Array> {
  let mod: { Resvg: new (svg: string, o: object) => { render(): { asPng(): Uint8Array } } };
  try {
    mod = (await import("@resvg/resvg-js")) as unknown as typeof mod;
  } catch {
    throw new Error("wordCloudPng needs the npm package @resvg/resvg-js: npm install @resvg/resvg-js (wordCloudSvg needs nothing)");
  }
  const svg = wordCloudSvg(frequencies, opts);
  return new mod.Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: opts.background ?? "white" }).render().asPng();
}
