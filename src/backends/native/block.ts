/** @file The native backend's fused pre-norm transformer block (native/kernels/block.cc), for inference fast paths. */
import { allocateUninitialized, type DType, type TypedArray } from "../../core/dtype.ts";
import { numelOf } from "../../core/shape.ts";
import type { Backend, BlockCacheViews, PreNormBlockParams, PreNormBlockViews, View } from "../backend.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";

// The weights in the addon's order; the optional ones are flagged in `present`, bit by bit in this order.
const ORDER = ["ln1Weight", "ln1Bias", "attnWeight", "attnBias", "projWeight", "projBias", "ln2Weight", "ln2Bias", "fcWeight", "fcBias", "outWeight", "outBias"] as const;
const REQUIRED = new Set<string>(["attnWeight", "projWeight", "fcWeight", "outWeight"]);

export function nativeBlockKernels(nb: NativeBinding): Pick<Backend, "preNormBlockStep"> {
  if (typeof nb.preNormBlockStep !== "function") return {};
  return {
    preNormBlockStep(x: View, w: PreNormBlockViews, cache: BlockCacheViews | null, p: PreNormBlockParams, dtype: DType): TypedArray {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      const views: View[] = cache ? [cache.keys, cache.values] : [];
      let present = 0, bit = 0;
      for (const name of ORDER) {
        const v = w[name];
        if (!REQUIRED.has(name) && v) present |= 1 << bit;
        if (!REQUIRED.has(name)) bit++;
        if (v) views.push(v);
      }
      nb.preNormBlockStep!(meta(dense(x.shape), x, ...views), cache?.past ?? 0, p.heads, p.eps, p.approximate === "tanh", present, cache !== null, out, x.data, ...views.map((v) => v.data));
      return out;
    },
  };
}
