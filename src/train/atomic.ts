/** @file Atomic file writes: a temp file in the same folder, fsync, rename, fsync of the folder; a crash leaves the old file or the new one, never half of one. */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Writes `bytes` (or text) to `path` atomically, creating the folder if needed. */
export function atomicWrite(path: string, bytes: Uint8Array | string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  try {
    const fd = openSync(tmp, "w");
    try {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const d = openSync(dir, "r");
    try { fsyncSync(d); } finally { closeSync(d); }
  } catch { /* some file systems cannot fsync a folder; the rename is done */ }
}
