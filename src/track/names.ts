/**
 * @file Checks of the names users give (param, metric and tag keys; model names; aliases) and of
 * artefact paths, which must stay inside the run's artefact folder; random run names as MLflow gives them.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { randomInt } from "node:crypto";
import { invalid } from "./errors.ts";

const KEY = /^[\w\-. /:]+$/;
export const MAX_KEY_LENGTH = 250;

/** A param/metric/tag key: letters, digits, _ - . space : /, at most 250 characters, no "." or ".." segment, no leading "/". */
export function checkKey(fn: string, what: string, key: unknown): string {
  if (typeof key !== "string" || key.length === 0) throw invalid(`${fn}: the ${what} key must be a non-empty string, got ${JSON.stringify(key)}`);
  if (key.length > MAX_KEY_LENGTH) throw invalid(`${fn}: the ${what} key "${key.slice(0, 40)}…" has ${key.length} characters; at most ${MAX_KEY_LENGTH}`);
  if (!KEY.test(key)) throw invalid(`${fn}: the ${what} key "${key}" may only hold letters, digits, _ - . space : and /`);
  if (key.startsWith("/") || key.split("/").some((s) => s === "." || s === "..")) throw invalid(`${fn}: the ${what} key "${key}" may not start with "/" or hold a "." or ".." segment`);
  return key;
}

/**
 * The absolute path of `path` under `root`; rejects absolute paths, "..", backslashes and NUL, and
 * (where the file exists) symlinks that lead outside the root.
 */
export function safeJoin(fn: string, root: string, path: string): string {
  if (typeof path !== "string") throw invalid(`${fn}: the artefact path must be a string, got ${typeof path}`);
  if (path.includes("\0") || path.includes("\\")) throw invalid(`${fn}: the artefact path "${path}" may not hold NUL or backslashes`);
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) throw invalid(`${fn}: the artefact path "${path}" must be relative to the run's artefact folder`);
  if (path.split("/").some((s) => s === "..")) throw invalid(`${fn}: the artefact path "${path}" may not hold ".." (it would leave the run's artefact folder)`);
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel.startsWith("..") || isAbsolute(rel)) throw invalid(`${fn}: the artefact path "${path}" resolves outside the run's artefact folder`);
  let real: string | null = null;
  try { real = realpathSync(full); } catch { /* not there yet: nothing to follow */ }
  if (real !== null) {
    let realRoot = root;
    try { realRoot = realpathSync(root); } catch { /* root missing: the file cannot be inside it */ }
    if (real !== realRoot && !real.startsWith(realRoot + sep)) throw invalid(`${fn}: the artefact path "${path}" leads (through a link) outside the run's artefact folder`);
  }
  return full;
}

/** Artefact paths with "/" separators, without leading/trailing slashes ("" is the root). */
export const normalizeArtifactPath = (p: string | undefined): string => (p ?? "").split("/").filter((s) => s && s !== ".").join("/");

const ADJECTIVES = ["amber", "bold", "brisk", "calm", "clever", "crisp", "dapper", "eager", "fleet", "gentle", "glad", "keen", "lucid", "merry", "nimble", "placid", "quiet", "rapid", "sunny", "vivid", "witty", "zesty"];
const NOUNS = ["badger", "crane", "dolphin", "falcon", "fox", "gecko", "heron", "ibis", "jay", "koala", "lark", "lynx", "mole", "newt", "otter", "owl", "panda", "quail", "robin", "seal", "stoat", "wren"];

/** "brisk-otter-42": what a run is called when no name is given. */
export const randomRunName = (): string => `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
