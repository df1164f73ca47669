/**
 * @file searchRuns' filter language (MLflow's subset, with OR and parentheses added): a tokenizer, a
 * precedence parser (OR < AND < comparison) and a compiler to an SQL condition with bound parameters.
 * @example parseFilter("metrics.acc > 0.9 and (params.lr = '0.01' or tags.model LIKE 'cnn%')")
 */
import { invalid } from "./errors.ts";

export type Entity = "metrics" | "params" | "tags" | "attributes";
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";
export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "compare"; entity: Entity; key: string; op: CompareOp; value: number | string | string[] };

type TokenKind = "ident" | "string" | "number" | "op" | "keyword" | "lparen" | "rparen" | "comma" | "end";
interface Token { kind: TokenKind; text: string; value: string; at: number }

const ENTITY_ALIASES: Record<string, Entity> = {
  metric: "metrics", metrics: "metrics", param: "params", params: "params", parameter: "params", parameters: "params",
  tag: "tags", tags: "tags", attribute: "attributes", attributes: "attributes", attr: "attributes", run: "attributes",
};
/** Run attributes a filter may name, their SQL column, and whether they compare as numbers. */
export const ATTRIBUTES: Record<string, { column: string; numeric: boolean }> = {
  run_id: { column: "r.run_uuid", numeric: false }, run_name: { column: "r.name", numeric: false },
  status: { column: "r.status", numeric: false }, artifact_uri: { column: "r.artifact_uri", numeric: false },
  lifecycle_stage: { column: "r.lifecycle_stage", numeric: false }, experiment_id: { column: "CAST(r.experiment_id AS TEXT)", numeric: false },
  user_id: { column: "(SELECT t.value FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = 'mlflow.user')", numeric: false },
  start_time: { column: "r.start_time", numeric: true }, end_time: { column: "r.end_time", numeric: true },
};
const ATTRIBUTE_ALIASES: Record<string, string> = { run_uuid: "run_id", id: "run_id", name: "run_name", runName: "run_name", runId: "run_id", startTime: "start_time", endTime: "end_time" };
const KEYWORDS = new Set(["AND", "OR", "NOT", "IN", "LIKE", "ILIKE"]);

const fail = (source: string, at: number, what: string): never => {
  throw invalid(`searchRuns: bad filter at position ${at}: ${what}\n  ${source}\n  ${" ".repeat(at)}^`);
};

/** Splits a filter into tokens; quoted keys (metrics.`my key`, metrics."my key") stay in their identifier. */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const quoted = (q: string): string => {
    const start = i;
    let s = "";
    for (i++; i < source.length; i++) {
      const c = source[i];
      if (c === "\\" && i + 1 < source.length) { s += source[++i]; continue; }
      if (c === q) {
        if (source[i + 1] === q) { s += q; i++; continue; }
        i++;
        return s;
      }
      s += c;
    }
    return fail(source, start, `unterminated ${q === "`" ? "backquoted name" : "string"} starting here`);
  };
  while (i < source.length) {
    const c = source[i], at = i;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(") { out.push({ kind: "lparen", text: c, value: c, at }); i++; continue; }
    if (c === ")") { out.push({ kind: "rparen", text: c, value: c, at }); i++; continue; }
    if (c === ",") { out.push({ kind: "comma", text: c, value: c, at }); i++; continue; }
    if (c === "'" || c === '"') { const v = quoted(c); out.push({ kind: "string", text: source.slice(at, i), value: v, at }); continue; }
    const op = /^(==|!=|<>|<=|>=|=|<|>)/.exec(source.slice(i));
    if (op) { out.push({ kind: "op", text: op[1], value: op[1] === "==" ? "=" : op[1] === "<>" ? "!=" : op[1], at }); i += op[1].length; continue; }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(i));
    if (num) { out.push({ kind: "number", text: num[0], value: num[0], at }); i += num[0].length; continue; }
    if (/[A-Za-z_`]/.test(c)) {
      let value = "";
      while (i < source.length) {
        if (source[i] === "`") value += "\u0000" + quoted("`") + "\u0000";
        else if (source[i] === '"' && value.endsWith(".")) value += "\u0000" + quoted('"') + "\u0000";
        else if (/[\w.\-/:]/.test(source[i])) value += source[i++];
        else break;
      }
      const upper = value.toUpperCase();
      out.push({ kind: KEYWORDS.has(upper) ? "keyword" : "ident", text: source.slice(at, i), value: KEYWORDS.has(upper) ? upper : value, at });
      continue;
    }
    fail(source, at, `unexpected character "${c}"`);
  }
  out.push({ kind: "end", text: "end of filter", value: "", at: source.length });
  return out;
}

/** Parses a filter into a tree; an empty filter is null. Errors name the bad token and its position. */
export function parseFilter(source: string): FilterNode | null {
  if (!source.trim()) return null;
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const next = (): Token => tokens[pos++];
  const isKeyword = (t: Token, k: string): boolean => t.kind === "keyword" && t.value === k;
  const show = (t: Token): string => (t.kind === "end" ? "the end of the filter" : `"${t.text}"`);

  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (isKeyword(peek(), "OR")) { next(); left = { kind: "or", left, right: andExpr() }; }
    return left;
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (isKeyword(peek(), "AND")) { next(); left = { kind: "and", left, right: primary() }; }
    return left;
  };
  const primary = (): FilterNode => {
    if (peek().kind === "lparen") {
      next();
      const inner = orExpr();
      if (peek().kind !== "rparen") fail(source, peek().at, `expected ")" , got ${show(peek())}`);
      next();
      return inner;
    }
    return comparison();
  };
  const comparison = (): FilterNode => {
    const id = next();
    if (id.kind !== "ident") return fail(source, id.at, `expected a name like metrics.acc, params.lr, tags.x or attributes.status, got ${show(id)}`);
    const { entity, key } = splitIdentifier(id, source);
    let op: CompareOp;
    const t = next();
    if (t.kind === "op") op = t.value as CompareOp;
    else if (isKeyword(t, "LIKE") || isKeyword(t, "ILIKE") || isKeyword(t, "IN")) op = t.value as CompareOp;
    else if (isKeyword(t, "NOT") && isKeyword(peek(), "IN")) { next(); op = "NOT IN"; }
    else return fail(source, t.at, `expected a comparison (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after "${id.text}", got ${show(t)}`);
    const numeric = entity === "metrics" || (entity === "attributes" && ATTRIBUTES[key].numeric);
    if (op === "IN" || op === "NOT IN") {
      if (entity === "metrics" || numeric) fail(source, t.at, `${op} compares strings; "${id.text}" is a number`);
      if (next().kind !== "lparen") fail(source, tokens[pos - 1].at, `expected "(" after ${op}, got ${show(tokens[pos - 1])}`);
      const list: string[] = [];
      for (;;) {
        const v = next();
        if (v.kind !== "string") fail(source, v.at, `expected a quoted string in the ${op} list, got ${show(v)}`);
        list.push(v.value);
        const sep = next();
        if (sep.kind === "rparen") break;
        if (sep.kind !== "comma") fail(source, sep.at, `expected "," or ")" in the ${op} list, got ${show(sep)}`);
      }
      return { kind: "compare", entity, key, op, value: list };
    }
    const v = next();
    if (numeric) {
      if (op === "LIKE" || op === "ILIKE") fail(source, t.at, `${op} compares strings; "${id.text}" is a number`);
      if (v.kind !== "number") fail(source, v.at, `"${id.text}" is compared with a number, got ${show(v)}`);
      return { kind: "compare", entity, key, op, value: Number(v.value) };
    }
    if (v.kind !== "string") fail(source, v.at, `"${id.text}" is compared with a quoted string (e.g. '0.01'), got ${show(v)}`);
    if (op !== "=" && op !== "!=" && op !== "LIKE" && op !== "ILIKE") fail(source, t.at, `${entity}.${key} is a string: use =, !=, LIKE, ILIKE, IN or NOT IN, not ${op}`);
    return { kind: "compare", entity, key, op, value: v.value };
  };

  const tree = orExpr();
  if (peek().kind !== "end") fail(source, peek().at, `expected AND, OR or the end of the filter, got ${show(peek())}`);
  return tree;
}

function splitIdentifier(id: Token, source: string): { entity: Entity; key: string } {
  const dot = id.value.indexOf(".");
  const head = dot < 0 ? id.value : id.value.slice(0, dot);
  const entity = ENTITY_ALIASES[head];
  if (!entity || dot < 0) return fail(source, id.at, `"${id.text}" must start with metrics., params., tags. or attributes.`);
  const key = id.value.slice(dot + 1).replaceAll("\u0000", "");
  if (!key) return fail(source, id.at, `"${id.text}" names no key`);
  if (entity !== "attributes") return { entity, key };
  const name = ATTRIBUTE_ALIASES[key] ?? key;
  if (!ATTRIBUTES[name]) return fail(source, id.at, `unknown attribute "${key}"; valid: ${Object.keys(ATTRIBUTES).join(", ")}`);
  return { entity, key: name };
}

/** The SQL condition (over runs aliased `r`) of a filter tree, with its bound parameters in order. */
export function compileFilter(node: FilterNode | null): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  type Compare = Extract<FilterNode, { kind: "compare" }>;
  const test = (n: Compare, column: string): string => {
    if (n.op === "IN" || n.op === "NOT IN") {
      const list = n.value as string[];
      params.push(...list);
      return `${column} ${n.op} (${list.map(() => "?").join(", ")})`;
    }
    params.push(n.value as string | number);
    if (n.op === "LIKE" || n.op === "ILIKE") return `lw_like(?, ${column}, ${n.op === "ILIKE" ? 1 : 0})`;
    return `${column} ${n.op} ?`;
  };
  const visit = (n: FilterNode): string => {
    if (n.kind !== "compare") return `(${visit(n.left)} ${n.kind.toUpperCase()} ${visit(n.right)})`;
    if (n.entity === "attributes") return test(n, ATTRIBUTES[n.key].column);
    const table = { metrics: "latest_metrics", params: "params", tags: "tags" }[n.entity];
    params.push(n.key);
    return `EXISTS (SELECT 1 FROM ${table} x WHERE x.run_uuid = r.run_uuid AND x.key = ? AND ${test(n, "x.value")})`;
  };
  return node ? { sql: visit(node), params } : { sql: "1", params };
}

/** SQL LIKE (% any run, _ one character, \ escapes) as a RegExp; the store registers lw_like with it. */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, caseInsensitive ? "iu" : "u");
}

/** One orderBy clause, e.g. "metrics.loss ASC", "attributes.start_time DESC", "params.lr", "start_time". */
export function parseOrderBy(clause: string): { sql: string; params: string[]; descending: boolean } {
  if (typeof clause !== "string") throw invalid(`searchRuns: orderBy entries must be strings like "metrics.loss ASC", got ${typeof clause}`);
  const tokens = tokenize(clause);
  const id = tokens[0];
  if (id.kind !== "ident") fail(clause, id.at, `expected a name like metrics.loss or attributes.start_time, got "${id.text}"`);
  let descending = false, pos = 1;
  if (tokens[pos].kind === "ident" && /^(ASC|DESC)$/i.test(tokens[pos].value)) descending = tokens[pos++].value.toUpperCase() === "DESC";
  if (tokens[pos].kind !== "end") fail(clause, tokens[pos].at, `expected ASC, DESC or the end, got "${tokens[pos].text}"`);
  const bare = ATTRIBUTE_ALIASES[id.value] ?? id.value;
  const { entity, key } = !id.value.includes(".") && ATTRIBUTES[bare] ? { entity: "attributes" as Entity, key: bare } : splitIdentifier(id, clause);
  const sub = (table: string): string => `(SELECT x.value FROM ${table} x WHERE x.run_uuid = r.run_uuid AND x.key = ?)`;
  switch (entity) {
    case "metrics": return { sql: sub("latest_metrics"), params: [key], descending };
    case "params": return { sql: sub("params"), params: [key], descending };
    case "tags": return { sql: sub("tags"), params: [key], descending };
    case "attributes": return { sql: ATTRIBUTES[key].column, params: [], descending };
  }
}
