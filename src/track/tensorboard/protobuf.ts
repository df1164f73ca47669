/**
 * @file The protobuf wire format, small: a writer (varint, fixed64 double, fixed32 float, length-delimited
 * bytes/strings/messages, packed repeated doubles) and a reader that walks a message's fields.
 */

/** Wire types of the protobuf encoding (groups, 3 and 4, are not supported). */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
export type WireType = (typeof WIRE)[keyof typeof WIRE];

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/**
 * Builds one message. Fields are written in call order; proto3 leaves out default values, so the
 * `*IfSet` helpers skip 0 / "" / empty, as a proto3 serializer does.
 */
export class ProtoWriter {
  #buf = new Uint8Array(64);
  #len = 0;
  #view = new DataView(this.#buf.buffer);

  get length(): number {
    return this.#len;
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** An unsigned varint; negative int32/int64 values are written as 10-byte two's complement, as protobuf does. */
  rawVarint(value: number | bigint): this {
    if (typeof value === "number" && !Number.isSafeInteger(value)) throw new RangeError(`protobuf: varint needs a safe integer, got ${value}`);
    let v = typeof value === "bigint" ? value : BigInt(value);
    if (v < 0n) v = BigInt.asUintN(64, v);
    if (v >= 1n << 64n) throw new RangeError(`protobuf: varint ${value} does not fit 64 bits`);
    this.#reserve(10);
    if (v < 0x80000000n) {
      let n = Number(v);
      while (n >= 0x80) { this.#buf[this.#len++] = (n & 0x7f) | 0x80; n >>>= 7; }
      this.#buf[this.#len++] = n;
      return this;
    }
    while (v >= 0x80n) { this.#buf[this.#len++] = Number(v & 0x7fn) | 0x80; v >>= 7n; }
    this.#buf[this.#len++] = Number(v);
    return this;
  }

  tag(field: number, wire: WireType): this {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new RangeError(`protobuf: field number ${field} out of range`);
    return this.rawVarint(field * 8 + wire);
  }

  /** int32 / int64 / uint / enum / bool field. */
  varint(field: number, value: number | bigint | boolean): this {
    return this.tag(field, WIRE.varint).rawVarint(typeof value === "boolean" ? (value ? 1 : 0) : value);
  }
  varintIfSet(field: number, value: number | bigint | boolean | undefined): this {
    return value === undefined || value === 0 || value === 0n || value === false ? this : this.varint(field, value);
  }

  /** double field (fixed64, little-endian). */
  double(field: number, value: number): this {
    this.tag(field, WIRE.fixed64);
    this.#reserve(8);
    this.#view.setFloat64(this.#len, value, true);
    this.#len += 8;
    return this;
  }
  doubleIfSet(field: number, value: number | undefined): this {
    return value === undefined || Object.is(value, 0) ? this : this.double(field, value);
  }

  /** float field (fixed32, little-endian): the value is rounded to float32. */
  float(field: number, value: number): this {
    this.tag(field, WIRE.fixed32);
    this.#reserve(4);
    this.#view.setFloat32(this.#len, value, true);
    this.#len += 4;
    return this;
  }

  /** bytes field, or an already-encoded sub-message. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE.bytes).rawVarint(value.length);
    this.#reserve(value.length);
    this.#buf.set(value, this.#len);
    this.#len += value.length;
    return this;
  }
  bytesIfSet(field: number, value: Uint8Array | undefined): this {
    return value === undefined || value.length === 0 ? this : this.bytes(field, value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }
  stringIfSet(field: number, value: string | undefined): this {
    return value === undefined || value === "" ? this : this.string(field, value);
  }

  /** A sub-message built by `build` (always written, even when empty: a set message field). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const sub = new ProtoWriter();
    build(sub);
    return this.bytes(field, sub.finish());
  }

  /** packed repeated double: one length-delimited field of 8-byte values; nothing when empty. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WIRE.bytes).rawVarint(values.length * 8);
    this.#reserve(values.length * 8);
    for (let i = 0; i < values.length; i++, this.#len += 8) this.#view.setFloat64(this.#len, values[i], true);
    return this;
  }

  /** packed repeated float (float32 values); nothing when empty. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WIRE.bytes).rawVarint(values.length * 4);
    this.#reserve(values.length * 4);
    for (let i = 0; i < values.length; i++, this.#len += 4) this.#view.setFloat32(this.#len, values[i], true);
    return this;
  }

  /** The encoded message (a copy: the writer may be reused). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** One field as read off the wire. `value`: bigint for varints, the 8 or 4 raw bytes for fixed, the payload for bytes. */
export interface ProtoField {
  field: number;
  wire: WireType;
  varint: bigint;
  bytes: Uint8Array;
  /** byte offset of the field's tag in the message */
  at: number;
}

/** Thrown on malformed wire data; `offset` is the byte offset in the message being read. */
export class ProtoDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = "ProtoDecodeError";
  }
}

/** Reads the fields of one message in order; sub-messages are read by a new ProtoReader on `bytes`. */
export class ProtoReader {
  readonly #buf: Uint8Array;
  #pos = 0;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  #varint(): bigint {
    const start = this.#pos;
    let result = 0n, shift = 0n;
    for (;;) {
      if (this.#pos >= this.#buf.length) throw new ProtoDecodeError(`protobuf: varint runs past the end of the message`, start);
      const b = this.#buf[this.#pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtoDecodeError(`protobuf: varint longer than 10 bytes`, start);
    }
  }

  /** A varint known to be small (a key or a length): plain number arithmetic, up to 2^49 (7 bytes). */
  #smallVarint(what: string): number {
    const start = this.#pos;
    let result = 0, scale = 1;
    for (let i = 0; i < 7; i++) {
      if (this.#pos >= this.#buf.length) throw new ProtoDecodeError(`protobuf: varint runs past the end of the message`, start);
      const b = this.#buf[this.#pos++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ProtoDecodeError(`protobuf: ${what} varint longer than 7 bytes`, start);
  }

  #take(n: number, at: number): Uint8Array {
    if (n > this.#buf.length - this.#pos) throw new ProtoDecodeError(`protobuf: field needs ${n} bytes, ${this.#buf.length - this.#pos} left`, at);
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** All fields, in wire order (an array: cheaper than a generator for the many small messages of an event file). */
  fields(): ProtoField[] {
    const empty = new Uint8Array(0), out: ProtoField[] = [];
    while (this.#pos < this.#buf.length) {
      const at = this.#pos;
      const key = this.#smallVarint("field key");
      const field = Math.floor(key / 8), wire = key % 8;
      if (field === 0) throw new ProtoDecodeError(`protobuf: field number 0`, at);
      switch (wire) {
        case WIRE.varint: out.push({ field, wire, varint: this.#varint(), bytes: empty, at }); break;
        case WIRE.fixed64: out.push({ field, wire, varint: 0n, bytes: this.#take(8, at), at }); break;
        case WIRE.fixed32: out.push({ field, wire, varint: 0n, bytes: this.#take(4, at), at }); break;
        case WIRE.bytes: {
          const n = this.#smallVarint("length");
          if (n > this.#buf.length) throw new ProtoDecodeError(`protobuf: length ${n} runs past the end of the message`, at);
          out.push({ field, wire, varint: 0n, bytes: this.#take(n, at), at });
          break;
        }
        default: throw new ProtoDecodeError(`protobuf: unsupported wire type ${wire} (field ${field})`, at);
      }
    }
    return out;
  }
}

/** Reading helpers for one field's value, checking the wire type. */
export const fieldValue = {
  double(f: ProtoField): number {
    expectWire(f, WIRE.fixed64, "double");
    return new DataView(f.bytes.buffer, f.bytes.byteOffset, 8).getFloat64(0, true);
  },
  float(f: ProtoField): number {
    expectWire(f, WIRE.fixed32, "float");
    return new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true);
  },
  /** int64/int32 as a signed number (int32 negatives come as 10-byte varints). */
  int(f: ProtoField): number {
    expectWire(f, WIRE.varint, "integer");
    return Number(BigInt.asIntN(64, f.varint));
  },
  bool(f: ProtoField): boolean {
    expectWire(f, WIRE.varint, "bool");
    return f.varint !== 0n;
  },
  bytes(f: ProtoField): Uint8Array {
    expectWire(f, WIRE.bytes, "bytes");
    return f.bytes;
  },
  string(f: ProtoField): string {
    expectWire(f, WIRE.bytes, "string");
    try {
      return utf8Strict.decode(f.bytes);
    } catch {
      throw new ProtoDecodeError(`protobuf: field ${f.field} is not valid UTF-8`, f.at);
    }
  },
  /** repeated double, packed (one bytes field) or not (one fixed64 field per value). */
  doubles(f: ProtoField): number[] {
    if (f.wire === WIRE.fixed64) return [fieldValue.double(f)];
    expectWire(f, WIRE.bytes, "packed double");
    if (f.bytes.length % 8 !== 0) throw new ProtoDecodeError(`protobuf: packed doubles of ${f.bytes.length} bytes (not a multiple of 8)`, f.at);
    const v = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length), out: number[] = [];
    for (let i = 0; i < f.bytes.length; i += 8) out.push(v.getFloat64(i, true));
    return out;
  },
  /** repeated int32/int64, packed or not, as signed numbers. */
  ints(f: ProtoField): number[] {
    if (f.wire === WIRE.varint) return [fieldValue.int(f)];
    expectWire(f, WIRE.bytes, "packed varint");
    const out: number[] = [];
    let v = 0n, shift = 0n;
    for (const b of f.bytes) {
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) { out.push(Number(BigInt.asIntN(64, v))); v = 0n; shift = 0n; }
      else if (shift > 63n) throw new ProtoDecodeError(`protobuf: packed varint longer than 10 bytes`, f.at);
    }
    if (shift !== 0n) throw new ProtoDecodeError(`protobuf: packed varints end inside a value`, f.at);
    return out;
  },
  /** repeated float, packed or not. */
  floats(f: ProtoField): number[] {
    if (f.wire === WIRE.fixed32) return [fieldValue.float(f)];
    expectWire(f, WIRE.bytes, "packed float");
    if (f.bytes.length % 4 !== 0) throw new ProtoDecodeError(`protobuf: packed floats of ${f.bytes.length} bytes (not a multiple of 4)`, f.at);
    const v = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length), out: number[] = [];
    for (let i = 0; i < f.bytes.length; i += 4) out.push(v.getFloat32(i, true));
    return out;
  },
};

function expectWire(f: ProtoField, wire: WireType, what: string): void {
  if (f.wire !== wire) throw new ProtoDecodeError(`protobuf: field ${f.field} should be ${what} (wire type ${wire}), has wire type ${f.wire}`, f.at);
}
