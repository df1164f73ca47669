/**
 * @file PorterStemmer's three modes equal NLTK 3.8's PorterStemmer (NLTK_EXTENSIONS, MARTIN_EXTENSIONS,
 * ORIGINAL_ALGORITHM) on every word of the fixture from tools/gen_nltk_fixtures.py.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/nltk-porter.json", import.meta.url), "utf8")) as {
  words: string[]; stems: Record<"nltk" | "martin" | "original", string[]>;
};

for (const mode of ["nltk", "martin", "original"] as const) {
  test(`PorterStemmer({ mode: "${mode}" }) equals NLTK on all ${fixture.words.length} fixture words`, () => {
    const stemmer = new lw.text.PorterStemmer({ mode });
    const wrong = fixture.words.flatMap((w, i) => (stemmer.stem(w) === fixture.stems[mode][i] ? [] : [`${w} → ${stemmer.stem(w)} (NLTK ${fixture.stems[mode][i]})`]));
    assert.deepEqual(wrong, []);
    assert.ok(fixture.words.length > 3000);
  });
}

test("the modes differ where NLTK's do; the default is NLTK's; bad modes are refused", () => {
  const [nltk, martin, original] = (["nltk", "martin", "original"] as const).map((mode) => new lw.text.PorterStemmer({ mode }));
  assert.equal(new lw.text.PorterStemmer().mode, "nltk");
  assert.deepEqual(["dying", "skies", "enjoy", "generalli"].map((w) => nltk.stem(w)), ["die", "sky", "enjoy", "gener"]);
  assert.deepEqual(["dying", "skies", "enjoy"].map((w) => martin.stem(w)), ["dy", "ski", "enjoi"]);
  assert.equal(martin.stem("analogi"), "analog");
  assert.equal(original.stem("analogi"), "analogi");
  assert.equal(original.stem("conformabli"), "conform");
  assert.equal(nltk.stem("Running"), "run");
  assert.equal(nltk.stem("Running", { toLowercase: false }), "Run");
  // @ts-expect-error an unknown mode
  assert.throws(() => new lw.text.PorterStemmer({ mode: "lovins" }), /PorterStemmer: mode must be "nltk", "martin" or "original", got "lovins"/);
});
