/** @file The dynamic batcher: gathers up to maxBatchSize or maxDelayMs, keeps order, fails a whole batch on a runner error, rejects beyond maxQueue with 429 + Retry-After. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Batcher } from "../../src/serve/batcher.ts";
import { ServeError } from "../../src/serve/task.ts";

test("concurrent inputs are run as batches of at most maxBatchSize, outputs in order", async () => {
  const sizes: number[] = [];
  const b = new Batcher(async (xs) => { sizes.push(xs.length); return xs.map((x) => (x as number) * 2); }, { maxBatchSize: 4, maxDelayMs: 20 });
  const out = await Promise.all(Array.from({ length: 10 }, (_, i) => b.submit(i)));
  assert.deepEqual(out, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  assert.deepEqual(sizes, [4, 4, 2]);
});

test("a lone input waits at most about maxDelayMs", async () => {
  const b = new Batcher(async (xs) => xs, { maxBatchSize: 64, maxDelayMs: 15 });
  const t0 = performance.now();
  await b.submit(1);
  const ms = performance.now() - t0;
  assert.ok(ms >= 12 && ms < 500, `${ms} ms`);
});

test("a runner error fails every input of its batch; the next batch runs", async () => {
  let calls = 0;
  const b = new Batcher(async (xs) => { if (calls++ === 0) throw new Error("boom"); return xs; }, { maxBatchSize: 2, maxDelayMs: 5 });
  const first = await Promise.allSettled([b.submit(1), b.submit(2)]);
  assert.deepEqual(first.map((r) => r.status), ["rejected", "rejected"]);
  assert.equal(await b.submit(3), 3);
});

test("a full queue rejects with a 429 ServeError carrying Retry-After", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const b = new Batcher(async (xs) => { await gate; return xs; }, { maxBatchSize: 1, maxDelayMs: 0, maxQueue: 2 });
  const running = b.submit(0); // taken by the runner
  const queued = [b.submit(1), b.submit(2)];
  await assert.rejects(b.submit(3), (e: unknown) => e instanceof ServeError && e.status === 429 && Number(e.headers["retry-after"]) >= 1);
  release();
  assert.deepEqual(await Promise.all([running, ...queued]), [0, 1, 2]);
  await b.idle();
  assert.equal(b.busy, false);
});

test("bad options name the option", () => {
  assert.throws(() => new Batcher(async (x) => x, { maxBatchSize: 0 }), /maxBatchSize must be a positive integer, got 0/);
  assert.throws(() => new Batcher(async (x) => x, { maxDelayMs: -1 }), /maxDelayMs/);
});
