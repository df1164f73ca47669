/** @file CharLSTM and CharVocab: shapes, PyTorch state-dict names, seeded generation, and prompts it cannot read. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const { CharLSTM, CharVocab } = lw.models;

test("CharLSTM maps (B, T) ids to (B, T, V) logits and names its weights as PyTorch", () => {
  lw.manualSeed(0);
  const m = new CharLSTM({ vocabSize: 7, embeddingDim: 4, hiddenSize: 6, numLayers: 2 });
  const [logits, [h, c]] = m.forward(lw.randint(0, 7, [3, 5]));
  assert.deepEqual([...logits.shape], [3, 5, 7]);
  assert.deepEqual([...h.shape, ...c.shape], [2, 3, 6, 2, 3, 6]);
  assert.deepEqual(Object.keys(m.stateDict()), [
    "embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
    "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "head.weight", "head.bias",
  ]);
});

test("generate continues the prompt, repeats with the same generator, and is greedy at temperature 0", () => {
  lw.manualSeed(1);
  const vocab = CharVocab.fromText("abc de");
  const m = new CharLSTM({ vocabSize: vocab.size, embeddingDim: 4, hiddenSize: 8 });
  const a = m.generate(vocab, "ab", { length: 30, generator: new lw.Generator(5) });
  assert.equal(a.length, 32);
  assert.ok(a.startsWith("ab") && [...a].every((ch) => vocab.chars.includes(ch)));
  assert.equal(m.generate(vocab, "ab", { length: 30, generator: new lw.Generator(5) }), a);
  assert.notEqual(m.generate(vocab, "ab", { length: 30, generator: new lw.Generator(6) }), a);
  assert.equal(m.generate(vocab, "ab", { length: 10, temperature: 0 }), m.generate(vocab, "ab", { length: 10, temperature: 0, generator: new lw.Generator(9) }));
  assert.equal(m.training, true, "generation restores training mode");
});

test("an empty prompt or an unknown character is refused with the character and its place", () => {
  const vocab = CharVocab.fromText("abc ");
  const m = new CharLSTM({ vocabSize: vocab.size, hiddenSize: 4, embeddingDim: 2 });
  assert.throws(() => m.generate(vocab, "", { length: 5 }), /CharLSTM.generate: the prompt is empty/);
  assert.throws(() => m.generate(vocab, "ab Z", { length: 5 }), /unknown character "Z" \(U\+005A\) at position 3 of the prompt; the vocabulary has 4 characters/);
  assert.throws(() => m.generate(CharVocab.fromText("xyz"), "x", { length: 5 }), /the vocabulary has 3 characters, the model 4/);
  assert.deepEqual(vocab.encode("cab"), [3, 1, 2]);
  assert.equal(vocab.decode([3, 1, 2, 0]), "cab ");
});
