/**
 * @file A synchronous loop of GPT2LMHeadModel.generate() calls holds no finished call's KV cache: the native fused
 * decoder lets go of its caches when generate() returns, not at a later turn of the event loop. Run in a child
 * process with --expose-gc so the garbage collector can be asked to run between calls.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./gpt-generate-memory.child.ts", import.meta.url));
const RUNS = 60; // 1 MiB of caches each: 55 MiB held after the warm-up if they leaked

test(`${RUNS} generate() calls in one synchronous loop keep array buffers bounded`, () => {
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, String(RUNS)], { encoding: "utf8", env: process.env });
  const r = JSON.parse(out.trim().split("\n").pop()!) as { growthBytes: number; backend: string };
  assert.ok(r.growthBytes < 8 * 2 ** 20, `array buffers grew by ${(r.growthBytes / 2 ** 20).toFixed(1)} MiB over ${RUNS - 5} calls on the ${r.backend} backend`);
});
