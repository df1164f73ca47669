/** @file The 65-symbol character data of ../shared/bench (js/textdata.js), loaded by its own code, for the gpt and lstm workloads. */
import { createRequire } from "node:module";
import { join } from "node:path";
import { SHARED_BENCH } from "./harness.ts";

export const textdata = createRequire(import.meta.url)(join(SHARED_BENCH, "js", "textdata.js")) as {
  loadTokens(v: number): Int32Array; rng(seed: number): () => number; batch(d: Int32Array, b: number, t: number, r: () => number): { x: Int32Array; y: Int32Array };
};
