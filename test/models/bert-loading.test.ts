/** @file BERT.fromPretrained: Hugging Face's warnings for newly initialised and for unused checkpoint weights, which `{ warnings: false }` silences. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/index.ts"; // installs the Tensor methods
import { BertForMaskedLM, BertForPreTraining, BertForSequenceClassification, BertForTokenClassification, BertModel, savePretrained } from "../../src/models/bert.ts";

const DIR = join(import.meta.dirname, "bert-tiny"); // a BertForPreTraining checkpoint (bert.*, cls.predictions.*, cls.seq_relationship.*)
const TOK = join(import.meta.dirname, "bert-tiny-tok"); // a BertForTokenClassification checkpoint that also holds a pooler

/** The lernwerk warnings `load()` emits (process.emitWarning delivers them on a later tick). */
async function warningsOf(load: () => unknown): Promise<Array<{ code: string; message: string }>> {
  const seen: Array<{ code: string; message: string }> = [];
  const listener = (w: Error & { code?: string }): void => { if (w.code?.startsWith("LERNWERK_")) seen.push({ code: w.code, message: w.message }); };
  process.on("warning", listener);
  try {
    load();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", listener);
  }
  return seen;
}

test("a head missing from the checkpoint is reported as newly initialized, naming the keys and the folder", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "lw-bert-warn-"));
  try {
    const base = join(tmp, "base");
    savePretrained(BertModel.fromPretrained(DIR, { warnings: false }), base);
    const w = await warningsOf(() => BertForSequenceClassification.fromPretrained(base));
    assert.deepEqual(w.map((x) => x.code), ["LERNWERK_NEWLY_INITIALIZED_WEIGHTS"]);
    assert.equal(w[0].message.split("\n")[0], `Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ${base} and are newly initialized: ['classifier.weight', 'classifier.bias']`);
    assert.match(w[0].message.split("\n")[1], /^You should probably TRAIN this model on a down-stream task /);
    // tied weights (the decoder shares the word embeddings and cls.predictions.bias) are not listed twice
    const mlm = await warningsOf(() => BertForMaskedLM.fromPretrained(base));
    assert.equal(mlm.length, 1);
    assert.match(mlm[0].message, /newly initialized: \['cls\.predictions\.bias', 'cls\.predictions\.transform\.dense\.weight', 'cls\.predictions\.transform\.dense\.bias', 'cls\.predictions\.transform\.LayerNorm\.weight', 'cls\.predictions\.transform\.LayerNorm\.bias'\]\n/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("checkpoint weights the model does not use are reported under their checkpoint names", async () => {
  const w = await warningsOf(() => BertModel.fromPretrained(DIR));
  assert.deepEqual(w.map((x) => x.code), ["LERNWERK_UNUSED_WEIGHTS"]);
  const [first, ...rest] = w[0].message.split("\n");
  assert.equal(first, `Some weights of the model checkpoint at ${DIR} were not used when initializing BertModel: ['cls.predictions.bias', 'cls.predictions.transform.dense.weight', 'cls.predictions.transform.dense.bias', 'cls.predictions.transform.LayerNorm.weight', 'cls.predictions.transform.LayerNorm.bias', 'cls.seq_relationship.weight', 'cls.seq_relationship.bias']`);
  assert.ok(rest.length >= 1, "the message says when this is expected");
  const both = await warningsOf(() => BertForTokenClassification.fromPretrained(DIR));
  assert.deepEqual(both.map((x) => x.code).sort(), ["LERNWERK_NEWLY_INITIALIZED_WEIGHTS", "LERNWERK_UNUSED_WEIGHTS"]);
  assert.ok(!both.some((x) => x.message.includes("pooler")), "a model without a pooler ignores the checkpoint's pooler, as HF does");
});

test("a checkpoint that fits exactly warns about nothing, and { warnings: false } silences both warnings", async () => {
  assert.deepEqual(await warningsOf(() => BertForPreTraining.fromPretrained(DIR)), []);
  assert.deepEqual(await warningsOf(() => BertForTokenClassification.fromPretrained(TOK)), []);
  assert.deepEqual(await warningsOf(() => BertForTokenClassification.fromPretrained(DIR, { warnings: false })), []);
  assert.deepEqual(await warningsOf(() => BertModel.fromPretrained(DIR, { warnings: false })), []);
});
