/** @file A text model's tokenizer travels with it: logModel { tokenizer } writes tokenizer.json, loadModelTokenizer gives equal encodings; older folders still load. */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { BertForSequenceClassification } from "../../src/models/bert.ts";
import { readModelTokenizer, readModelSpec, unpackModel } from "../../src/track/model-format.ts";
import { tempDir } from "./helpers.ts";

const T = lw.track;
const tmp = tempDir();
before(() => T.setTrackingUri(tmp.dir));
after(() => { T.setTrackingUri(join(tmp.dir, "unused")); tmp.cleanup(); });
const BERT_DIR = join(import.meta.dirname, "..", "models", "bert-tiny");
const cfg = { vocabSize: 40, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 32, maxPositionEmbeddings: 24 };

test("logModel { tokenizer }: tokenizer.json in the model folder, named by the spec; loaded back it encodes and decodes the same", () => {
  lw.manualSeed(1);
  const tok = lw.AutoTokenizer.fromPretrained(BERT_DIR);
  const info = T.withRun({}, () => T.logModel(new BertForSequenceClassification(cfg), "model", { task: "text-classification", tokenizer: tok, registeredModelName: "tiny-sentiment" }));
  assert.equal(info.spec.tokenizer, "tokenizer.json");
  const dir = T.getModelInfo("models:/tiny-sentiment/1").dir;
  assert.ok(existsSync(join(dir, "tokenizer.json")));
  const back = T.loadModelTokenizer("models:/tiny-sentiment/1")!;
  const text = "The cats ran home.";
  assert.deepEqual(back.encode(text).ids, tok.encode(text).ids);
  assert.deepEqual(back.encode(text).tokens, ["[CLS]", "the", "cat", "##s", "ran", "home", ".", "[SEP]"]);
  assert.equal(back.decode(tok.encode(text).ids), tok.decode(tok.encode(text).ids));
  // A char tokenizer (for a char-GPT) round-trips too.
  const chars = lw.text.charLevelTokenizer(["hello world"]);
  const c = T.withRun({}, () => T.logModel(new lw.models.GPT2LMHeadModel({ vocabSize: chars.vocabSize, nPositions: 8, nEmbd: 8, nLayer: 1, nHead: 2 }), "gpt", { task: "text-generation", tokenizer: chars }));
  assert.deepEqual(T.loadModelTokenizer(c.modelUri)!.encode("hello").ids, chars.encode("hello").ids);
  assert.throws(() => T.withRun({}, () => T.logModel(new BertForSequenceClassification(cfg), "m2", { tokenizer: { vocab: 1 } as never })), /logModel: tokenizer must be a lw\.text Tokenizer/);
});

test("older model folders: no tokenizer field still loads; their Hugging Face vocab files are the tokenizer; a bad name is refused", () => {
  lw.manualSeed(2);
  const info = T.withRun({}, () => T.logModel(new BertForSequenceClassification(cfg), "model", { task: "text-classification" }));
  const dir = T.getModelInfo(info.modelUri).dir;
  const spec = readModelSpec(dir, dir);
  assert.equal(spec.tokenizer, null);
  assert.equal(readModelTokenizer(dir, spec), null);
  // A folder written before the field existed (no "tokenizer" key) with a BERT vocab.txt next to it.
  const old = join(tmp.dir, "old-model");
  mkdirSync(old);
  const { tokenizer: _t, ...oldSpec } = spec;
  writeFileSync(join(old, "lwmodel.json"), JSON.stringify(oldSpec));
  copyFileSync(join(dir, "model.safetensors"), join(old, "model.safetensors"));
  assert.ok(unpackModel(old, old).model instanceof BertForSequenceClassification);
  assert.equal(readModelTokenizer(old, readModelSpec(old, old)), null);
  copyFileSync(join(BERT_DIR, "vocab.txt"), join(old, "vocab.txt"));
  assert.deepEqual(readModelTokenizer(old, readModelSpec(old, old))!.encode("the cats").tokens, ["[CLS]", "the", "cat", "##s", "[SEP]"]);
  writeFileSync(join(old, "lwmodel.json"), JSON.stringify({ ...oldSpec, tokenizer: "../../etc/passwd" }));
  assert.throws(() => readModelSpec(old, old), /names a tokenizer "\.\.\/\.\.\/etc\/passwd" outside its folder/);
  writeFileSync(join(old, "lwmodel.json"), JSON.stringify({ ...oldSpec, tokenizer: "tokenizer.json" }));
  assert.throws(() => readModelTokenizer(old, readModelSpec(old, old)), /names the tokenizer tokenizer\.json in lwmodel\.json, but the file is missing/);
});
