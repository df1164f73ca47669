/** @file Test helpers of lw.track: a store in a fresh temporary folder, removed afterwards. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TrackingStore } from "../../src/track/store.ts";

export function tempDir(prefix = "lw-track-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs f with a store in a new temporary folder; closes and removes both afterwards. */
export async function withStore<T>(f: (store: TrackingStore, dir: string) => T | Promise<T>): Promise<T> {
  const { dir, cleanup } = tempDir();
  const store = TrackingStore.open(dir);
  try {
    return await f(store, dir);
  } finally {
    store.close();
    cleanup();
  }
}
