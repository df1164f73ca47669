/**
 * @file GPT-2's reversible byte ↔ printable-character table (`bytes_to_unicode`): each of the
 * 256 byte values gets one visible character, so byte strings can live in a string vocabulary.
 */

/** `BYTE_TO_CHAR[b]` is the character standing for byte `b` ("Ġ" for the space, 0x20). */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const keep: number[] = [];
  for (let b = 33; b <= 126; b++) keep.push(b);
  for (let b = 161; b <= 172; b++) keep.push(b);
  for (let b = 174; b <= 255; b++) keep.push(b);
  const table = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(keep.includes(b) ? b : 256 + extra++);
  }
  return table;
})();

/** The inverse table: character code → byte (or -1 for characters that stand for no byte). */
export const CHAR_TO_BYTE: Int16Array = (() => {
  const t = new Int16Array(512).fill(-1);
  BYTE_TO_CHAR.forEach((ch, b) => { t[ch.charCodeAt(0)] = b; });
  return t;
})();

/** The byte-level spelling of some bytes ("Ġhello" for " hello"). */
export function bytesToSymbols(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_CHAR[bytes[i]];
  return s;
}

/** The bytes a byte-level token spells; throws on a character that stands for no byte. */
export function symbolsToBytes(symbols: string): Uint8Array {
  const out = new Uint8Array(symbols.length);
  for (let i = 0; i < symbols.length; i++) {
    const c = symbols.charCodeAt(i);
    const b = c < 512 ? CHAR_TO_BYTE[c] : -1;
    if (b < 0) throw new Error(`byte-level: the token "${symbols}" holds "${symbols[i]}", which stands for no byte`);
    out[i] = b;
  }
  return out;
}
