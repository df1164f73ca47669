/**
 * @file wordTokenize equals NLTK 3.8 `word_tokenize` (Debian python3-nltk) on 100 English and German sentences
 * and 400 Moby-Dick sentences (fixtures from tools/gen_nltk_fixtures.py), NLTK's `` '' for " aside.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";

type Fixture = { source: string; cases: Array<{ text: string; tokens: string[] }> };
const read = (name: string): Fixture => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as Fixture;
/** NLTK rewrites " as `` and ''; lernwerk's tokens are the text they cover. */
const asText = (tokens: string[]): string[] => tokens.map((t) => (t === "``" || t === "''" ? '"' : t));

test("wordTokenize equals NLTK word_tokenize on all 100 hand-written sentences", () => {
  const { cases } = read("nltk-word-tokenize.json");
  assert.equal(cases.length, 100);
  cases.forEach(({ text, tokens }, i) => {
    const language = i < 60 ? "en" : "de";
    assert.deepEqual(lw.text.wordTokenize(text, { language }), asText(tokens), text);
    assert.deepEqual(lw.text.wordTokenize(text, { language, preserveLine: true }), asText(tokens), text);
  });
});

test("wordTokenize equals NLTK word_tokenize on all 400 Moby-Dick sentences (curly quotes, em dashes, clitics)", () => {
  const { cases, source } = read("nltk-word-tokenize-moby.json");
  assert.match(source, /^NLTK 3\.8 /);
  assert.equal(cases.length, 400);
  const wrong = cases.filter(({ text, tokens }) => JSON.stringify(lw.text.wordTokenize(text, { preserveLine: true })) !== JSON.stringify(asText(tokens)));
  assert.deepEqual(wrong.map((c) => c.text), []);
});

test("NLTK's rules on Unicode quotes and dashes; offsets cover the text", () => {
  // “ ” ‘ ’ « » „ are split off; ’ is split as a quote even inside a word, as NLTK 3.8 does; — and – stay inside words
  assert.deepEqual(lw.text.wordTokenize("“It’s late—too late,” said he.", { preserveLine: true }), ["“", "It", "’", "s", "late—too", "late", ",", "”", "said", "he", "."]);
  assert.deepEqual(lw.text.wordTokenize("«Oui» – dit-il... 'Tis so.", { preserveLine: true }), ["«", "Oui", "»", "–", "dit-il", "...", "'T", "is", "so", "."]);
  assert.deepEqual(lw.text.wordTokenize('He said "no" and \'\'yes\'\'.', { preserveLine: true }), ["He", "said", '"', "no", '"', "and", "''", "yes", "''", "."]);
  const text = ' "Whale-ship!" cried he—“’tis the Pequod’s.”\n';
  for (const t of lw.text.wordTokenizeWithOffsets(text)) assert.equal(text.slice(t.start, t.end), t.text);
  assert.throws(() => lw.text.wordTokenize(null as unknown as string), /wordTokenize: expected a string, got null/);
});
