/** @file View metadata followed by a kernel's numeric parameters, for addon calls that take more numbers than arguments. */
import type { View } from "../backend.ts";
import { meta } from "./meta.ts";

type Layout = Pick<View, "shape" | "strides" | "offset">;

/** meta(...views), then `params` (the addon reads them after the last view). */
export function metaWith(params: readonly number[], ...views: readonly Layout[]): Float64Array {
  let n = 0;
  for (const v of views) n += 2 + 2 * v.shape.length;
  let m = meta(...views);
  if (m.length < n + params.length) {
    const grown = new Float64Array(n + params.length);
    grown.set(m.subarray(0, n));
    m = grown;
  }
  m.set(params, n);
  return m;
}

/** A dense run of n elements starting at `offset`. */
export const run = (n: number, offset = 0): Layout => ({ shape: [n], strides: [1], offset });
