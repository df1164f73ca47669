/**
 * @file BERT (Devlin et al. 2018) in one file: embeddings, post-LayerNorm encoder, pooler, the pre-training,
 * classification and tagging heads, with Hugging Face parameter names and `fromPretrained(dir)` / `savePretrained(dir)`.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Tensor } from "../core/tensor.ts";
import { fmtShape } from "../core/shape.ts";
import { arange, tensor } from "../ops/creation.ts";
import { Module, type StateDict } from "../nn/module.ts";
import { Parameter } from "../nn/parameter.ts";
import { ModuleList } from "../nn/containers.ts";
import { Embedding } from "../nn/layers/embedding.ts";
import { Linear } from "../nn/layers/linear.ts";
import { LayerNorm } from "../nn/layers/normalization.ts";
import { Dropout } from "../nn/layers/dropout.ts";
import { crossEntropy, mseLoss } from "../nn/functional/losses.ts";
import { scaledDotProductAttention } from "../nn/functional/attention.ts";
import { normal_, zeros_, ones_ } from "../nn/init.ts";
import { noGrad } from "../core/grad-mode.ts";
import { loadFile, save } from "../io/index.ts";
import { nullRecord } from "../io/json.ts";
import { describeJson, JsonFields } from "../io/json-fields.ts";
import type { Encoding } from "../text/encoding.ts";

// Legend: B batch, T tokens, H hidden size, nh heads, hs head size (H / nh), I intermediate size, V vocabulary, C classes.

/** The Hugging Face `config.json` fields of BERT, in camelCase. */
export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenAct: "gelu" | "gelu_new" | "gelu_pytorch_tanh" | "relu" | "tanh";
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  initializerRange: number;
  padTokenId: number;
  /** Class names of the classification heads; their count is the number of labels. */
  id2label: Record<number, string>;
}

/** bert-base-uncased's values, so that a config with only the sizes changed means "BERT, smaller". */
export const BERT_DEFAULTS: BertConfig = {
  vocabSize: 30522, // bert-base-uncased's WordPiece vocabulary
  hiddenSize: 768, // BERT-base (the paper's H)
  numHiddenLayers: 12, // BERT-base (L)
  numAttentionHeads: 12, // BERT-base (A); head size 64
  intermediateSize: 3072, // 4 H, the paper's feed-forward size
  hiddenAct: "gelu", // exact erf GELU, as the original TensorFlow code
  hiddenDropoutProb: 0.1, // the paper's dropout on every sub-layer output
  attentionProbsDropoutProb: 0.1, // and on the attention weights
  maxPositionEmbeddings: 512, // pre-trained sequence length
  typeVocabSize: 2, // sentence A and sentence B
  layerNormEps: 1e-12, // the TensorFlow original's epsilon (not PyTorch's 1e-5)
  initializerRange: 0.02, // N(0, 0.02) initialisation, the paper's truncated normal without truncation (as HF)
  padTokenId: 0, // [PAD] in bert-base-uncased
  id2label: { 0: "LABEL_0", 1: "LABEL_1" }, // Hugging Face's default of two labels
};

/** A full config from a partial one (camelCase) or from the snake_case fields of a `config.json`; every field's type and range checked. */
export function bertConfig(c: Partial<BertConfig> | Record<string, unknown> = {}): BertConfig {
  const camel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
  const out = { ...BERT_DEFAULTS } as unknown as Record<string, unknown>;
  const given = new Map<string, string>(); // field → the key it came from, for errors
  for (const [k, v] of Object.entries(c)) {
    // own keys only: "__proto__", "constructor" or "to_string" in a config.json are unknown keys, not Object.prototype's
    if (Object.hasOwn(BERT_DEFAULTS, camel(k)) && v !== undefined && v !== null) { out[camel(k)] = v; given.set(camel(k), k); }
  }
  const r = out as unknown as BertConfig;
  const bad = (k: keyof BertConfig, want: string): never => {
    const from = given.get(k);
    throw new RangeError(`BertConfig: ${k}${from && from !== k ? ` (${from})` : ""} must be ${want}, got ${JSON.stringify(r[k])}`);
  };
  for (const k of ["vocabSize", "hiddenSize", "numHiddenLayers", "numAttentionHeads", "intermediateSize", "maxPositionEmbeddings", "typeVocabSize"] as const) {
    if (!Number.isSafeInteger(r[k]) || r[k] < 1) bad(k, "a positive integer");
  }
  for (const k of ["hiddenDropoutProb", "attentionProbsDropoutProb"] as const) if (typeof r[k] !== "number" || !(r[k] >= 0 && r[k] < 1)) bad(k, "a number in [0, 1)");
  if (typeof r.layerNormEps !== "number" || !(r.layerNormEps > 0 && r.layerNormEps < 1)) bad("layerNormEps", "a number in (0, 1)");
  if (typeof r.initializerRange !== "number" || !(r.initializerRange >= 0 && Number.isFinite(r.initializerRange))) bad("initializerRange", "a number ≥ 0");
  if (!Number.isSafeInteger(r.padTokenId) || r.padTokenId < 0 || r.padTokenId >= r.vocabSize) bad("padTokenId", `an integer in [0, ${r.vocabSize})`);
  if (r.hiddenSize % r.numAttentionHeads) throw new RangeError(`BertConfig: hiddenSize ${r.hiddenSize} is not a multiple of numAttentionHeads ${r.numAttentionHeads}`);
  if (typeof r.hiddenAct !== "string" || !Object.hasOwn(ACT, r.hiddenAct)) bad("hiddenAct", `one of ${Object.keys(ACT).map((a) => JSON.stringify(a)).join(", ")}`);
  const cc = c as Record<string, unknown>;
  const nlKey = Object.hasOwn(cc, "num_labels") ? "num_labels" : Object.hasOwn(cc, "numLabels") ? "numLabels" : null;
  if (given.has("id2label")) r.id2label = checkedId2label(r.id2label);
  else if (nlKey !== null && cc[nlKey] !== null && cc[nlKey] !== undefined) {
    const nl = cc[nlKey];
    if (!Number.isSafeInteger(nl) || (nl as number) < 1) throw new RangeError(`BertConfig: ${nlKey} must be a positive integer, got ${JSON.stringify(nl)}`);
    r.id2label = Object.fromEntries(Array.from({ length: nl as number }, (_, i) => [i, `LABEL_${i}`]));
  } else {
    r.id2label = { ...BERT_DEFAULTS.id2label };
  }
  return r;
}

/** id2label as a fresh object with the keys 0 … n-1 and string labels. */
function checkedId2label(m: unknown): Record<number, string> {
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw new RangeError(`BertConfig: id2label must be an object of id → label, got ${Array.isArray(m) ? "an array" : JSON.stringify(m)}`);
  const keys = Object.keys(m);
  if (!keys.length) throw new RangeError("BertConfig: id2label must hold at least one label");
  const out: Record<number, string> = {};
  for (const k of keys) {
    if (!/^(0|[1-9]\d*)$/.test(k) || Number(k) >= keys.length) throw new RangeError(`BertConfig: id2label must map the ids 0 to n-1 to labels, got the key ${JSON.stringify(k)} among ${keys.length} keys`);
    const label = (m as Record<string, unknown>)[k];
    if (typeof label !== "string") throw new RangeError(`BertConfig: id2label[${JSON.stringify(k)}] must be a string label, got ${JSON.stringify(label)}`);
    out[Number(k)] = label;
  }
  return out;
}

const ACT: Record<BertConfig["hiddenAct"], (x: Tensor) => Tensor> = {
  gelu: (x) => x.gelu(), gelu_new: (x) => x.gelu({ approximate: "tanh" }), gelu_pytorch_tanh: (x) => x.gelu({ approximate: "tanh" }),
  relu: (x) => x.relu(), tanh: (x) => x.tanh(),
};

/** What BERT reads: tokenizer encodings (padded to one length) or explicit int32 tensors (B, T). */
export type BertInput = Encoding | readonly Encoding[] | { inputIds: Tensor; tokenTypeIds?: Tensor | null; attentionMask?: Tensor | null };
/** Labels as a tensor or plain numbers: one per sequence (B), or one per token (B, T) with -100 ignored. */
export type Labels = Tensor | number | readonly number[] | readonly (readonly number[])[];

interface Batch { inputIds: Tensor; tokenTypeIds: Tensor; attentionMask: Tensor }

/** Tensors (B, T) from the input, every id checked against the config before any kernel runs. */
export function bertBatch(input: BertInput, cfg: BertConfig): Batch {
  let ids: Tensor, types: Tensor | null | undefined, mask: Tensor | null | undefined;
  if ("ids" in input || Array.isArray(input)) {
    const encs = (Array.isArray(input) ? input : [input]) as readonly Encoding[];
    if (!encs.length) throw new RangeError("BERT: the batch of encodings is empty");
    const T = encs[0].ids.length;
    encs.forEach((e, i) => {
      if (e.ids.length !== T) throw new RangeError(`BERT: encoding ${i} has ${e.ids.length} tokens, encoding 0 has ${T}; encode the batch with { padding: true }`);
    });
    ids = tensor(encs.map((e) => e.ids), { dtype: "int32" });
    types = tensor(encs.map((e) => e.typeIds), { dtype: "int32" });
    mask = tensor(encs.map((e) => e.attentionMask), { dtype: "int32" });
  } else {
    ({ inputIds: ids, tokenTypeIds: types, attentionMask: mask } = input as Exclude<BertInput, Encoding | readonly Encoding[]>);
  }
  if (ids.ndim === 1) [ids, types, mask] = [ids.unsqueeze(0), types?.unsqueeze(0), mask?.unsqueeze(0)];
  if (ids.ndim !== 2 || ids.dtype !== "int32") throw new TypeError(`BERT: inputIds must be int32 of shape (B, T), got ${ids.dtype} ${fmtShape(ids.shape)}`);
  const [B, T] = ids.shape;
  if (T > cfg.maxPositionEmbeddings) throw new RangeError(`BERT: ${T} tokens are more than maxPositionEmbeddings ${cfg.maxPositionEmbeddings}; truncate the input`);
  const check = (t: Tensor, what: string, hi: number): void => {
    if (t.dtype !== "int32" || t.ndim !== 2 || t.shape[0] !== B || t.shape[1] !== T) throw new TypeError(`BERT: ${what} must be int32 of shape [${B}, ${T}] like inputIds, got ${t.dtype} ${fmtShape(t.shape)}`);
    const a = t.toTypedArray();
    const bad = a.findIndex((v) => v < 0 || v >= hi);
    if (bad >= 0) throw new RangeError(`BERT: ${what} has ${a[bad]} at [${Math.floor(bad / T)}, ${bad % T}], outside [0, ${hi})`);
  };
  check(ids, "inputIds (token id)", cfg.vocabSize);
  types ??= tensor(new Array(B * T).fill(0), { dtype: "int32" }).reshape(B, T);
  mask ??= tensor(new Array(B * T).fill(1), { dtype: "int32" }).reshape(B, T);
  check(types, "tokenTypeIds", cfg.typeVocabSize);
  check(mask, "attentionMask", 2);
  return { inputIds: ids, tokenTypeIds: types, attentionMask: mask };
}

function labelTensor(labels: Labels): Tensor {
  return typeof labels === "object" && "shape" in labels ? labels : tensor(labels as number[], { dtype: "int32" });
}

// ---------------------------------------------------------------- the encoder

/** word + position + token type embeddings, LayerNorm, dropout: ids (B, T) → (B, T, H). */
export class BertEmbeddings extends Module<[Tensor, Tensor], Tensor> {
  wordEmbeddings: Embedding;
  positionEmbeddings: Embedding;
  tokenTypeEmbeddings: Embedding;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  constructor(c: BertConfig) {
    super();
    this.wordEmbeddings = new Embedding(c.vocabSize, c.hiddenSize, { paddingIdx: c.padTokenId });
    this.positionEmbeddings = new Embedding(c.maxPositionEmbeddings, c.hiddenSize);
    this.tokenTypeEmbeddings = new Embedding(c.typeVocabSize, c.hiddenSize);
    this.LayerNorm = new LayerNorm([c.hiddenSize], { eps: c.layerNormEps });
    this.stateKey("LayerNorm", "LayerNorm");
    this.dropout = new Dropout(c.hiddenDropoutProb);
  }
  forward(ids: Tensor, types: Tensor): Tensor {
    const pos = arange(ids.shape[1], { dtype: "int32" }).unsqueeze(0); // (1, T)
    const x = this.wordEmbeddings.forward(ids).add(this.positionEmbeddings.forward(pos)).add(this.tokenTypeEmbeddings.forward(types)); // (B, T, H)
    return this.dropout.forward(this.LayerNorm.forward(x));
  }
}

/** Multi-head scaled dot-product self-attention; `keep` (B, 1, 1, T) is true at real (non-padding) keys. */
export class BertSelfAttention extends Module<[Tensor, Tensor], Tensor> {
  query: Linear;
  key: Linear;
  value: Linear;
  readonly nh: number;
  readonly dropoutP: number;
  constructor(c: BertConfig) {
    super();
    this.query = new Linear(c.hiddenSize, c.hiddenSize);
    this.key = new Linear(c.hiddenSize, c.hiddenSize);
    this.value = new Linear(c.hiddenSize, c.hiddenSize);
    this.nh = c.numAttentionHeads;
    this.dropoutP = c.attentionProbsDropoutProb;
  }
  forward(x: Tensor, keep: Tensor): Tensor {
    const [B, T, H] = x.shape, hs = H / this.nh;
    const heads = (m: Linear): Tensor => m.forward(x).view(B, T, this.nh, hs).transpose(1, 2); // (B, nh, T, hs)
    const y = scaledDotProductAttention(heads(this.query), heads(this.key), heads(this.value), {
      attnMask: keep, dropoutP: this.training ? this.dropoutP : 0,
    }); // (B, nh, T, hs)
    return y.transpose(1, 2).reshape(B, T, H);
  }
}

/** dense, dropout, residual, LayerNorm: HF's BertSelfOutput (inF = H) and BertOutput (inF = I). */
export class BertDenseNorm extends Module<[Tensor, Tensor], Tensor> {
  dense: Linear;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  constructor(c: BertConfig, inF: number) {
    super();
    this.dense = new Linear(inF, c.hiddenSize);
    this.LayerNorm = new LayerNorm([c.hiddenSize], { eps: c.layerNormEps });
    this.stateKey("LayerNorm", "LayerNorm");
    this.dropout = new Dropout(c.hiddenDropoutProb);
  }
  forward(h: Tensor, residual: Tensor): Tensor {
    return this.LayerNorm.forward(this.dropout.forward(this.dense.forward(h)).add(residual)); // (B, T, H)
  }
}

/** `attention.self` and `attention.output`, as HF nests them. */
export class BertAttention extends Module<[Tensor, Tensor], Tensor> {
  self: BertSelfAttention;
  output: BertDenseNorm;
  constructor(c: BertConfig) {
    super();
    this.self = new BertSelfAttention(c);
    this.output = new BertDenseNorm(c, c.hiddenSize);
  }
  forward(x: Tensor, keep: Tensor): Tensor {
    return this.output.forward(this.self.forward(x, keep), x);
  }
}

/** The feed-forward's first half: dense H → I and the activation. */
export class BertIntermediate extends Module {
  dense: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(c: BertConfig) {
    super();
    this.dense = new Linear(c.hiddenSize, c.intermediateSize);
    this.act = ACT[c.hiddenAct];
  }
  forward(x: Tensor): Tensor {
    return this.act(this.dense.forward(x)); // (B, T, I)
  }
}

/** One encoder block, post-LayerNorm as in the paper: x = LN(x + Attn(x)); x = LN(x + FFN(x)). */
export class BertLayer extends Module<[Tensor, Tensor], Tensor> {
  attention: BertAttention;
  intermediate: BertIntermediate;
  output: BertDenseNorm;
  constructor(c: BertConfig) {
    super();
    this.attention = new BertAttention(c);
    this.intermediate = new BertIntermediate(c);
    this.output = new BertDenseNorm(c, c.intermediateSize);
  }
  forward(x: Tensor, keep: Tensor): Tensor {
    const a = this.attention.forward(x, keep); // (B, T, H)
    return this.output.forward(this.intermediate.forward(a), a); // (B, T, H)
  }
}

export class BertEncoder extends Module<[Tensor, Tensor], Tensor> {
  layer: ModuleList<BertLayer>;
  constructor(c: BertConfig) {
    super();
    this.layer = new ModuleList(Array.from({ length: c.numHiddenLayers }, () => new BertLayer(c)));
  }
  forward(x: Tensor, keep: Tensor): Tensor {
    for (const l of this.layer) x = l.forward(x, keep);
    return x;
  }
}

/** tanh(dense(the [CLS] state)): (B, T, H) → (B, H). */
export class BertPooler extends Module {
  dense: Linear;
  constructor(c: BertConfig) {
    super();
    this.dense = new Linear(c.hiddenSize, c.hiddenSize);
  }
  forward(x: Tensor): Tensor {
    return this.dense.forward(x.select(1, 0)).tanh(); // (B, H)
  }
}

export interface BertModelOutput {
  /** (B, T, H) */
  lastHiddenState: Tensor;
  /** (B, H), null without a pooler */
  poolerOutput: Tensor | null;
}

/** The bare encoder: ids (B, T) → hidden states (B, T, H) and the pooled [CLS] (B, H). HF keys `embeddings.…`, `encoder.layer.N.…`, `pooler.…`. */
export class BertModel extends Module<[BertInput], BertModelOutput> {
  readonly config: BertConfig;
  embeddings: BertEmbeddings;
  encoder: BertEncoder;
  pooler: BertPooler | null;
  constructor(config: Partial<BertConfig> = {}, opts: { addPoolingLayer?: boolean } = {}) {
    super();
    this.config = bertConfig(config);
    this.embeddings = new BertEmbeddings(this.config);
    this.encoder = new BertEncoder(this.config);
    this.pooler = opts.addPoolingLayer ?? true ? new BertPooler(this.config) : null;
    initBertWeights(this, this.config);
  }
  forward(input: BertInput): BertModelOutput {
    const b = bertBatch(input, this.config);
    const keep = b.attentionMask.ne(0).unsqueeze(1).unsqueeze(1); // (B, 1, 1, T)
    const h = this.encoder.forward(this.embeddings.forward(b.inputIds, b.tokenTypeIds), keep); // (B, T, H)
    return { lastHiddenState: h, poolerOutput: this.pooler ? this.pooler.forward(h) : null };
  }
  static fromPretrained(dir: string, opts: BertPretrainedOptions = {}): BertModel {
    return loadPretrained(dir, (c) => new BertModel(c), opts);
  }
}

/** HF's `_init_weights`: Linear and Embedding N(0, initializerRange), biases 0, LayerNorm 1 and 0, the padding row 0. */
function initBertWeights(root: Module<never, unknown>, c: BertConfig): void {
  noGrad(() => {
    for (const m of root.modules()) {
      if (m instanceof Linear || m instanceof Embedding) normal_(m.weight, 0, c.initializerRange);
      if (m instanceof Linear && m.bias) zeros_(m.bias);
      if (m instanceof Embedding && m.paddingIdx !== null) m.weight.select(0, m.paddingIdx).zero_();
      if (m instanceof LayerNorm) { if (m.weight) ones_(m.weight); if (m.bias) zeros_(m.bias); }
    }
  });
}

// ---------------------------------------------------------------- heads

/** dense, activation, LayerNorm, then logits over the vocabulary with the word embeddings (tied) and a bias. */
export class BertLMPredictionHead extends Module {
  transform: BertPredictionHeadTransform;
  decoder: Linear;
  bias: Parameter;
  constructor(c: BertConfig, wordEmbeddings: Parameter) {
    super();
    this.transform = new BertPredictionHeadTransform(c);
    initBertWeights(this.transform, c);
    this.decoder = new Linear(c.hiddenSize, c.vocabSize);
    this.bias = new Parameter(tensor(new Array<number>(c.vocabSize).fill(0)));
    this.decoder.weight = wordEmbeddings; // tied: one tensor, two names (as HF's state dict)
    this.decoder.bias = this.bias;
  }
  forward(x: Tensor): Tensor {
    return this.decoder.forward(this.transform.forward(x)); // (B, T, V)
  }
}

export class BertPredictionHeadTransform extends Module {
  dense: Linear;
  LayerNorm: LayerNorm;
  readonly act: (x: Tensor) => Tensor;
  constructor(c: BertConfig) {
    super();
    this.dense = new Linear(c.hiddenSize, c.hiddenSize);
    this.LayerNorm = new LayerNorm([c.hiddenSize], { eps: c.layerNormEps });
    this.stateKey("LayerNorm", "LayerNorm");
    this.act = ACT[c.hiddenAct];
  }
  forward(x: Tensor): Tensor {
    return this.LayerNorm.forward(this.act(this.dense.forward(x))); // (B, T, H)
  }
}

/** HF's `cls`: `predictions` (masked LM) and/or `seq_relationship` (next sentence), as the model needs. */
export class BertHeads extends Module<[], never> {
  predictions: BertLMPredictionHead | null;
  seqRelationship: Linear | null;
  constructor(c: BertConfig, wordEmbeddings: Parameter, opts: { mlm: boolean; nsp: boolean }) {
    super();
    this.predictions = opts.mlm ? new BertLMPredictionHead(c, wordEmbeddings) : null;
    this.seqRelationship = opts.nsp ? new Linear(c.hiddenSize, 2) : null;
    if (this.seqRelationship) initBertWeights(this.seqRelationship, c);
  }
  forward(): never {
    throw new Error("BertHeads: call predictions or seqRelationship");
  }
}

/** What the task models return, as HF's ModelOutput: loss when labels are given, and the logits. */
export interface BertTaskOutput {
  loss: Tensor | null;
  logits: Tensor;
  hiddenStates: Tensor;
}
export interface BertForwardOptions { labels?: Labels | null }

abstract class BertTask extends Module<[BertInput, BertForwardOptions?], BertTaskOutput> {
  readonly config: BertConfig;
  bert: BertModel;
  constructor(config: Partial<BertConfig>, pooler: boolean) {
    super();
    this.bert = new BertModel(config, { addPoolingLayer: pooler });
    this.config = this.bert.config;
  }
  get numLabels(): number {
    return Object.keys(this.config.id2label).length;
  }
}

const ce = (logits: Tensor, labels: Labels): Tensor => crossEntropy(logits.reshape(-1, logits.shape[logits.ndim - 1]), labelTensor(labels).reshape(-1), { ignoreIndex: -100 });

/** Masked LM: logits (B, T, V); labels (B, T) with -100 at unmasked tokens. */
export class BertForMaskedLM extends BertTask {
  cls: BertHeads;
  constructor(config: Partial<BertConfig> = {}) {
    super(config, false);
    this.cls = new BertHeads(this.config, this.bert.embeddings.wordEmbeddings.weight, { mlm: true, nsp: false });
  }
  forward(input: BertInput, opts: BertForwardOptions = {}): BertTaskOutput {
    const h = this.bert.forward(input).lastHiddenState; // (B, T, H)
    const logits = this.cls.predictions!.forward(h); // (B, T, V)
    return { loss: opts.labels == null ? null : ce(logits, opts.labels), logits, hiddenStates: h };
  }
  static fromPretrained(dir: string, opts: BertPretrainedOptions = {}): BertForMaskedLM {
    return loadPretrained(dir, (c) => new BertForMaskedLM(c), opts);
  }
}

/** Next-sentence prediction: logits (B, 2), class 0 = "B follows A", 1 = "B is random". */
export class BertForNextSentencePrediction extends BertTask {
  cls: BertHeads;
  constructor(config: Partial<BertConfig> = {}) {
    super(config, true);
    this.cls = new BertHeads(this.config, this.bert.embeddings.wordEmbeddings.weight, { mlm: false, nsp: true });
  }
  forward(input: BertInput, opts: BertForwardOptions = {}): BertTaskOutput {
    const o = this.bert.forward(input);
    const logits = this.cls.seqRelationship!.forward(o.poolerOutput!); // (B, 2)
    return { loss: opts.labels == null ? null : ce(logits, opts.labels), logits, hiddenStates: o.lastHiddenState };
  }
  static fromPretrained(dir: string, opts: BertPretrainedOptions = {}): BertForNextSentencePrediction {
    return loadPretrained(dir, (c) => new BertForNextSentencePrediction(c), opts);
  }
}

export interface BertPreTrainingOutput { loss: Tensor | null; predictionLogits: Tensor; seqRelationshipLogits: Tensor }

/** Both pre-training heads; loss = masked-LM loss + next-sentence loss when both label sets are given. */
export class BertForPreTraining extends Module<[BertInput, { labels?: Labels | null; nextSentenceLabel?: Labels | null }?], BertPreTrainingOutput> {
  readonly config: BertConfig;
  bert: BertModel;
  cls: BertHeads;
  constructor(config: Partial<BertConfig> = {}) {
    super();
    this.bert = new BertModel(config);
    this.config = this.bert.config;
    this.cls = new BertHeads(this.config, this.bert.embeddings.wordEmbeddings.weight, { mlm: true, nsp: true });
  }
  forward(input: BertInput, opts: { labels?: Labels | null; nextSentenceLabel?: Labels | null } = {}): BertPreTrainingOutput {
    const o = this.bert.forward(input);
    const predictionLogits = this.cls.predictions!.forward(o.lastHiddenState); // (B, T, V)
    const seqRelationshipLogits = this.cls.seqRelationship!.forward(o.poolerOutput!); // (B, 2)
    const loss = opts.labels != null && opts.nextSentenceLabel != null ? ce(predictionLogits, opts.labels).add(ce(seqRelationshipLogits, opts.nextSentenceLabel)) : null;
    return { loss, predictionLogits, seqRelationshipLogits };
  }
  static fromPretrained(dir: string, opts: BertPretrainedOptions = {}): BertForPreTraining {
    return loadPretrained(dir, (c) => new BertForPreTraining(c), opts);
  }
}

/** Sequence classification on the pooled [CLS]: logits (B, C); cross-entropy, or MSE when C = 1 (regression). */
export class BertForSequenceClassification extends BertTask {
  dropout: Dropout;
  classifier: Linear;
  constructor(config: Partial<BertConfig> = {}) {
    super(config, true);
    this.dropout = new Dropout(this.config.hiddenDropoutProb);
    this.classifier = new Linear(this.config.hiddenSize, this.numLabels);
    initBertWeights(this.classifier, this.config);
  }
  forward(input: BertInput, opts: BertForwardOptions = {}): BertTaskOutput {
    const o = this.bert.forward(input);
    const logits = this.classifier.forward(this.dropout.forward(o.poolerOutput!)); // (B, C)
    let loss: Tensor | null = null;
    if (opts.labels != null) {
      loss = this.numLabels === 1 ? mseLoss(logits.reshape(-1), (typeof opts.labels === "object" && "shape" in opts.labels ? opts.labels : tensor(opts.labels as number[])).reshape(-1)) : ce(logits, opts.labels);
    }
    return { loss, logits, hiddenStates: o.lastHiddenState };
  }
  static fromPretrained(dir: string, opts: BertPretrainedOptions & { id2label?: Record<number, string> } = {}): BertForSequenceClassification {
    return loadPretrained(dir, (c) => new BertForSequenceClassification(c), opts);
  }
}

/** Token classification (tagging): logits (B, T, C); labels (B, T) with -100 on pieces that carry no label. */
export class BertForTokenClassification extends BertTask {
  dropout: Dropout;
  classifier: Linear;
  constructor(config: Partial<BertConfig> = {}) {
    super(config, false);
    this.dropout = new Dropout(this.config.hiddenDropoutProb);
    this.classifier = new Linear(this.config.hiddenSize, this.numLabels);
    initBertWeights(this.classifier, this.config);
  }
  forward(input: BertInput, opts: BertForwardOptions = {}): BertTaskOutput {
    const h = this.bert.forward(input).lastHiddenState;
    const logits = this.classifier.forward(this.dropout.forward(h)); // (B, T, C)
    return { loss: opts.labels == null ? null : ce(logits, opts.labels), logits, hiddenStates: h };
  }
  static fromPretrained(dir: string, opts: BertPretrainedOptions & { id2label?: Record<number, string> } = {}): BertForTokenClassification {
    return loadPretrained(dir, (c) => new BertForTokenClassification(c), opts);
  }
}

/** Any of the BERT models above. */
export type AnyBert = BertModel | BertForMaskedLM | BertForNextSentencePrediction | BertForPreTraining | BertForSequenceClassification | BertForTokenClassification;

// ---------------------------------------------------------------- Hugging Face folders

const ARCHITECTURES = ["BertModel", "BertForMaskedLM", "BertForNextSentencePrediction", "BertForPreTraining", "BertForSequenceClassification", "BertForTokenClassification", "BertLMHeadModel", "BertForQuestionAnswering", "BertForMultipleChoice"];
/** Keys a checkpoint may lack or carry for another head: left at their fresh initialisation or dropped, with a warning as HF gives. */
const HEAD = /^(cls\.|classifier\.|qa_outputs\.|bert\.pooler\.|pooler\.)/;
/** Tied to a tensor that is reported itself (the word embeddings, `cls.predictions.bias`): never listed as missing. */
const TIED = new Set(["cls.predictions.decoder.weight", "cls.predictions.decoder.bias"]);

export interface BertPretrainedOptions {
  /**
   * Warn (process.emitWarning, codes LERNWERK_NEWLY_INITIALIZED_WEIGHTS and LERNWERK_UNUSED_WEIGHTS) when head or
   * pooler weights are missing from the checkpoint and stay freshly initialised, or when checkpoint weights go unused.
   * Default true.
   */
  warnings?: boolean;
}

const pyList = (keys: readonly string[]): string => `[${keys.map((k) => `'${k}'`).join(", ")}]`;

/** Hugging Face's two loading warnings, with the keys named. */
function warnLoading(model: string, dir: string, missing: readonly string[], unused: readonly string[]): void {
  if (missing.length) {
    process.emitWarning(`Some weights of ${model} were not initialized from the model checkpoint at ${dir} and are newly initialized: ${pyList(missing)}\n` +
      "You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.", { code: "LERNWERK_NEWLY_INITIALIZED_WEIGHTS" });
  }
  if (unused.length) {
    process.emitWarning(`Some weights of the model checkpoint at ${dir} were not used when initializing ${model}: ${pyList(unused)}\n` +
      `- Expected when the checkpoint was trained for another task or architecture (e.g. a BertForPreTraining checkpoint loaded as ${model}).\n` +
      `- Not expected when the checkpoint should match ${model} exactly: check that the folder holds the model you meant.`, { code: "LERNWERK_UNUSED_WEIGHTS" });
  }
}

/** config.json of a folder, checked: it exists, parses strictly (no BOM, no key twice), is an object describing a BERT. */
export function readBertConfig(dir: string): Record<string, unknown> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`BERT.fromPretrained: "${dir}" is not a folder`);
  const path = join(dir, "config.json");
  if (!existsSync(path)) throw new Error(`BERT.fromPretrained: "${dir}" has no config.json`);
  const r = new JsonFields(`BERT.fromPretrained: ${path}`);
  const j = r.object(r.parse(readFileSync(path, "utf8")), "");
  const type = r.get(j, "model_type");
  if (type !== "bert") throw new Error(`BERT.fromPretrained: ${path} has model_type ${JSON.stringify(type)}, expected "bert"`);
  const archs = r.get(j, "architectures") ?? [];
  if (!Array.isArray(archs)) r.fail("", `architectures must be an array of class names, got ${describeJson(archs)}`);
  const unknown = (archs as unknown[]).filter((a) => typeof a !== "string" || !ARCHITECTURES.includes(a));
  if (unknown.length) throw new Error(`BERT.fromPretrained: ${path} names the unknown architecture ${unknown.map(String).join(", ")}; known: ${ARCHITECTURES.join(", ")}`);
  return j;
}

function loadPretrained<M extends AnyBert>(dir: string, make: (c: BertConfig) => M, opts: BertPretrainedOptions & { id2label?: Record<number, string> } = {}): M {
  const json = readBertConfig(dir);
  let cfg: BertConfig;
  try {
    cfg = bertConfig(json);
  } catch (e) {
    throw new Error(`BERT.fromPretrained: ${join(dir, "config.json")}: ${(e as Error).message.replace(/^BertConfig: /, "")}`);
  }
  if (opts.id2label) cfg.id2label = checkedId2label(opts.id2label);
  const weights = join(dir, "model.safetensors");
  if (!existsSync(weights)) {
    const bin = existsSync(join(dir, "pytorch_model.bin")) ? " (pytorch_model.bin is there: convert it to safetensors, lernwerk reads no pickles)" : "";
    throw new Error(`BERT.fromPretrained: "${dir}" has no model.safetensors${bin}`);
  }
  let state: StateDict;
  try {
    state = loadFile(weights).tensors;
  } catch (e) {
    throw new Error(`BERT.fromPretrained: ${weights} is not a valid safetensors file: ${(e as Error).message}`);
  }
  const model = make(cfg);
  const own = model.stateDict();
  const prefixed = Object.keys(own).some((k) => k.startsWith("bert."));
  const src: StateDict = nullRecord();
  const original = new Map<string, string>(); // our key → the checkpoint's name, for the warning
  for (let [k, t] of Object.entries(state)) {
    const k0 = k;
    k = k.replace(/LayerNorm\.gamma$/, "LayerNorm.weight").replace(/LayerNorm\.beta$/, "LayerNorm.bias"); // TF-era names
    if (prefixed && /^(embeddings|encoder|pooler)\./.test(k)) k = `bert.${k}`; // a bare BertModel checkpoint under a head
    if (!prefixed && k.startsWith("bert.")) k = k.slice(5); // a task checkpoint loaded as BertModel
    if (k === "cls.predictions.decoder.bias") k = "cls.predictions.bias";
    src[k] = t;
    original.set(k, k0);
  }
  // Tied tensors a safetensors file stores once.
  const word = prefixed ? "bert.embeddings.word_embeddings.weight" : "embeddings.word_embeddings.weight";
  if ("cls.predictions.decoder.weight" in own && !("cls.predictions.decoder.weight" in src) && src[word]) src["cls.predictions.decoder.weight"] = src[word];
  if ("cls.predictions.decoder.bias" in own && !("cls.predictions.decoder.bias" in src) && src["cls.predictions.bias"]) src["cls.predictions.decoder.bias"] = src["cls.predictions.bias"];
  const has = (o: StateDict, k: string): boolean => Object.hasOwn(o, k);
  const missing = Object.keys(own).filter((k) => !has(src, k) && !HEAD.test(k));
  if (missing.length) throw new Error(`BERT.fromPretrained: ${weights} lacks ${missing.length} weight(s) of ${model.constructor.name}: ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", …" : ""}`);
  const unexpected = Object.keys(src).filter((k) => !has(own, k) && !HEAD.test(k));
  if (unexpected.length) throw new Error(`BERT.fromPretrained: ${weights} has weight(s) ${model.constructor.name} does not know: ${unexpected.slice(0, 8).join(", ")}`);
  const fresh = Object.keys(own).filter((k) => !has(src, k) && !TIED.has(k));
  const hasPooler = Object.keys(own).some((k) => /^(bert\.)?pooler\./.test(k));
  const unused = Object.keys(src).filter((k) => !has(own, k) && (hasPooler || !/^(bert\.)?pooler\./.test(k))).map((k) => original.get(k) ?? k);
  for (const k of Object.keys(src)) if (!has(own, k)) delete src[k];
  try {
    model.loadStateDict(src, { strict: false });
  } catch (e) {
    throw new Error(`BERT.fromPretrained: ${weights} does not fit config.json: ${(e as Error).message}`);
  }
  model.eval();
  if (opts.warnings ?? true) warnLoading(model.constructor.name, dir, fresh, unused);
  return model;
}

/** Writes a Hugging Face folder: config.json, model.safetensors (tied decoder weight stored once), and the tokenizer's files if given. */
export function savePretrained(model: AnyBert, dir: string, opts: { tokenizerJson?: object } = {}): void {
  mkdirSync(dir, { recursive: true });
  const c = model.config;
  const snake = (k: string): string => k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
  const json: Record<string, unknown> = { model_type: "bert", architectures: [model.constructor.name] };
  for (const [k, v] of Object.entries(c)) json[k === "id2label" ? k : snake(k)] = v;
  json.label2id = Object.fromEntries(Object.entries(c.id2label).map(([i, l]) => [l, Number(i)]));
  writeFileSync(join(dir, "config.json"), JSON.stringify(json, null, 2));
  const state = model.stateDict();
  delete state["cls.predictions.decoder.weight"];
  delete state["cls.predictions.decoder.bias"];
  save(state, join(dir, "model.safetensors"), { metadata: { format: "pt" } });
  if (opts.tokenizerJson) writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(opts.tokenizerJson));
}
