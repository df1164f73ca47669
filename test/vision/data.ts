/** @file The real photo the vision tests and examples use (scikit-learn's china.jpg, Debian python3-sklearn), and the CI rule for it. */
import { existsSync } from "node:fs";

export const CHINA_JPG = "/usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg";

/** In CI a missing image fails the test; elsewhere the test is skipped with the package to install. */
export function needsImage(path = CHINA_JPG): { skip?: string } {
  if (existsSync(path)) return {};
  if (process.env.CI === "true") throw new Error(`missing ${path}: CI must install python3-sklearn (see .ci/run)`);
  return { skip: `${path} not found; install the Debian package python3-sklearn` };
}
