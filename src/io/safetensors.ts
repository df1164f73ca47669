/**
 * @file The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. The reader checks the whole
 * header (length, strict JSON, dtypes, shapes, offsets in bounds, no gaps or overlaps, no trailing bytes) first;
 * the writer refuses what the reader would reject.
 */
import type { DType, TypedArray } from "../core/dtype.ts";
import { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { jsonPath, JsonProblem, nullRecord, parseJsonStrict } from "./json.ts";

/** Header sizes above this are rejected (the limit of the reference implementation). */
export const MAX_HEADER_BYTES = 100_000_000;

const WRITE_DTYPE: Record<DType, string> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
/** Byte size per element of each dtype we read; F16/BF16 become float32, the integer types int32. */
const READ_SIZE: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/**
 * What a file holds. Both records are made with `Object.create(null)`: no inherited keys, so a tensor may be
 * named `__proto__` or `toString` and `tensors["toString"]` is undefined when there is none. Spread them
 * (`{ ...tensors }`) where a plain object is needed (e.g. `assert.deepStrictEqual`).
 */
export interface SafetensorsFile { tensors: Record<string, Tensor>; metadata: Record<string, string> }

/** A lone UTF-16 surrogate: JSON.stringify escapes it, but the reference reader (Rust strings) cannot hold it. */
const LONE_SURROGATE = /\p{Cs}/u;
const typeName = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`);

/** Serialises named tensors (and optional string metadata) into safetensors bytes; refuses what `deserialize` would reject. */
export function serialize(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header = nullRecord<unknown>(); // a plain {} would turn a tensor named "__proto__" into its prototype
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) throw new TypeError(`save: metadata must be an object of strings, got ${typeName(metadata)}`);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") throw new TypeError(`save: metadata "${k}" is ${typeName(v)}, not a string`);
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) throw new RangeError(`save: metadata ${JSON.stringify(k)} is not well-formed Unicode (a lone surrogate)`);
  }
  if (Object.keys(metadata).length) header.__metadata__ = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) throw new TypeError(`save: "${name}" is not a Tensor (got ${typeof t})`);
    if (name === "__metadata__") throw new RangeError(`save: "__metadata__" is reserved and cannot name a tensor`);
    if (LONE_SURROGATE.test(name)) throw new RangeError(`save: the tensor name ${JSON.stringify(name)} is not well-formed Unicode (a lone surrogate)`);
    const data: TypedArray = t.toTypedArray();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype: WRITE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // align the data to 8 bytes
  const head = Buffer.from(json, "utf8");
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

interface Entry { name: string; dtype: string; shape: number[]; begin: number; end: number }

/** Validates the header and returns its entries sorted by offset, the metadata and where the data starts. */
function parseHeader(bytes: Uint8Array, source: string): { entries: Entry[]; metadata: Record<string, string>; dataStart: number } {
  const fail = (check: string, detail: string): never => { throw new Error(`load: ${source} is not a valid safetensors file (${check}): ${detail}`); };
  if (bytes.length < 8) fail("header length", `the file has ${bytes.length} bytes, fewer than the 8 of the length field`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail("header length", `header of ${n} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (n > BigInt(bytes.length - 8)) fail("header length", `header of ${n} bytes does not fit in the ${bytes.length - 8} bytes after the length field`);
  const headerEnd = 8 + Number(n);
  let header: unknown;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so that parseJsonStrict can refuse it (the format's header starts with "{")
    header = parseJsonStrict(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (e) {
    if (!(e instanceof JsonProblem)) fail("header JSON", `the header is not UTF-8: ${(e as Error).message}`);
    const p = e as JsonProblem;
    if (p.check !== "duplicate key") fail("header JSON", p.message);
    const [top, ...rest] = p.at;
    const where = top === undefined ? "the header" : top === "__metadata__" ? jsonPath(p.at) : `the entry of tensor ${JSON.stringify(top)}${rest.length ? ` at ${jsonPath(rest)}` : ""}`;
    fail("duplicate key", `${where} has the key ${JSON.stringify(p.key)} twice (JSON.parse would keep only the last)`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) fail("header JSON", "the header is not a JSON object");
  const entries: Entry[] = [];
  const metadata = nullRecord<string>();
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (LONE_SURROGATE.test(name)) fail("tensor name", `${JSON.stringify(name)} is not well-formed Unicode (a lone surrogate)`);
    if (name === "__metadata__") {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail("metadata", `__metadata__ must be an object mapping strings to strings, got ${typeName(raw)}`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== "string") fail("metadata", `__metadata__.${k} is ${v === null ? "null" : typeName(v)}, not a string`);
        if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v as string)) fail("metadata", `__metadata__ ${JSON.stringify(k)} is not well-formed Unicode (a lone surrogate)`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== "object" || Array.isArray(e)) fail("tensor entry", `"${name}" is not an object`);
    const extra = Object.keys(e).filter((k) => !["dtype", "shape", "data_offsets"].includes(k));
    if (extra.length) fail("tensor entry", `"${name}" has unknown fields ${extra.join(", ")}`);
    if (typeof e.dtype !== "string" || !Object.hasOwn(READ_SIZE, e.dtype)) fail("dtype", `"${name}" has dtype ${JSON.stringify(e.dtype)}; supported: ${Object.keys(READ_SIZE).join(", ")}`);
    const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
    if (!Array.isArray(e.shape) || !e.shape.every(isCount)) fail("shape", `"${name}" has shape ${JSON.stringify(e.shape)}`);
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every(isCount) || off[0] > off[1]) fail("offsets", `"${name}" has data_offsets ${JSON.stringify(off)}`);
    const [begin, end] = off as [number, number];
    const numel = (e.shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== numel * READ_SIZE[e.dtype as string]) fail("offsets", `"${name}" of dtype ${e.dtype as string} and shape [${(e.shape as number[]).join(", ")}] needs ${numel * READ_SIZE[e.dtype as string]} bytes, its offsets span ${end - begin}`);
    entries.push({ name, dtype: e.dtype as string, shape: e.shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataLength = bytes.length - headerEnd;
  let at = 0;
  for (const e of entries) {
    if (e.begin < at) fail("overlap", `"${e.name}" starts at byte ${e.begin}, inside the previous tensor (which ends at ${at})`);
    if (e.begin > at) fail("gap", `${e.begin - at} unused bytes before "${e.name}" at byte ${at}`);
    if (e.end > dataLength) fail("offsets", `"${e.name}" ends at byte ${e.end}, past the ${dataLength} bytes of data (truncated file?)`);
    at = e.end;
  }
  if (at !== dataLength) fail("trailing bytes", `${dataLength - at} bytes after the last tensor`);
  return { entries, metadata, dataStart: headerEnd };
}

/** Decodes one tensor's bytes (little-endian) into a lernwerk dtype. */
function decode(dtype: string, buf: ArrayBuffer, n: number, name: string): TypedArray {
  const v = new DataView(buf);
  switch (dtype) {
    case "F32": return Float32Array.from({ length: n }, (_, i) => v.getFloat32(4 * i, true));
    case "F64": return Float64Array.from({ length: n }, (_, i) => v.getFloat64(8 * i, true));
    case "I32": return Int32Array.from({ length: n }, (_, i) => v.getInt32(4 * i, true));
    case "I16": return Int32Array.from({ length: n }, (_, i) => v.getInt16(2 * i, true));
    case "I8": return Int32Array.from({ length: n }, (_, i) => v.getInt8(i));
    case "U8": return Int32Array.from({ length: n }, (_, i) => v.getUint8(i));
    case "BOOL": return Uint8Array.from({ length: n }, (_, i) => (v.getUint8(i) ? 1 : 0));
    case "BF16": return Float32Array.from({ length: n }, (_, i) => new Float32Array(new Uint32Array([v.getUint16(2 * i, true) << 16]).buffer)[0]);
    case "F16": return Float32Array.from({ length: n }, (_, i) => halfToFloat(v.getUint16(2 * i, true)));
    case "I64": return Int32Array.from({ length: n }, (_, i) => {
      const x = v.getBigInt64(8 * i, true);
      if (x > 2147483647n || x < -2147483648n) throw new RangeError(`load: "${name}" holds the int64 value ${x}, outside int32`);
      return Number(x);
    });
    default: throw new Error(`load: unsupported dtype ${dtype}`);
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Parses safetensors bytes after validating the whole header; `source` names the file in errors. */
export function deserialize(bytes: Uint8Array, source = "the data"): SafetensorsFile {
  const { entries, metadata, dataStart } = parseHeader(bytes, source);
  const tensors = nullRecord<Tensor>();
  for (const e of entries) {
    const a = bytes.byteOffset + dataStart + e.begin;
    const buf = bytes.buffer.slice(a, a + (e.end - e.begin)) as ArrayBuffer;
    const data = decode(e.dtype, buf, e.shape.reduce((x, y) => x * y, 1), e.name);
    const t = fromTypedArray(data, e.shape);
    tensors[e.name] = e.dtype === "BOOL" ? new Tensor(t.storage, e.shape, "bool") : t;
  }
  return { tensors, metadata };
}
