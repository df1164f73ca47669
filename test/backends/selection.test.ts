/**
 * @file Backend selection: `native` by default when the addon loads, LERNWERK_BACKEND=js to opt out,
 * a missing addon (a failed build) leaves lernwerk working on js with exactly one warning naming why,
 * and lw.setBackend switches at run time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as lw from "lernwerk";
import { nativeBinding } from "../../src/backends/native/binding.ts";

const hasNative = "binding" in nativeBinding();
const probe = `import * as lw from "lernwerk"; const y = lw.tensor([[1, 2], [3, 4]]).matmul(lw.tensor([[1], [1]])); console.log(lw.currentBackend().name, JSON.stringify(y.tolist()));`;

function run(env: Record<string, string>): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], { env: { ...process.env, ...env }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout.trim(), stderr: r.stderr };
}

test("native is the default when the addon loads; LERNWERK_BACKEND=js opts out silently", { skip: !hasNative && "the addon is not built" }, () => {
  assert.equal(run({ LERNWERK_BACKEND: "" }).stdout, "native [[3],[7]]");
  const js = run({ LERNWERK_BACKEND: "js" });
  assert.equal(js.stdout, "js [[3],[7]]");
  assert.doesNotMatch(js.stderr, /Warning/);
});

test("without the addon lernwerk runs on js and warns once, naming why", () => {
  const r = run({ LERNWERK_BACKEND: "", LERNWERK_NATIVE_ADDON: "/nonexistent/lernwerk.node" });
  assert.equal(r.stdout, "js [[3],[7]]");
  const warnings = r.stderr.split("\n").filter((l) => l.includes("LERNWERK_NO_NATIVE") || l.includes("slow js backend"));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /\/nonexistent\/lernwerk\.node is missing/);
});

test("lw.setBackend switches between js and native at run time", () => {
  const before = lw.currentBackend().name;
  try {
    lw.setBackend("js");
    assert.equal(lw.currentBackend().name, "js");
    if (hasNative) {
      lw.setBackend("native");
      assert.equal(lw.currentBackend().name, "native");
      assert.deepEqual(lw.tensor([1, 2, 3]).mul(2).tolist(), [2, 4, 6]);
    }
    assert.throws(() => lw.setBackend("cuda"), /unknown backend "cuda"/);
  } finally {
    lw.setBackend(before);
  }
});
