/**
 * @file nn.MultiheadAttention as torch.nn.MultiheadAttention: PyTorch's parameter names (`in_proj_weight`,
 * `in_proj_bias`, `out_proj.*`, or `q/k/v_proj_weight` when kdim/vdim differ) and masks, on F.scaledDotProductAttention.
 */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { zeros } from "../../ops/creation.ts";
import { where } from "../../ops/elementwise.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { empty } from "../tensors.ts";
import * as init from "../init.ts";
import { linear } from "../functional/layers.ts";
import { causalMask, scaledDotProductAttentionWithWeights, scaledDotProductAttention } from "../functional/attention.ts";
import { Linear } from "./linear.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const MHA_OPTIONS = optionKeys<MultiheadAttentionOptions>({ dropout: 1, bias: 1, batchFirst: 1, kdim: 1, vdim: 1 });

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights while training. */
  dropout?: number;
  bias?: boolean;
  /** Inputs (N, L, E) instead of (L, N, E). */
  batchFirst?: boolean;
  kdim?: number;
  vdim?: number;
}

export interface MultiheadAttentionForwardOptions {
  /** (N, S) or (S): true (or −∞) = this key is padding and ignored (PyTorch's convention, the opposite of SDPA's). */
  keyPaddingMask?: Tensor | null;
  /** (L, S) or (N·numHeads, L, S): bool true = not allowed to attend, or a float mask added to the scores. */
  attnMask?: Tensor | null;
  /** Return the attention weights (default true); false returns null weights. */
  needWeights?: boolean;
  /** Average the weights over the heads: (N, L, S); false gives (N, numHeads, L, S). Default true. */
  averageAttnWeights?: boolean;
  /** Causal self-attention; used when no attnMask is given (with one, it is only a hint, as in PyTorch). */
  isCausal?: boolean;
}

/** A bool "true = masked" or float mask as an additive float mask (0 / −∞). */
const additive = (m: Tensor, dtype: Tensor["dtype"]): Tensor => (m.dtype === "bool" ? where(m, -Infinity, zeros([], { dtype })) : m);

/**
 * Multi-head attention: query (L, N, E), key (S, N, kdim), value (S, N, vdim) — (N, L, E)… with batchFirst,
 * or unbatched (L, E) — → [output like query, weights (N, L, S) or null].
 * @example const [y, w] = new nn.MultiheadAttention(64, 4, { batchFirst: true }).forward(x, x, x)
 */
export class MultiheadAttention extends Module<[Tensor, Tensor, Tensor, MultiheadAttentionForwardOptions?], [Tensor, Tensor | null]> {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  inProjWeight: Parameter | null;
  qProjWeight: Parameter | null;
  kProjWeight: Parameter | null;
  vProjWeight: Parameter | null;
  inProjBias: Parameter | null;
  outProj: Linear;

  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    checkOptions("MultiheadAttention", opts, MHA_OPTIONS);
    if (!Number.isInteger(embedDim) || embedDim <= 0) throw new RangeError(`MultiheadAttention: embedDim must be a positive integer, got ${embedDim}`);
    if (!Number.isInteger(numHeads) || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new RangeError(`MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? false;
    const packed = this.kdim === embedDim && this.vdim === embedDim;
    this.inProjWeight = packed ? new Parameter(empty([3 * embedDim, embedDim])) : null;
    this.qProjWeight = packed ? null : new Parameter(empty([embedDim, embedDim]));
    this.kProjWeight = packed ? null : new Parameter(empty([embedDim, this.kdim]));
    this.vProjWeight = packed ? null : new Parameter(empty([embedDim, this.vdim]));
    this.inProjBias = opts.bias ?? true ? new Parameter(empty([3 * embedDim])) : null;
    this.outProj = new Linear(embedDim, embedDim, { bias: opts.bias ?? true });
    this.resetParameters();
  }

  /** PyTorch's: Xavier-uniform projections, zero biases (out_proj.weight keeps Linear's default). */
  resetParameters(): void {
    for (const w of [this.inProjWeight, this.qProjWeight, this.kProjWeight, this.vProjWeight]) if (w) init.xavierUniform_(w);
    if (this.inProjBias) init.zeros_(this.inProjBias);
    if (this.outProj.bias) init.zeros_(this.outProj.bias);
  }

  /** Projects query, key and value (batch first) with the packed or separate weights. */
  private project(q: Tensor, k: Tensor, v: Tensor): [Tensor, Tensor, Tensor] {
    const E = this.embedDim, b = this.inProjBias;
    const bias = (i: number) => (b ? b.narrow(0, i * E, E) : null);
    if (this.inProjWeight) {
      if (q === k && k === v) return linear(q, this.inProjWeight, b).chunk(3, -1) as [Tensor, Tensor, Tensor];
      const w = (i: number) => this.inProjWeight!.narrow(0, i * E, E);
      return [linear(q, w(0), bias(0)), linear(k, w(1), bias(1)), linear(v, w(2), bias(2))];
    }
    return [linear(q, this.qProjWeight!, bias(0)), linear(k, this.kProjWeight!, bias(1)), linear(v, this.vProjWeight!, bias(2))];
  }

  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const name = `MultiheadAttention(${this.embedDim}, ${this.numHeads})`;
    const unbatched = query.ndim === 2;
    if (query.ndim !== (unbatched ? 2 : 3) || key.ndim !== query.ndim || value.ndim !== query.ndim) {
      throw new RangeError(`${name}: expected query, key, value all 3-D (batched) or all 2-D (unbatched), got ${fmtShape(query.shape)}, ${fmtShape(key.shape)}, ${fmtShape(value.shape)}`);
    }
    for (const [t, n, d] of [[query, "query", this.embedDim], [key, "key", this.kdim], [value, "value", this.vdim]] as const) {
      if (t.shape[t.ndim - 1] !== d) throw new RangeError(`${name}: expected ${n} with last dim ${d}, got ${fmtShape(t.shape)}`);
    }
    const toBatchFirst = (t: Tensor) => (unbatched ? t.unsqueeze(0) : this.batchFirst ? t : t.transpose(0, 1));
    const same = query === key && key === value;
    const [qb, kb, vb] = same ? Array(3).fill(toBatchFirst(query)) : [query, key, value].map(toBatchFirst); // (N, L, E), (N, S, kdim), (N, S, vdim)
    const [N, L] = qb.shape, S = kb.shape[1], h = this.numHeads, hd = this.headDim;
    if (kb.shape[0] !== N || vb.shape[0] !== N || vb.shape[1] !== S) {
      throw new RangeError(`${name}: query, key and value disagree on batch or key length: ${fmtShape(query.shape)}, ${fmtShape(key.shape)}, ${fmtShape(value.shape)}`);
    }
    const [q, k, v] = this.project(qb, kb, vb).map((t) => t.reshape(N, -1, h, hd).transpose(1, 2)); // (N, h, L|S, hd)
    const mask = this.mergeMasks(opts, N, L, S, q.dtype, name); // (N|1, h|1, L|1, S) or null
    const attn = { attnMask: mask, dropoutP: this.training ? this.dropout : 0 };
    const needWeights = opts.needWeights ?? true;
    let weights: Tensor | null = null, y: Tensor; // y (N, h, L, hd)
    if (needWeights) [y, weights] = scaledDotProductAttentionWithWeights(q, k, v, attn);
    else y = scaledDotProductAttention(q, k, v, attn);
    let out = this.outProj.forward(y.transpose(1, 2).reshape(N, L, this.embedDim)); // (N, L, E)
    out = unbatched ? out.squeeze(0) : this.batchFirst ? out : out.transpose(0, 1);
    if (weights && (opts.averageAttnWeights ?? true)) weights = weights.mean(1); // (N, L, S)
    if (weights && unbatched) weights = weights.squeeze(0);
    return [out, weights];
  }

  /** keyPaddingMask, attnMask and isCausal as one additive mask broadcastable to (N, h, L, S). */
  private mergeMasks(opts: MultiheadAttentionForwardOptions, N: number, L: number, S: number, dtype: Tensor["dtype"], name: string): Tensor | null {
    let attnMask = opts.attnMask ?? null;
    if (!attnMask && opts.isCausal) attnMask = causalMask(L, S).logicalNot();
    let mask: Tensor | null = null;
    if (attnMask) {
      const ok = (attnMask.ndim === 2 && attnMask.shape[0] === L && attnMask.shape[1] === S)
        || (attnMask.ndim === 3 && attnMask.shape[0] === N * this.numHeads && attnMask.shape[1] === L && attnMask.shape[2] === S);
      if (!ok) throw new RangeError(`${name}: attnMask must be (${L}, ${S}) or (${N * this.numHeads}, ${L}, ${S}), got ${fmtShape(attnMask.shape)}`);
      mask = additive(attnMask, dtype).reshape(attnMask.ndim === 2 ? [L, S] : [N, this.numHeads, L, S]);
    }
    const kpm = opts.keyPaddingMask ?? null;
    if (kpm) {
      const ok = kpm.ndim === 2 ? kpm.shape[0] === N && kpm.shape[1] === S : kpm.ndim === 1 && N === 1 && kpm.shape[0] === S;
      if (!ok) throw new RangeError(`${name}: keyPaddingMask must be (${N}, ${S}), got ${fmtShape(kpm.shape)}`);
      const pad = additive(kpm, dtype).reshape(N, 1, 1, S);
      mask = mask ? mask.add(pad) : pad;
    }
    return mask;
  }

  override extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}, dropout=${this.dropout}, batchFirst=${this.batchFirst}`;
  }
}
