/**
 * @file A CSV reader (RFC 4180 quoting) into a Table whose columns are numeric or categorical,
 * detected per column; numeric columns become a float tensor, categorical ones go through a LabelEncoder.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";

export interface CsvOptions {
  /** The first row holds the column names (default true); otherwise they are "0", "1", …. */
  header?: boolean;
  delimiter?: string;
  /** Lines to skip before the header (or the data). */
  skipRows?: number;
  /** Cells counted as missing in numeric columns (become NaN). Default: "", "NA", "NaN", "null". */
  naValues?: string[];
  /** Force these columns to be categorical even if every value parses as a number. */
  categorical?: string[];
}

/** Splits CSV text into rows of cells; quoted cells may hold the delimiter, newlines and doubled quotes. */
export function parseCsvRows(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = "", quoted = false, i = 0;
  const endCell = () => { row.push(cell); cell = ""; };
  const endRow = () => { endCell(); if (row.length > 1 || row[0] !== "") rows.push(row); row = []; };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === delimiter) endCell();
    else if (c === "\n") endRow();
    else if (c !== "\r") cell += c;
    i++;
  }
  if (quoted) throw new Error(`readCsv: unterminated quoted cell in row ${rows.length + 1}`);
  if (cell !== "" || row.length) endRow();
  return rows;
}

export type Column = { kind: "numeric"; values: Float64Array } | { kind: "categorical"; values: string[] };

export class Table {
  constructor(readonly columns: string[], readonly data: Record<string, Column>, readonly numRows: number) {}

  column(name: string): Column {
    const c = this.data[name];
    if (!c) throw new RangeError(`Table: no column "${name}"; columns: ${this.columns.join(", ")}`);
    return c;
  }
  /** Values of a numeric column. */
  numbers(name: string): Float64Array {
    const c = this.column(name);
    if (c.kind !== "numeric") throw new TypeError(`Table: column "${name}" is categorical (e.g. "${c.values[0]}"); encode it with LabelEncoder or oneHot`);
    return c.values;
  }
  /** Values of any column as strings. */
  strings(name: string): string[] {
    const c = this.column(name);
    return c.kind === "categorical" ? c.values : Array.from(c.values, String);
  }
  /** The numeric columns `names` (default: all numeric ones) as a float tensor (N, k). */
  toTensor(names: string[] = this.columns.filter((n) => this.data[n].kind === "numeric"), opts: { dtype?: "float32" | "float64" } = {}): Tensor {
    const cols = names.map((n) => this.numbers(n));
    const out = opts.dtype === "float64" ? new Float64Array(this.numRows * cols.length) : new Float32Array(this.numRows * cols.length);
    cols.forEach((c, j) => c.forEach((v, i) => { out[i * cols.length + j] = v; }));
    return fromTypedArray(out, [this.numRows, cols.length]);
  }
}

/** Parses CSV text into a Table. */
export function parseCsv(text: string, opts: CsvOptions = {}): Table {
  const rows = parseCsvRows(text, opts.delimiter ?? ",").slice(opts.skipRows ?? 0);
  const header = opts.header ?? true;
  const width = rows[0]?.length ?? 0;
  const names = header ? rows[0] : Array.from({ length: width }, (_, i) => String(i));
  const body = header ? rows.slice(1) : rows;
  body.forEach((r, i) => {
    if (r.length !== names.length) throw new RangeError(`readCsv: row ${i + 1 + (header ? 1 : 0) + (opts.skipRows ?? 0)} has ${r.length} cells, the header ${names.length}`);
  });
  const na = new Set(opts.naValues ?? ["", "NA", "NaN", "nan", "null"]);
  const forced = new Set(opts.categorical ?? []);
  const data: Record<string, Column> = {};
  names.forEach((name, j) => {
    const cells = body.map((r) => r[j].trim());
    const numeric = !forced.has(name) && cells.every((c) => na.has(c) || Number.isFinite(Number(c)));
    data[name] = numeric
      ? { kind: "numeric", values: Float64Array.from(cells, (c) => (na.has(c) ? NaN : Number(c))) }
      : { kind: "categorical", values: cells };
  });
  return new Table(names, data, body.length);
}

/** Reads a CSV file (or `.csv.gz`) into a Table. @example readCsv("iris.csv").toTensor() */
export function readCsv(path: string, opts: CsvOptions = {}): Table {
  const raw = readFileSync(path);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return parseCsv(bytes.toString("utf8"), opts);
}
