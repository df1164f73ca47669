/** @file CRC-32C against known vectors, TFRecord's mask, and a scalar Event's record built by hand from the format's definition. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32c, maskCrc, maskedCrc32c } from "../../src/track/tensorboard/crc32c.ts";
import { TfRecordError, encodeRecord, readRecords } from "../../src/track/tensorboard/record.ts";
import { encodeEvent } from "../../src/track/tensorboard/event-proto.ts";
import { hex } from "./tensorboard-helpers.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

test("CRC-32C known vectors: '123456789' → 0xE3069283 (the check value), RFC 3720's 32-byte patterns, empty → 0", () => {
  assert.equal(crc32c(ascii("123456789")), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(0)), 0);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  assert.equal(crc32c(ascii("The quick brown fox jumps over the lazy dog")), 0x22620404);
});

test("TFRecord mask: rotate right 15, add 0xa282ead8 mod 2^32", () => {
  assert.equal(maskCrc(0), 0xa282ead8);
  assert.equal(maskCrc(0xe3069283), (((0xe3069283 >>> 15) | (0xe3069283 << 17)) + 0xa282ead8) >>> 0);
  assert.equal(maskCrc(0x00008000), (1 + 0xa282ead8) >>> 0); // bit 15 rotates to bit 0
  assert.equal(maskCrc(1), ((1 << 17) + 0xa282ead8) >>> 0);
  assert.equal(maskCrc(0xffffffff), (0xffffffff + 0xa282ead8) % 2 ** 32);
});

test("a scalar Event's record, byte for byte as built from event.proto/summary.proto and the TFRecord framing", () => {
  // Event { wall_time (1, double) = 1000.5, step (2, int64) = 3, summary (5) { value (1) { tag (1) = "loss", simple_value (2, float) = 0.25 } } }
  const value = "0a04" + hex(ascii("loss")) + "15" + "0000803e"; // 11 bytes
  const summary = "0a0b" + value; // 13 bytes
  const event = "09" + "0000000000448f40" + "1003" + "2a0d" + summary; // 26 bytes
  const data = encodeEvent({ wallTime: 1000.5, step: 3, summary: [{ tag: "loss", simpleValue: 0.25 }] });
  assert.equal(hex(data), event);
  const length = "1a00000000000000";
  const lengthCrc = Buffer.alloc(4), dataCrc = Buffer.alloc(4);
  lengthCrc.writeUInt32LE(maskedCrc32c(Buffer.from(length, "hex")));
  dataCrc.writeUInt32LE(maskedCrc32c(Buffer.from(event, "hex")));
  assert.equal(hex(encodeRecord(data)), length + lengthCrc.toString("hex") + event + dataCrc.toString("hex"));
  // the same record with its masked CRCs from a bit-by-bit CRC-32C written separately (Python, not the table here)
  assert.equal(hex(encodeRecord(data)), "1a00000000000000" + "129bd82d" + event + "603f05f2");
  // the file_version event: wall_time and file_version (3) only
  assert.equal(hex(encodeEvent({ wallTime: 1, step: 0, fileVersion: "brain.Event:2" })), "09000000000000f03f" + "1a0d" + hex(ascii("brain.Event:2")));
});

test("readRecords: records back in order with offsets; an empty record is fine", () => {
  const a = encodeRecord(ascii("first")), b = encodeRecord(new Uint8Array(0)), c = encodeRecord(ascii("third!"));
  const file = Buffer.concat([a, b, c]);
  const got = [...readRecords(file, "f", () => assert.fail("not truncated"))];
  assert.deepEqual(got.map((r) => [r.offset, Buffer.from(r.data).toString()]), [[0, "first"], [a.length, ""], [a.length + b.length, "third!"]]);
});

test("readRecords: a flipped data byte or length byte throws naming the file and the record's offset", () => {
  const a = encodeRecord(ascii("good")), b = encodeRecord(ascii("will be damaged"));
  const dataHit = Buffer.concat([a, b]);
  dataHit[a.length + 12 + 3] ^= 0x40;
  assert.throws(() => [...readRecords(dataHit, "run/events.x", () => {})], (e: unknown) =>
    e instanceof TfRecordError && e.offset === a.length && /run\/events\.x: record at byte offset 20: data CRC mismatch/.test(e.message));
  const lengthHit = Buffer.concat([a, b]);
  lengthHit[a.length] ^= 0x01;
  assert.throws(() => [...readRecords(lengthHit, "f", () => {})], /f: record at byte offset 20: length CRC mismatch/);
  assert.throws(() => [...readRecords(Buffer.from("this is not a tfrecord file at all"), "notes.txt", () => {})], /notes\.txt: record at byte offset 0: length CRC mismatch .*not a TFRecord file/);
});

test("readRecords: a tail cut inside the header or inside the data is reported (offset, have, need) and reading stops", () => {
  const a = encodeRecord(ascii("complete")), b = encodeRecord(ascii("cut short"));
  for (const cut of [5, 12, 12 + 4, b.length - 1]) {
    const seen: number[][] = [];
    const got = [...readRecords(Buffer.concat([a, b.subarray(0, cut)]), "f", (offset, have, need) => seen.push([offset, have, need]))];
    assert.equal(got.length, 1, `cut at ${cut}`);
    assert.deepEqual(seen, [[a.length, cut, cut < 12 ? 12 : b.length]]);
  }
});
