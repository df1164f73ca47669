/** @file AutoTokenizer: the tokenizer of a checkpoint folder (tokenizer.json, BERT's vocab.txt, or GPT-2's vocab.json + merges.txt). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Tokenizer } from "../text/tokenizer.ts";
import { tokenizerFromJSON } from "../text/hf-json.ts";
import { bertTokenizer, gpt2Tokenizer, readVocabJson } from "../text/pretrained.ts";
import { JsonFields, type Json } from "../io/json-fields.ts";

/** A JSON file that must hold an object, parsed strictly; errors name the file. */
const readJsonObject = (path: string): { r: JsonFields; o: Json } => {
  const r = new JsonFields(`AutoTokenizer: ${path}`);
  return { r, o: r.object(r.parse(readFileSync(path, "utf8")), "") };
};

/** Hugging Face's `AutoTokenizer.fromPretrained(dir)`, for the files a folder can hold. */
export const AutoTokenizer = {
  /**
   * tokenizer.json when there is one (the fast tokenizer, as HF prefers); else vocab.txt (BERT WordPiece,
   * `do_lower_case` from tokenizer_config.json, default true); else vocab.json + merges.txt (GPT-2 byte-level BPE).
   * @example const tok = AutoTokenizer.fromPretrained("checkpoints/bert-tiny")
   */
  fromPretrained(dir: string): Tokenizer {
    if (!existsSync(dir)) throw new Error(`AutoTokenizer: "${dir}" does not exist`);
    const f = (name: string): string => join(dir, name);
    if (existsSync(f("tokenizer.json"))) return tokenizerFromJSON(readFileSync(f("tokenizer.json"), "utf8"), f("tokenizer.json"));
    const tc = existsSync(f("tokenizer_config.json")) ? readJsonObject(f("tokenizer_config.json")) : null;
    const lowercase = tc ? tc.r.boolean(tc.r.get(tc.o, "do_lower_case"), "do_lower_case", true) : true;
    if (existsSync(f("vocab.txt"))) {
      const lines = readFileSync(f("vocab.txt"), "utf8").split(/\r?\n/);
      while (lines.length && lines[lines.length - 1] === "") lines.pop();
      return bertTokenizer(lines, { lowercase });
    }
    if (existsSync(f("vocab.json")) && existsSync(f("merges.txt"))) {
      return gpt2Tokenizer(readVocabJson(f("vocab.json")), readFileSync(f("merges.txt"), "utf8"));
    }
    const partial = existsSync(f("vocab.json")) ? " (vocab.json without merges.txt)" : existsSync(f("merges.txt")) ? " (merges.txt without vocab.json)" : "";
    throw new Error(`AutoTokenizer: "${dir}" has no tokenizer.json, vocab.txt, or vocab.json + merges.txt${partial}`);
  },
};
