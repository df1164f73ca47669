/** @file The native backend's fused pre-norm transformer blocks (native/kernels/block.cc): a stack of them, and a GPT decoder prepared once and run per step, for inference fast paths. */
import { allocateUninitialized, type DType, type TypedArray } from "../../core/dtype.ts";
import { numelOf } from "../../core/shape.ts";
import { PRE_NORM_BLOCK_KEYS, type Backend, type BlockCacheViews, type GptDecoderRunner, type GptDecoderViews, type PreNormBlockParams, type PreNormBlockViews, type View } from "../backend.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";

// The weights in the addon's order (PRE_NORM_BLOCK_KEYS); the optional ones are flagged in `present`, bit by bit in this order.
const ORDER = PRE_NORM_BLOCK_KEYS;
const REQUIRED = new Set<string>(["attnWeight", "projWeight", "fcWeight", "outWeight"]);

/** The optional arrays of a block as bits (the addon reads one mask for every layer). */
function presentOf(w: PreNormBlockViews): number {
  let present = 0, bit = 0;
  for (const name of ORDER) if (!REQUIRED.has(name)) present |= (w[name] ? 1 : 0) << bit++;
  return present;
}

/** The layers' caches and weights in the addon's order, and their `present` mask. */
function layerViews(layers: readonly PreNormBlockViews[], caches: readonly BlockCacheViews[] | null): [View[], number] {
  const views: View[] = [], present = presentOf(layers[0]);
  layers.forEach((w, l) => {
    if (presentOf(w) !== present) throw new RangeError(`preNormStackStep: layer ${l} has other biases or LayerNorm affines than layer 0`);
    if (caches) views.push(caches[l].keys, caches[l].values);
    for (const name of ORDER) {
      const v = w[name];
      if (v) views.push(v);
    }
  });
  return [views, present];
}

export function nativeBlockKernels(nb: NativeBinding): Pick<Backend, "preNormStackStep" | "gptDecoder"> {
  if (typeof nb.preNormStackStep !== "function") return {};
  return {
    preNormStackStep(x: View, layers: readonly PreNormBlockViews[], caches: readonly BlockCacheViews[] | null, past: number, p: PreNormBlockParams, dtype: DType): TypedArray {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      const [views, present] = layerViews(layers, caches);
      nb.preNormStackStep!(meta(dense(x.shape), x, ...views), past, p.heads, p.eps, p.approximate === "tanh", present, caches !== null, layers.length, out, x.data, ...views.map((v) => v.data));
      return out;
    },
    ...(nb.gptDecoderPrepare && nb.gptDecoderRun && {
      gptDecoder(w: GptDecoderViews, caches: readonly BlockCacheViews[] | null, batch: number, p: PreNormBlockParams, dtype: DType): GptDecoderRunner {
        const [views, present] = layerViews(w.layers, caches);
        const head = [w.wte, w.wpe, ...(w.lnFWeight ? [w.lnFWeight] : []), ...(w.lnFBias ? [w.lnFBias] : []), w.head];
        const mask = present | (w.lnFWeight ? 1 << 8 : 0) | (w.lnFBias ? 1 << 9 : 0);
        const decoder = nb.gptDecoderPrepare!(meta(...head, ...views), batch, p.heads, p.eps, p.approximate === "tanh", mask, caches !== null, w.layers.length,
          ...head.map((v) => v.data), ...views.map((v) => v.data));
        const [V, C] = w.wte.shape;
        return {
          step(ids: View, past: number): [TypedArray, TypedArray] {
            const [B, T] = ids.shape;
            const logits = allocateUninitialized(dtype, B * T * V), hidden = allocateUninitialized(dtype, B * T * C);
            nb.gptDecoderRun!(decoder, meta(dense([B, T, V]), dense([B, T, C]), ids), past, logits, hidden, ids.data as Int32Array);
            return [logits, hidden];
          },
          release() { nb.gptDecoderRelease?.(decoder); },
        };
      },
    }),
  };
}
