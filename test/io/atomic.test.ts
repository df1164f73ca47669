/** @file atomicWrite: the file appears whole, and temp files that interrupted writes left behind are removed on the next write to the same target. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atomicWrite } from "../../src/io/atomic.ts";

/** The pid of a process that has exited (a child that ran and ended). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

test("a write removes the stale temp files of its target: dead writers' and old ones, never a live writer's or another target's", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-atomic-"));
  try {
    const dead = deadPid(), live = process.ppid, now = Date.now();
    const deadTemp = `.ckpt.safetensors.tmp-${dead}-${now - 5000}`;
    const liveTemp = `.ckpt.safetensors.tmp-${live}-${now}`;
    const oldLiveTemp = `.ckpt.safetensors.tmp-${live}-${now - 3_600_000}`; // pid reused by a live process, file untouched for an hour
    const legacyTemp = `ckpt.safetensors.tmp-${dead}`; // what lw.save wrote before it used atomicWrite
    const otherTarget = `.other.safetensors.tmp-${dead}-${now}`;
    for (const f of [deadTemp, liveTemp, oldLiveTemp, legacyTemp, otherTarget, "ckpt.safetensors.tmp-notes.txt"]) writeFileSync(join(dir, f), "partial");
    const hourAgo = new Date(now - 3_600_000);
    utimesSync(join(dir, oldLiveTemp), hourAgo, hourAgo);
    atomicWrite(join(dir, "ckpt.safetensors"), "whole");
    assert.equal(readFileSync(join(dir, "ckpt.safetensors"), "utf8"), "whole");
    assert.deepEqual(readdirSync(dir).sort(), [liveTemp, otherTarget, "ckpt.safetensors", "ckpt.safetensors.tmp-notes.txt"].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed write (the rename onto a folder fails) leaves no temp file and the target untouched", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-atomic-"));
  try {
    const path = join(dir, "a.json");
    mkdirSync(path);
    writeFileSync(join(path, "inside"), "x");
    assert.throws(() => atomicWrite(path, "new"));
    assert.deepEqual(readdirSync(dir), ["a.json"]);
    assert.deepEqual(readdirSync(path), ["inside"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
