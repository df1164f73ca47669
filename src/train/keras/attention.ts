/**
 * @file Keras's MultiHeadAttention and LayerNormalization layers, batch-first (N, T, F) with Keras's option names
 * and defaults; the projections are Dense-like weights stored (out, in) as PyTorch's Linear.
 */
import { Tensor } from "../../core/tensor.ts";
import { checkOptions, optionKeys, withKeys } from "../../core/options.ts";
import { ones, zeros } from "../../ops/creation.ts";
import { Parameter } from "../../nn/parameter.ts";
import { Linear } from "../../nn/layers/linear.ts";
import { layerNorm, linear } from "../../nn/functional/layers.ts";
import { causalMask, scaledDotProductAttentionWithWeights } from "../../nn/functional/attention.ts";
import * as init from "../../nn/init.ts";
import { Layer, type LayerOptions, type LayerShape } from "./layer.ts";

const LAYER_KEYS = optionKeys<LayerOptions>({ inputShape: 1, name: 1 });

export interface MultiHeadAttentionOptions extends LayerOptions {
  /** Size of each head for value (default keyDim). */
  valueDim?: number;
  /** Dropout on the attention weights while training (default 0). */
  dropout?: number;
  useBias?: boolean;
  /** The last dim of the output (default: the query's feature dim). */
  outputShape?: number;
}
const MHA_OPTIONS = withKeys(LAYER_KEYS, ...optionKeys<Omit<MultiHeadAttentionOptions, keyof LayerOptions>>({ valueDim: 1, dropout: 1, useBias: 1, outputShape: 1 }));

export interface MultiHeadAttentionCallOptions {
  /** Bool (N, T, S) or (T, S): true where query t may attend to key s (Keras's attention_mask). */
  attentionMask?: Tensor | null;
  /** Return [output, scores (N, heads, T, S)] (default false). */
  returnAttentionScores?: boolean;
  /** Query t sees keys 0..t only (combined with attentionMask when both are given). */
  useCausalMask?: boolean;
}
const CALL_OPTIONS = optionKeys<MultiHeadAttentionCallOptions>({ attentionMask: 1, returnAttentionScores: 1, useCausalMask: 1 });

type Projection = Linear;

/**
 * keras.layers.MultiHeadAttention(numHeads, keyDim): query (N, T, Fq), value (N, S, Fv), key (N, S, Fk; default value)
 * → (N, T, outputShape ?? Fq). Scores are scaled by 1/√keyDim. Functional API: `mha.apply([query, value])` or `[query, value, key]`.
 * @example const out = new MultiHeadAttention(2, 16).call(x, x, undefined, { useCausalMask: true })
 */
export class MultiHeadAttention extends Layer {
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputShape: number | undefined;
  query: Projection | null = null;
  key: Projection | null = null;
  value: Projection | null = null;
  output: Projection | null = null;
  /** The attention weights of the last call (N, heads, T, S). */
  lastAttentionScores: Tensor | null = null;

  constructor(readonly numHeads: number, readonly keyDim: number, opts: MultiHeadAttentionOptions = {}) {
    super(opts);
    checkOptions("MultiHeadAttention", opts, MHA_OPTIONS);
    for (const [n, v] of [["numHeads", numHeads], ["keyDim", keyDim], ["valueDim", opts.valueDim ?? keyDim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`MultiHeadAttention: ${n} must be a positive integer, got ${v}`);
    }
    this.valueDim = opts.valueDim ?? keyDim;
    this.dropout = opts.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new RangeError(`MultiHeadAttention: dropout must be in [0, 1), got ${this.dropout}`);
    this.useBias = opts.useBias ?? true;
    this.outputShape = opts.outputShape;
  }

  #projection(out: number, inp: number): Projection {
    const l = new Linear(inp, out, { bias: this.useBias }); // Keras's defaults: Glorot-uniform kernel, zero bias
    init.xavierUniform_(l.weight);
    if (l.bias) init.zeros_(l.bias);
    return l;
  }

  protected override build(shapes: LayerShape[]): void {
    const [q, v, k = v] = shapes;
    const H = this.numHeads;
    this.query = this.#projection(H * this.keyDim, q[q.length - 1]);
    this.key = this.#projection(H * this.keyDim, k[k.length - 1]);
    this.value = this.#projection(H * this.valueDim, v[v.length - 1]);
    this.output = this.#projection(this.outputShape ?? q[q.length - 1], H * this.valueDim);
  }

  computeOutputShape(shapes: LayerShape[]): LayerShape {
    if (shapes.length < 2 || shapes.length > 3 || shapes.some((s) => s?.length !== 2)) {
      throw new RangeError(`MultiHeadAttention: takes [query, value] or [query, value, key], each (T, features) without the batch dim; got ${JSON.stringify(shapes)}`);
    }
    const [q, v, k = v] = shapes;
    if (k[0] !== v[0]) throw new RangeError(`MultiHeadAttention: key and value need the same length, got ${k[0]} and ${v[0]}`);
    return [q[0], this.outputShape ?? q[1]];
  }

  override call(inputs: Tensor[]): Tensor;
  override call(query: Tensor, value: Tensor, key?: Tensor | null, opts?: MultiHeadAttentionCallOptions & { returnAttentionScores?: false }): Tensor;
  override call(query: Tensor, value: Tensor, key: Tensor | null | undefined, opts: MultiHeadAttentionCallOptions & { returnAttentionScores: true }): [Tensor, Tensor];
  override call(first: Tensor | Tensor[], value?: Tensor, key?: Tensor | null, opts: MultiHeadAttentionCallOptions = {}): Tensor | [Tensor, Tensor] {
    if (Array.isArray(first)) return this.#attend(first[0], first[1], first[2] ?? first[1], {})[0];
    checkOptions("MultiHeadAttention.call", opts, CALL_OPTIONS);
    if (!(first instanceof Tensor) || !(value instanceof Tensor)) throw new TypeError("MultiHeadAttention.call: query and value must be Tensors (N, T, features)");
    const k = key ?? value;
    this.ensureBuilt([first.shape.slice(1), value.shape.slice(1), k.shape.slice(1)]);
    const [out, scores] = this.#attend(first, value, k, opts);
    return opts.returnAttentionScores ? [out, scores] : out;
  }

  #attend(q: Tensor, v: Tensor, k: Tensor, opts: MultiHeadAttentionCallOptions): [Tensor, Tensor] {
    for (const [t, n] of [[q, "query"], [v, "value"], [k, "key"]] as const) {
      if (t.ndim !== 3) throw new RangeError(`MultiHeadAttention: ${n} must be (N, T, features), got shape [${t.shape.join(", ")}]`);
    }
    const [N, T] = q.shape, S = v.shape[1], H = this.numHeads;
    const heads = (x: Tensor, p: Projection, d: number, len: number): Tensor => linear(x, p.weight, p.bias).reshape([N, len, H, d]).transpose(1, 2); // (N, H, len, d)
    let mask = opts.attentionMask ?? null;
    if (mask) {
      if (mask.dtype !== "bool") mask = mask.ne(0);
      if (mask.ndim === 3) mask = mask.unsqueeze(1); // (N, 1, T, S): one mask for every head
    }
    if (opts.useCausalMask) mask = mask ? mask.logicalAnd(causalMask(T, S)) : causalMask(T, S);
    const [ctx, weights] = scaledDotProductAttentionWithWeights(heads(q, this.query!, this.keyDim, T), heads(k, this.key!, this.keyDim, S), heads(v, this.value!, this.valueDim, S), {
      attnMask: mask, dropoutP: this.training ? this.dropout : 0, scale: 1 / Math.sqrt(this.keyDim),
    }); // (N, H, T, valueDim), (N, H, T, S)
    this.lastAttentionScores = weights;
    const merged = ctx.transpose(1, 2).reshape([N, T, H * this.valueDim]);
    return [linear(merged, this.output!.weight, this.output!.bias), weights];
  }

  getConfig(): Record<string, unknown> {
    return { numHeads: this.numHeads, keyDim: this.keyDim, valueDim: this.valueDim, dropout: this.dropout, useBias: this.useBias, outputShape: this.outputShape ?? null };
  }
}

export interface LayerNormalizationOptions extends LayerOptions {
  /** The normalised axis: -1 (default, the features) or the last axes as a list ending in -1, e.g. [-2, -1]. */
  axis?: number | readonly number[];
  /** Added to the variance (Keras's default 1e-3; PyTorch's LayerNorm uses 1e-5). */
  epsilon?: number;
  /** Learn an offset beta (default true). */
  center?: boolean;
  /** Learn a scale gamma (default true). */
  scale?: boolean;
}
const LN_OPTIONS = withKeys(LAYER_KEYS, ...optionKeys<Omit<LayerNormalizationOptions, keyof LayerOptions>>({ axis: 1, epsilon: 1, center: 1, scale: 1 }));

/** keras.layers.LayerNormalization: (x − mean) / √(var + epsilon) · gamma + beta over the last axis (or axes). */
export class LayerNormalization extends Layer {
  readonly axes: number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Parameter | null = null;
  beta: Parameter | null = null;
  #normalized: number[] = [];

  constructor(opts: LayerNormalizationOptions = {}) {
    super(opts);
    checkOptions("LayerNormalization", opts, LN_OPTIONS);
    const axes = typeof opts.axis === "number" || opts.axis === undefined ? [opts.axis ?? -1] : [...opts.axis];
    const sorted = [...axes].sort((a, b) => a - b);
    if (!sorted.length || sorted.some((a, i) => a !== -sorted.length + i)) {
      throw new RangeError(`LayerNormalization: axis must be -1 or the last axes ending in -1 (e.g. [-2, -1]); got ${JSON.stringify(opts.axis)}`);
    }
    this.axes = sorted;
    this.epsilon = opts.epsilon ?? 1e-3;
    this.center = opts.center ?? true;
    this.scale = opts.scale ?? true;
  }
  protected override build([shape]: LayerShape[]): void {
    if (shape.length < this.axes.length) throw new RangeError(`LayerNormalization: inputs (None, ${shape.join(", ")}) have fewer feature axes than axis ${JSON.stringify(this.axes)}`);
    this.#normalized = shape.slice(shape.length - this.axes.length);
    if (this.scale) this.gamma = new Parameter(ones(this.#normalized));
    if (this.center) this.beta = new Parameter(zeros(this.#normalized));
  }
  computeOutputShape([shape]: LayerShape[]): LayerShape {
    return shape;
  }
  protected call([x]: Tensor[]): Tensor {
    return layerNorm(x, this.#normalized, { weight: this.gamma, bias: this.beta, eps: this.epsilon });
  }
  getConfig(): Record<string, unknown> {
    return { axis: this.axes, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}

export const ATTENTION_LAYER_CLASSES: Record<string, (config: Record<string, unknown>, name: string) => Layer> = {
  MultiHeadAttention: (c, name) => new MultiHeadAttention(c.numHeads as number, c.keyDim as number, {
    valueDim: c.valueDim as number, dropout: c.dropout as number, useBias: c.useBias as boolean, outputShape: (c.outputShape as number | null) ?? undefined, name,
  }),
  LayerNormalization: (c, name) => new LayerNormalization({ axis: c.axis as number[], epsilon: c.epsilon as number, center: c.center as boolean, scale: c.scale as boolean, name }),
};
