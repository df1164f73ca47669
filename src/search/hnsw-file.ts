/**
 * @file One-file save/load of an HNSWIndex. Layout (little-endian): a 64-byte header — magic "LWHNSW\0\0", version,
 * dim, metric, M, efConstruction, efSearch, maxElements, count, entryPoint, maxLevel, the level generator's seed and
 * counter, the body's byte length and its FNV-1a checksum — then labels, levels, deleted flags (padded to 4),
 * vectors, level-0 lists, the upper lists of every node with a level > 0. Written through a temp file and a rename;
 * read back with every field and every link checked, so a truncated, foreign or corrupted file gets a clear error.
 */
import { readFileSync } from "node:fs";
import { atomicWrite } from "../io/atomic.ts";
import { HNSWIndex, type HNSWState } from "./hnsw.ts";
import type { SearchMetric } from "./vectors.ts";

const MAGIC = "LWHNSW\0\0";
const VERSION = 1;
const HEADER = 64;
const METRICS: SearchMetric[] = ["l2", "ip", "cosine"];

/** FNV-1a over 32-bit words (the body is a multiple of 4 bytes). */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  return h >>> 0;
}

const pad4 = (n: number): number => (n + 3) & ~3;

function bodyLength(s: Pick<HNSWState, "count" | "dim" | "M">, upperInts: number): number {
  return 4 * s.count * 2 + pad4(s.count) + 4 * s.count * s.dim + 4 * s.count * (2 * s.M + 1) + 4 * upperInts;
}

/** Writes the index to `path` (temp file, fsync, rename). */
export function saveHNSW(index: HNSWIndex, path: string): void {
  const s = index.getState();
  let upperInts = 0;
  for (let i = 0; i < s.count; i++) upperInts += s.levels[i] * (s.M + 1);
  const bodyLen = bodyLength(s, upperInts);
  const buf = new ArrayBuffer(HEADER + bodyLen);
  const u8 = new Uint8Array(buf), dv = new DataView(buf);
  let at = HEADER;
  const put = (a: Int32Array | Float32Array | Uint8Array, bytes = a.byteLength): void => { u8.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at); at += bytes; };
  put(s.labels); put(s.levels); put(s.deleted, pad4(s.count)); put(s.vectors); put(s.links0);
  for (let i = 0; i < s.count; i++) if (s.levels[i] > 0) put(s.upper[i]!);
  for (let i = 0; i < 8; i++) u8[i] = MAGIC.charCodeAt(i);
  const fields = [VERSION, s.dim, METRICS.indexOf(s.metric), s.M, s.efConstruction, s.efSearch, s.maxElements, s.count, s.entryPoint, s.maxLevel, s.seed, s.rngCounter, bodyLen];
  fields.forEach((v, i) => dv.setInt32(8 + 4 * i, v, true));
  dv.setUint32(8 + 4 * fields.length, checksum(new Uint32Array(buf, HEADER, bodyLen / 4)), true);
  atomicWrite(path, u8);
}

/** Reads an index written by saveHNSW; `dim` / `metric`, when given, must match the file's. */
export function loadHNSW(path: string, expect: { dim?: number; metric?: SearchMetric } = {}): HNSWIndex {
  const who = `HNSWIndex.load(${JSON.stringify(path)})`;
  const file = readFileSync(path);
  const u8 = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (u8.length < HEADER) throw new RangeError(`${who}: the file is truncated: ${u8.length} bytes, the header alone has ${HEADER}`);
  if (String.fromCharCode(...u8.subarray(0, 8)) !== MAGIC) throw new RangeError(`${who}: not a lernwerk HNSW file (magic ${JSON.stringify(String.fromCharCode(...u8.subarray(0, 8)))}, expected "LWHNSW")`);
  const aligned = new Uint8Array(u8.length); aligned.set(u8); // typed views need 4-byte alignment
  const dv = new DataView(aligned.buffer);
  const f = (i: number): number => dv.getInt32(8 + 4 * i, true);
  const [version, dim, metricCode, M, efConstruction, efSearch, maxElements, count, entryPoint, maxLevel, seed, rngCounter, bodyLen] = Array.from({ length: 13 }, (_, i) => f(i));
  if (version !== VERSION) throw new RangeError(`${who}: file format version ${version}, this lernwerk reads version ${VERSION}`);
  const metric = METRICS[metricCode];
  if (!metric || dim < 1 || M < 2 || count < 0 || maxElements < count || efConstruction < 1 || efSearch < 1) throw new RangeError(`${who}: corrupted header (dim ${dim}, metric code ${metricCode}, M ${M}, count ${count}, maxElements ${maxElements})`);
  if (expect.dim !== undefined && expect.dim !== dim) throw new RangeError(`${who}: the file holds vectors of dim ${dim}, expected dim ${expect.dim}`);
  if (expect.metric !== undefined && expect.metric !== metric) throw new RangeError(`${who}: the file's metric is "${metric}", expected "${expect.metric}"`);
  if (u8.length !== HEADER + bodyLen) throw new RangeError(`${who}: the file is truncated or padded: ${u8.length} bytes, its header announces ${HEADER + bodyLen}`);
  if (checksum(new Uint32Array(aligned.buffer, HEADER, bodyLen / 4)) !== dv.getUint32(8 + 4 * 13, true)) throw new RangeError(`${who}: checksum mismatch, the file is corrupted`);
  let at = HEADER;
  const take = <T extends Int32Array | Float32Array | Uint8Array>(C: new (b: ArrayBuffer, o: number, n: number) => T, n: number, bytes?: number): T => {
    const per = C === (Uint8Array as unknown) ? 1 : 4;
    if (at + n * per > HEADER + bodyLen) throw new RangeError(`${who}: the body is shorter than its counts need (corrupted header)`);
    const t = new C(aligned.buffer, at, n); at += bytes ?? n * per; return t;
  };
  const labels = take(Int32Array, count), levels = take(Int32Array, count), deleted = take(Uint8Array, count, pad4(count));
  const vectors = take(Float32Array, count * dim), links0 = take(Int32Array, count * (2 * M + 1));
  const upper: (Int32Array | null)[] = new Array(count).fill(null);
  for (let i = 0; i < count; i++) {
    if (levels[i] < 0 || levels[i] > maxLevel) throw new RangeError(`${who}: node ${i} has level ${levels[i]} outside [0, ${maxLevel}] (corrupted)`);
    if (levels[i] > 0) upper[i] = take(Int32Array, levels[i] * (M + 1));
  }
  if (at !== HEADER + bodyLen) throw new RangeError(`${who}: ${HEADER + bodyLen - at} bytes left after the last list (corrupted)`);
  const checkList = (a: Int32Array, o: number, cap: number, i: number): void => {
    const n = a[o];
    if (n < 0 || n > cap) throw new RangeError(`${who}: node ${i} has ${n} links, at most ${cap} allowed (corrupted)`);
    for (let j = 1; j <= n; j++) if (a[o + j] < 0 || a[o + j] >= count) throw new RangeError(`${who}: node ${i} links to ${a[o + j]}, outside [0, ${count}) (corrupted)`);
  };
  for (let i = 0; i < count; i++) {
    checkList(links0, i * (2 * M + 1), 2 * M, i);
    for (let l = 0; l < levels[i]; l++) checkList(upper[i]!, l * (M + 1), M, i);
  }
  if (count > 0 && (entryPoint < 0 || entryPoint >= count || levels[entryPoint] !== maxLevel)) throw new RangeError(`${who}: entry point ${entryPoint} is not a node of the top level ${maxLevel} (corrupted)`);
  if (new Set(labels).size !== count) throw new RangeError(`${who}: duplicate ids (corrupted)`);
  return HNSWIndex.fromState({ dim, metric, M, efConstruction, efSearch, maxElements, count, entryPoint, maxLevel, seed, rngCounter, vectors, links0, upper, levels, labels, deleted });
}
