/** @file Shared helpers of the examples: am I the script being run, and is this a smoke run. */
import { pathToFileURL } from "node:url";

/** True when the module at `url` is the program node was started with. */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;

/** Smoke mode (tiny sizes, used by the tests): `--smoke` on the command line or LERNWERK_SMOKE=1. */
export const isSmoke = (): boolean => process.argv.includes("--smoke") || process.env.LERNWERK_SMOKE === "1";
