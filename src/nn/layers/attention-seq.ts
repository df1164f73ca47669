/**
 * @file Attention for sequence models: additive (Bahdanau) and multiplicative (Luong: dot, general,
 * concat); both return the context vectors and the attention weights, with an optional key mask.
 */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { assertTensor } from "../../ops/check.ts";
import { cat } from "../../ops/movement.ts";
import { Module } from "../module.ts";
import { Linear } from "./linear.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const LUONG_OPTIONS = optionKeys<{ score?: string; keyDim?: number }>({ score: 1, keyDim: 1 });

export interface AttentionOptions {
  /** (B, S) bool, true at the keys that may be attended to (e.g. not padding). */
  mask?: Tensor | null;
  /** (B, S, Dv) vectors to average; default the keys. */
  values?: Tensor | null;
}
/** context (B, Dv) and weights (B, S) for a (B, D) query; (B, Tq, Dv) and (B, Tq, S) for (B, Tq, D). */
export interface AttentionResult { context: Tensor; weights: Tensor }

/** The checks, the masked softmax and the weighted sum that both attentions share. */
abstract class SeqAttention extends Module<[Tensor, Tensor, AttentionOptions?], AttentionResult> {
  constructor(readonly queryDim: number, readonly keyDim: number) {
    super();
  }

  /** Scores (B, Tq, S) of the query (B, Tq, Dq) against the keys (B, S, Dk). */
  protected abstract score(query: Tensor, keys: Tensor): Tensor;

  forward(query: Tensor, keys: Tensor, opts: AttentionOptions = {}): AttentionResult {
    const name = `${this.constructor.name}(${this.extraRepr()})`;
    assertTensor(query, name, "query");
    assertTensor(keys, name, "keys");
    if ((query.ndim !== 2 && query.ndim !== 3) || query.shape[query.ndim - 1] !== this.queryDim) {
      throw new RangeError(`${name}: expected the query of shape [batch, ${this.queryDim}] or [batch, steps, ${this.queryDim}], got ${fmtShape(query.shape)}`);
    }
    if (keys.ndim !== 3 || keys.shape[2] !== this.keyDim || keys.shape[0] !== query.shape[0]) {
      throw new RangeError(`${name}: expected keys of shape [batch=${query.shape[0]}, seq, ${this.keyDim}] (batch first), got ${fmtShape(keys.shape)}`);
    }
    const values = opts.values ?? keys;
    if (values.ndim !== 3 || values.shape[0] !== keys.shape[0] || values.shape[1] !== keys.shape[1]) {
      throw new RangeError(`${name}: expected values of shape [${keys.shape[0]}, ${keys.shape[1]}, dim] like the keys, got ${fmtShape(values.shape)}`);
    }
    const single = query.ndim === 2;
    const q = single ? query.unsqueeze(1) : query; // (B, Tq, Dq)
    let scores = this.score(q, keys); // (B, Tq, S)
    if (opts.mask) {
      const m = opts.mask;
      if (m.dtype !== "bool" || m.ndim !== 2 || m.shape[0] !== keys.shape[0] || m.shape[1] !== keys.shape[1]) {
        throw new RangeError(`${name}: expected a bool mask of shape [${keys.shape[0]}, ${keys.shape[1]}], got ${m.dtype} ${fmtShape(m.shape)}`);
      }
      if (!m.any(1).all().item()) throw new RangeError(`${name}: the mask hides every key of some sequence; nothing to attend to`);
      scores = scores.maskedFill(m.logicalNot().unsqueeze(1), -Infinity);
    }
    const weights = scores.softmax(2); // (B, Tq, S)
    const context = weights.matmul(values); // (B, Tq, Dv)
    return single ? { context: context.squeeze(1), weights: weights.squeeze(1) } : { context, weights };
  }
}

/**
 * Additive attention (Bahdanau et al. 2015): score = vₐᵀ tanh(Wₐ q + Uₐ k), as PyTorch's seq2seq tutorial.
 * @example const { context, weights } = new nn.BahdanauAttention(256, 256).forward(h, encoderOutputs)
 */
export class BahdanauAttention extends SeqAttention {
  wa: Linear;
  ua: Linear;
  va: Linear;
  constructor(queryDim: number, keyDim: number = queryDim, readonly units: number = queryDim) {
    super(queryDim, keyDim);
    this.wa = new Linear(queryDim, units);
    this.ua = new Linear(keyDim, units);
    this.va = new Linear(units, 1);
  }
  protected score(q: Tensor, keys: Tensor): Tensor {
    const e = this.wa.forward(q).unsqueeze(2).add(this.ua.forward(keys).unsqueeze(1)).tanh(); // (B, Tq, S, units)
    return this.va.forward(e).squeeze(3);
  }
  override extraRepr(): string {
    return `${this.queryDim}, ${this.keyDim}, units=${this.units}`;
  }
}

export type LuongScore = "dot" | "general" | "concat";

/**
 * Multiplicative attention (Luong et al. 2015): dot q·k, general q·(W k), or concat vᵀ tanh(W [q; k]).
 * @example new nn.LuongAttention(256, { score: "general" })
 */
export class LuongAttention extends SeqAttention {
  readonly scoreKind: LuongScore;
  w: Linear | null;
  v: Linear | null;
  constructor(dim: number, opts: { score?: LuongScore; keyDim?: number } = {}) {
    const kind = opts.score ?? "general";
    const keyDim = opts.keyDim ?? dim;
    if (kind !== "dot" && kind !== "general" && kind !== "concat") throw new RangeError(`LuongAttention: score must be "dot", "general" or "concat", got ${JSON.stringify(kind)}`);
    if (kind === "dot" && keyDim !== dim) throw new RangeError(`LuongAttention: the dot score needs keys of the query's size ${dim}, got keyDim ${keyDim}`);
    super(dim, keyDim);
    checkOptions("LuongAttention", opts, LUONG_OPTIONS);
    this.scoreKind = kind;
    this.w = kind === "general" ? new Linear(keyDim, dim, { bias: false }) : kind === "concat" ? new Linear(dim + keyDim, dim, { bias: false }) : null;
    this.v = kind === "concat" ? new Linear(dim, 1, { bias: false }) : null;
  }
  protected score(q: Tensor, keys: Tensor): Tensor {
    if (this.scoreKind === "dot") return q.matmul(keys.mT);
    if (this.scoreKind === "general") return q.matmul(this.w!.forward(keys).mT);
    const [B, Tq] = q.shape, S = keys.shape[1];
    const pairs = cat([q.unsqueeze(2).expand(B, Tq, S, this.queryDim), keys.unsqueeze(1).expand(B, Tq, S, this.keyDim)], 3);
    return this.v!.forward(this.w!.forward(pairs).tanh()).squeeze(3);
  }
  override extraRepr(): string {
    return `${this.queryDim}, score=${this.scoreKind}${this.keyDim !== this.queryDim ? `, keyDim=${this.keyDim}` : ""}`;
  }
}
