/**
 * @file Typed reads of the fields of a parsed JSON file: each check names the file and the field's path
 * (`tokenizer.json: model.merges[3]: expected …, got null`), and lookups see own properties only.
 */
import { JsonProblem, parseJsonStrict } from "./json.ts";

export type Json = Record<string, unknown>;

/** A short description of a JSON value for an error: `null`, `an array`, `an object`, `"abc"`, `3`. */
export function describeJson(v: unknown): string {
  if (v === undefined) return "nothing (the field is missing)";
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Reads fields of one file; `file` prefixes every error. */
export class JsonFields {
  constructor(readonly file: string) {}

  /** Parses the text strictly (no BOM, no duplicate keys); errors name the file. */
  parse(text: string): unknown {
    try {
      return parseJsonStrict(text);
    } catch (e) {
      const p = e as JsonProblem;
      throw new Error(`${this.file}: ${p.check === "syntax" ? "not valid JSON: " : ""}${p.message}`);
    }
  }

  fail(at: string, message: string): never {
    throw new Error(`${this.file}: ${at ? `${at}: ` : ""}${message}`);
  }

  /** Runs `make` (a component's constructor), putting the file and path in front of what it throws. */
  build<T>(at: string, make: () => T): T {
    try {
      return make();
    } catch (e) {
      return this.fail(at, (e as Error).message);
    }
  }

  /** The own property `key` of `o` (never an inherited one such as `toString`). */
  get(o: Json, key: string): unknown {
    return Object.hasOwn(o, key) ? o[key] : undefined;
  }

  object(v: unknown, at: string): Json {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(at, `expected an object, got ${describeJson(v)}`);
    return v as Json;
  }

  /** `null`/missing → null, else an object. */
  optObject(v: unknown, at: string): Json | null {
    return v === null || v === undefined ? null : this.object(v, at);
  }

  array(v: unknown, at: string, of = "values"): unknown[] {
    if (!Array.isArray(v)) this.fail(at, `expected an array of ${of}, got ${describeJson(v)}`);
    return v as unknown[];
  }

  string(v: unknown, at: string, dflt?: string): string {
    if ((v === undefined || v === null) && dflt !== undefined) return dflt;
    if (typeof v !== "string") this.fail(at, `expected a string, got ${describeJson(v)}`);
    return v as string;
  }

  /** `null`/missing → null, else a string. */
  optString(v: unknown, at: string): string | null {
    return v === null || v === undefined ? null : this.string(v, at);
  }

  boolean(v: unknown, at: string, dflt: boolean): boolean {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "boolean") this.fail(at, `expected true or false, got ${describeJson(v)}`);
    return v as boolean;
  }

  /** An integer ≥ `min` (default 0); missing/null → `dflt` when one is given. */
  integer(v: unknown, at: string, opts: { dflt?: number; min?: number } = {}): number {
    if ((v === undefined || v === null) && opts.dflt !== undefined) return opts.dflt;
    const min = opts.min ?? 0;
    if (!Number.isSafeInteger(v) || (v as number) < min) this.fail(at, `expected an integer ≥ ${min}, got ${describeJson(v)}`);
    return v as number;
  }

  /** A number in [lo, hi]; missing/null → `dflt`. */
  number(v: unknown, at: string, lo: number, hi: number, dflt: number): number {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "number" || !(v >= lo && v <= hi)) this.fail(at, `expected a number in [${lo}, ${hi}], got ${describeJson(v)}`);
    return v as number;
  }

  /** One of `options`; missing/null → `dflt` when one is given. */
  oneOf<T extends string>(v: unknown, at: string, options: readonly T[], dflt?: T): T {
    if ((v === undefined || v === null) && dflt !== undefined) return dflt;
    if (typeof v !== "string" || !options.includes(v as T)) this.fail(at, `expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}, got ${describeJson(v)}`);
    return v as T;
  }
}
