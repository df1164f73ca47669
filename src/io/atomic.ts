/**
 * @file Atomic file writes: a temp file in the same folder, fsync, rename, fsync of the folder; a crash leaves the
 * old file or the new one, never half of one. Each write first removes the temp files earlier writes of the same
 * target left behind when they were killed.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A temp file untouched this long is abandoned even if its pid is alive (a reused pid, or a writer on another host). */
export const STALE_TEMP_MS = 15 * 60_000;

/** Writes `bytes` (or text) to `path` atomically, creating the folder if needed. */
export function atomicWrite(path: string, bytes: Uint8Array | string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, basename(path));
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

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes `.NAME.tmp-PID-TIME` files (and `NAME.tmp-PID`, which `save` wrote before it used atomicWrite) of this
 * target whose writer is gone or that nobody touched for STALE_TEMP_MS; a live process's fresh temp file stays.
 */
export function removeStaleTemps(dir: string, name: string): string[] {
  const re = new RegExp(`^(?:\\.${escapeRe(name)}\\.tmp-(\\d+)-\\d+|${escapeRe(name)}\\.tmp-(\\d+))$`);
  const removed: string[] = [];
  let entries: string[];
  try { entries = readdirSync(dir); } catch { return removed; }
  for (const f of entries) {
    const m = re.exec(f);
    if (!m) continue;
    const file = join(dir, f);
    try {
      const st = statSync(file);
      if (!st.isFile()) continue;
      if (processAlive(Number(m[1] ?? m[2])) && Date.now() - st.mtimeMs < STALE_TEMP_MS) continue;
      rmSync(file, { force: true });
      removed.push(file);
    } catch { /* gone already, or not ours to remove: the write goes on */ }
  }
  return removed;
}

/** Whether a process with this pid exists (EPERM: it exists under another user). */
function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
