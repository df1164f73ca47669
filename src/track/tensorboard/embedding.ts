/**
 * @file add_embedding's files for TensorBoard's projector: <logdir>/<step, 5 digits>/<tag>/tensors.tsv, metadata.tsv,
 * sprite.png, and <logdir>/projector_config.pbtxt listing every embedding the writer added (protobuf text format).
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fmtShape } from "../../core/shape.ts";
import { Tensor } from "../../core/tensor.ts";
import { fromTypedArray } from "../../ops/creation.ts";
import { makeGrid } from "../../vision/grid.ts";
import { atomicWrite } from "../../io/atomic.ts";
import { imageSummary } from "./image.ts";

export interface EmbeddingOptions {
  /** one label per row (or, with metadataHeader, one array of columns per row) */
  metadata?: readonly (string | number)[] | readonly (readonly (string | number)[])[];
  metadataHeader?: readonly string[];
  /** (N, C, H, W) thumbnails in [0, 1], one per row: written as sprite.png */
  labelImg?: Tensor;
  tag?: string;
  globalStep?: number;
}

/** One `embeddings { ... }` entry of projector_config.pbtxt. */
export interface EmbeddingInfo {
  tensorName: string;
  tensorPath: string;
  metadataPath?: string;
  sprite?: { imagePath: string; singleImageDim: [number, number] };
}

/** PyTorch's escape of a tag for a folder name: %, / and \ as %25, %2f, %5c. */
export const encodeTag = (tag: string) => tag.replace(/%/g, "%25").replace(/\//g, "%2f").replace(/\\/g, "%5c");

const pbString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

/** projector_config.pbtxt's text for the embeddings so far. */
export function projectorConfigText(infos: readonly EmbeddingInfo[]): string {
  let out = "";
  for (const e of infos) {
    out += `embeddings {\n  tensor_name: ${pbString(e.tensorName)}\n  tensor_path: ${pbString(e.tensorPath)}\n`;
    if (e.metadataPath) out += `  metadata_path: ${pbString(e.metadataPath)}\n`;
    if (e.sprite) out += `  sprite {\n    image_path: ${pbString(e.sprite.imagePath)}\n    single_image_dim: ${e.sprite.singleImageDim[0]}\n    single_image_dim: ${e.sprite.singleImageDim[1]}\n  }\n`;
    out += "}\n";
  }
  return out;
}

/** Writes one embedding's files under logDir and returns its config entry. */
export function writeEmbedding(logDir: string, mat: Tensor, opts: EmbeddingOptions = {}): EmbeddingInfo {
  if (!(mat instanceof Tensor) || mat.ndim !== 2) throw new RangeError(`addEmbedding: mat must be a 2-D tensor (N, D), got ${mat instanceof Tensor ? `shape ${fmtShape(mat.shape)}` : typeof mat}`);
  const [N, D] = mat.shape, step = opts.globalStep ?? 0, tag = opts.tag ?? "default";
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`addEmbedding: globalStep must be a non-negative integer, got ${step}`);
  const subdir = `${String(step).padStart(5, "0")}/${encodeTag(tag)}`, dir = join(logDir, subdir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`addEmbedding: ${dir} exists and is a file`);
  if (existsSync(dir)) process.emitWarning(`addEmbedding: ${dir} exists, did you set globalStep?`);
  const info: EmbeddingInfo = { tensorName: `${tag}:${String(step).padStart(5, "0")}`, tensorPath: `${subdir}/tensors.tsv` };

  if (opts.metadata) {
    const meta = opts.metadata;
    if (meta.length !== N) throw new RangeError(`addEmbedding: metadata has ${meta.length} labels for ${N} rows`);
    let lines: string[];
    if (opts.metadataHeader) {
      const cols = opts.metadataHeader.length;
      lines = [opts.metadataHeader.join("\t")];
      meta.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== cols) throw new RangeError(`addEmbedding: metadata row ${i} needs ${cols} columns (metadataHeader), got ${Array.isArray(row) ? row.length : "a single value"}`);
        lines.push(row.map(String).join("\t"));
      });
    } else lines = meta.map((m) => String(m));
    atomicWrite(join(dir, "metadata.tsv"), lines.join("\n") + "\n");
    info.metadataPath = `${subdir}/metadata.tsv`;
  }

  if (opts.labelImg) {
    const img = opts.labelImg;
    if (!(img instanceof Tensor) || img.ndim !== 4 || img.shape[0] !== N) throw new RangeError(`addEmbedding: labelImg must be (N, C, H, W) with N = ${N}, got ${img instanceof Tensor ? `shape ${fmtShape(img.shape)}` : typeof img}`);
    atomicWrite(join(dir, "sprite.png"), spritePng(img));
    info.sprite = { imagePath: `${subdir}/sprite.png`, singleImageDim: [img.shape[3], img.shape[2]] };
  }

  const v = mat.toTypedArray(), rows: string[] = [];
  for (let i = 0; i < N; i++) rows.push(Array.from(v.subarray(i * D, (i + 1) * D), String).join("\t") + "\n");
  atomicWrite(join(dir, "tensors.tsv"), rows.join(""));
  return info;
}

/** The thumbnails in a ⌈√N⌉-wide grid, no padding, on a square black canvas (as PyTorch's make_sprite). */
function spritePng(labelImg: Tensor): Uint8Array {
  const grid = makeGrid(labelImg, { nrow: Math.ceil(Math.sqrt(labelImg.shape[0])), padding: 0 });
  const [C, GH, GW] = grid.shape, side = Math.max(GH, GW), src = grid.toTypedArray(), square = new Float32Array(C * side * side);
  for (let c = 0; c < C; c++) for (let y = 0; y < GH; y++) square.set(src.subarray((c * GH + y) * GW, (c * GH + y + 1) * GW), (c * side + y) * side);
  return imageSummary(fromTypedArray(square, [C, side, side]), "CHW", "addEmbedding").encoded;
}
