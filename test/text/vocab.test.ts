/**
 * @file Keras-style KerasTokenizer and padSequences (checked against Keras's documented behaviour),
 * and the word- and character-level tokenizers with offsets, padding and tokenizer.json round trips.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "Cat and dog."];

test("KerasTokenizer: index by frequency, numWords, OOV token, sequences back to texts", () => {
  const tok = new lw.text.KerasTokenizer().fitOnTexts(TEXTS);
  assert.deepEqual([...tok.wordIndex.entries()].slice(0, 4), [["the", 1], ["cat", 2], ["dog", 3], ["sat", 4]]);
  assert.equal(tok.documentCount, 3);
  assert.equal(tok.wordDocs.get("the"), 2);
  assert.deepEqual(tok.textsToSequences(["The cat ate a fish"]), [[1, 2, 7]]);
  const small = new lw.text.KerasTokenizer({ numWords: 3, oovToken: "<OOV>" }).fitOnTexts(TEXTS);
  assert.equal(small.wordIndex.get("<OOV>"), 1);
  assert.deepEqual(small.textsToSequences(["the cat sat"]), [[2, 1, 1]], "indices ≥ numWords become the OOV index");
  assert.deepEqual(tok.sequencesToTexts([[1, 2, 4]]), ["the cat sat"]);
  const chars = new lw.text.KerasTokenizer({ charLevel: true }).fitOnTexts(["abba"]);
  assert.deepEqual(chars.textsToSequences(["abc"]), [[1, 2]]);
  assert.deepEqual(lw.text.textToWordSequence("Hello, World!\tBye"), ["hello", "world", "bye"]);
  assert.throws(() => new lw.text.KerasTokenizer({ numWords: 0 }), /numWords/);
});

test("padSequences pads and truncates before or after, as Keras", () => {
  const seqs = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10]];
  assert.deepEqual(lw.text.padSequences(seqs).tolist(), [[0, 0, 1, 2, 3], [0, 0, 0, 4, 5], [6, 7, 8, 9, 10]]);
  assert.deepEqual(lw.text.padSequences(seqs, { maxlen: 3, padding: "post", truncating: "post" }).tolist(), [[1, 2, 3], [4, 5, 0], [6, 7, 8]]);
  assert.deepEqual(lw.text.padSequences(seqs, { maxlen: 3 }).tolist(), [[1, 2, 3], [0, 4, 5], [8, 9, 10]]);
  const t = lw.text.padSequences(seqs, { maxlen: 4, value: -1 });
  assert.equal(t.dtype, "int32");
  assert.deepEqual(t.shape, [3, 4]);
  assert.deepEqual(lw.text.padSequences([], { maxlen: 2 }).shape, [0, 2]);
  // @ts-expect-error a wrong option value
  assert.throws(() => lw.text.padSequences(seqs, { padding: "middle" }), /padding must be "pre" or "post"/);
});

test("word-level tokenizer: vocabulary by frequency, [UNK], offsets, padding, tokenizer.json", () => {
  const tok = lw.text.wordLevelTokenizer(TEXTS, { minFrequency: 1 });
  assert.equal(tok.tokenToId("[PAD]"), 0);
  assert.equal(tok.tokenToId("the"), 2);
  const e = tok.encode("The zebra sat.", { padding: "max_length", maxLength: 6 });
  assert.deepEqual(e.tokens, ["the", "[UNK]", "sat", ".", "[PAD]", "[PAD]"]);
  assert.deepEqual(e.offsets.slice(0, 4), [[0, 3], [4, 9], [10, 13], [13, 14]]);
  assert.deepEqual(e.attentionMask, [1, 1, 1, 1, 0, 0]);
  assert.equal(tok.decode(tok.encodeIds("the cat sat")), "the cat sat");
  const back = lw.text.tokenizerFromJSON(JSON.stringify(lw.text.tokenizerToJSON(tok)));
  assert.deepEqual(back.encode("Cat and dog ate."), tok.encode("Cat and dog ate."));
  const capped = lw.text.wordLevelTokenizer(TEXTS, { maxSize: 5 });
  assert.equal(capped.vocabSize, 5);
});

test("character-level tokenizer keeps every character and decodes exactly", () => {
  const tok = lw.text.charLevelTokenizer(["hello world", "wörld 😀"]);
  const text = "hello 😀 wörld";
  const e = tok.encode(text);
  assert.equal(e.tokens.length, Array.from(text).length);
  assert.deepEqual(e.offsets[6], [6, 8], "an astral character spans two UTF-16 units");
  assert.equal(tok.decode(e.ids), text);
  assert.equal(tok.encode("z").tokens[0], "[UNK]");
  const batch = tok.encodeBatch(["he", "hello"], { padding: true });
  assert.deepEqual(batch.map((b) => b.attentionMask), [[1, 1, 0, 0, 0], [1, 1, 1, 1, 1]]);
});
