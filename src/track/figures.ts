/** @file Figures as artefacts: SVG documents from lw.plot (kept as .svg, or rasterised to .png) and image tensors or PNG bytes. */
import { Tensor } from "../core/tensor.ts";
import { svgToPng } from "../plot/write.ts";
import { encodePng } from "../vision/io.ts";
import { invalid } from "./errors.ts";
import { logBytes, logText } from "./fluent.ts";

/** An SVG document (e.g. lw.plot.confusionMatrixSvg(...)) as `artifactFile`: .svg as is, .png rasterised. */
export function logFigure(svg: string, artifactFile: string, opts: { scale?: number } = {}): string {
  if (typeof svg !== "string" || !svg.includes("<svg")) throw invalid(`logFigure: expected an SVG document (a string with <svg …>), got ${typeof svg === "string" ? `"${svg.slice(0, 30)}…"` : typeof svg}`);
  const lower = artifactFile.toLowerCase();
  if (lower.endsWith(".svg")) return logText(svg, artifactFile);
  if (lower.endsWith(".png")) return logBytes(svgToPng(svg, opts), artifactFile);
  throw invalid(`logFigure: the artefact file must end in .svg or .png, got "${artifactFile}"`);
}

/** An image as a .png artefact: a (C, H, W) or (H, W) tensor in [0, 1] (as lw.vision.writePng takes), or PNG bytes. */
export function logImage(image: Tensor | Uint8Array, artifactFile: string): string {
  if (!artifactFile.toLowerCase().endsWith(".png")) throw invalid(`logImage: the artefact file must end in .png, got "${artifactFile}"`);
  if (image instanceof Tensor) return logBytes(encodePng(image), artifactFile);
  if (image instanceof Uint8Array) {
    if (image.length < 8 || image[0] !== 0x89 || image[1] !== 0x50 || image[2] !== 0x4e || image[3] !== 0x47) throw invalid("logImage: the bytes are not a PNG file (no PNG signature)");
    return logBytes(image, artifactFile);
  }
  throw invalid(`logImage: expected an image tensor or PNG bytes, got ${image === null ? "null" : typeof image}`);
}
