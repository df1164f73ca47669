/**
 * @file storageFromUrl: a TuneStorage from a URL — "memory", "sqlite:///abs/path.db" or a tracking folder
 * ("file:///dir"), "postgresql://user:password@host:port/db".
 */
import { PostgresStorage } from "./storage-postgres.ts";
import { TrackingStudyStorage } from "./storage-sqlite.ts";
import { TuneError, type TuneStorage } from "./storage.ts";

/** Where tune-core's InMemoryStorage lives. TODO(integrator): import it statically once both branches are merged. */
const MEMORY_MODULE = "./storage-memory.ts";

export async function storageFromUrl(url: string): Promise<TuneStorage> {
  if (typeof url !== "string" || !url) throw new TuneError("INVALID_ARGUMENT", `storageFromUrl: expected "memory", "sqlite:///path.db" or "postgresql://...", got ${JSON.stringify(url)}`);
  if (url === "memory" || url === "memory://") {
    let mod: { InMemoryStorage?: new () => TuneStorage };
    try {
      mod = (await import(MEMORY_MODULE)) as { InMemoryStorage?: new () => TuneStorage };
    } catch (e) {
      throw new TuneError("STORAGE_UNAVAILABLE", `storageFromUrl: the in-memory storage (${MEMORY_MODULE}) could not be loaded: ${(e as Error).message}`);
    }
    if (!mod.InMemoryStorage) throw new TuneError("STORAGE_UNAVAILABLE", `storageFromUrl: ${MEMORY_MODULE} exports no InMemoryStorage`);
    return new mod.InMemoryStorage();
  }
  if (url.startsWith("sqlite:") || url.startsWith("file://")) return TrackingStudyStorage.open(url);
  if (/^postgres(ql)?:\/\//.test(url)) return PostgresStorage.connect(url);
  throw new TuneError("INVALID_ARGUMENT", `storageFromUrl: unknown storage URL scheme in ${JSON.stringify(url.replace(/:[^:@/]*@/, ":***@"))}; use "memory", "sqlite:///abs/path.db" or "postgresql://user:password@host:port/db"`);
}
