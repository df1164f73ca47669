/**
 * @file UTF-8 for the byte-level tokenizers. Lone surrogates are kept losslessly as WTF-8 (the 3-byte
 * form of U+D800–DFFF) by default, or replaced by U+FFFD as tiktoken does; decoding turns invalid
 * bytes into U+FFFD (WHATWG rules) and WTF-8 surrogate sequences back into lone surrogates.
 */

/** How `utf8Encode` treats a lone surrogate: keep it (WTF-8, lossless) or replace it by U+FFFD. */
export type LoneSurrogates = "keep" | "replace";

/** Encodes a UTF-16 string into UTF-8 bytes written to `out` from 0; returns the number of bytes. */
export function utf8EncodeInto(s: string, start: number, end: number, out: Uint8Array, loneSurrogates: LoneSurrogates = "keep"): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { out[n++] = c; continue; }
    if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < end ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[n++] = 0xf0 | (cp >> 18); out[n++] = 0x80 | ((cp >> 12) & 63);
        out[n++] = 0x80 | ((cp >> 6) & 63); out[n++] = 0x80 | (cp & 63);
        i++;
        continue;
      }
      if (loneSurrogates === "replace") c = 0xfffd;
    }
    out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
  }
  return n;
}

/** The UTF-8 (WTF-8 for lone surrogates unless `replace`) bytes of `s`. */
export function utf8Encode(s: string, loneSurrogates: LoneSurrogates = "keep"): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  return out.subarray(0, utf8EncodeInto(s, 0, s.length, out, loneSurrogates));
}

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Whether bytes[i..i+2] is a WTF-8 encoded surrogate (ED A0–BF 80–BF). */
const isSurrogateSeq = (b: Uint8Array, i: number): boolean =>
  b[i] === 0xed && i + 2 < b.length && b[i + 1] >= 0xa0 && b[i + 1] <= 0xbf && (b[i + 2] & 0xc0) === 0x80;

/**
 * Decodes UTF-8 bytes. Invalid sequences become U+FFFD (one per maximal invalid subpart, as
 * `TextDecoder` does); WTF-8 surrogate sequences become the lone surrogates they encode.
 */
export function utf8Decode(bytes: Uint8Array): string {
  let first = -1;
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xed && isSurrogateSeq(bytes, i)) { first = i; break; }
  if (first < 0) return decoder.decode(bytes);
  let out = "";
  let from = 0;
  for (let i = first; i < bytes.length; i++) {
    if (bytes[i] !== 0xed || !isSurrogateSeq(bytes, i)) continue;
    out += decoder.decode(bytes.subarray(from, i));
    out += String.fromCharCode(0xd000 | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63));
    i += 2;
    from = i + 1;
  }
  return out + decoder.decode(bytes.subarray(from));
}
