/** @file EDA synonym replacement: seeded, replaces exactly n distinct non-stop-words (every occurrence) with WordNet synonyms. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { writeTinyWordNet } from "./wordnet-tiny.ts";

const wordnet = new lw.text.WordNet({ dir: writeTinyWordNet() });
const tokens = ["the", "dog", "saw", "a", "cat", "and", "the", "dog", "ran", "to", "the", "goose"];
const SYN: Record<string, string[][]> = { dog: [["domestic", "dog"], ["Canis", "familiaris"]], cat: [["true", "cat"]] };

test("synonymReplacement: n words replaced by synonyms, all occurrences, stop words kept", () => {
  // every output with one word replaced (at all its occurrences) by one of its synonyms
  const allowed = new Set(Object.entries(SYN).flatMap(([w, syns]) => syns.map((s) => tokens.flatMap((t) => (t === w ? s : [t])).join(" "))));
  for (let seed = 0; seed < 8; seed++) {
    const out = lw.text.synonymReplacement(tokens, { n: 1, wordnet, generator: new lw.Generator(seed) }).join(" ");
    assert.ok(allowed.has(out), `seed ${seed}: ${out}`);
  }
  // n larger than the words with synonyms: both dog and cat replaced, stop words and "goose" (no synonyms) kept
  const both = new Set(SYN.dog.flatMap((d) => SYN.cat.map((c) => tokens.flatMap((t) => (t === "dog" ? d : t === "cat" ? c : [t])).join(" "))));
  const out5 = lw.text.synonymReplacement(tokens, { n: 5, wordnet, generator: new lw.Generator(3) }).join(" ");
  assert.ok(both.has(out5), out5);
  assert.deepEqual(lw.text.synonymReplacement(tokens, { n: 0, wordnet }), tokens);
  assert.throws(() => lw.text.synonymReplacement(tokens, { n: -1, wordnet }), /n must be a non-negative integer/);
});

test("synonymReplacement is reproducible under manualSeed and varies with the seed", () => {
  const run = (seed: number): string => { lw.manualSeed(seed); return lw.text.synonymReplacement(tokens, { n: 1, wordnet }).join(" "); };
  assert.equal(run(11), run(11));
  const outputs = new Set(Array.from({ length: 12 }, (_, s) => run(s)));
  assert.ok(outputs.size >= 2, `different seeds give different augmentations: ${[...outputs].join(" | ")}`);
});
