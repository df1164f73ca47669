/**
 * @file The image-classification task: `POST /v1/models/:model/predict` with a PNG/JPEG (multipart field `file`,
 * a raw image/png|image/jpeg body, or JSON `{ image: base64 }`); the header is checked against the size limit on the
 * event loop, the worker decodes, resizes/grayscales to the spec's inputShape and answers the top-k classes.
 */
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import type { FastifyReply, FastifyRequest } from "fastify";
import { noGrad } from "../../core/grad-mode.ts";
import { tensor } from "../../ops/creation.ts";
import type { Tensor } from "../../core/tensor.ts";
import type { AnyModule } from "../../nn/module.ts";
import type { ModelSpec } from "../../track/model-format.ts";
import { ServeError, type TaskContext, type TaskDefinition, type TaskRunner } from "../task.ts";
import { readImageHeader } from "./image-header.ts";

/** Images larger than this many pixels are rejected before decoding (default 4096×4096). */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

export interface ImageInput { bytes: Uint8Array; topK: number }
export interface ImagePrediction { label: string; index: number; score: number }
export interface ImageOutput { predictions: ImagePrediction[] }

/** The image layout a spec's inputShape means: [H, W, C] (keras, channels last) or [C, H, W] (nn.Module). */
export function imageLayout(shape: number[] | null): { height: number; width: number; channels: number; channelsLast: boolean } {
  if (!shape || shape.length < 2 || shape.length > 3) throw new ServeError(500, "BAD_MODEL_SPEC", `image-classification: the model's inputShape ${JSON.stringify(shape)} is not [H, W], [H, W, C] or [C, H, W]`);
  if (shape.length === 2) return { height: shape[0], width: shape[1], channels: 1, channelsLast: true };
  const last = shape[2], first = shape[0];
  if (last === 1 || last === 3) return { height: shape[0], width: shape[1], channels: last, channelsLast: true };
  if (first === 1 || first === 3) return { height: shape[1], width: shape[2], channels: first, channelsLast: false };
  throw new ServeError(500, "BAD_MODEL_SPEC", `image-classification: inputShape ${JSON.stringify(shape)} has no 1- or 3-channel axis`);
}

/** Decodes PNG/JPEG bytes to RGBA. */
function decode(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const header = readImageHeader(bytes);
  if (header.width * header.height > MAX_IMAGE_PIXELS) throw new ServeError(413, "IMAGE_TOO_LARGE", `image-classification: ${header.width}×${header.height} is larger than ${MAX_IMAGE_PIXELS} pixels`);
  try {
    if (header.format === "png") {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: png.data };
    }
    const img = jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return { width: img.width, height: img.height, rgba: img.data };
  } catch (e) {
    throw new ServeError(400, "INVALID_IMAGE", `image-classification: the ${header.format.toUpperCase()} cannot be decoded (${(e as Error).message})`);
  }
}

/** Writes one image, resized (bilinear) to the layout and scaled to [0, 1], into `out` at `offset`. */
export function toPixels(img: { width: number; height: number; rgba: Uint8Array }, layout: ReturnType<typeof imageLayout>, out: Float32Array, offset: number): void {
  const { height: H, width: W, channels: C, channelsLast } = layout;
  const sx = img.width / W, sy = img.height / H;
  for (let y = 0; y < H; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1), y0 = Math.floor(fy), y1 = Math.min(y0 + 1, img.height - 1), wy = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1), x0 = Math.floor(fx), x1 = Math.min(x0 + 1, img.width - 1), wx = fx - x0;
      const px = (xx: number, yy: number, c: number) => {
        const i = (yy * img.width + xx) * 4;
        const a = img.rgba[i + 3] / 255; // composite on black (Fashion-MNIST's background)
        return (c < 0 ? 0.299 * img.rgba[i] + 0.587 * img.rgba[i + 1] + 0.114 * img.rgba[i + 2] : img.rgba[i + c]) * a;
      };
      for (let c = 0; c < C; c++) {
        const ch = C === 1 ? -1 : c;
        const v = (px(x0, y0, ch) * (1 - wx) + px(x1, y0, ch) * wx) * (1 - wy) + (px(x0, y1, ch) * (1 - wx) + px(x1, y1, ch) * wx) * wy;
        out[offset + (channelsLast ? (y * W + x) * C + c : c * H * W + y * W + x)] = v / 255;
      }
    }
  }
}

function topK(row: Float32Array, k: number, names: string[] | null): ImagePrediction[] {
  let probs = Array.from(row);
  const sum = probs.reduce((a, b) => a + b, 0);
  if (!(probs.every((p) => p >= 0 && p <= 1) && Math.abs(sum - 1) < 1e-3)) { // logits → softmax
    const m = Math.max(...probs);
    const e = probs.map((p) => Math.exp(p - m));
    const s = e.reduce((a, b) => a + b, 0);
    probs = e.map((v) => v / s);
  }
  return probs.map((score, index) => ({ index, score, label: names?.[index] ?? String(index) })).sort((a, b) => b.score - a.score).slice(0, k);
}

/** The worker side: decodes every image of the batch and runs one forward pass. */
export function createImageRunner(model: AnyModule, spec: ModelSpec): TaskRunner {
  const layout = imageLayout(spec.inputShape);
  const sample = layout.height * layout.width * layout.channels;
  const forward = (x: Tensor) => (model as unknown as { forward(x: Tensor): Tensor }).forward(x);
  return {
    runBatch(inputs: unknown[]): ImageOutput[] {
      const batch = inputs as ImageInput[];
      const pixels = new Float32Array(batch.length * sample);
      batch.forEach((inp, i) => toPixels(decode(inp.bytes), layout, pixels, i * sample));
      const shape = layout.channelsLast ? [batch.length, layout.height, layout.width, layout.channels] : [batch.length, layout.channels, layout.height, layout.width];
      const out = noGrad(() => forward(tensor(pixels).reshape(shape))); // (B, numClasses)
      const classes = out.shape[out.shape.length - 1];
      const flat = out.toTypedArray() as Float32Array;
      return batch.map((inp, i) => ({ predictions: topK(Float32Array.from(flat.subarray(i * classes, (i + 1) * classes)), inp.topK, spec.classNames) }));
    },
  };
}

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/jpg"];

/** The image bytes of a request: multipart field, raw image body or base64 JSON. */
async function imageBytes(req: FastifyRequest): Promise<Uint8Array> {
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type === "multipart/form-data") {
    const file = await (req as unknown as { file(): Promise<{ toBuffer(): Promise<Buffer>; mimetype: string } | undefined> }).file();
    if (!file) throw new ServeError(400, "MISSING_IMAGE", "image-classification: the multipart body has no file field");
    return new Uint8Array(await file.toBuffer());
  }
  if (IMAGE_TYPES.includes(type)) return new Uint8Array(req.body as Buffer);
  if (type === "application/json") {
    const image = (req.body as { image?: unknown })?.image;
    if (typeof image !== "string" || !image) throw new ServeError(400, "MISSING_IMAGE", "image-classification: the JSON body needs { \"image\": \"<base64 PNG or JPEG>\" }");
    return new Uint8Array(Buffer.from(image.replace(/^data:image\/\w+;base64,/, ""), "base64"));
  }
  throw new ServeError(415, "UNSUPPORTED_MEDIA_TYPE", `image-classification: content type "${type}" is not multipart/form-data, image/png, image/jpeg or application/json`);
}

export const imageClassification: TaskDefinition = {
  task: "image-classification",
  batchable: true,
  routes(ctx: TaskContext) {
    return [{
      path: "/predict",
      options: {
        method: "POST",
        schema: {
          summary: "Classify a PNG/JPEG image (multipart `file`, raw image body, or JSON { image: base64 })",
          params: { type: "object", properties: { model: { type: "string" } }, required: ["model"] },
          querystring: { type: "object", properties: { topK: { type: "integer", minimum: 1, maximum: 1000, default: 5 }, version: { type: "string" } } },
          response: {
            200: {
              type: "object",
              properties: {
                model: { type: "string" }, version: { type: "string" },
                predictions: { type: "array", items: { type: "object", properties: { label: { type: "string" }, index: { type: "integer" }, score: { type: "number" } } } },
              },
            },
          },
        },
        async handler(req: FastifyRequest, reply: FastifyReply) {
          const { model } = req.params as { model: string };
          const { topK: k, version } = req.query as { topK: number; version?: string };
          const spec = ctx.spec(model, version);
          const bytes = await imageBytes(req);
          const header = readImageHeader(bytes);
          if (header.width * header.height > MAX_IMAGE_PIXELS) throw new ServeError(413, "IMAGE_TOO_LARGE", `image-classification: a ${header.width}×${header.height} image is larger than the limit of ${MAX_IMAGE_PIXELS} pixels`);
          const numClasses = spec.classNames?.length ?? k;
          const out = await ctx.infer(model, { bytes, topK: Math.min(k, numClasses) } satisfies ImageInput, { version }) as ImageOutput;
          return reply.send({ model, version: (reply.getHeader("x-model-version") as string | undefined) ?? "", predictions: out.predictions });
        },
      },
    }];
  },
  createRunner: (model, spec) => createImageRunner(model, spec),
};
