/**
 * @file The system tags a run records about where it ran (MLflow's names where MLflow has them):
 * git commit and branch, the script and command line, user, host, pid, Node and lernwerk versions.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { basename, dirname, resolve } from "node:path";

let lernwerkVersion: string | null = null;
export function lwVersion(): string {
  if (lernwerkVersion === null) {
    try {
      lernwerkVersion = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    } catch {
      lernwerkVersion = "unknown";
    }
  }
  return lernwerkVersion;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 2000 }).trim() || null;
  } catch {
    return null;
  }
}

let cached: Record<string, string> | null = null;

/** Tags describing this process (computed once per process: git is asked at most once). */
export function runContextTags(): Record<string, string> {
  if (cached) return { ...cached };
  const script = process.argv[1] ? resolve(process.argv[1]) : "";
  const cwd = script ? dirname(script) : process.cwd();
  let user = "unknown";
  try { user = userInfo().username; } catch { /* no passwd entry (containers) */ }
  const tags: Record<string, string> = {
    "mlflow.source.type": "LOCAL",
    "mlflow.source.name": script || "<repl>",
    "mlflow.user": process.env.LERNWERK_USER ?? user,
    "lw.commandLine": [basename(process.argv0), ...process.execArgv, ...process.argv.slice(1)].join(" ").slice(0, 5000),
    "lw.hostname": hostname(),
    "lw.pid": String(process.pid),
    "lw.nodeVersion": process.version,
    "lw.version": lwVersion(),
  };
  const commit = git(["rev-parse", "HEAD"], cwd);
  if (commit) {
    tags["mlflow.source.git.commit"] = commit;
    const branch = git(["rev-parse", "--abbrev-ref", "HEAD"], cwd);
    if (branch && branch !== "HEAD") tags["mlflow.source.git.branch"] = branch;
    if (git(["status", "--porcelain", "--untracked-files=no"], cwd)) tags["lw.source.git.dirty"] = "true";
  }
  cached = tags;
  return { ...tags };
}
