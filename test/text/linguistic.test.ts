/**
 * @file Stemmers word for word against Debian snowball-data (porter, english, german), stop words,
 * n-grams, sentence splitting and the NLTK-style word tokenizer.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { needsPath, needsNpm } from "./needs.ts";

const SNOWBALL = "/usr/share/snowball/data";

for (const algo of ["porter", "english", "german"] as const) {
  test(`${algo} stemmer equals snowball-data's ${algo}/output.txt for every word of voc.txt`, { skip: needsPath(`${SNOWBALL}/${algo}`, "snowball-data") }, () => {
    const voc = readFileSync(`${SNOWBALL}/${algo}/voc.txt`, "utf8").split("\n");
    const out = readFileSync(`${SNOWBALL}/${algo}/output.txt`, "utf8").split("\n");
    const stem = lw.text.stemmer(algo);
    const wrong: string[] = [];
    let n = 0;
    voc.forEach((w, i) => { if (!w) return; n++; if (stem(w) !== out[i]) wrong.push(`${w} → ${stem(w)} (expected ${out[i]})`); });
    assert.deepEqual(wrong.slice(0, 10), []);
    assert.ok(n > 29_000, `${n} words`);
  });
}

test("stem() lower-cases and names the algorithm; unknown ones are refused", () => {
  assert.deepEqual(lw.text.stem(["Running", "generously", "skies"]), ["run", "generous", "sky"]);
  assert.deepEqual(lw.text.stem(["Häuser", "aufeinanderfolgenden"], "german"), ["haus", "aufeinanderfolg"]);
  assert.equal(lw.text.porterStem("relational"), "relat");
  // @ts-expect-error an unknown algorithm
  assert.throws(() => lw.text.stemmer("klingon"), /unknown algorithm "klingon"/);
});

test("stop words: Snowball lists built in, stopwords-iso on request", { skip: needsNpm("stopwords-iso") }, () => {
  assert.equal(lw.text.stopWords("en").size, 179);
  assert.equal(lw.text.stopWords("de").size, 232);
  assert.ok(lw.text.stopWords("de").has("und") && lw.text.stopWords("en").has("the"));
  assert.ok(lw.text.stopWords("en", { source: "iso" }).size > 1000);
  assert.deepEqual(lw.text.removeStopWords(["The", "whale", "is", "white"]), ["whale", "white"]);
  assert.deepEqual(lw.text.removeStopWords(["Der", "Wal", "ist", "weiß"], "de"), ["Wal", "weiß"]);
});

test("n-grams of tokens and characters", () => {
  assert.deepEqual(lw.text.ngrams(["a", "b", "c"], 2), [["a", "b"], ["b", "c"]]);
  assert.deepEqual(lw.text.everygrams(["a", "b", "c"], 1, 2), ["a", "b", "c", "a b", "b c"]);
  assert.deepEqual(lw.text.charNgrams("wal😀", 2), ["wa", "al", "l😀"]);
  assert.deepEqual(lw.text.ngrams(["a"], 3), []);
  assert.throws(() => lw.text.ngrams(["a"], 0), /n must be an integer ≥ 1/);
});

test("sentence splitting keeps abbreviations, initials and German ordinals", () => {
  assert.deepEqual(lw.text.splitSentences("Call me Ishmael. Some years ago, Mr. Smith met J. Doe at 5 p.m. in the U.S. Then he left! Why?"),
    ["Call me Ishmael.", "Some years ago, Mr. Smith met J. Doe at 5 p.m. in the U.S. Then he left!", "Why?"]);
  assert.deepEqual(lw.text.splitSentences("Am 3. Oktober war z.B. Feiertag. Das ist gut.", { language: "de" }), ["Am 3. Oktober war z.B. Feiertag.", "Das ist gut."]);
});

test("word tokenizer splits like NLTK on ordinary English and German text, with offsets", () => {
  assert.deepEqual(lw.text.wordTokenize("Don't stop, Mr. Smith! It's $1,000.50 (approx.), isn't it? I cannot go."),
    ["Do", "n't", "stop", ",", "Mr.", "Smith", "!", "It", "'s", "$", "1,000.50", "(", "approx.", ")", ",", "is", "n't", "it", "?", "I", "can", "not", "go", "."]);
  assert.deepEqual(lw.text.wordTokenize("Die Kinder spielen z.B. im Garten, oder? Am 3. Oktober 1990.", { language: "de" }),
    ["Die", "Kinder", "spielen", "z.B.", "im", "Garten", ",", "oder", "?", "Am", "3.", "Oktober", "1990", "."]);
  const text = "  Hello, world…";
  for (const t of lw.text.wordTokenizeWithOffsets(text)) assert.equal(text.slice(t.start, t.end), t.text);
});

test("cleaning: HTML, entities, accents, special characters, whitespace", () => {
  assert.equal(lw.text.stripHtml("<p>Hi <b>there</b></p><script>x()</script><!-- c -->!"), " Hi there   !");
  assert.equal(lw.text.decodeHtmlEntities("Fish &amp; chips &lt;3 &auml;&#228;&#xE4; &nbsp;&bogus;"), "Fish & chips <3 äää \u00a0&bogus;");
  assert.equal(lw.text.stripAccents("Crème brûlée, Ångström, Straße"), "Creme brulee, Angstrom, Straße");
  assert.equal(lw.text.cleanText("<div>Héllo&nbsp;&amp; WORLD!!  42 😀</div>", { html: true, lowercase: true, stripAccents: true, remove: ["punctuation", "digits", "emoji"] }), "hello world");
  assert.equal(lw.text.cleanText("ｆｕｌｌ　width ①", { unicode: "NFKC" }), "full width 1");
  assert.equal(lw.text.removeChars("a-b_c", /[-_]/, " "), "a b c");
  // @ts-expect-error an unknown rule
  assert.throws(() => lw.text.removeChars("x", "vowels"), /unknown rule "vowels"/);
});
