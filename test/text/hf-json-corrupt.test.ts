/** @file tokenizer.json loading: every corrupted variant of a real (lernwerk-saved) file is refused with an error naming the file and the field path. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations of parsed JSON

const texts = ["the cat sat on the mat", "the dog ate the hat", "a cat and a dog", "that hat is the best hat"];

/** A small BPE tokenizer with a Sequence normalizer and pre-tokenizer, a template and a decoder, saved by lernwerk. */
function savedTokenizerText(dir: string): string {
  const tok = lw.text.trainBpeTokenizer(texts, {
    vocabSize: 60, minFrequency: 1, unkToken: "[UNK]", specialTokens: ["[UNK]", "[CLS]", "[SEP]"], endOfWordSuffix: "</w>",
    normalizer: new lw.text.NormalizerSequence([new lw.text.UnicodeNormalizer("NFD"), new lw.text.Lowercase(), new lw.text.StripAccents()]),
    preTokenizer: new lw.text.PreTokenizerSequence([new lw.text.WhitespaceSplit(), new lw.text.WhitespacePreTokenizer()]),
  });
  tok.postProcessor = lw.text.bertTemplate(["[CLS]", tok.tokenToId("[CLS]")!], ["[SEP]", tok.tokenToId("[SEP]")!]);
  const path = join(dir, "tokenizer.json");
  lw.text.saveTokenizer(tok, path);
  return readFileSync(path, "utf8");
}

test("a lernwerk-saved tokenizer.json loads back, with merges as pairs or as \"a b\" strings", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-tokjson-"));
  try {
    const text = savedTokenizerText(dir);
    const base = JSON.parse(text) as Json;
    assert.ok(base.model.merges.length >= 5, "the fixture has merges");
    const want = lw.text.tokenizerFromJSON(text).encode("The cat sat on the hat").ids;
    const strings = structuredClone(base);
    strings.model.merges = base.model.merges.map((m: string[]) => m.join(" "));
    assert.deepEqual(lw.text.tokenizerFromJSON(JSON.stringify(strings)).encode("The cat sat on the hat").ids, want);
    assert.deepEqual(lw.text.loadTokenizer(join(dir, "tokenizer.json")).encode("The cat sat on the hat").ids, want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("each corrupted tokenizer.json is refused, naming the file and the field", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-tokjson-"));
  try {
    const text = savedTokenizerText(dir);
    const base = JSON.parse(text) as Json;
    const vocabSize = Object.keys(base.model.vocab).length;
    const firstToken = Object.keys(base.model.vocab).find((k) => base.model.vocab[k] === 5)!;
    const edit = (f: (j: Json) => void): string => { const j = structuredClone(base); f(j); return JSON.stringify(j); };
    const cases: [string, string, RegExp][] = [
      ["merges missing", edit((j) => { delete j.model.merges; }), /^F: model\.merges: expected an array of merges, got nothing \(the field is missing\)$/],
      ["merges an object", edit((j) => { j.model.merges = {}; }), /^F: model\.merges: expected an array of merges, got an object$/],
      ["merges a string", edit((j) => { j.model.merges = "a b"; }), /^F: model\.merges: expected an array of merges, got "a b"$/],
      ["merge null", edit((j) => { j.model.merges[3] = null; }), /^F: model\.merges\[3\]: expected "a b" or \["a","b"\], got null$/],
      ["merge number", edit((j) => { j.model.merges[0] = 7; }), /^F: model\.merges\[0\]: expected "a b" or \["a","b"\], got 7$/],
      ["merge 3-part string", edit((j) => { j.model.merges[2] = "a b c"; }), /^F: model\.merges\[2\]: "a b c" has 3 parts; expected "a b" or \["a","b"\]$/],
      ["merge 3-part array", edit((j) => { j.model.merges[2] = ["a", "b", "c"]; }), /^F: model\.merges\[2\]: an array of 3; expected "a b" or \["a","b"\]$/],
      ["merge 1-part string", edit((j) => { j.model.merges[1] = "ab"; }), /^F: model\.merges\[1\]: "ab" has 1 part; expected "a b" or \["a","b"\]$/],
      ["merge array of non-strings", edit((j) => { j.model.merges[1] = ["a", 1]; }), /^F: model\.merges\[1\]: expected "a b" or \["a","b"\], got an array of 2$/],
      ["merge of unknown symbols", edit((j) => { j.model.merges[1] = ["q", "z"]; }), /^F: model\.merges\[1\]: .*"q".*not in the vocabulary/],
      ["added_tokens an object", edit((j) => { j.added_tokens = { 0: j.added_tokens[0] }; }), /^F: added_tokens: expected an array of added tokens, got an object$/],
      ["added_tokens [null]", edit((j) => { j.added_tokens = [null]; }), /^F: added_tokens\[0\]: expected an object, got null$/],
      ["added token without content", edit((j) => { delete j.added_tokens[1].content; }), /^F: added_tokens\[1\]\.content: expected a string, got nothing/],
      ["added token id a string", edit((j) => { j.added_tokens[1].id = "1"; }), /^F: added_tokens\[1\]\.id: expected an integer ≥ 0, got "1"$/],
      ["added token id outside the vocabulary", edit((j) => { j.added_tokens.push({ id: 100000, content: "<x>", special: true }); }), new RegExp(`^F: added_tokens\\[3\\]\\.id: 100000 is outside the vocabulary \\(ids 0 to ${vocabSize}\\)$`)],
      ["added token clashing with the vocabulary", edit((j) => { j.added_tokens.push({ id: 5, content: "<x>", special: true }); }), new RegExp(`^F: added_tokens\\[3\\]\\.id: id 5 is ${JSON.stringify(firstToken)} in model\\.vocab, not "<x>"$`)],
      ["added token with another id than the vocabulary's", edit((j) => { j.added_tokens[1].id = vocabSize; }), /^F: added_tokens\[1\]\.id: "\[CLS\]" has id 1 in model\.vocab, not \d+$/],
      ["two added tokens with one id", edit((j) => { j.added_tokens.push({ id: vocabSize, content: "<x>" }, { id: vocabSize, content: "<y>" }); }), /^F: added_tokens\[4\]\.id: id \d+ is also added_tokens\[3\] \("<x>"\)$/],
      ["normalizer Sequence without a list", edit((j) => { delete j.normalizer.normalizers; }), /^F: normalizer\.normalizers: expected an array of normalizers, got nothing/],
      ["normalizer Sequence with null", edit((j) => { j.normalizer.normalizers[1] = null; }), /^F: normalizer\.normalizers\[1\]: expected an object, got null$/],
      ["normalizer of unknown type", edit((j) => { j.normalizer.normalizers[2] = { type: "Precompiled" }; }), /^F: normalizer\.normalizers\[2\]\.type: "Precompiled" is not a normalizer lernwerk supports/],
      ["pre_tokenizer Sequence without a list", edit((j) => { j.pre_tokenizer.pretokenizers = "x"; }), /^F: pre_tokenizer\.pretokenizers: expected an array of pre-tokenizers, got "x"$/],
      ["Split with a missing pattern", edit((j) => { j.pre_tokenizer.pretokenizers[0] = { type: "Split", behavior: "Isolated", invert: false }; }), /^F: pre_tokenizer\.pretokenizers\[0\]\.pattern: expected an object, got nothing/],
      ["Split pattern {Regex: null}", edit((j) => { j.pre_tokenizer.pretokenizers[0] = { type: "Split", pattern: { Regex: null }, behavior: "Isolated" }; }), /^F: pre_tokenizer\.pretokenizers\[0\]\.pattern: expected \{"String": …\} or \{"Regex": …\}/],
      ["Split pattern bad regex", edit((j) => { j.pre_tokenizer.pretokenizers[0] = { type: "Split", pattern: { Regex: "(" }, behavior: "Isolated" }; }), /^F: pre_tokenizer\.pretokenizers\[0\]\.pattern\.Regex: .*regular expression/],
      ["Split behavior lernwerk lacks", edit((j) => { j.pre_tokenizer.pretokenizers[0] = { type: "Split", pattern: { String: " " }, behavior: "MergedWithPrevious" }; }), /^F: pre_tokenizer\.pretokenizers\[0\]\.behavior: expected one of "Isolated", "Removed", got "MergedWithPrevious"$/],
      ["model missing", edit((j) => { delete j.model; }), /^F: model: expected an object, got nothing/],
      ["model type unknown", edit((j) => { j.model.type = "Unigram"; }), /^F: model\.type: "Unigram" is not a model lernwerk supports/],
      ["vocab id a string", edit((j) => { j.model.vocab.a = "3"; }), /^F: model\.vocab\.a: expected an integer ≥ 0, got "3"$/],
      ["vocab with one id twice", edit((j) => { j.model.vocab.a = j.model.vocab.c; }), /^F: model\.vocab: .*id \d+ is given to both/],
      ["byte_fallback", edit((j) => { j.model.byte_fallback = true; }), /^F: model\.byte_fallback: true is not supported by lernwerk/],
      ["unk_token a number", edit((j) => { j.model.unk_token = 0; }), /^F: model\.unk_token: expected a string, got 0$/],
      ["template special token missing", edit((j) => { j.post_processor.special_tokens = {}; }), /^F: post_processor: .*\[CLS\].*not among its special tokens/],
      ["template special_tokens with toString", edit((j) => { j.post_processor.single = [{ SpecialToken: { id: "toString", type_id: 0 } }]; }), /^F: post_processor: .*"toString".*not among its special tokens/],
      ["template single not a list", edit((j) => { j.post_processor.single = "x"; }), /^F: post_processor\.single: expected an array of template pieces, got "x"$/],
      ["truncation strategy unknown", edit((j) => { j.truncation = { max_length: 8, strategy: "Middle", direction: "Right" }; }), /^F: truncation\.strategy: expected one of "LongestFirst", "OnlyFirst", "OnlySecond", got "Middle"$/],
      ["padding pad_id negative", edit((j) => { j.padding = { strategy: "BatchLongest", pad_id: -1, pad_token: "[PAD]", direction: "Right" }; }), /^F: padding\.pad_id: expected an integer ≥ 0, got -1$/],
      ["truncated file", text.slice(0, Math.floor(text.length / 2)), /^F: not valid JSON: .* \(the text ends early: a truncated file\?\)$/],
      ["empty file", "", /^F: not valid JSON: Unexpected end of JSON input \(the text ends early: a truncated file\?\)$/],
      ["a JSON array", "[]", /^F: expected an object, got an array of 0$/],
      ["BOM", "\ufeff" + text, /^F: it starts with a UTF-8 byte-order mark/],
      ["duplicate vocab key", text.replace(/"vocab":\{/, '"vocab":{"a":0,'), /^F: model\.vocab has the key "a" twice$/],
      ["duplicate top-level key", text.replace(/^\{/, '{"model":null,'), /^F: the top-level object has the key "model" twice$/],
    ];
    const failures: string[] = [];
    for (const [what, json, re] of cases) {
      const file = join(dir, "bad.json");
      writeFileSync(file, json);
      let message = "(no error)";
      try { lw.text.loadTokenizer(file); } catch (e) { message = (e as Error).message.replace(file, "F"); if (!(e instanceof Error) || e.constructor !== Error) message = `${(e as Error).constructor.name}: ${message}`; }
      if (!re.test(message)) failures.push(`${what}: ${message}`);
    }
    assert.deepEqual(failures, []);
    assert.throws(() => lw.text.tokenizerFromJSON(edit((j) => { j.model.merges[3] = null; })), /^Error: tokenizer\.json: model\.merges\[3\]: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
