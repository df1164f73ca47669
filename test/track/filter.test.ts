/** @file searchRuns' filter language: tokens, precedence (AND binds tighter than OR), quoted keys, errors naming the bad token, bound parameters. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFilter, parseFilter, parseOrderBy, tokenize, TrackingError } from "../../src/track/index.ts";

test("tokens: names with dots, slashes and backquoted parts; strings with escapes; numbers; operators", () => {
  const t = tokenize("metrics.`val loss` <= -1.5e-3 AND tags.\"a b\" != 'it''s' or params.x == \"q\"");
  assert.deepEqual(t.map((x) => x.kind), ["ident", "op", "number", "keyword", "ident", "op", "string", "keyword", "ident", "op", "string", "end"]);
  assert.equal(t[2].value, "-1.5e-3");
  assert.equal(t[6].value, "it's");
  assert.equal(t[9].value, "=", "== is =");
});

test("precedence: a or b and c is a or (b and c); parentheses override", () => {
  const tree = parseFilter("metrics.a > 1 or metrics.b > 2 and metrics.c > 3")!;
  assert.equal(tree.kind, "or");
  assert.equal(tree.kind === "or" && tree.right.kind, "and");
  const grouped = parseFilter("(metrics.a > 1 or metrics.b > 2) and metrics.c > 3")!;
  assert.equal(grouped.kind, "and");
  assert.equal(parseFilter("   "), null);
});

test("entities and attributes: aliases (metric., param., attribute.), keys with slashes, IN / NOT IN lists", () => {
  assert.deepEqual(parseFilter("metric.system/cpu_percent < 90"), { kind: "compare", entity: "metrics", key: "system/cpu_percent", op: "<", value: 90 });
  assert.deepEqual(parseFilter("attribute.run_name NOT IN ('a', 'b')"), { kind: "compare", entity: "attributes", key: "run_name", op: "NOT IN", value: ["a", "b"] });
  assert.deepEqual(parseFilter("attributes.start_time >= 1700000000000"), { kind: "compare", entity: "attributes", key: "start_time", op: ">=", value: 1700000000000 });
  assert.deepEqual(parseFilter("metrics.`my key` = 1"), { kind: "compare", entity: "metrics", key: "my key", op: "=", value: 1 });
});

test("compiled SQL binds every value and key as a parameter", () => {
  const { sql, params } = compileFilter(parseFilter("params.lr = 'x'' OR 1=1' and metrics.acc > 0.5"));
  assert.ok(!sql.includes("OR 1=1") && !sql.includes("0.5") && !sql.includes("lr"), sql);
  assert.deepEqual(params, ["lr", "x' OR 1=1", "acc", 0.5]);
  const o = parseOrderBy("metrics.`val loss` DESC");
  assert.equal(o.descending, true);
  assert.deepEqual(o.params, ["val loss"]);
  assert.equal(parseOrderBy("start_time").descending, false);
});

test("errors name the bad token, its position and what was expected", () => {
  const cases: [string, RegExp][] = [
    ["metrics.acc 0.9", /position 12: expected a comparison .* after "metrics.acc", got "0.9"/],
    ["acc > 0.9", /"acc" must start with metrics\., params\., tags\. or attributes\./],
    ["metrics.acc > 0.9 and", /position 21: expected a name .* got the end of the filter/],
    ["params.lr = 0.01", /compared with a quoted string .* got "0.01"/],
    ["params.lr > '0.01'", /use =, !=, LIKE, ILIKE, IN or NOT IN, not >/],
    ["attributes.colour = 'red'", /unknown attribute "colour"; valid: run_id/],
    ["(metrics.a > 1", /expected "\)"/],
    ["metrics.a > 1 metrics.b > 2", /expected AND, OR or the end of the filter, got "metrics.b"/],
    ["tags.x = 'open", /unterminated string/],
    ["metrics.a > 1 ; drop", /unexpected character ";"/],
    ["tags.x IN ('a' 'b')", /expected "," or "\)" in the IN list, got "'b'"/],
    ["metrics.a LIKE 'x'", /LIKE compares strings/],
  ];
  for (const [filter, re] of cases) {
    assert.throws(() => parseFilter(filter), (e: unknown) => e instanceof TrackingError && e.code === "INVALID_PARAMETER_VALUE" && re.test(e.message), filter);
  }
  assert.throws(() => parseOrderBy("metrics.loss UP"), /expected ASC, DESC or the end, got "UP"/);
});
