/** @file The op report must stay clean: every public function has an opdb entry and every differentiable one is gradchecked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

test("npm run opdb:report: no public op without an entry, none differentiable without gradcheck, at least 80 ops", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/opdb-report.ts"], { encoding: "utf8", env: { ...process.env, LERNWERK_BACKEND: "js" } });
  assert.equal(r.status, 0, `the report failed:\n${r.stdout}\n${r.stderr}`);
  const count = (label: string) => Number(new RegExp(`${label}\\s+(\\d+)`).exec(r.stdout)?.[1]);
  assert.ok(count("public ops") >= 80, r.stdout);
  assert.equal(count("gradchecked"), count("differentiable"), r.stdout);
  assert.match(r.stdout, /public functions without an opdb entry: none/);
});
