/**
 * @file TFRecord framing: uint64 length (little-endian), masked CRC-32C of those 8 bytes, the data, masked CRC-32C
 * of the data. Reading checks both CRCs; a last record cut short (a writer killed mid-write) is reported, not thrown.
 */
import { maskedCrc32c } from "./crc32c.ts";

const HEADER = 12, FOOTER = 4;

/** One framed record around `data`. */
export function encodeRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + data.length + FOOTER);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, HEADER);
  view.setUint32(HEADER + data.length, maskedCrc32c(data), true);
  return out;
}

/** Corrupt framing: names the file and the byte offset of the record. */
export class TfRecordError extends Error {
  constructor(message: string, readonly file: string, readonly offset: number) {
    super(`${file}: record at byte offset ${offset}: ${message}`);
    this.name = "TfRecordError";
  }
}

export interface RecordSlice {
  /** byte offset of the record's length field in the file */
  offset: number;
  data: Uint8Array;
}

/**
 * The records of a whole file's bytes, in order. Throws TfRecordError on a CRC mismatch; when the bytes end inside
 * a record, calls `onTruncated(offset, have, need)` and stops (TensorBoard skips such a tail the same way).
 */
export function* readRecords(buf: Uint8Array, file: string, onTruncated: (offset: number, have: number, need: number) => void): Generator<RecordSlice> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < HEADER) { onTruncated(at, buf.length - at, HEADER); return; }
    const length = view.getBigUint64(at, true);
    const lengthCrc = view.getUint32(at + 8, true), wantLengthCrc = maskedCrc32c(buf.subarray(at, at + 8));
    if (lengthCrc !== wantLengthCrc) throw new TfRecordError(`length CRC mismatch (stored 0x${hex(lengthCrc)}, computed 0x${hex(wantLengthCrc)}): not a TFRecord file, or corrupt`, file, at);
    const need = BigInt(HEADER + FOOTER) + length;
    if (need > BigInt(buf.length - at)) { onTruncated(at, buf.length - at, Number(need)); return; }
    const n = Number(length), data = buf.subarray(at + HEADER, at + HEADER + n);
    const dataCrc = view.getUint32(at + HEADER + n, true), wantDataCrc = maskedCrc32c(data);
    if (dataCrc !== wantDataCrc) throw new TfRecordError(`data CRC mismatch over ${n} bytes (stored 0x${hex(dataCrc)}, computed 0x${hex(wantDataCrc)})`, file, at);
    yield { offset: at, data };
    at += HEADER + n + FOOTER;
  }
}

const hex = (v: number) => v.toString(16).padStart(8, "0");
