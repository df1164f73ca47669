/**
 * @file The IDX format of MNIST and Fashion-MNIST (raw or gzipped): a big-endian header
 * (0, 0, type code, number of dims, then one uint32 per dim) and the values. Checked before use.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
export interface IdxArray { shape: number[]; data: IdxData }

const TYPES: Record<number, { name: string; size: number; read: (v: DataView, at: number, n: number) => IdxData }> = {
  0x08: { name: "uint8", size: 1, read: (v, at, n) => new Uint8Array(v.buffer.slice(v.byteOffset + at, v.byteOffset + at + n)) },
  0x09: { name: "int8", size: 1, read: (v, at, n) => new Int8Array(v.buffer.slice(v.byteOffset + at, v.byteOffset + at + n)) },
  0x0b: { name: "int16", size: 2, read: (v, at, n) => Int16Array.from({ length: n }, (_, i) => v.getInt16(at + 2 * i)) },
  0x0c: { name: "int32", size: 4, read: (v, at, n) => Int32Array.from({ length: n }, (_, i) => v.getInt32(at + 4 * i)) },
  0x0d: { name: "float32", size: 4, read: (v, at, n) => Float32Array.from({ length: n }, (_, i) => v.getFloat32(at + 4 * i)) },
  0x0e: { name: "float64", size: 8, read: (v, at, n) => Float64Array.from({ length: n }, (_, i) => v.getFloat64(at + 8 * i)) },
};

/** Parses IDX bytes (gunzipping them first if they start with the gzip magic); `source` names the file in errors. */
export function parseIdx(bytes: Uint8Array, source = "IDX data"): IdxArray {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`readIdx: ${source} is a corrupt or truncated gzip file (${(e as Error).message})`);
    }
  }
  const fail = (what: string): never => { throw new Error(`readIdx: ${source}: ${what}`); };
  if (bytes.length < 4) fail(`${bytes.length} bytes is too short for an IDX header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`bad magic number 0x${v.getUint32(0).toString(16).padStart(8, "0")} (an IDX file starts with two zero bytes)`);
  const type = TYPES[bytes[2]] ?? fail(`unknown type code 0x${bytes[2].toString(16)}`);
  const ndim = bytes[3];
  const header = 4 + 4 * ndim;
  if (bytes.length < header) fail(`truncated header: ${ndim} dims need ${header} bytes, the file has ${bytes.length}`);
  const shape = Array.from({ length: ndim }, (_, i) => v.getUint32(4 + 4 * i));
  const n = shape.reduce((a, b) => a * b, 1);
  const need = header + n * type.size;
  if (bytes.length < need) fail(`truncated: shape [${shape.join(", ")}] of ${type.name} needs ${need} bytes, the file has ${bytes.length}`);
  if (bytes.length > need) fail(`${bytes.length - need} unexpected bytes after the data of shape [${shape.join(", ")}]`);
  return { shape, data: type.read(v, header, n) };
}

/** Reads an IDX file, raw or `.gz`. @example readIdx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz") */
export function readIdx(path: string): IdxArray {
  return parseIdx(readFileSync(path), path);
}
