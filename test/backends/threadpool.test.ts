/**
 * @file The native thread pool: every task of every job runs exactly once with more threads than cores, nested
 * jobs run inline, an exception in any task (on a worker too) reaches JavaScript as an Error and the pool works
 * on afterwards, and GEMM stays right when threads join late. Skipped without the addon.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import "../../src/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { BINARY_OPS, UNARY_OPS } from "../../src/core/ops.ts";
import { makeView, rng } from "./views.ts";
import { assertSameArray } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;

describe("native thread pool", { skip }, () => {
  const nb = "binding" in loaded ? loaded.binding : null;
  /** Runs fn with `threads` pool threads, then restores the count. */
  const withThreads = (threads: number, fn: () => void) => {
    const before = nb!.info().threads;
    nb!.setNumThreads(threads);
    try {
      fn();
    } finally {
      nb!.setNumThreads(before);
    }
  };

  test("every task runs once, in many jobs back to back, with more threads than cores", () => {
    withThreads(availableParallelism() + 2, () => {
      for (let i = 0; i < 2000; i++) {
        const n = 1 + (i % 17);
        assert.equal(nb!.poolSelfTest(n, -1, false), n, `job ${i} of ${n} tasks`);
      }
    });
  });

  test("a job started inside a task runs inline", () => {
    withThreads(3, () => assert.equal(nb!.poolSelfTest(5, -1, true), 5 + 5 * 5));
  });

  test("an exception in any task reaches JavaScript as an Error, and the pool works on", () => {
    withThreads(4, () => {
      for (let t = 0; t < 8; t++) assert.throws(() => nb!.poolSelfTest(8, t, false), { name: "Error", message: `lernwerk native: pool self-test task ${t} failed` });
      assert.equal(nb!.poolSelfTest(8, -1, false), 8);
    });
    withThreads(1, () => assert.throws(() => nb!.poolSelfTest(3, 2, false), /task 2 failed/));
  });

  test("GEMM with more threads than cores equals the one-thread result", () => {
    const native = createNativeBackend(nb!, UNARY_OPS, BINARY_OPS);
    const r = rng(3);
    for (const [M, K, N] of [[300, 200, 150], [7, 500, 600], [129, 64, 33]]) {
      const a = makeView([2, M, K], "float32", "dense", r), b = makeView([2, K, N], "float32", "permuted", r);
      let want: ReturnType<typeof native.matmul> | undefined;
      withThreads(1, () => { want = native.matmul(a, b, "float32"); });
      for (const threads of [2, 5]) withThreads(threads, () => assertSameArray(native.matmul(a, b, "float32"), want!, { atol: 0, rtol: 0 }, `${threads} threads ${M}x${K}x${N}`));
      assertSameArray(want!, jsBackend.matmul(a, b, "float32"), { atol: 1e-3, rtol: 1e-4 }, `js ${M}x${K}x${N}`);
    }
  });
});
