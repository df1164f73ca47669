/**
 * @file GPT-2 in one file, nanoGPT style: config, attention, MLP, block, model, LM head, `fromPretrained(dir)` for a
 * Hugging Face GPT-2 folder (parameter names and Conv1D layouts of HF's), and `generate()` with a KV cache.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { noGrad } from "../core/grad-mode.ts";
import type { Generator } from "../core/random.ts";
import { fmtShape } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { fromTypedArray, zeros } from "../ops/creation.ts";
import { cat } from "../ops/movement.ts";
import { gelu } from "../ops/elementwise.ts";
import { Module, type StateDict } from "../nn/module.ts";
import { Parameter } from "../nn/parameter.ts";
import { ModuleList } from "../nn/containers.ts";
import { Embedding } from "../nn/layers/embedding.ts";
import { LayerNorm } from "../nn/layers/normalization.ts";
import { Linear } from "../nn/layers/linear.ts";
import { Dropout } from "../nn/layers/dropout.ts";
import { StaticKVCache } from "../nn/kv-cache.ts";
import * as init from "../nn/init.ts";
import { crossEntropy } from "../nn/functional/losses.ts";
import { scaledDotProductAttention } from "../nn/functional/attention.ts";
import { gptDecoder, preNormBlockStep, preNormStackStep, type PreNormBlockWeights } from "../nn/functional/fused-block.ts";
import { load as loadSafetensors } from "../io/index.ts";
import { checkOptions, optionKeys } from "../core/options.ts";
import { parseJsonStrict, type JsonProblem } from "../io/json.ts";
import { JsonFields } from "../io/json-fields.ts";
import { argmaxOf, sampleBatch } from "../generate/sampling.ts";
import { gpt2Tokenizer, readVocabJson } from "../text/pretrained.ts";
import { loadTokenizer } from "../text/hf-json.ts";
import type { Tokenizer } from "../text/tokenizer.ts";

export interface GPT2Config {
  /** 50257 in GPT-2: 256 bytes + 50,000 merges + <|endoftext|>. */
  vocabSize: number;
  /** Context window; 1024 in GPT-2. Positions are learned, so it cannot grow after training. */
  nPositions: number;
  /** Channels C; 768 in GPT-2 small. */
  nEmbd: number;
  /** Blocks; 12 in GPT-2 small. */
  nLayer: number;
  /** Heads nh, each of size hs = C / nh; 12 in GPT-2 small. */
  nHead: number;
  /** MLP width; null means 4·C, as in the paper. */
  nInner: number | null;
  /** 1e-5, PyTorch's LayerNorm default, which GPT-2 uses. */
  layerNormEpsilon: number;
  /** "gelu_new" (the tanh approximation) is GPT-2's; "gelu" (exact erf) is nn.GELU's, used by nanoGPT. */
  activationFunction: "gelu_new" | "gelu";
  /** Dropout after attention's and the MLP's output projections; 0.1 in GPT-2 (0 for fine-tuning is common). */
  residPdrop: number;
  /** Dropout on token + position embeddings; 0.1 in GPT-2. */
  embdPdrop: number;
  /** Dropout on the attention weights; 0.1 in GPT-2. */
  attnPdrop: number;
  /** Biases in the Conv1D projections (and LayerNorms); GPT-2 has them, nanoGPT's "bias=False" drops them. */
  bias: boolean;
  /** <|endoftext|> (50256) in GPT-2; the default stop token of generate(). */
  eosTokenId: number | null;
}

/** GPT-2 small (124M). */
export const GPT2_DEFAULTS: GPT2Config = {
  vocabSize: 50257, nPositions: 1024, nEmbd: 768, nLayer: 12, nHead: 12, nInner: null, layerNormEpsilon: 1e-5,
  activationFunction: "gelu_new", residPdrop: 0.1, embdPdrop: 0.1, attnPdrop: 0.1, bias: true, eosTokenId: 50256,
};

function checkConfig(c: GPT2Config): void {
  for (const k of ["vocabSize", "nPositions", "nEmbd", "nLayer", "nHead"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new RangeError(`GPT2Config: ${k} must be a positive integer, got ${c[k]}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new RangeError(`GPT2Config: nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
  if (c.activationFunction !== "gelu_new" && c.activationFunction !== "gelu") throw new RangeError(`GPT2Config: activationFunction must be "gelu_new" or "gelu", got ${JSON.stringify(c.activationFunction)}`);
}

/** A Hugging Face GPT-2 config.json (snake_case fields) as a GPT2Config. */
export function gpt2ConfigFromHF(json: Record<string, unknown>, source = "config.json"): GPT2Config {
  const num = (k: string, dflt: number | null, ok: (v: number) => boolean = () => true, want = ""): number | null => {
    const v = Object.hasOwn(json, k) ? json[k] : undefined;
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "number") throw new TypeError(`${source}: "${k}" must be a number, got ${JSON.stringify(v)}`);
    if (!ok(v)) throw new RangeError(`${source}: "${k}" must be ${want}, got ${v}`);
    return v;
  };
  const count = (k: string, dflt: number | null, orNull = false): number | null =>
    num(k, dflt, (v) => Number.isSafeInteger(v) && v >= 1, `a positive integer${orNull ? " or null" : ""}`);
  const prob = (k: string, dflt: number): number => num(k, dflt, (v) => v >= 0 && v < 1, "a number in [0, 1)")!;
  const act = Object.hasOwn(json, "activation_function") ? json.activation_function ?? "gelu_new" : "gelu_new";
  if (act !== "gelu_new" && act !== "gelu") throw new RangeError(`${source}: activation_function ${JSON.stringify(act)} is not supported (gelu_new or gelu)`);
  const d = GPT2_DEFAULTS;
  return {
    vocabSize: count("vocab_size", d.vocabSize)!, nPositions: count("n_positions", d.nPositions)!, nEmbd: count("n_embd", d.nEmbd)!,
    nLayer: count("n_layer", d.nLayer)!, nHead: count("n_head", d.nHead)!, nInner: count("n_inner", null, true),
    layerNormEpsilon: num("layer_norm_epsilon", d.layerNormEpsilon, (v) => v > 0 && v < 1, "a number in (0, 1)")!, activationFunction: act,
    residPdrop: prob("resid_pdrop", d.residPdrop), embdPdrop: prob("embd_pdrop", d.embdPdrop), attnPdrop: prob("attn_pdrop", d.attnPdrop),
    bias: true, eosTokenId: num("eos_token_id", d.eosTokenId, (v) => Number.isSafeInteger(v) && v >= 0, "an integer ≥ 0 or null"),
  };
}

/** One layer's cached keys and values, each (B, nh, S, hs). */
export type KVCache = [Tensor, Tensor];
/** Earlier keys and values: one pair per layer (a new pair is returned each call), or a cache written in place. */
export type PastKeyValues = KVCache[] | StaticKVCache;
/** What one attention layer reads of the past: its own pair, or its slot of an in-place cache. */
type LayerPast = KVCache | { cache: StaticKVCache; layer: number } | null;

/** Hugging Face's Conv1D: a linear layer whose weight is stored [in, out]; y = x W + b. */
export class Conv1D extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly nx: number, readonly nf: number, opts: { bias?: boolean } = {}) {
    super();
    this.weight = new Parameter(zeros([nx, nf]));
    init.normal_(this.weight, 0, 0.02);
    this.bias = opts.bias ?? true ? new Parameter(zeros([nf])) : null;
  }
  forward(x: Tensor): Tensor {
    const y = x.matmul(this.weight); // (..., nf)
    return this.bias ? y.add(this.bias) : y;
  }
  override extraRepr(): string {
    return `nx=${this.nx}, nf=${this.nf}`;
  }
}

export class CausalSelfAttention extends Module<[Tensor, Tensor | null, LayerPast], [Tensor, KVCache]> {
  cAttn: Conv1D;
  cProj: Conv1D;
  residDropout: Dropout;
  constructor(readonly config: GPT2Config) {
    super();
    this.cAttn = new Conv1D(config.nEmbd, 3 * config.nEmbd, { bias: config.bias }); // q, k, v for all heads at once
    this.cProj = new Conv1D(config.nEmbd, config.nEmbd, { bias: config.bias });
    this.residDropout = new Dropout(config.residPdrop);
  }

  /** x (B, T, C); mask (B, 1, T, S) bool or null for plain causal; past keys/values (B, nh, P, hs) with S = P + T. */
  forward(x: Tensor, mask: Tensor | null, past: LayerPast): [Tensor, KVCache] {
    const [B, T, C] = x.shape, nh = this.config.nHead;
    const heads = (t: Tensor): Tensor => t.view(B, T, nh, C / nh).transpose(1, 2); // (B, nh, T, hs)
    const [q, k0, v0] = this.cAttn.forward(x).split(C, 2).map(heads);
    const [k, v] = !past ? [k0, v0] // (B, nh, S, hs)
      : Array.isArray(past) ? [cat([past[0], k0], 2), cat([past[1], v0], 2)]
      : past.cache.update(past.layer, k0, v0);
    const dropoutP = this.training ? this.config.attnPdrop : 0;
    // Without a mask, queries are causal among themselves and see every cached key (forward masks a multi-token step after a past).
    const y = scaledDotProductAttention(q, k, v, mask ? { attnMask: mask, dropoutP } : { isCausal: T > 1, dropoutP }); // (B, nh, T, hs)
    const merged = y.transpose(1, 2).contiguous().view(B, T, C); // re-assemble the heads side by side: (B, T, C)
    return [this.residDropout.forward(this.cProj.forward(merged)), [k, v]];
  }
}

export class MLP extends Module {
  cFc: Conv1D;
  cProj: Conv1D;
  dropout: Dropout;
  constructor(readonly config: GPT2Config) {
    super();
    const inner = config.nInner ?? 4 * config.nEmbd;
    this.cFc = new Conv1D(config.nEmbd, inner, { bias: config.bias });
    this.cProj = new Conv1D(inner, config.nEmbd, { bias: config.bias });
    this.dropout = new Dropout(config.residPdrop);
  }
  forward(x: Tensor): Tensor {
    const approximate = this.config.activationFunction === "gelu_new" ? "tanh" : "none";
    return this.dropout.forward(this.cProj.forward(gelu(this.cFc.forward(x), { approximate }))); // (B, T, C)
  }
}

export class Block extends Module<[Tensor, Tensor | null, LayerPast, boolean?], [Tensor, KVCache | null]> {
  ln_1: LayerNorm;
  attn: CausalSelfAttention;
  ln_2: LayerNorm;
  mlp: MLP;
  constructor(config: GPT2Config) {
    super();
    const ln = (): LayerNorm => new LayerNorm(config.nEmbd, { eps: config.layerNormEpsilon, bias: config.bias });
    this.ln_1 = ln();
    this.attn = new CausalSelfAttention(config);
    this.ln_2 = ln();
    this.mlp = new MLP(config);
  }
  /**
   * Pre-norm residual block: x + attn(ln(x)), then x + mlp(ln(x)). Returns the layer's keys and values too, unless
   * `keepKV` is false (then null may come back): inference without a mask then runs the fused block.
   */
  forward(x: Tensor, mask: Tensor | null, past: LayerPast, keepKV = true): [Tensor, KVCache | null] {
    const fused = mask || Array.isArray(past) || (keepKV && !past) ? null : this.fusedStep(x, past);
    if (fused) return [fused, null];
    const [a, kv] = this.attn.forward(this.ln_1.forward(x), mask, past);
    x = x.add(a);
    return [x.add(this.mlp.forward(this.ln_2.forward(x))), kv];
  }

  /** The whole block in one backend call (nn.functional.preNormBlockStep), or null where that does not apply. */
  private fusedStep(x: Tensor, past: { cache: StaticKVCache; layer: number } | null): Tensor | null {
    if (!this.fusable()) return null;
    let cache: { keys: Tensor; values: Tensor; past: number } | null = null;
    if (past) {
      const [keys, values] = past.cache.buffers(past.layer);
      cache = { keys, values, past: past.cache.seqLength(past.layer) };
    }
    const y = preNormBlockStep(x, this.fusedWeights(), { ...fusedOptions(this.attn.config), cache });
    if (y && past) past.cache.advance(past.layer, x.shape[1]);
    return y;
  }

  /** Whether the fused kernel computes what forward() would: not while dropout is active. */
  fusable(): boolean {
    const c = this.attn.config;
    return !(this.training && (c.attnPdrop > 0 || c.residPdrop > 0));
  }

  /** The block's parameters in the fused kernel's terms. */
  fusedWeights(): PreNormBlockWeights {
    const { attn, mlp } = this;
    return {
      ln1Weight: this.ln_1.weight, ln1Bias: this.ln_1.bias, attnWeight: attn.cAttn.weight, attnBias: attn.cAttn.bias,
      projWeight: attn.cProj.weight, projBias: attn.cProj.bias, ln2Weight: this.ln_2.weight, ln2Bias: this.ln_2.bias,
      fcWeight: mlp.cFc.weight, fcBias: mlp.cFc.bias, outWeight: mlp.cProj.weight, outBias: mlp.cProj.bias,
    };
  }
}

const fusedOptions = (c: GPT2Config) => ({ heads: c.nHead, eps: c.layerNormEpsilon, approximate: c.activationFunction === "gelu_new" ? "tanh" as const : "none" as const });

export interface GPT2ForwardOptions {
  /** (B, S) 1 for real tokens, 0 for padding, S = past length + T; padded keys are not attended to. */
  attentionMask?: Tensor | null;
  /** (B, T) int32 positions; default past length + 0..T-1, or from attentionMask (cumsum − 1, so left padding is skipped). */
  positionIds?: Tensor | null;
  /**
   * Keys and values of earlier tokens: one pair per layer (from a previous call with useCache), or a StaticKVCache,
   * which this call writes its new positions into (inference only; it is returned as pastKeyValues).
   */
  pastKeyValues?: PastKeyValues | null;
  /** Return the keys and values to continue from (default false). */
  useCache?: boolean;
  /** Return HF's hidden states: the embeddings, each block's output but the last, and ln_f of the last (nLayer + 1). */
  outputHiddenStates?: boolean;
}
export interface GPT2ModelOutput { lastHiddenState: Tensor; pastKeyValues?: PastKeyValues; hiddenStates?: Tensor[] }

/** Throws unless t is an int32 (B, T) tensor of ids in [0, vocabSize): checked before any kernel runs. */
function checkIds(t: Tensor, V: number, what: string, op: string): void {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${what} must be a Tensor of token ids, got ${typeof t}`);
  if (t.dtype !== "int32") throw new TypeError(`${op}: ${what} must have dtype int32, got ${t.dtype}`);
  if (t.ndim !== 2) throw new RangeError(`${op}: ${what} must have shape [batch, seq], got ${fmtShape(t.shape)}`);
  const a = t.toTypedArray();
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || a[i] >= V) throw new RangeError(`${op}: ${what} holds token id ${a[i]} (at flat index ${i}), outside the vocabulary of ${V} tokens`);
  }
}

export class GPT2Model extends Module<[Tensor, GPT2ForwardOptions?], GPT2ModelOutput> {
  readonly config: GPT2Config;
  wte: Embedding;
  wpe: Embedding;
  drop: Dropout;
  h: ModuleList<Block>;
  lnF: LayerNorm;
  constructor(config: Partial<GPT2Config> = {}) {
    super();
    this.config = { ...GPT2_DEFAULTS, ...config };
    const c = this.config;
    checkConfig(c);
    this.wte = new Embedding(c.vocabSize, c.nEmbd);
    this.wpe = new Embedding(c.nPositions, c.nEmbd);
    this.drop = new Dropout(c.embdPdrop);
    this.h = new ModuleList(Array.from({ length: c.nLayer }, () => new Block(c)));
    this.lnF = new LayerNorm(c.nEmbd, { eps: c.layerNormEpsilon, bias: c.bias });
    // GPT-2's initialisation: N(0, 0.02) embeddings; output projections scaled by 1/√(2·nLayer) (two residual adds per block).
    init.normal_(this.wte.weight, 0, 0.02);
    init.normal_(this.wpe.weight, 0, 0.01);
    for (const b of this.h) for (const p of [b.attn.cProj, b.mlp.cProj]) init.normal_(p.weight, 0, 0.02 / Math.sqrt(2 * c.nLayer));
  }

  /** The ids and past checked as forward() needs them (op names the caller in errors): the past length P. */
  private checkedPast(inputIds: Tensor, past: PastKeyValues | null, op: string): number {
    const c = this.config;
    checkIds(inputIds, c.vocabSize, "inputIds", op);
    const [B, T] = inputIds.shape;
    const layers = past instanceof StaticKVCache ? past.nLayer : past?.length;
    if (past && layers !== c.nLayer) throw new RangeError(`${op}: pastKeyValues must hold ${c.nLayer} layers, got ${layers}`);
    if (past instanceof StaticKVCache && (past.batch !== B || past.heads !== c.nHead || past.headSize !== c.nEmbd / c.nHead)) {
      throw new RangeError(`${op}: the StaticKVCache holds [${past.batch}, ${past.heads}, ·, ${past.headSize}] per layer; this model and batch need [${B}, ${c.nHead}, ·, ${c.nEmbd / c.nHead}]`);
    }
    const P = !past ? 0 : past instanceof StaticKVCache ? past.seqLength() : past[0][0].shape[2], S = P + T;
    if (past instanceof StaticKVCache && S > past.capacity) throw new RangeError(`${op}: ${P} cached + ${T} tokens exceed the StaticKVCache's capacity of ${past.capacity}`);
    if (S > c.nPositions) throw new RangeError(`${op}: ${P ? `${P} cached + ` : ""}${T} tokens exceed the context window of ${c.nPositions} positions`);
    return P;
  }

  /**
   * forward() followed by the head (V, C) (the logits hidden·headᵀ) as one fused backend call (nn.functional.gptDecoderStep),
   * for inference without a mask, set positions, hidden states or returned per-layer keys: null where that does not apply.
   */
  decoderStep(inputIds: Tensor, opts: GPT2ForwardOptions, head: Tensor): (GPT2ModelOutput & { logits: Tensor }) | null {
    const past = opts.pastKeyValues ?? null, cache = past instanceof StaticKVCache ? past : null;
    if (opts.attentionMask || opts.positionIds || opts.outputHiddenStates || (past && !cache) || (opts.useCache && !cache)) return null;
    this.checkedPast(inputIds, past, `${this.constructor.name}.forward`);
    const dec = this.decoder(head, cache);
    if (!dec) return null;
    let y: { hidden: Tensor; logits: Tensor };
    try {
      y = dec.step(inputIds);
    } finally {
      dec.release();
    }
    return { lastHiddenState: y.hidden, logits: y.logits, ...(opts.useCache ? { pastKeyValues: cache ?? [] } : {}) };
  }

  /**
   * The whole model and the head (V, C) prepared as one fused decoder over `cache` (nn.functional.gptDecoder): each
   * step(ids) continues after the cache's positions and advances it, in one backend call; null where it does not apply.
   * For a generation loop: prepared once, it checks nothing per step but the ids' shape; release() it when done (the
   * backend holds the weights and the cache's buffers until then, or until it is garbage-collected).
   */
  decoder(head: Tensor, cache: StaticKVCache | null): { step(ids: Tensor): { hidden: Tensor; logits: Tensor }; release(): void } | null {
    if (this.training && this.config.embdPdrop > 0) return null;
    const plan = this.fusedPlan(cache);
    if (!plan) return null;
    const w = { wte: this.wte.weight, wpe: this.wpe.weight, layers: plan.layers, lnFWeight: this.lnF.weight, lnFBias: this.lnF.bias, head };
    const dec = gptDecoder(w, { ...fusedOptions(this.config), caches: plan.caches });
    if (!dec) return null;
    return {
      step: (ids) => {
        const y = dec.step(ids, cache ? cache.seqLength(0) : 0);
        plan.advance(ids.shape[1]);
        return y;
      },
      release: () => dec.release(),
    };
  }

  /** ids (B, T) int32 → hidden states (B, T, C). */
  forward(inputIds: Tensor, opts: GPT2ForwardOptions = {}): GPT2ModelOutput {
    const c = this.config, op = `${this.constructor.name}.forward`;
    const past = opts.pastKeyValues ?? null;
    const P = this.checkedPast(inputIds, past, op);
    const [B, T] = inputIds.shape, S = P + T;
    const am = opts.attentionMask ? maskRows(opts.attentionMask, B, S, op) : null;
    const positions = opts.positionIds ?? fromTypedArray(positionsFrom(am, B, P, T), [B, T]);
    checkIds(positions, c.nPositions, "positionIds", op);
    let mask: Tensor | null = null;
    if (am) { // (B, 1, T, S): query i (absolute P + i) sees key j when j ≤ P + i and key j is not padding
      const m = new Uint8Array(B * T * S);
      for (let b = 0; b < B; b++) for (let i = 0; i < T; i++) for (let j = 0; j <= P + i; j++) m[(b * T + i) * S + j] = am[b * S + j] ? 1 : 0;
      mask = fromTypedArray(m, [B, 1, T, S]);
    } else if (P > 0 && T > 1) {
      const m = new Uint8Array(T * S);
      for (let i = 0; i < T; i++) for (let j = 0; j <= P + i; j++) m[i * S + j] = 1;
      mask = fromTypedArray(m, [1, 1, T, S]);
    }
    const keepKV = opts.useCache === true && !(past instanceof StaticKVCache); // whether the blocks must return their keys and values
    let x = this.drop.forward(this.wte.forward(inputIds).add(this.wpe.forward(positions))); // (B, T, C)
    const hidden: Tensor[] = [x], presents: KVCache[] = [];
    const cache = past instanceof StaticKVCache ? past : null;
    // Inference without a mask, per-layer outputs or returned keys and values: every block in one backend call.
    const stacked = !mask && !opts.outputHiddenStates && !keepKV && (!past || cache) ? this.fusedStack(x, cache) : null;
    if (stacked) {
      x = this.lnF.forward(stacked);
      return { lastHiddenState: x, ...(opts.useCache ? { pastKeyValues: cache ?? [] } : {}) };
    }
    [...this.h].forEach((block, i) => {
      const [y, kv] = block.forward(x, mask, !past ? null : past instanceof StaticKVCache ? { cache: past, layer: i } : past[i], keepKV);
      x = y;
      if (kv) presents.push(kv);
      hidden.push(x);
    });
    x = this.lnF.forward(x);
    hidden[hidden.length - 1] = x;
    const cached = past instanceof StaticKVCache ? past : presents;
    return { lastHiddenState: x, ...(opts.useCache ? { pastKeyValues: cached } : {}), ...(opts.outputHiddenStates ? { hiddenStates: hidden } : {}) };
  }

  /** All blocks in one backend call (nn.functional.preNormStackStep), writing into `cache`; null where that does not apply. */
  private fusedStack(x: Tensor, cache: StaticKVCache | null): Tensor | null {
    const plan = this.fusedPlan(cache);
    const y = plan && preNormStackStep(x, plan.layers, { ...fusedOptions(this.config), caches: plan.caches, past: plan.past });
    if (y) plan!.advance(x.shape[1]);
    return y;
  }

  /** The blocks' weights, caches and past length for one fused call over all of them; null where the blocks must run one by one. */
  private fusedPlan(cache: StaticKVCache | null) {
    const blocks = [...this.h];
    if (!blocks.every((b) => b.fusable())) return null;
    const past = cache ? cache.seqLength(0) : 0;
    if (cache && blocks.some((_, i) => cache.seqLength(i) !== past)) return null; // layers filled unevenly
    const caches = cache && blocks.map((_, i) => {
      const [keys, values] = cache.buffers(i);
      return { keys, values };
    });
    const advance = (T: number) => { if (cache) blocks.forEach((_, i) => cache.advance(i, T)); };
    return { layers: blocks.map((b) => b.fusedWeights()), caches, past, advance };
  }
}

/** The attention mask as 0/1 per (row, key), checked to be (B, S). */
function maskRows(mask: Tensor, B: number, S: number, op: string): Uint8Array {
  if (!(mask instanceof Tensor)) throw new TypeError(`${op}: attentionMask must be a Tensor, got ${typeof mask}`);
  if (mask.ndim !== 2 || mask.shape[0] !== B || mask.shape[1] !== S) throw new RangeError(`${op}: attentionMask must have shape [${B}, ${S}] (batch, past + new tokens), got ${fmtShape(mask.shape)}`);
  return Uint8Array.from(mask.toTypedArray(), (v) => (v ? 1 : 0));
}

/** Positions P..P+T-1, or with a mask HF's cumsum(mask) − 1 (padding at position 1, as HF, never attended to). */
function positionsFrom(am: Uint8Array | null, B: number, P: number, T: number): Int32Array {
  const out = new Int32Array(B * T);
  const S = P + T;
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let j = 0; j < S; j++) {
      const real = am ? am[b * S + j] : 1;
      n += real;
      if (j >= P) out[b * T + j - P] = real ? n - 1 : 1;
    }
  }
  return out;
}

export interface GPT2LMOptions extends GPT2ForwardOptions {
  /** (B, T) int32 targets: position t is scored on labels[t + 1] (HF shifts inside); −100 is ignored. */
  labels?: Tensor | null;
}
export interface GPT2LMOutput extends GPT2ModelOutput { logits: Tensor; loss?: Tensor }

export interface GenerateOptions {
  /** Tokens to add at most (default 20). */
  maxNewTokens?: number;
  /** HF's max_length: the most tokens of prompt and continuation together (the longest prompt counts, as HF's padded length); maxNewTokens wins when both are given, as in HF. */
  maxLength?: number;
  /** Sample with temperature / topK / topP; false (default) is greedy, as HF. */
  doSample?: boolean;
  temperature?: number;
  topK?: number;
  topP?: number;
  /** HF/CTRL repetition penalty: logits of tokens already in the row are divided (if > 0) or multiplied by it; 1 = off. */
  repetitionPenalty?: number;
  /** Stop tokens: a row ends after producing one (it is kept in the output); default config.eosTokenId, null for none. */
  eosTokenId?: number | readonly number[] | null;
  /** Fills the left padding of rows of different lengths (default eosTokenId, else 0); never attended to. */
  padTokenId?: number;
  /** (B, T) 1/0 for a padded `inputIds` tensor; the padding must be on the left. */
  attentionMask?: Tensor;
  /** Streaming: called for each new token of each row; return false to end that row. */
  onToken?: (token: number, info: { row: number; step: number }) => boolean | void;
  /** Seeded sampling. */
  generator?: Generator;
  /** Keys and values are cached so each step runs only the new token (default true); the ids are the same. */
  useCache?: boolean;
  /** A prompt longer than the context window: "error" (default) rejects it, "left" keeps its last tokens. */
  truncation?: "error" | "left";
}
export const GENERATE_OPTIONS = optionKeys<GenerateOptions>({
  maxNewTokens: 1, maxLength: 1, doSample: 1, temperature: 1, topK: 1, topP: 1, repetitionPenalty: 1, eosTokenId: 1,
  padTokenId: 1, attentionMask: 1, onToken: 1, generator: 1, useCache: 1, truncation: 1,
});

/**
 * GPT-2 with its language-model head (tied to the token embeddings), HF parameter names:
 * `transformer.h.0.attn.c_attn.weight`, …, `lm_head.weight`.
 * @example const gpt = GPT2LMHeadModel.fromPretrained("gpt2-dir"); gpt.generate([ids], { maxNewTokens: 20 })
 */
export class GPT2LMHeadModel extends Module<[Tensor, GPT2LMOptions?], GPT2LMOutput> {
  readonly config: GPT2Config;
  transformer: GPT2Model;
  lmHead: Linear;
  constructor(config: Partial<GPT2Config> = {}) {
    super();
    this.transformer = new GPT2Model(config);
    this.config = this.transformer.config;
    this.lmHead = new Linear(this.config.nEmbd, this.config.vocabSize, { bias: false });
    this.lmHead.weight = this.transformer.wte.weight; // weight tying (Press & Wolf 2017), as GPT-2
  }

  /** ids (B, T) → logits (B, T, V), and the mean next-token cross-entropy when labels are given. */
  forward(inputIds: Tensor, opts: GPT2LMOptions = {}): GPT2LMOutput {
    const labels = opts.labels ?? null;
    if (labels) {
      if (!(labels instanceof Tensor) || labels.dtype !== "int32") throw new TypeError(`GPT2LMHeadModel.forward: labels must be an int32 Tensor, got ${labels instanceof Tensor ? labels.dtype : typeof labels}`);
      if (labels.ndim !== 2 || labels.shape[0] !== inputIds.shape[0] || labels.shape[1] !== inputIds.shape[1]) throw new RangeError(`GPT2LMHeadModel.forward: labels must have the shape of inputIds ${fmtShape(inputIds.shape)}, got ${fmtShape(labels.shape)}`);
    }
    // Inference with the fast path: the whole decoder and the head in one backend call.
    const fused = !labels && this.lmHead.bias === null ? this.transformer.decoderStep(inputIds, opts, this.lmHead.weight) : null;
    if (fused) return fused;
    const out = this.transformer.forward(inputIds, opts);
    const logits = this.lmHead.forward(out.lastHiddenState); // (B, T, V)
    if (!labels) return { ...out, logits };
    const [B, T] = inputIds.shape, V = this.config.vocabSize;
    const shifted = logits.narrow(1, 0, T - 1).reshape(B * (T - 1), V); // position t predicts token t + 1
    const loss = crossEntropy(shifted, labels.narrow(1, 1, T - 1).reshape(B * (T - 1)), { ignoreIndex: -100 });
    return { ...out, logits, loss };
  }

  /**
   * Continues each prompt: greedy (default) or sampled, with a KV cache. Returns one array per row: the prompt
   * (without padding) followed by the new tokens (a stop token, when produced, is the last).
   * Rows of different lengths are left-padded. When a row reaches the context window, decoding goes on from its
   * last nPositions tokens (no cache: recomputed each step) or, with the cache, from its last nPositions / 2.
   * @example gpt.generate([[464, 886]], { maxNewTokens: 10, doSample: true, topK: 40, generator: new lw.Generator(0) })
   */
  generate(inputIds: Tensor | readonly number[] | readonly (readonly number[])[], opts: GenerateOptions = {}): number[][] {
    const c = this.config, V = c.vocabSize, op = "GPT2LMHeadModel.generate";
    checkOptions(op, opts, GENERATE_OPTIONS);
    if (opts.maxLength !== undefined && (!Number.isInteger(opts.maxLength) || opts.maxLength < 1)) throw new RangeError(`${op}: maxLength must be a positive integer (prompt and new tokens together), got ${opts.maxLength}`);
    const penalty = opts.repetitionPenalty ?? 1;
    if (!(penalty > 0) || !Number.isFinite(penalty)) throw new RangeError(`${op}: repetitionPenalty must be a finite number > 0, got ${penalty}`);
    const eos = opts.eosTokenId === undefined ? c.eosTokenId : opts.eosTokenId;
    const stops = new Set(eos === null ? [] : typeof eos === "number" ? [eos] : eos);
    const truncation = opts.truncation ?? "error";
    if (truncation !== "error" && truncation !== "left") throw new RangeError(`${op}: truncation must be "error" or "left", got ${JSON.stringify(truncation)}`);
    const pad = opts.padTokenId ?? ([...stops].find((t) => t >= 0 && t < V) ?? 0);
    const sampling = { temperature: opts.temperature, topK: opts.topK, topP: opts.topP, generator: opts.generator };
    if (opts.doSample) samplingCheck(sampling);

    // Prompts as rows of ids, validated before any kernel runs.
    let rows = promptRows(inputIds, opts.attentionMask, op);
    if (!rows.length) throw new RangeError(`${op}: no prompts given`);
    rows.forEach((r, b) => {
      if (!r.length) throw new RangeError(`${op}: prompt ${b} is empty; give at least one token`);
      const bad = r.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= V);
      if (bad >= 0) throw new RangeError(`${op}: prompt ${b} holds token id ${r[bad]} at position ${bad}, outside the vocabulary of ${V} tokens`);
      if (r.length > c.nPositions && truncation === "error") throw new RangeError(`${op}: prompt ${b} has ${r.length} tokens, more than the context window of ${c.nPositions}; pass truncation: "left" to keep its last ${c.nPositions}`);
    });
    if (!Number.isInteger(pad) || pad < 0 || pad >= V) throw new RangeError(`${op}: padTokenId ${pad} is outside the vocabulary of ${V} tokens`);
    rows = rows.map((r) => r.slice(-c.nPositions));

    const B = rows.length, L = Math.max(...rows.map((r) => r.length));
    const maxNew = opts.maxNewTokens ?? (opts.maxLength !== undefined ? Math.max(0, opts.maxLength - L) : 20);
    if (!Number.isInteger(maxNew) || maxNew < 0) throw new RangeError(`${op}: maxNewTokens must be an integer ≥ 0, got ${maxNew}`);
    const seq = rows.map((r) => [...Array<number>(L - r.length).fill(pad), ...r]); // left-padded (B, L)
    const real = rows.map((r) => [...Array<number>(L - r.length).fill(0), ...Array<number>(r.length).fill(1)]);
    const out = rows.map((r) => [...r]);
    const done = new Array<boolean>(B).fill(false);
    const useCache = opts.useCache ?? true;
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(() => {
        // Keys and values written in place into buffers of the whole context window, allocated once.
        const cache = useCache ? new StaticKVCache(c.nLayer, B, c.nHead, c.nPositions, c.nEmbd / c.nHead, this.transformer.wte.weight.dtype) : null;
        // The whole decoder in one backend call a step, prepared once (steps with padding in view take forward()).
        const decoder = cache && this.lmHead.bias === null ? this.transformer.decoder(this.lmHead.weight, cache) : null;
        try {
          for (let step = 0; step < maxNew && done.includes(false); step++) {
            const len = seq[0].length;
            const P0 = cache ? cache.seqLength() : 0;
            let cols: number; // how many trailing columns this forward reads
            if (cache && P0 > 0 && P0 < c.nPositions) cols = 1;
            else { cache?.reset(); cols = Math.min(len, cache && step > 0 ? Math.floor(c.nPositions / 2) : c.nPositions); }
            const P = cache ? cache.seqLength() : 0, S = P + cols;
            const ids = fromTypedArray(Int32Array.from(seq.flatMap((r) => r.slice(len - cols))), [B, cols]);
            // A mask only where some row has padding in view: without one, attention takes its causal or mask-free path.
            const padded = real.some((r) => r.lastIndexOf(0) >= len - S);
            const mask = padded ? fromTypedArray(Int32Array.from(real.flatMap((r) => r.slice(len - S))), [B, S]) : null;
            const res = decoder && !mask ? decoder.step(ids) : this.forward(ids, { attentionMask: mask, pastKeyValues: cache, useCache });
            const last = (cols === 1 ? res.logits : res.logits.select(1, -1).contiguous()).toTypedArray(); // (B, V), a copy
            const scores = last instanceof Float32Array ? last : Float32Array.from(last);
            if (penalty !== 1) {
              for (let b = 0; b < B; b++) for (const t of new Set(out[b])) {
                const k = b * V + t;
                scores[k] = scores[k] > 0 ? scores[k] / penalty : scores[k] * penalty;
              }
            }
            const next = opts.doSample ? sampleBatch(fromTypedArray(scores, [B, V]), sampling)
              : Array.from({ length: B }, (_, b) => argmaxOf(scores.subarray(b * V, (b + 1) * V)));
            for (let b = 0; b < B; b++) {
              const t = done[b] ? pad : next[b];
              seq[b].push(t);
              real[b].push(done[b] ? 0 : 1);
              if (done[b]) continue;
              out[b].push(t);
              if (opts.onToken?.(t, { row: b, step }) === false || stops.has(t)) done[b] = true;
            }
          }
        } finally {
          decoder?.release(); // the caches go when generate returns, not at a later turn of the event loop
        }
      });
    } finally {
      this.train(wasTraining);
    }
    return out;
  }

  /**
   * Loads a Hugging Face GPT-2 folder: config.json (model_type "gpt2") and model.safetensors, keys with or without
   * the `transformer.` prefix; `lm_head.weight` may be left out (tied). Every problem is named.
   * @example const gpt = lw.models.GPT2LMHeadModel.fromPretrained("./gpt2")
   */
  static fromPretrained(dir: string, opts: { config?: Partial<GPT2Config> } = {}): GPT2LMHeadModel {
    const op = "GPT2LMHeadModel.fromPretrained";
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${op}: ${dir} is not a directory`);
    const cfgPath = join(dir, "config.json");
    if (!existsSync(cfgPath)) throw new Error(`${op}: missing file config.json in ${dir}`);
    let parsed: unknown;
    try {
      parsed = parseJsonStrict(readFileSync(cfgPath, "utf8"));
    } catch (e) {
      const p = e as JsonProblem;
      throw new Error(`${op}: ${cfgPath}${p.check === "syntax" ? " is not valid JSON" : ""}: ${p.message}`);
    }
    const json = new JsonFields(`${op}: ${cfgPath}`).object(parsed, "");
    if (json.model_type !== "gpt2") throw new Error(`${op}: ${cfgPath} has model_type ${JSON.stringify(json.model_type)}; only "gpt2" is supported`);
    const archs = json.architectures ?? ["GPT2LMHeadModel"];
    const known = ["GPT2LMHeadModel", "GPT2Model"];
    const unknown = Array.isArray(archs) ? archs.filter((a) => !known.includes(a as string)) : [archs];
    if (unknown.length) throw new Error(`${op}: ${cfgPath} names architecture ${unknown.map((a) => JSON.stringify(a)).join(", ")}; expected one of ${known.join(", ")}`);
    const weightsPath = join(dir, "model.safetensors");
    if (!existsSync(weightsPath)) {
      const hint = existsSync(join(dir, "pytorch_model.bin")) ? " (pytorch_model.bin is a pickle, which lernwerk does not read: convert it to safetensors)" : "";
      throw new Error(`${op}: missing file model.safetensors in ${dir}${hint}`);
    }
    const model = new GPT2LMHeadModel({ ...gpt2ConfigFromHF(json, cfgPath), ...opts.config });
    let tensors: StateDict;
    try {
      tensors = loadSafetensors(weightsPath);
    } catch (e) {
      throw new Error(`${op}: ${weightsPath} is not a valid safetensors file: ${(e as Error).message}`);
    }
    const state: StateDict = {};
    for (const [k0, t] of Object.entries(tensors)) {
      if (/\.attn\.(masked_)?bias$/.test(k0)) continue; // old checkpoints store the causal-mask buffers
      const k = k0.startsWith("transformer.") || k0.startsWith("lm_head.") ? k0 : `transformer.${k0}`;
      state[k] = t.dtype === "float32" ? t : t.float();
    }
    state["lm_head.weight"] ??= state["transformer.wte.weight"];
    try {
      model.loadStateDict(state);
    } catch (e) {
      throw new Error(`${op}: ${weightsPath} does not fit the config in config.json: ${(e as Error).message}`);
    }
    return model;
  }
}

/** A folder's GPT-2 tokenizer: tokenizer.json if there is one, else vocab.json + merges.txt (byte-level BPE). */
export function gpt2TokenizerFromPretrained(dir: string): Tokenizer {
  if (existsSync(join(dir, "tokenizer.json"))) return loadTokenizer(join(dir, "tokenizer.json"));
  for (const f of ["vocab.json", "merges.txt"]) if (!existsSync(join(dir, f))) throw new Error(`gpt2TokenizerFromPretrained: missing file ${f} (or tokenizer.json) in ${dir}`);
  const vocab = readVocabJson(join(dir, "vocab.json"));
  return gpt2Tokenizer(vocab, readFileSync(join(dir, "merges.txt"), "utf8"));
}

function samplingCheck(o: { temperature?: number; topK?: number; topP?: number }): void {
  sampleBatch(fromTypedArray(new Float32Array(1), [1, 1]), { temperature: o.temperature, topK: o.topK, topP: o.topP }); // validates the options
}

/** Prompts as arrays of ids: a (B, T) tensor (with its left-padding mask), one array, or rows of any lengths. */
function promptRows(inputIds: Tensor | readonly number[] | readonly (readonly number[])[], mask: Tensor | undefined, op: string): number[][] {
  if (inputIds instanceof Tensor) {
    if (inputIds.dtype !== "int32" || inputIds.ndim !== 2) throw new TypeError(`${op}: inputIds must be an int32 tensor of shape [batch, seq], got ${inputIds.dtype} ${fmtShape(inputIds.shape)}`);
    const [B, T] = inputIds.shape, ids = Array.from(inputIds.toTypedArray());
    const m = mask ? maskRows(mask, B, T, op) : null;
    return Array.from({ length: B }, (_, b) => {
      const row = ids.slice(b * T, (b + 1) * T);
      if (!m) return row;
      const first = m.subarray(b * T, (b + 1) * T).indexOf(1);
      if (first < 0) return [];
      for (let j = first; j < T; j++) if (!m[b * T + j]) throw new RangeError(`${op}: attentionMask row ${b} has padding after a real token; generation needs left padding`);
      return row.slice(first);
    });
  }
  if (mask) throw new TypeError(`${op}: attentionMask goes with a tensor of ids; rows given as arrays are padded for you`);
  if (!Array.isArray(inputIds)) throw new TypeError(`${op}: inputIds must be a Tensor, an array of ids or an array of rows, got ${typeof inputIds}`);
  return inputIds.length && Array.isArray(inputIds[0]) ? (inputIds as number[][]).map((r) => [...r]) : [[...(inputIds as number[])]];
}
