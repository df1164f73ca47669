/**
 * @file Strict JSON for the files lernwerk loads: no byte-order mark, no duplicate keys (JSON.parse silently
 * keeps the last one), errors that name the file and the key path; plus helpers for prototype-free records.
 */

/** What was wrong with a JSON text: `check` names it; for a duplicate, `at` is the object's key path and `key` the key. */
export class JsonProblem extends Error {
  constructor(readonly check: "byte-order mark" | "syntax" | "duplicate key", detail: string, readonly at: readonly (string | number)[] = [], readonly key = "") {
    super(detail);
  }
}

/** The path of `key` inside the value at `at`: `model` + `merges` → `model.merges`, + 3 → `[3]`, + "a b" → `["a b"]`. */
export function childPath(at: string, key: string | number): string {
  if (typeof key === "number") return `${at}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (at ? `${at}.${key}` : key) : `${at}[${JSON.stringify(key)}]`;
}

/** A key path as `model.merges[3]` (keys that are not identifiers in brackets: `vocab["a b"]`). */
export function jsonPath(parts: readonly (string | number)[]): string {
  return parts.reduce<string>((at, p) => childPath(at, p), "");
}

/**
 * Parses JSON text, refusing what JSON.parse lets through: a leading byte-order mark and an object with
 * the same key twice (at any depth). Throws a JsonProblem; callers prefix it with the file and the function.
 */
export function parseJsonStrict(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) throw new JsonProblem("byte-order mark", "it starts with a UTF-8 byte-order mark (U+FEFF); JSON files must not (RFC 8259 §8.1): save it without one");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message, at = /position (\d+)/.exec(msg);
    const early = /end of JSON input|Unterminated/.test(msg) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    throw new JsonProblem("syntax", `${msg}${early ? " (the text ends early: a truncated file?)" : ""}`);
  }
  const dup = firstDuplicateKey(text);
  if (dup) throw new JsonProblem("duplicate key", `${dup.at.length ? jsonPath(dup.at) : "the top-level object"} has the key ${JSON.stringify(dup.key)} twice`, dup.at, dup.key);
  return value;
}

interface Frame { object: boolean; keys: Set<string>; expectKey: boolean; index: number }

/** The first key seen twice in one object of a text that is valid JSON, with the path of that object. */
export function firstDuplicateKey(text: string): { at: (string | number)[]; key: string } | null {
  const frames: Frame[] = [];
  const path: (string | number)[] = []; // path[i] is the key or index inside frames[i]
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      frames.push({ object: c === 0x7b, keys: new Set(), expectKey: true, index: 0 });
      path.push(c === 0x7b ? "" : 0);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
      path.pop();
    } else if (c === 0x2c /* , */) {
      const f = frames[frames.length - 1];
      if (f.object) f.expectKey = true;
      else path[path.length - 1] = ++f.index;
    } else if (c === 0x22 /* " */) {
      let j = text.indexOf('"', i + 1);
      for (;;) { // a quote after an odd number of backslashes is part of the string
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c /* \ */) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      const f = frames[frames.length - 1];
      if (f?.object && f.expectKey) {
        const raw = text.slice(i + 1, j);
        const key = raw.includes("\\") ? JSON.parse(`"${raw}"`) as string : raw;
        if (f.keys.has(key)) return { at: path.slice(0, -1), key };
        f.keys.add(key);
        f.expectKey = false;
        path[path.length - 1] = key;
      }
      i = j;
    }
  }
  return null;
}

/** An empty record without a prototype: `r["toString"]` is undefined and `r["__proto__"] = x` stores a key. */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
