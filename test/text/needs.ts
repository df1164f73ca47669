/**
 * @file Test gating for data that lives in npm or Debian packages: outside CI a missing package skips
 * the test with a message naming what to install; in CI (`CI=true`) the test runs and fails.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const inCi = (): boolean => process.env.CI === "true" || process.env.CI === "1";

/** `false` when the npm package is installed (or in CI), else a skip message naming it. */
export function needsNpm(name: string): string | false {
  if (inCi()) return false;
  const found = (require.resolve.paths(name) ?? []).some((base) => existsSync(join(base, name, "package.json")));
  return found ? false : `needs the npm package ${name} (npm install)`;
}

/** `false` when the path exists (or in CI), else a skip message naming the Debian package. */
export function needsPath(path: string, debianPackage: string): string | false {
  if (inCi() || existsSync(path)) return false;
  return `needs ${path} from the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`;
}
