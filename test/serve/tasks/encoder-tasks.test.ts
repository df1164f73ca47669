/** @file The BERT tasks served: text-classification, token-classification, fill-mask, feature-extraction — runners on a logged tiny model, and their routes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { AutoTokenizer, pipeline } from "../../../src/pipelines/index.ts";
import { BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification, BertModel } from "../../../src/models/bert.ts";
import { manualSeed } from "../../../src/index.ts";
import { textClassification } from "../../../src/serve/tasks/text-classification.ts";
import { tokenClassification } from "../../../src/serve/tasks/token-classification.ts";
import { fillMask } from "../../../src/serve/tasks/fill-mask.ts";
import { featureExtraction, pool } from "../../../src/serve/tasks/feature-extraction.ts";
import { fakeContext, servedModel, taskApp } from "./helpers.ts";

const tok = AutoTokenizer.fromPretrained(join(import.meta.dirname, "..", "..", "models", "bert-tiny"));
const cfg = { vocabSize: 40, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 32, maxPositionEmbeddings: 24 };
const LONG = Array(40).fill("the cat").join(" ");

test("text-classification: the runner answers a batch like the pipeline, top_k per input, too-long text → 413 only for that input", async () => {
  manualSeed(1);
  const model = new BertForSequenceClassification({ ...cfg, id2label: { 0: "neg", 1: "pos", 2: "mid" } });
  const s = await servedModel(textClassification, model, { task: "text-classification", tokenizer: tok, metadata: { "serve.truncation": "error" } });
  try {
    assert.equal(s.spec.tokenizer, "tokenizer.json");
    const want = pipeline("text-classification", { model, tokenizer: tok })(["the dog ran", "a cat sat"], { topK: null });
    const out = await s.runner.runBatch([{ text: "the dog ran", parameters: {} }, { text: "a cat sat", parameters: { top_k: null } }, { text: LONG, parameters: {} }]) as { ok?: { label: string; score: number }[]; error?: { status: number } }[];
    assert.equal(out[0].ok!.length, 1);
    assert.equal(out[0].ok![0].label, want[0][0].label);
    assert.ok(Math.abs(out[0].ok![0].score - want[0][0].score) < 1e-5);
    assert.deepEqual(out[1].ok!.map((r) => r.label), want[1].map((r) => r.label));
    assert.equal(out[2].error!.status, 413);
    // truncate instead, per request
    const [t] = await s.runner.runBatch([{ text: LONG, parameters: { truncation: "truncate" } }]) as { ok: unknown[] }[];
    assert.equal(t.ok.length, 1);
    assert.throws(() => s.runner.runBatch([{ texts: "x" }]), /input 0 must be \{ text: string/);

    const app = await taskApp(textClassification, fakeContext({ sentiment: s }));
    const one = await app.inject({ method: "POST", url: "/v1/models/sentiment/predict", payload: { inputs: "the dog ran", parameters: { top_k: 2 } } });
    assert.equal(one.statusCode, 200);
    assert.equal(one.json().predictions.length, 2);
    assert.equal(one.json().predictions[0].label, want[0][0].label);
    const many = await app.inject({ method: "POST", url: "/v1/models/sentiment/predict", payload: { inputs: ["the dog ran", "a cat sat"] } });
    assert.equal(many.json().predictions.length, 2);
    const long = await app.inject({ method: "POST", url: "/v1/models/sentiment/predict", payload: { inputs: LONG } });
    assert.equal(long.statusCode, 413);
    assert.equal(long.json().error.code, "CONTEXT_LENGTH_EXCEEDED");
    const bad = await app.inject({ method: "POST", url: "/v1/models/sentiment/predict", payload: { text: "x" } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await app.inject({ method: "POST", url: "/v1/models/nope/predict", payload: { inputs: "x" } })).statusCode, 404);
    await app.close();
  } finally { s.cleanup(); }
});

test("text-classification: a model without a tokenizer or of the wrong class is refused when the runner is built", async () => {
  manualSeed(2);
  await assert.rejects(servedModel(textClassification, new BertForSequenceClassification(cfg), { task: "text-classification" }), /has no tokenizer; log it with lw\.track\.logModel\(model, "model", \{ task: "text-classification", tokenizer \}\)/);
  await assert.rejects(servedModel(textClassification, new BertForMaskedLM(cfg), { task: "text-classification", tokenizer: tok }), /expected a BertForSequenceClassification, got BertForMaskedLM/);
});

test("token-classification: entities per text, grouped per aggregation strategy, equal to the pipeline", async () => {
  manualSeed(3);
  const model = new BertForTokenClassification({ ...cfg, id2label: { 0: "O", 1: "B-PER", 2: "I-PER" } });
  const s = await servedModel(tokenClassification, model, { task: "token-classification", tokenizer: tok });
  try {
    const ner = pipeline("token-classification", { model, tokenizer: tok });
    const out = await s.runner.runBatch([{ text: "the cat ran home", parameters: {} }, { text: "the cat ran home", parameters: { aggregation_strategy: "simple", ignore_labels: [] } }]) as { ok: unknown[] }[];
    assert.deepEqual(out[0].ok, ner("the cat ran home"));
    assert.deepEqual(out[1].ok, ner("the cat ran home", { aggregationStrategy: "simple", ignoreLabels: [] }));
    assert.ok(out[1].ok.length > 0, "with no label ignored every word is in some group");
    const app = await taskApp(tokenClassification, fakeContext({ ner: s }));
    const r = await app.inject({ method: "POST", url: "/v1/models/ner/predict", payload: { inputs: "the cat ran home", parameters: { aggregation_strategy: "first", ignore_labels: [] } } });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().predictions, JSON.parse(JSON.stringify(ner("the cat ran home", { aggregationStrategy: "first", ignoreLabels: [] }))));
    assert.equal((await app.inject({ method: "POST", url: "/v1/models/ner/predict", payload: { inputs: "x", parameters: { aggregation_strategy: "max" } } })).statusCode, 400);
    await app.close();
  } finally { s.cleanup(); }
});

test("fill-mask: top_k words per text; no [MASK] → 422 for that input only", async () => {
  manualSeed(4);
  const model = new BertForMaskedLM(cfg);
  const s = await servedModel(fillMask, model, { task: "fill-mask", tokenizer: tok });
  try {
    const want = pipeline("fill-mask", { model, tokenizer: tok })("the cat sat on the [MASK].", { topK: 3 });
    const out = await s.runner.runBatch([{ text: "the cat sat on the [MASK].", parameters: { top_k: 3 } }, { text: "no mask", parameters: {} }, { text: "a [MASK] ran", parameters: { top_k: 1 } }]) as { ok?: { token: number; score: number }[]; error?: { status: number; message: string } }[];
    assert.deepEqual(out[0].ok!.map((r) => r.token), want.map((r) => r.token));
    assert.ok(Math.abs(out[0].ok![0].score - want[0].score) < 1e-5);
    assert.equal(out[1].error!.status, 422);
    assert.match(out[1].error!.message, /exactly one \[MASK\], it holds 0/);
    assert.equal(out[2].ok!.length, 1);
    const app = await taskApp(fillMask, fakeContext({ mlm: s }));
    const r = await app.inject({ method: "POST", url: "/v1/models/mlm/predict", payload: { inputs: "no mask" } });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().error.code, "INVALID_INPUT");
    await app.close();
  } finally { s.cleanup(); }
});

test("feature-extraction: mean / cls / none pooling and normalize, from the pipeline's hidden states", async () => {
  manualSeed(5);
  const model = new BertModel(cfg);
  const s = await servedModel(featureExtraction, model, { task: "feature-extraction", tokenizer: tok });
  try {
    const tokens = pipeline("feature-extraction", { model, tokenizer: tok })("the cat sat")[0]; // (1, T, H) → (T, H)
    const mean = tokens[0].map((_, h) => tokens.reduce((a, t) => a + t[h], 0) / tokens.length);
    const out = await s.runner.runBatch([{ text: "the cat sat", parameters: {} }, { text: "the cat sat", parameters: { pooling: "cls", normalize: true } }, { text: "the cat sat", parameters: { pooling: "none" } }]) as { ok: number[] | number[][] }[];
    (out[0].ok as number[]).forEach((v, h) => assert.ok(Math.abs(v - mean[h]) < 1e-5));
    const cls = out[1].ok as number[];
    assert.ok(Math.abs(Math.hypot(...cls) - 1) < 1e-6);
    const n = Math.hypot(...tokens[0]);
    cls.forEach((v, h) => assert.ok(Math.abs(v - tokens[0][h] / n) < 1e-5));
    assert.equal((out[2].ok as number[][]).length, tokens.length);
    assert.deepEqual(pool([[3, 4]], "mean", true), [0.6, 0.8]);
    const app = await taskApp(featureExtraction, fakeContext({ emb: s }));
    const r = await app.inject({ method: "POST", url: "/v1/models/emb/embed", payload: { inputs: ["the cat sat", "a dog"], parameters: { normalize: true } } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().embeddings.length, 2);
    assert.equal(r.json().embeddings[0].length, 16);
    await app.close();
  } finally { s.cleanup(); }
});
