/**
 * @file Several processes logging into one store at once lose nothing; a process that throws leaves
 * its run FAILED with all it logged; one killed by SIGKILL is found dead (pid + host) by markStaleRuns
 * and on read; SIGTERM ends the run KILLED.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TrackingStore } from "../../src/track/index.ts";
import { tempDir } from "./helpers.ts";

const CHILD = fileURLToPath(new URL("./fixtures/child-logger.ts", import.meta.url));

function child(uri: string, mode: string, points: number, name: string): { proc: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>; firstLine: Promise<string> } {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD, uri, mode, String(points), name], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  let resolveLine: (s: string) => void, rejectLine: (e: Error) => void;
  const firstLine = new Promise<string>((res, rej) => { resolveLine = res; rejectLine = rej; });
  firstLine.catch(() => {}); // only the "hang" children's line is awaited
  proc.on("close", (code) => rejectLine(new Error(`child ${name} exited (${code}) before printing its run id:\n${stderr}`)));
  proc.stdout!.on("data", (d) => { stdout += d; if (stdout.includes("\n")) resolveLine(stdout.split("\n")[0]); });
  proc.stderr!.on("data", (d) => { stderr += d; });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((r) => proc.on("close", (code, signal) => r({ code, signal, stdout, stderr })));
  return { proc, done, firstLine };
}

test("3 processes × 20,000 points at once (one ends well, one throws, one is SIGKILLed) and a SIGTERMed one: nothing lost, every status right", { timeout: 60_000 }, async () => {
  const { dir, cleanup } = tempDir();
  const store = TrackingStore.open(dir); // creates the schema before the children race
  try {
    const ok = child(dir, "ok", 20_000, "ok");
    const thrower = child(dir, "throw", 20_000, "thrower");
    const killed = child(dir, "hang", 20_000, "killed");
    const termed = child(dir, "hang", 300, "termed");
    const killedId = await killed.firstLine;
    const termedId = await termed.firstLine;
    killed.proc.kill("SIGKILL");
    termed.proc.kill("SIGTERM");
    const [okResult, throwResult, , termResult] = await Promise.all([ok, thrower, killed, termed].map((c) => c.done));
    assert.equal(okResult.code, 0, okResult.stderr);
    assert.notEqual(throwResult.code, 0);
    assert.match(throwResult.stderr, /failed on purpose/, "the uncaught error still reaches stderr and the exit code");
    assert.equal(termResult.signal, "SIGTERM", "the default SIGTERM behaviour is kept");

    const exp = store.getExperimentByName("multi")!;
    const runs = store.searchRuns({ experimentIds: [exp.experimentId] }).runs;
    const byName = Object.fromEntries(runs.map((r) => [r.info.runName, r]));
    for (const n of ["ok", "thrower", "killed"]) {
      const r = byName[n];
      const h = store.metricHistories([r.info.runId], "m").get(r.info.runId)!;
      assert.equal(h.step.length, 20_000, `run ${n} kept every point`);
      assert.ok(h.step.every((s, i) => s === i && h.value[i] === i), `run ${n}'s points are in order and intact`);
      assert.equal(r.data.metrics.m.value, 19_999);
    }
    assert.equal(byName.ok.info.status, "FINISHED");
    const t = byName.thrower;
    assert.equal(t.info.status, "FAILED");
    assert.match(t.data.tags["lw.endReason"], /(uncaughtException|unhandledRejection): Error: child thrower failed on purpose/);
    assert.equal(byName.termed.info.status, "KILLED");
    assert.match(byName.termed.data.tags["lw.endReason"], /received SIGTERM/);
    // The SIGKILLed child could not end its run: searchRuns (a read) already found its pid dead.
    assert.equal(byName.killed.info.status, "FAILED");
    assert.equal(byName.killed.info.runId, killedId);
    assert.match(byName.killed.data.tags["lw.endReason"], /stopped without ending the run; last heartbeat/);
    assert.deepEqual(store.markStaleRuns(), [], "nothing left to mark");
    assert.equal(store.getRun(termedId).info.status, "KILLED");
  } finally {
    store.close();
    cleanup();
  }
});

test("markStaleRuns: a RUNNING run whose pid is gone on this host is marked FAILED, a live one is left alone; another host's run goes by its heartbeat", async () => {
  const { dir, cleanup } = tempDir();
  const store = TrackingStore.open(dir);
  try {
    const alive = store.createRun({ experimentId: "0" });
    const dead = spawnSync(process.execPath, ["-e", "0"]);
    // A run recorded with the exited child's pid and this host.
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(store.dbPath);
    const orphan = store.createRun({ experimentId: "0" });
    const remote = store.createRun({ experimentId: "0" });
    db.prepare("UPDATE runs SET pid = ? WHERE run_uuid = ?").run(dead.pid, orphan.runId);
    db.prepare("UPDATE runs SET hostname = 'elsewhere', heartbeat_time = ? WHERE run_uuid = ?").run(Date.now() - 60_000, remote.runId);
    db.close();
    assert.deepEqual(store.markStaleRuns({ staleAfterMs: 120_000 }), [orphan.runId]);
    assert.deepEqual(store.markStaleRuns({ staleAfterMs: 30_000 }), [remote.runId]);
    assert.equal(store.getRun(alive.runId).info.status, "RUNNING");
    assert.equal(store.getRun(orphan.runId).info.status, "FAILED");
  } finally {
    store.close();
    cleanup();
  }
});
