/** @file The `lernwerk` command line: help texts, unknown commands and flags, and `bin/lernwerk.mjs ui` serving a store for real. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";

async function run(argv: string[]) {
  let out = "", err = "";
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

test("lernwerk --help lists the commands; ui --help lists its flags", async () => {
  const top = await run(["--help"]);
  assert.equal(top.code, 0);
  assert.match(top.out, /Commands:\n\s+ui\s+Start the tracking dashboard/);
  const ui = await run(["ui", "--help"]);
  assert.equal(ui.code, 0);
  for (const flag of ["--store DIR", "--host HOST", "--port PORT", "default: 127.0.0.1", "default: 5000"]) assert.ok(ui.out.includes(flag), `help names ${flag}`);
});

test("unknown commands and flags are errors naming them", async () => {
  const cmd = await run(["serf"]);
  assert.equal(cmd.code, 2);
  assert.match(cmd.err, /unknown command "serf"; commands: ui/);
  const flag = await run(["ui", "--prot", "80"]);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /lernwerk ui: Unknown option '--prot'/);
  const port = await run(["ui", "--port", "http"]);
  assert.equal(port.code, 2);
  assert.match(port.err, /--port must be an integer 0\.\.65535, got "http"/);
});

test("bin/lernwerk.mjs ui serves the store on 127.0.0.1 and stops on SIGINT", { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-cli-"));
  const child = spawn(process.execPath, ["bin/lernwerk.mjs", "ui", "--store", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (d) => { text += d; const m = /dashboard at (http:\/\/127\.0\.0\.1:\d+)/.exec(text); if (m) resolve(m[1]); });
      child.stderr.on("data", (d) => { text += d; });
      child.on("exit", (c) => reject(new Error(`exited ${c}: ${text}`)));
    });
    const res = await fetch(`${url}/api/v1/experiments`);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(((await res.json()) as { experiments: unknown }).experiments));
    const page = await fetch(`${url}/`);
    assert.match(await page.text(), /lernwerk · tracking/);
    const code = await new Promise<number | null>((resolve) => { child.on("exit", resolve); child.kill("SIGINT"); });
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
