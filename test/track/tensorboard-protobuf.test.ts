/** @file The protobuf wire writer and reader (src/track/tensorboard/protobuf.ts): bytes from the encoding's definition, round trips, malformed input, protoc --decode_raw. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProtoDecodeError, ProtoReader, ProtoWriter, fieldValue } from "../../src/track/tensorboard/protobuf.ts";
import { decodeRaw, hex, protocAvailable } from "./tensorboard-helpers.ts";

const bytesOf = (build: (w: ProtoWriter) => void) => { const w = new ProtoWriter(); build(w); return hex(w.finish()); };
const fields = (b: Uint8Array) => [...new ProtoReader(b).fields()];

test("varints: 1 → 08 01, 150 → 08 96 01 (the encoding guide's example), 300 → ac 02, 2^32 and 2^63 in 5 and 10 bytes", () => {
  assert.equal(bytesOf((w) => w.varint(1, 1)), "0801");
  assert.equal(bytesOf((w) => w.varint(1, 150)), "089601");
  assert.equal(bytesOf((w) => w.varint(2, 300)), "10ac02");
  assert.equal(bytesOf((w) => w.varint(1, 2 ** 32)), "088080808010");
  assert.equal(bytesOf((w) => w.varint(1, 1n << 63n)), "0880808080808080808001");
  assert.equal(bytesOf((w) => w.varint(16, 1)), "8001" + "01"); // field 16: the tag itself takes two bytes
  assert.equal(bytesOf((w) => w.varint(1, true)), "0801");
});

test("negative int64/int32 are 10-byte two's complement varints and read back signed", () => {
  const b = new ProtoWriter().varint(2, -1).finish();
  assert.equal(hex(b), "10ffffffffffffffffff01");
  assert.equal(fieldValue.int(fields(b)[0]), -1);
  assert.equal(fieldValue.int(fields(new ProtoWriter().varint(2, -7).finish())[0]), -7);
});

test("double is fixed64 little-endian, float fixed32 (rounded to float32), strings/bytes length-delimited UTF-8", () => {
  assert.equal(bytesOf((w) => w.double(1, 1.0)), "09000000000000f03f");
  assert.equal(bytesOf((w) => w.float(2, 0.25)), "150000803e");
  assert.equal(bytesOf((w) => w.float(2, 0.1)), "15cdcccc3d");
  assert.equal(bytesOf((w) => w.string(1, "hé")), "0a0368c3a9");
  assert.equal(bytesOf((w) => w.bytes(4, new Uint8Array([1, 2]))), "22020102");
  const f = fields(new ProtoWriter().float(2, 0.1).finish())[0];
  assert.equal(fieldValue.float(f), Math.fround(0.1));
});

test("packed repeated doubles: one length-delimited field of 8-byte values; empty writes nothing; unpacked doubles read too", () => {
  assert.equal(bytesOf((w) => w.packedDoubles(6, [1, -2])), "3210" + "000000000000f03f" + "00000000000000c0");
  assert.equal(bytesOf((w) => w.packedDoubles(6, [])), "");
  const unpacked = new ProtoWriter().double(6, 1).double(6, 2).finish();
  assert.deepEqual(fields(unpacked).flatMap((f) => fieldValue.doubles(f)), [1, 2]);
  assert.deepEqual(fieldValue.doubles(fields(new ProtoWriter().packedDoubles(6, [0.5, 1e300, -0]).finish())[0]), [0.5, 1e300, -0]);
});

test("packed varints read back (int_val), and proto3 defaults are left out by the *IfSet writers", () => {
  const packed = new ProtoWriter().bytes(7, new Uint8Array([0x01, 0xac, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).finish();
  assert.deepEqual(fieldValue.ints(fields(packed)[0]), [1, 300, -1]);
  assert.equal(bytesOf((w) => w.varintIfSet(1, 0).doubleIfSet(2, 0).stringIfSet(3, "").bytesIfSet(4, new Uint8Array(0))), "");
  assert.equal(bytesOf((w) => w.doubleIfSet(2, -0)), "11" + "0000000000000080", "-0 is not the default 0");
});

test("nested messages, and a big message that grows the buffer, round-trip", () => {
  const long = "x".repeat(100_000);
  const b = new ProtoWriter().message(5, (m) => m.message(1, (v) => v.string(1, "loss").float(2, 1.5))).string(3, long).finish();
  const [outer, str] = fields(b);
  const [value] = fields(outer.bytes);
  const inner = fields(value.bytes);
  assert.equal(fieldValue.string(inner[0]), "loss");
  assert.equal(fieldValue.float(inner[1]), 1.5);
  assert.equal(fieldValue.string(str), long);
  assert.equal(hex(outer.bytes), "0a0b0a046c6f737315" + "0000c03f");
});

test("malformed input: truncated varint, length past the end, unknown wire type, wrong wire type, bad UTF-8 — each a ProtoDecodeError with an offset", () => {
  const cases: [string, number[], RegExp][] = [
    ["truncated varint", [0x08, 0x96], /varint runs past the end/],
    ["length past end", [0x0a, 0x05, 0x61], /length 5 runs past the end/],
    ["length past end, in a longer message", [0x0a, 0x03, 0x61, 0x08], /needs 3 bytes, 2 left/],
    ["group wire type", [0x0b], /unsupported wire type 3/],
    ["field 0", [0x00, 0x01], /field number 0/],
    ["11-byte varint", [0x08, ...new Array(10).fill(0xff), 0x01], /longer than 10 bytes/],
  ];
  for (const [what, bytes, re] of cases) {
    assert.throws(() => fields(new Uint8Array(bytes)), (e: unknown) => e instanceof ProtoDecodeError && re.test(e.message) && e.offset >= 0, what);
  }
  assert.throws(() => fieldValue.double(fields(new Uint8Array([0x08, 0x01]))[0]), /field 1 should be double/);
  assert.throws(() => fieldValue.string(fields(new Uint8Array([0x0a, 0x01, 0xff]))[0]), /not valid UTF-8/);
  assert.throws(() => fieldValue.doubles(fields(new Uint8Array([0x32, 0x03, 1, 2, 3]))[0]), /not a multiple of 8/);
  assert.throws(() => new ProtoWriter().varint(1, 1.5), /safe integer/);
  assert.throws(() => new ProtoWriter().varint(0, 1), /field number 0 out of range/);
});

test("protoc --decode_raw reads the writer's output with the same field numbers and values", (t) => {
  const ok = protocAvailable();
  if (ok !== true) return t.skip(ok);
  const b = new ProtoWriter().double(1, 2.5).varint(2, 42).string(3, "brain.Event:2").message(5, (m) => m.message(1, (v) => v.string(1, "acc").float(2, 0.5))).varint(9, -3).finish();
  const out = decodeRaw(b);
  assert.match(out, /^1: 0x4004000000000000$/m); // protoc prints fixed64 as hex: 2.5 is 0x4004000000000000
  assert.match(out, /^2: 42$/m);
  assert.match(out, /^3: "brain.Event:2"$/m);
  assert.match(out, /^5 \{\n {2}1 \{\n {4}1: "acc"\n {4}2: 0x3f000000\n {2}\}\n\}$/m);
  assert.match(out, /^9: 18446744073709551613$/m);
});
