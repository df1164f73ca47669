/**
 * @file The native conv2d weight gradient is the same bits for 1, 2 and 3 pool threads (its partial sums are a
 * partition of the work fixed by the problem, added in a fixed order), for single and batched shapes and groups.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : lw.currentBackend().name !== "native" ? "the native backend is not selected" : false;

interface Case { x: [number, number, number, number]; O: number; k: number; groups?: number; padding?: number }
const CASES: Case[] = [
  { x: [1, 32, 20, 20], O: 32, k: 3, padding: 1 }, // one image: the runs of positions are the work items
  { x: [8, 16, 16, 16], O: 32, k: 3 }, // batched
  { x: [32, 32, 13, 13], O: 64, k: 3 }, // the bench CNN's second layer
  { x: [6, 8, 12, 12], O: 16, k: 5, groups: 4, padding: 2 }, // groups
];

/** The weight gradient of sum(conv2d(x, w) · u) as bytes, with `threads` pool threads. */
function weightGradBits(c: Case, threads: number, dtype: "float32" | "float64"): Uint8Array {
  const nb = "binding" in loaded ? loaded.binding : null;
  const before = nb!.info().threads;
  nb!.setNumThreads(threads);
  try {
    const g = new lw.Generator(7);
    const x = lw.randn(c.x, { generator: g, dtype });
    const w = lw.randn([c.O, c.x[1] / (c.groups ?? 1), c.k, c.k], { generator: g, dtype }).requiresGrad_();
    const y = lw.nn.functional.conv2d(x, w, null, { padding: c.padding ?? 0, groups: c.groups ?? 1 });
    y.mul(lw.randn(y.shape, { generator: g, dtype })).sum().backward();
    const d = w.grad!.toTypedArray();
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  } finally {
    nb!.setNumThreads(before);
  }
}

describe("conv2d weight gradient and the thread count", { skip }, () => {
  for (const c of CASES) {
    for (const dtype of ["float32", "float64"] as const) {
      test(`x (${c.x}), O ${c.O}, ${c.k}x${c.k}, groups ${c.groups ?? 1}, ${dtype}: 1, 2 and 3 threads give the same bits`, () => {
        const one = weightGradBits(c, 1, dtype);
        for (const t of [2, 3]) assert.deepEqual(weightGradBits(c, t, dtype), one, `${t} threads differ from 1`);
      });
    }
  }
});
