/** @file BERT against the PyTorch reference of tools/gen_bert_fixtures.py (outputs, losses, gradients), HF key names, and bad folders. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import {
  BertModel, BertForMaskedLM, BertForNextSentencePrediction, BertForPreTraining, BertForSequenceClassification, BertForTokenClassification, savePretrained,
} from "../../src/models/bert.ts";
import { AutoTokenizer } from "../../src/pipelines/auto-tokenizer.ts";

const DIR = join(import.meta.dirname, "bert-tiny");
const expected = lw.load(join(DIR, "expected.safetensors"));
const E = (k: string): lw.Tensor => {
  const t = expected[k];
  if (!t) throw new Error(`expected.safetensors has no ${k}: regenerate with /usr/bin/python3 tools/gen_bert_fixtures.py`);
  return t;
};
const inputs = { inputIds: E("input_ids"), tokenTypeIds: E("token_type_ids"), attentionMask: E("attention_mask") };

/** Largest |a - b|, after checking the shapes agree. */
function maxErr(a: lw.Tensor, b: lw.Tensor): number {
  assert.deepEqual([...a.shape], [...b.shape]);
  const x = a.toTypedArray(), y = b.toTypedArray();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}
const close = (a: lw.Tensor, b: lw.Tensor, tol = 2e-5, what = ""): void => {
  const e = maxErr(a, b);
  assert.ok(e <= tol, `${what}: max error ${e} > ${tol}`);
};

test("BERT: hidden states, pooled output, MLM and NSP logits and losses equal PyTorch's", () => {
  const m = BertForPreTraining.fromPretrained(DIR);
  const o = m.bert.forward(inputs);
  close(o.lastHiddenState, E("hidden_states"), 2e-5, "hidden states");
  close(o.poolerOutput!, E("pooled_output"), 2e-5, "pooled");
  const pre = m.forward(inputs, { labels: E("mlm_labels"), nextSentenceLabel: E("nsp_labels") });
  close(pre.predictionLogits, E("mlm_logits"), 1e-4, "mlm logits");
  close(pre.seqRelationshipLogits, E("nsp_logits"), 2e-5, "nsp logits");
  assert.ok(Math.abs(pre.loss!.item() - E("mlm_loss").item() - E("nsp_loss").item()) < 1e-4);
  const mlm = BertForMaskedLM.fromPretrained(DIR).forward(inputs, { labels: E("mlm_labels") });
  close(mlm.loss!, E("mlm_loss"), 1e-5, "mlm loss");
  const nsp = BertForNextSentencePrediction.fromPretrained(DIR).forward(inputs, { labels: E("nsp_labels") });
  close(nsp.loss!, E("nsp_loss"), 1e-5, "nsp loss");
});

test("BERT: sequence classification logits, loss and the gradient of every weight equal PyTorch's", () => {
  const m = BertForSequenceClassification.fromPretrained(join(import.meta.dirname, "bert-tiny-cls"));
  assert.equal(m.training, false);
  assert.deepEqual(m.config.id2label, { 0: "negative", 1: "neutral", 2: "positive" });
  const o = m.forward(inputs, { labels: E("seq_labels") });
  close(o.logits, E("seq_logits"), 2e-5, "logits");
  close(o.loss!, E("seq_loss"), 1e-5, "loss");
  o.loss!.backward();
  let n = 0;
  for (const [k, p] of m.namedParameters()) {
    close(p.grad!, E(`grad.${k}`), 1e-4, `grad ${k}`);
    n++;
  }
  assert.equal(n, 5 + 2 * 16 + 2 + 2); // embeddings 5, 16 per layer, pooler 2, classifier 2
});

test("BERT: token classification logits and loss (-100 ignored) equal PyTorch's", () => {
  const m = BertForTokenClassification.fromPretrained(join(import.meta.dirname, "bert-tiny-tok"));
  const o = m.forward(inputs, { labels: E("tok_labels") });
  close(o.logits, E("tok_logits"), 2e-5, "logits");
  close(o.loss!, E("tok_loss"), 1e-5, "loss");
});

test("BERT: state-dict keys are Hugging Face's, LayerNorm and attention.self included", () => {
  const keys = Object.keys(new BertForPreTraining({ vocabSize: 40, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 32, maxPositionEmbeddings: 24 }).stateDict());
  for (const k of [
    "bert.embeddings.word_embeddings.weight", "bert.embeddings.position_embeddings.weight", "bert.embeddings.token_type_embeddings.weight",
    "bert.embeddings.LayerNorm.weight", "bert.encoder.layer.0.attention.self.query.weight", "bert.encoder.layer.0.attention.self.key.bias",
    "bert.encoder.layer.0.attention.output.dense.weight", "bert.encoder.layer.0.attention.output.LayerNorm.bias", "bert.encoder.layer.0.intermediate.dense.weight",
    "bert.encoder.layer.0.output.dense.weight", "bert.encoder.layer.0.output.LayerNorm.weight", "bert.pooler.dense.weight",
    "cls.predictions.transform.dense.weight", "cls.predictions.transform.LayerNorm.weight", "cls.predictions.decoder.weight", "cls.predictions.bias", "cls.seq_relationship.weight",
  ]) assert.ok(keys.includes(k), `${k} missing from ${keys.join(", ")}`);
  const m = new BertForMaskedLM({ vocabSize: 40, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 32 });
  assert.equal(m.cls.predictions!.decoder.weight, m.bert.embeddings.wordEmbeddings.weight, "decoder tied to the word embeddings");
  assert.ok(!Object.keys(m.stateDict()).some((k) => k.startsWith("bert.pooler")), "BertForMaskedLM has no pooler, as HF's");
});

test("BERT: encodings from the folder's tokenizer equal the fixture's ids; forward(encoding, { labels }) gives loss and logits", () => {
  const tok = AutoTokenizer.fromPretrained(DIR);
  const pairs = (JSON.parse(readFileSync(join(DIR, "texts.json"), "utf8")) as { pairs: [string, string][] }).pairs;
  const encs = tok.encodeBatch(pairs, { padding: true });
  assert.deepEqual(encs.map((e) => e.ids), E("input_ids").tolist());
  assert.deepEqual(encs.map((e) => e.typeIds), E("token_type_ids").tolist());
  assert.deepEqual(encs.map((e) => e.attentionMask), E("attention_mask").tolist());
  const m = BertForSequenceClassification.fromPretrained(join(import.meta.dirname, "bert-tiny-cls"));
  const o = m.forward(encs, { labels: [2, 0] });
  close(o.logits, E("seq_logits"), 2e-5, "logits from encodings");
  close(o.loss!, E("seq_loss"), 1e-5, "loss from encodings");
  const one = m.forward(encs[0]);
  assert.deepEqual(one.logits.shape, [1, 3]);
});

test("BERT: checkpoints with or without the bert. prefix and heads load; savePretrained round-trips", () => {
  const tmp = mkdtempSync(join(tmpdir(), "lw-bert-"));
  try {
    // A bare BertModel folder (keys without "bert.") under a classification head: the body loads, the head stays fresh.
    const base = BertModel.fromPretrained(DIR);
    savePretrained(base, join(tmp, "base"));
    assert.ok(!Object.keys(lw.load(join(tmp, "base", "model.safetensors"))).some((k) => k.startsWith("bert.")));
    const cls = BertForSequenceClassification.fromPretrained(join(tmp, "base"));
    close(cls.bert.forward(inputs).lastHiddenState, E("hidden_states"), 2e-5, "body under a new head");
    // The pre-training folder (with "bert." and cls.*) as a bare BertModel.
    close(base.forward(inputs).poolerOutput!, E("pooled_output"), 2e-5, "BertModel from a BertForPreTraining folder");
    const mlm = BertForMaskedLM.fromPretrained(DIR);
    savePretrained(mlm, join(tmp, "mlm"));
    const saved = Object.keys(lw.load(join(tmp, "mlm", "model.safetensors")));
    assert.ok(!saved.includes("cls.predictions.decoder.weight") && saved.includes("cls.predictions.bias"));
    close(BertForMaskedLM.fromPretrained(join(tmp, "mlm")).forward(inputs).logits, E("mlm_logits"), 1e-4, "round trip");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("BERT: bad folders are rejected with an error naming what is wrong", () => {
  const tmp = mkdtempSync(join(tmpdir(), "lw-bert-bad-"));
  const cfg = JSON.parse(readFileSync(join(DIR, "config.json"), "utf8")) as Record<string, unknown>;
  const folder = (name: string, config: Record<string, unknown> | null, weights: Uint8Array | "copy" | null): string => {
    const d = join(tmp, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d);
    if (config) writeFileSync(join(d, "config.json"), JSON.stringify(config));
    if (weights === "copy") copyFileSync(join(DIR, "model.safetensors"), join(d, "model.safetensors"));
    else if (weights) writeFileSync(join(d, "model.safetensors"), weights);
    return d;
  };
  try {
    assert.throws(() => BertModel.fromPretrained(join(tmp, "nope")), /is not a folder/);
    assert.throws(() => BertModel.fromPretrained(folder("noconfig", null, "copy")), /has no config\.json/);
    assert.throws(() => BertModel.fromPretrained(folder("noweights", cfg, null)), /has no model\.safetensors/);
    assert.throws(() => BertModel.fromPretrained(folder("gpt", { ...cfg, model_type: "gpt2" }, "copy")), /model_type "gpt2", expected "bert"/);
    assert.throws(() => BertModel.fromPretrained(folder("arch", { ...cfg, architectures: ["BertForTimeTravel"] }, "copy")), /unknown architecture BertForTimeTravel/);
    assert.throws(() => BertModel.fromPretrained(folder("shape", { ...cfg, hidden_size: 32, intermediate_size: 64 }, "copy")), /size mismatch for embeddings\.word_embeddings\.weight/);
    assert.throws(() => BertModel.fromPretrained(folder("layers", { ...cfg, num_hidden_layers: 3 }, "copy")), /lacks \d+ weight\(s\) of BertModel: encoder\.layer\.2\./);
    const good = readFileSync(join(DIR, "model.safetensors"));
    assert.throws(() => BertModel.fromPretrained(folder("trunc", cfg, good.subarray(0, good.length - 100))), /model\.safetensors is not a valid safetensors file/);
    assert.throws(() => BertModel.fromPretrained(folder("junk", cfg, new TextEncoder().encode("not a safetensors file at all"))), /not a valid safetensors file/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("BERT: token ids outside the vocabulary, bad type ids and ragged batches are rejected before any kernel runs", () => {
  const m = new BertModel({ vocabSize: 40, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 32, maxPositionEmbeddings: 8 });
  const ids = (a: number[][]) => lw.tensor(a, { dtype: "int32" });
  assert.throws(() => m.forward({ inputIds: ids([[2, 40, 3]]) }), /inputIds \(token id\) has 40 at \[0, 1\], outside \[0, 40\)/);
  assert.throws(() => m.forward({ inputIds: ids([[2, -1, 3]]) }), /has -1 at \[0, 1\]/);
  assert.throws(() => m.forward({ inputIds: ids([[2, 5, 3]]), tokenTypeIds: ids([[0, 2, 0]]) }), /tokenTypeIds has 2/);
  assert.throws(() => m.forward({ inputIds: lw.tensor([[2, 5, 3]]) }), /inputIds must be int32/);
  assert.throws(() => m.forward({ inputIds: ids([[1, 2, 3, 4, 5, 6, 7, 8, 9]]) }), /9 tokens are more than maxPositionEmbeddings 8/);
  const e = (n: number) => ({ ids: new Array<number>(n).fill(5), tokens: [], offsets: [], typeIds: new Array<number>(n).fill(0), attentionMask: new Array<number>(n).fill(1), specialTokensMask: [], wordIds: [], sequenceIds: [] });
  assert.throws(() => m.forward([e(3), e(4)]), /encoding 1 has 4 tokens, encoding 0 has 3; encode the batch with \{ padding: true \}/);
  assert.deepEqual(m.forward([e(3), e(3)]).lastHiddenState.shape, [2, 3, 16]);
});
