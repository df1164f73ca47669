/**
 * @file storageFromUrl: a TuneStorage from a URL — "memory", "sqlite:///abs/path.db" or a tracking folder
 * ("file:///dir"), "postgresql://user:password@host:port/db".
 */
import { InMemoryStorage } from "./storage-memory.ts";
import { PostgresStorage } from "./storage-postgres.ts";
import { TrackingStudyStorage } from "./storage-sqlite.ts";
import { TuneError, type TuneStorage } from "./storage.ts";

export async function storageFromUrl(url: string): Promise<TuneStorage> {
  if (typeof url !== "string" || !url) throw new TuneError("INVALID_ARGUMENT", `storageFromUrl: expected "memory", "sqlite:///path.db" or "postgresql://...", got ${JSON.stringify(url)}`);
  if (url === "memory" || url === "memory://") return new InMemoryStorage();
  if (url.startsWith("sqlite:") || url.startsWith("file://")) return TrackingStudyStorage.open(url);
  if (/^postgres(ql)?:\/\//.test(url)) return PostgresStorage.connect(url);
  throw new TuneError("INVALID_ARGUMENT", `storageFromUrl: unknown storage URL scheme in ${JSON.stringify(url.replace(/:[^:@/]*@/, ":***@"))}; use "memory", "sqlite:///abs/path.db" or "postgresql://user:password@host:port/db"`);
}
