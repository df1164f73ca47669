// Builds safetensors files byte by byte for the loader tests: header length (u64 LE), header text, data.
export function rawSafetensors(headerText: string, data: Uint8Array, prefix: number[] = []): Uint8Array {
  const h = Buffer.concat([Buffer.from(prefix), Buffer.from(headerText, "utf8")]);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** `n` bytes of float32 1.5 values (n a multiple of 4). */
export const f32 = (n: number): Uint8Array => new Uint8Array(new Float32Array(n).fill(1.5).buffer);
