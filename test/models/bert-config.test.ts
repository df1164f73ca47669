/** @file BERT config.json: wrong types, Object.prototype names (`__proto__`, `toString`) and malformed files are refused naming the file and the field. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/index.ts"; // installs the Tensor methods
import { bertConfig, BertForSequenceClassification, savePretrained } from "../../src/models/bert.ts";

const CLS = join(import.meta.dirname, "bert-tiny-cls");
const configText = readFileSync(join(CLS, "config.json"), "utf8");

/** A copy of the classification fixture whose config.json is `text`. */
function folderWith(tmp: string, name: string, text: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  copyFileSync(join(CLS, "model.safetensors"), join(dir, "model.safetensors"));
  writeFileSync(join(dir, "config.json"), text);
  return dir;
}
const withFields = (extra: Record<string, unknown>): string => JSON.stringify({ ...JSON.parse(configText), ...extra });

test("config.json fields of the wrong type or range are refused, naming the file and the field", () => {
  const tmp = mkdtempSync(join(tmpdir(), "lw-bert-cfg-"));
  try {
    const cases: [string, string, RegExp][] = [
      ["hidden_act toString", withFields({ hidden_act: "toString" }), /config\.json: hiddenAct \(hidden_act\) must be one of "gelu", .*got "toString"/],
      ["hidden_act constructor", withFields({ hidden_act: "constructor" }), /hiddenAct \(hidden_act\) must be one of/],
      ["dropout as a string", withFields({ hidden_dropout_prob: "0.1" }), /config\.json: hiddenDropoutProb \(hidden_dropout_prob\) must be a number in \[0, 1\), got "0\.1"/],
      ["dropout of 1", withFields({ attention_probs_dropout_prob: 1 }), /attentionProbsDropoutProb \(attention_probs_dropout_prob\) must be a number in \[0, 1\), got 1/],
      ["eps as a string", withFields({ layer_norm_eps: "1e-12" }), /layerNormEps \(layer_norm_eps\) must be a number in \(0, 1\), got "1e-12"/],
      ["eps negative", withFields({ layer_norm_eps: -1 }), /layerNormEps \(layer_norm_eps\) must be a number in \(0, 1\), got -1/],
      ["initializer_range negative", withFields({ initializer_range: -0.02 }), /initializerRange \(initializer_range\) must be a number ≥ 0/],
      ["hidden size fractional", withFields({ hidden_size: 16.5 }), /hiddenSize \(hidden_size\) must be a positive integer, got 16\.5/],
      ["pad_token_id past the vocabulary", withFields({ pad_token_id: 40 }), /padTokenId \(pad_token_id\) must be an integer in \[0, 40\), got 40/],
      ["id2label value a number", withFields({ id2label: { 0: 5 } }), /id2label\["0"\] must be a string label, got 5/],
      ["id2label key not an index", withFields({ id2label: { a: "x" } }), /id2label must map the ids 0 to n-1 to labels, got the key "a"/],
      ["id2label with a gap", withFields({ id2label: { 0: "x", 2: "y" } }), /id2label must map the ids 0 to n-1 to labels, got the key "2"/],
      ["id2label an array", withFields({ id2label: ["x", "y", "z"] }), /id2label must be an object of id → label, got an array/],
      ["id2label empty", withFields({ id2label: {} }), /id2label must hold at least one label/],
      ["num_labels a string", JSON.stringify({ ...JSON.parse(configText), id2label: undefined, num_labels: "3" }), /num_labels must be a positive integer, got "3"/],
      ["architectures a string", withFields({ architectures: "BertModel" }), /config\.json: architectures must be an array of class names, got "BertModel"/],
      ["model_type missing", JSON.stringify({ ...JSON.parse(configText), model_type: undefined }), /model_type undefined, expected "bert"/],
      ["JSON null", "null", /config\.json: expected an object, got null/],
      ["JSON array", "[]", /config\.json: expected an object, got an array/],
      ["truncated", configText.slice(0, 40), /config\.json: not valid JSON: .*a truncated file\?/],
      ["duplicate key", configText.replace(/^\{/, '{"hidden_size": 32,'), /config\.json: the top-level object has the key "hidden_size" twice/],
      ["BOM", "\ufeff" + configText, /config\.json: it starts with a UTF-8 byte-order mark/],
    ];
    const failures: string[] = [];
    cases.forEach(([what, text, re], i) => {
      let message = "(no error)";
      try { BertForSequenceClassification.fromPretrained(folderWith(tmp, `c${i}`, text), { warnings: false }); } catch (e) { message = (e as Error).message; }
      if (!re.test(message)) failures.push(`${what}: ${message}`);
    });
    assert.deepEqual(failures, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("config.json keys named __proto__ or constructor are ignored like any unknown key, and savePretrained does not write them back", () => {
  const tmp = mkdtempSync(join(tmpdir(), "lw-bert-cfg-"));
  try {
    const text = configText.replace(/^\{/, '{"__proto__": {"vocab_size": 7, "polluted": true}, "constructor": 5, "to_string": 1, "has_own_property": 2,');
    const m = BertForSequenceClassification.fromPretrained(folderWith(tmp, "proto", text), { warnings: false });
    assert.equal(Object.getPrototypeOf(m.config), Object.prototype, "the config's prototype is untouched");
    assert.equal((m.config as unknown as Record<string, unknown>).polluted, undefined);
    for (const k of ["__proto__", "constructor", "toString", "hasOwnProperty"]) assert.ok(!Object.hasOwn(m.config, k), k);
    assert.equal(m.config.vocabSize, 40);
    savePretrained(m, join(tmp, "out"));
    const saved = JSON.parse(readFileSync(join(tmp, "out", "config.json"), "utf8")) as Record<string, unknown>;
    for (const k of ["__proto__", "constructor", "to_string", "has_own_property"]) assert.ok(!Object.hasOwn(saved, k), k);
    // the same through bertConfig directly
    assert.throws(() => bertConfig({ hiddenAct: "toString" as "gelu" }), /BertConfig: hiddenAct must be one of/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
