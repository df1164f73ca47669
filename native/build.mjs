#!/usr/bin/env node
// Builds the native addon with node-gyp (npm's own copy) during `npm install`/`npm ci`, against the
// local Node headers so nothing is downloaded. A failed build never fails the install: the reason
// goes to build/native-build.log and lernwerk runs on its js backend, saying why once.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const log = join(root, "build", "native-build.log");

/** npm's bundled node-gyp (npm passes its path to install scripts), else one next to this node. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), "../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
  } catch {
    return null;
  }
}

/** A directory whose include/node has this Node's headers (node-gyp would otherwise download them). */
function findNodeDir() {
  for (const dir of [process.env.npm_config_nodedir, join(dirname(process.execPath), ".."), "/usr", "/usr/local"]) {
    if (dir && existsSync(join(dir, "include", "node", "node_api.h")) && existsSync(join(dir, "include", "node", "common.gypi"))) return dir;
  }
  return null;
}

function fail(reason, output = "") {
  mkdirSync(dirname(log), { recursive: true });
  writeFileSync(log, `${output}\n${reason}\n`);
  console.warn(`lernwerk: the native backend was not built (${reason}); lernwerk will run on its js backend. Details: ${log}`);
  process.exit(0);
}

if (process.env.LERNWERK_SKIP_NATIVE === "1") fail("LERNWERK_SKIP_NATIVE=1");
const gyp = findNodeGyp();
if (!gyp) fail("node-gyp was not found (it ships with npm)");
const nodedir = findNodeDir();
if (!nodedir) fail(`no Node headers found next to ${process.execPath} or in /usr/include/node; node-gyp would have to download them`);

const jobs = String(Math.max(1, Math.min(4, (await import("node:os")).availableParallelism())));
const r = spawnSync(process.execPath, [gyp, "rebuild", `--nodedir=${nodedir}`, "--jobs", jobs], { cwd: root, encoding: "utf8", env: process.env });
const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
if (r.status !== 0) {
  const firstError = output.split("\n").find((l) => /error/i.test(l) && !/^gyp (ERR|info)/.test(l)) ?? `node-gyp exited with ${r.status ?? r.signal}`;
  fail(firstError.trim(), output);
}
console.log(`lernwerk: native backend built (${join("build", "Release", "lernwerk.node")})`);
