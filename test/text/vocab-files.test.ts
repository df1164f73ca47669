/** @file vocab.json / tokenizer_config.json / tokenizer.json read by AutoTokenizer and the GPT-2 loaders: malformed files are refused naming the file and the entry. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { AutoTokenizer } from "../../src/pipelines/auto-tokenizer.ts";

test("readVocabJson checks that vocab.json maps tokens to integer ids", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-vocab-"));
  try {
    const cases: [string, string, RegExp][] = [
      ["null", "null", /v\.json: expected an object, got null/],
      ["array", '["a","b"]', /v\.json: expected an object, got an array of 2/],
      ["string id", '{"a":0,"b":"1"}', /v\.json: b: expected an integer ≥ 0, got "1"/],
      ["negative id", '{"a":0,"b b":-1}', /v\.json: \["b b"\]: expected an integer ≥ 0, got -1/],
      ["duplicate token", '{"a":0,"a":1}', /v\.json: the top-level object has the key "a" twice/],
      ["truncated", '{"a":0,', /v\.json: not valid JSON: .*truncated file\?/],
    ];
    for (const [what, text, re] of cases) {
      writeFileSync(join(dir, "v.json"), text);
      assert.throws(() => lw.text.readVocabJson(join(dir, "v.json")), re, what);
    }
    writeFileSync(join(dir, "v.json"), '{"__proto__":0,"toString":1}');
    const v = lw.text.readVocabJson(join(dir, "v.json"));
    assert.deepEqual(Object.keys(v), ["__proto__", "toString"]);
    assert.equal(v["__proto__"], 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("AutoTokenizer names the folder's file in tokenizer.json errors and refuses a non-object tokenizer_config.json", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-auto-"));
  try {
    writeFileSync(join(dir, "tokenizer.json"), '{"model":{"type":"BPE","vocab":{"a":0},"merges":[null]}}');
    assert.throws(() => AutoTokenizer.fromPretrained(dir), new RegExp(`^Error: ${join(dir, "tokenizer.json").replace(/[.]/g, "\\.")}: model\\.merges\\[0\\]: expected "a b" or \\["a","b"\\], got null$`));
    rmSync(join(dir, "tokenizer.json"));
    writeFileSync(join(dir, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n");
    writeFileSync(join(dir, "tokenizer_config.json"), "null");
    assert.throws(() => AutoTokenizer.fromPretrained(dir), /tokenizer_config\.json: expected an object, got null/);
    writeFileSync(join(dir, "tokenizer_config.json"), '{"do_lower_case":"no"}');
    assert.throws(() => AutoTokenizer.fromPretrained(dir), /tokenizer_config\.json: do_lower_case: expected true or false, got "no"/);
    writeFileSync(join(dir, "tokenizer_config.json"), '{"do_lower_case":false}');
    assert.equal(AutoTokenizer.fromPretrained(dir).encode("A").tokens.join(" "), "[CLS] [UNK] [SEP]");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
