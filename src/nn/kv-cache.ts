/**
 * @file A key/value cache written in place, as Hugging Face's StaticCache: per layer one (B, nh, capacity, hs) buffer
 * for keys and one for values, allocated once; each step writes its new positions and attends to a view of the filled
 * part, so decoding copies one token's keys and values per layer instead of the whole cache.
 */
import type { DType } from "../core/dtype.ts";
import { isGradEnabled } from "../core/grad-mode.ts";
import { assignInto } from "../core/inplace.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { zeros } from "../ops/creation.ts";

export class StaticKVCache {
  private readonly keys: Tensor[];
  private readonly values: Tensor[];
  private readonly lengths: number[];

  constructor(
    readonly nLayer: number,
    readonly batch: number,
    readonly heads: number,
    readonly capacity: number,
    readonly headSize: number,
    readonly dtype: DType = "float32",
  ) {
    for (const [k, v] of Object.entries({ nLayer, batch, heads, capacity, headSize })) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`StaticKVCache: ${k} must be a positive integer, got ${v}`);
    }
    const shape = [batch, heads, capacity, headSize];
    this.keys = Array.from({ length: nLayer }, () => zeros(shape, { dtype }));
    this.values = Array.from({ length: nLayer }, () => zeros(shape, { dtype }));
    this.lengths = new Array<number>(nLayer).fill(0);
  }

  /** Positions cached so far (those of layer 0, as HF's get_seq_length). */
  seqLength(layer = 0): number {
    return this.lengths[layer];
  }

  /** Forgets every position (the buffers are kept). */
  reset(): void {
    this.lengths.fill(0);
  }

  /** Layer `layer`'s whole key and value buffers (B, nh, capacity, hs), for a fused kernel that writes them itself. */
  buffers(layer: number): [Tensor, Tensor] {
    this.checkLayer(layer, "StaticKVCache.buffers");
    return [this.keys[layer], this.values[layer]];
  }

  /** Counts T more positions of `layer` as written (after a fused kernel wrote them into buffers(layer)). */
  advance(layer: number, T: number): void {
    const op = "StaticKVCache.advance";
    this.checkLayer(layer, op);
    const P = this.lengths[layer];
    if (!Number.isInteger(T) || T < 0 || P + T > this.capacity) throw new RangeError(`${op}: ${P} cached + ${T} new positions exceed the capacity of ${this.capacity}`);
    this.lengths[layer] = P + T;
  }

  private checkLayer(layer: number, op: string): void {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.nLayer) throw new RangeError(`${op}: layer must be an integer in [0, ${this.nLayer}), got ${layer}`);
  }

  /**
   * Writes layer `layer`'s new keys and values k, v (B, nh, T, hs) after its cached positions and returns views of
   * all of them, (B, nh, S, hs) with S = cached + T. The views alias the buffers: the next update overwrites nothing
   * they show, but a reset does. Inference only: what is written carries no gradient.
   */
  update(layer: number, k: Tensor, v: Tensor): [Tensor, Tensor] {
    const op = "StaticKVCache.update";
    this.checkLayer(layer, op);
    const want = [this.batch, this.heads, -1, this.headSize];
    for (const [t, n] of [[k, "keys"], [v, "values"]] as const) {
      if (t.ndim !== 4 || t.shape.some((s, i) => i !== 2 && s !== want[i])) throw new RangeError(`${op}: ${n} must have shape [${this.batch}, ${this.heads}, T, ${this.headSize}], got ${fmtShape(t.shape)}`);
      if (isGradEnabled() && t.requiresGrad) throw new Error(`${op}: the cache is written in place and carries no gradient; use it under noGrad (or pass pastKeyValues as tensors)`);
    }
    if (v.shape[2] !== k.shape[2]) throw new RangeError(`${op}: keys ${fmtShape(k.shape)} and values ${fmtShape(v.shape)} hold different numbers of positions`);
    const P = this.lengths[layer], T = k.shape[2];
    if (P + T > this.capacity) throw new RangeError(`${op}: ${P} cached + ${T} new positions exceed the capacity of ${this.capacity}`);
    assignInto(this.keys[layer].narrow(2, P, T), k, op);
    assignInto(this.values[layer].narrow(2, P, T), v, op);
    this.lengths[layer] = P + T;
    return [this.keys[layer].narrow(2, 0, P + T), this.values[layer].narrow(2, 0, P + T)];
  }
}
