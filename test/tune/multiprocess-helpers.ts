/**
 * @file The multi-process scenario both SQL storages pass: 3 worker processes share one study, one is SIGKILLed
 * mid-trial, failStaleTrials marks its trial FAIL, the others finish, trial numbers are unique and contiguous.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TuneStorage } from "../../src/tune/storage.ts";

const WORKER = fileURLToPath(new URL("./fixtures/storage-worker.ts", import.meta.url));

function startWorker(url: string, studyName: string, nTrials: number, mode = ""): { child: ChildProcess; output: Promise<string>; exit: Promise<number | null>; line: Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, url, studyName, String(nTrials), mode], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  let onLine: (l: string) => void = () => {};
  const line = new Promise<string>((r) => (onLine = r));
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("\n")) onLine(out.split("\n")[0]);
  });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const output = exit.then(() => out + err);
  return { child, output, exit, line };
}

export async function killedWorkerScenario(storage: TuneStorage, url: string, studyName: string): Promise<void> {
  const study = await storage.createStudy(studyName, ["minimize"]);
  const perWorker = 6;
  const victim = startWorker(url, studyName, 0, "hang");
  const workers = [startWorker(url, studyName, perWorker), startWorker(url, studyName, perWorker)];
  const hung = await Promise.race([victim.line, victim.output.then((o) => `exited: ${o}`)]);
  assert.match(hung, /^HUNG \d+$/, `the hanging worker did not start its trial: ${hung}`);
  const victimTrial = Number(hung.split(" ")[1]);
  victim.child.kill("SIGKILL");
  await victim.exit;
  for (const w of workers) {
    const code = await w.exit;
    assert.equal(code, 0, `a worker failed: ${await w.output}`);
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await storage.failStaleTrials(study.studyId, 200), [victimTrial]);
  const trials = await storage.getAllTrials(study.studyId);
  assert.deepEqual(trials.map((t) => t.number), [...Array(2 * perWorker + 1).keys()], "trial numbers are unique and contiguous");
  const failed = trials.filter((t) => t.state === "FAIL");
  assert.deepEqual(failed.map((t) => [t.trialId, t.failReason]), [[victimTrial, "heartbeat lost"]]);
  const complete = trials.filter((t) => t.state === "COMPLETE");
  assert.equal(complete.length, 2 * perWorker);
  for (const t of complete) {
    assert.ok(Math.abs(t.values![0] - ((t.params.x as number) - 1) ** 2) < 1e-12);
    assert.deepEqual(Object.keys(t.intermediateValues), ["0", "1", "2"]);
  }
}
