/**
 * @file A convolution as an edge filter: a fixed vertical-edge (Sobel) kernel applied with lw.conv2d to a real photo
 * (scikit-learn's china.jpg), input and |response| saved side by side as one PNG.
 * Run: `npx tsx examples/edge-filter.ts [image.jpg] [--out edges.png] [--smoke]`.
 */
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export const CHINA_JPG = "/usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg";

/** Sobel's vertical-edge kernel as a conv2d weight (out 1, in 1, 3, 3): left column minus right column, smoothed vertically. */
export const VERTICAL_EDGE = lw.tensor([[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]]]);

/** |image ⋆ kernel| for a (1, H, W) gray image, same size (zero padding 1). */
export function verticalEdges(gray: lw.Tensor): lw.Tensor {
  return lw.conv2d(gray.unsqueeze(0), VERTICAL_EDGE, null, { padding: 1 }).squeeze(0).abs(); // (1, H, W)
}

export interface EdgeOptions { image?: string; out?: string; width?: number; log?: (...a: unknown[]) => void }

export function main(opts: EdgeOptions = {}) {
  const log = opts.log ?? console.log;
  let gray = lw.vision.readImage(opts.image ?? CHINA_JPG, { channels: 1 }); // (1, H, W) in [0, 1]
  if (opts.width) gray = lw.vision.resize(gray, [Math.round((gray.shape[1] * opts.width) / gray.shape[2]), opts.width]);
  const edges = verticalEdges(gray);
  const shown = edges.div(edges.mean().mul(4)).clamp(0, 1); // 4× the mean response is white
  const out = opts.out ?? "edges.png";
  lw.vision.saveImageGrid([gray, shown], out, { nrow: 2, padding: 4, padValue: 1 });
  log(`${gray.shape[2]}×${gray.shape[1]} image, kernel ${JSON.stringify(VERTICAL_EDGE.squeeze().tolist())}`);
  log(`mean |vertical-edge response| ${edges.mean().item().toFixed(4)}, max ${edges.amax().item().toFixed(3)}; saved input | edges to ${out}`);
  return { input: gray, edges, out };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2), at = args.indexOf("--out");
  const image = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
  main({ image, out: at >= 0 ? args[at + 1] : undefined, width: isSmoke() ? 160 : undefined });
}
