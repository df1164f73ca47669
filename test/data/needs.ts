/** @file Tests that read real data sets: in CI a missing file fails the test; elsewhere it is skipped, naming the package to install. */
import { existsSync } from "node:fs";

/** Test options for a test that needs `path` (installed by `pkg`). */
export function needsData(path: string, pkg: string): { skip?: string } {
  if (existsSync(path)) return {};
  if (process.env.CI === "true") throw new Error(`missing ${path}: CI must install ${pkg} (see .ci/run)`);
  return { skip: `${path} not found; install ${pkg}` };
}
