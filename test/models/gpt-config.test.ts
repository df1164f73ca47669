/** @file GPT-2 config.json: wrong types and ranges, non-object files, duplicate keys and BOMs are refused naming the file and the field. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";

const FIXTURE = join(import.meta.dirname, "gpt2-tiny");
const configText = readFileSync(join(FIXTURE, "config.json"), "utf8");
const withFields = (extra: Record<string, unknown>): string => JSON.stringify({ ...JSON.parse(configText), ...extra });

test("GPT2LMHeadModel.fromPretrained refuses a config.json with wrong types or ranges, naming the file and the field", () => {
  const tmp = mkdtempSync(join(tmpdir(), "lw-gpt-cfg-"));
  try {
    const cases: [string, string, RegExp][] = [
      ["n_layer fractional", withFields({ n_layer: 2.5 }), /config\.json: "n_layer" must be a positive integer, got 2\.5/],
      ["n_inner fractional", withFields({ n_inner: 40.5 }), /config\.json: "n_inner" must be a positive integer or null, got 40\.5/],
      ["dropout of 1.5", withFields({ resid_pdrop: 1.5 }), /config\.json: "resid_pdrop" must be a number in \[0, 1\), got 1\.5/],
      ["dropout as a string", withFields({ attn_pdrop: "0.1" }), /config\.json: "attn_pdrop" must be a number, got "0\.1"/],
      ["epsilon negative", withFields({ layer_norm_epsilon: -1e-5 }), /config\.json: "layer_norm_epsilon" must be a number in \(0, 1\), got -0\.00001/],
      ["eos_token_id fractional", withFields({ eos_token_id: 1.5 }), /config\.json: "eos_token_id" must be an integer ≥ 0 or null, got 1\.5/],
      ["activation toString", withFields({ activation_function: "toString" }), /activation_function "toString" is not supported/],
      ["JSON null", "null", /config\.json: expected an object, got null/],
      ["JSON array", "[1]", /config\.json: expected an object, got an array/],
      ["duplicate key", configText.replace(/^\{/, '{"n_embd": 32,'), /config\.json: the top-level object has the key "n_embd" twice/],
      ["BOM", "\ufeff" + configText, /config\.json: it starts with a UTF-8 byte-order mark/],
      ["truncated", configText.slice(0, 50), /config\.json is not valid JSON: .*a truncated file\?/],
    ];
    const failures: string[] = [];
    cases.forEach(([what, text, re], i) => {
      const dir = join(tmp, `c${i}`);
      mkdirSync(dir);
      copyFileSync(join(FIXTURE, "model.safetensors"), join(dir, "model.safetensors"));
      writeFileSync(join(dir, "config.json"), text);
      let message = "(no error)";
      try { lw.models.GPT2LMHeadModel.fromPretrained(dir); } catch (e) { message = (e as Error).message; }
      if (!re.test(message)) failures.push(`${what}: ${message}`);
    });
    assert.deepEqual(failures, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
