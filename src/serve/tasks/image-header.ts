/** @file Reads an image's format and size from its header only (PNG IHDR, JPEG SOF), so oversized images (decompression bombs) are rejected before decoding. */
import { ServeError } from "../task.ts";

export interface ImageHeader { format: "png" | "jpeg"; width: number; height: number }

/** The format and size of PNG/JPEG bytes; a 415 ServeError for anything else, 400 for a truncated header. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) {
    if (b.length < 24 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== "IHDR") throw new ServeError(400, "INVALID_IMAGE", "image-classification: the PNG has no IHDR header");
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: "png", width: v.getUint32(16), height: v.getUint32(20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) { i++; continue; }
      const marker = b[i + 1];
      if (marker === 0xff) { i++; continue; }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
      const len = (b[i + 2] << 8) | b[i + 3];
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: "jpeg", height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
      }
      if (len < 2) break;
      i += 2 + len;
    }
    throw new ServeError(400, "INVALID_IMAGE", "image-classification: the JPEG has no frame header (SOF)");
  }
  throw new ServeError(415, "UNSUPPORTED_MEDIA_TYPE", "image-classification: the body is not a PNG or JPEG image");
}
