/**
 * @file CountVectorizer and TfidfVectorizer against scikit-learn 1.2 goldens (tools/gen_text_fixtures.py):
 * same vocabulary, same matrix to 1e-12; plus transform of unseen documents and cosine similarity.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";

interface Case { name: string; kind: "CountVectorizer" | "TfidfVectorizer"; params: Record<string, unknown>; vocabulary: string[]; matrix: number[][]; idf?: number[] }
const fixture = JSON.parse(readFileSync(new URL("./fixtures/sklearn-vectorizers.json", import.meta.url), "utf8")) as { version: number; docs: string[]; cases: Case[] };

/** scikit-learn's snake_case parameters as lernwerk's options. */
function options(p: Record<string, unknown>): lw.text.TfidfOptions {
  return {
    ngramRange: p.ngram_range as [number, number] | undefined, minDf: p.min_df as number | undefined, maxDf: p.max_df as number | undefined,
    binary: p.binary as boolean | undefined, lowercase: p.lowercase as boolean | undefined, stopWords: p.stop_words as string[] | undefined,
    sublinearTf: p.sublinear_tf as boolean | undefined, smoothIdf: p.smooth_idf as boolean | undefined, useIdf: p.use_idf as boolean | undefined,
    norm: p.norm as "l1" | "l2" | null | undefined,
  };
}

test("fixture is version 1 with all cases", () => {
  assert.equal(fixture.version, 1, "regenerate with /usr/bin/python3 tools/gen_text_fixtures.py");
  assert.equal(fixture.cases.length, 10);
});

for (const c of fixture.cases) {
  test(`${c.kind} equals scikit-learn: ${c.name}`, () => {
    const v = c.kind === "CountVectorizer" ? new lw.text.CountVectorizer(options(c.params)) : new lw.text.TfidfVectorizer(options(c.params));
    const x = v.fitTransform(fixture.docs);
    assert.deepEqual(v.getFeatureNames(), c.vocabulary);
    assert.deepEqual(x.shape, [c.matrix.length, c.vocabulary.length]);
    const got = x.toArray();
    c.matrix.forEach((row, i) => row.forEach((want, j) => assert.ok(Math.abs(got[i][j] - want) < 1e-12, `[${i}, ${j}] ${got[i][j]} vs ${want}`)));
    if (c.idf && v instanceof lw.text.TfidfVectorizer) c.idf.forEach((w, j) => assert.ok(Math.abs(v.idf[j] - w) < 1e-12));
  });
}

test("transform of unseen documents, fixed vocabulary, dense tensors, errors", () => {
  const tfidf = new lw.text.TfidfVectorizer().fit(fixture.docs);
  const x = tfidf.transform(["a whale and a ship, unknownword"]);
  const t = x.toTensor();
  assert.deepEqual(t.shape, [1, tfidf.vocabulary.size]);
  assert.ok(Math.abs((t.square().sum().item()) - 1) < 1e-6, "rows have unit l2 norm");
  const fixed = new lw.text.CountVectorizer({ vocabulary: ["whale", "ship"] });
  assert.deepEqual(fixed.transform(["Whale ship whale"]).toArray(), [[2, 1]]);
  assert.throws(() => new lw.text.CountVectorizer().transform(["x"]), /call fit\(\) before transform/);
  assert.throws(() => new lw.text.CountVectorizer({ ngramRange: [2, 1] }), /ngramRange/);
  assert.throws(() => new lw.text.CountVectorizer({ minDf: 5 }).fit(["aa bb", "bb cc"]), /maxDf corresponds to fewer documents/);
  assert.throws(() => new lw.text.CountVectorizer({ minDf: 2 }).fit(["aa bb", "cc dd", "ee"]), /no terms remain/);
});

test("cosine similarity of vectors and of tensor rows", () => {
  assert.equal(lw.text.cosineSimilarity([1, 0], [0, 1]), 0);
  assert.ok(Math.abs(lw.text.cosineSimilarity([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
  assert.equal(lw.text.cosineSimilarity([0, 0], [1, 1]), 0);
  assert.throws(() => lw.text.cosineSimilarity([1], [1, 2]), /differ in length/);
  const m = lw.text.cosineSimilarityMatrix(lw.tensor([[1, 0], [1, 1]]), lw.tensor([[0, 2], [3, 0]]));
  const v = m.tolist() as number[][];
  assert.ok(Math.abs(v[0][0]) < 1e-6 && Math.abs(v[0][1] - 1) < 1e-6 && Math.abs(v[1][0] - Math.SQRT1_2) < 1e-6);
});
