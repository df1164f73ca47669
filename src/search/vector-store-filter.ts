/** @file Metadata filters of VectorStore.similaritySearch: `{ key: value }` equality, `{ key: { $in: [...] } }`, `$ne`, or a predicate. */

export type MetadataValue = string | number | boolean | null;
export type Metadata = Record<string, unknown>;
export type FieldCondition = MetadataValue | { $in: readonly MetadataValue[] } | { $ne: MetadataValue };
export type MetadataFilter = Record<string, FieldCondition> | ((metadata: Metadata) => boolean);

/** True if the metadata satisfies every field condition (or the predicate). */
export function matchesFilter(metadata: Metadata, filter: MetadataFilter, fn: string): boolean {
  if (typeof filter === "function") return filter(metadata);
  if (filter === null || typeof filter !== "object") throw new TypeError(`${fn}: filter must be an object of field conditions or a function`);
  for (const [key, cond] of Object.entries(filter)) {
    const v = metadata[key];
    if (cond !== null && typeof cond === "object") {
      if ("$in" in cond && Array.isArray(cond.$in)) { if (!cond.$in.includes(v as MetadataValue)) return false; }
      else if ("$ne" in cond) { if (v === cond.$ne) return false; }
      else throw new TypeError(`${fn}: filter.${key} must be a value, { $in: [...] } or { $ne: value }, got ${JSON.stringify(cond)}`);
    } else if (v !== cond) return false;
  }
  return true;
}
