/** @file Stride arithmetic for views: when a reshape can share storage (PyTorch's computeStride). */
import type { Shape } from "./shape.ts";

/**
 * Strides that let `newShape` view memory laid out as (oldShape, oldStrides), or null when
 * the reshape needs a copy. Chunks of old dims that are contiguous with each other can be re-split.
 */
export function viewStrides(oldShape: Shape, oldStrides: Shape, newShape: Shape): number[] | null {
  const numel = oldShape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(newShape.length);
  if (numel === 0) {
    let s = 1;
    for (let i = newShape.length - 1; i >= 0; i--) { out[i] = s; s *= Math.max(newShape[i], 1); }
    return out;
  }
  if (oldShape.length === 0) return out.fill(1); // a 0-d tensor views as any all-ones shape
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1, viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    // A chunk ends where the next-outer dim is not laid out right after this one.
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}
