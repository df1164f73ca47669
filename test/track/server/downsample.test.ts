/** @file Tests of LTTB and min/max-bucket downsampling: sizes, kept extremes, order, non-finite values. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lttb, minMaxBuckets, downsample } from "../../../src/track/server/downsample.ts";

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

test("lttb keeps everything when the series is short enough", () => {
  assert.deepEqual([...lttb([0, 1, 2], [5, 6, 7], 10)], [0, 1, 2]);
  assert.deepEqual([...lttb([], [], 10)], []);
});

test("lttb returns exactly maxPoints sorted indices with both ends", () => {
  const x = range(10_000);
  const y = x.map((v) => Math.sin(v / 100));
  const idx = lttb(x, y, 1000);
  assert.equal(idx.length, 1000);
  assert.equal(idx[0], 0);
  assert.equal(idx[999], 9999);
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], `indices increase at ${i}`);
});

test("lttb picks the spike of a flat line", () => {
  const x = range(1000);
  const y = new Float64Array(1000);
  y[537] = 10;
  const idx = lttb(x, y, 20);
  assert.ok([...idx].includes(537), "the spike at 537 is kept");
});

test("lttb on a hand-checked case picks the point furthest from the line to the next bucket's mean", () => {
  // 5 points, 3 kept: one bucket [1, 4) of points 1..3; the next bucket is the last point (4, 0).
  // The triangle (0,0)-(i,y_i)-(4,0) has area 2*|y_i|: point 2 (y = -3) wins over 1 (2) and 3 (1).
  assert.deepEqual([...lttb([0, 1, 2, 3, 4], [0, 2, -3, 1, 0], 3)], [0, 2, 4]);
});

test("lttb keeps a non-finite value (a diverged run)", () => {
  const x = range(500);
  const y = x.map((v) => 1 / (v + 1));
  y[300] = NaN;
  y[420] = Infinity;
  const idx = [...lttb(x, y, 30)];
  assert.ok(idx.includes(300) && idx.includes(420), `kept ${idx}`);
});

test("minMaxBuckets keeps the global min and max and stays within maxPoints", () => {
  const x = range(10_000);
  const y = x.map((v) => Math.sin(v / 37) + (v === 4242 ? -50 : 0) + (v === 777 ? 99 : 0));
  const idx = [...minMaxBuckets(x, y, 100)];
  assert.ok(idx.length <= 100 && idx.length >= 90, `length ${idx.length}`);
  assert.ok(idx.includes(4242) && idx.includes(777));
  assert.equal(idx[0], 0);
  assert.equal(idx.at(-1), 9999);
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
});

test("downsample dispatches and names bad arguments", () => {
  assert.equal(downsample("lttb", range(100), range(100), 10).length, 10);
  assert.throws(() => downsample("median" as "lttb", [1], [1], 1), /method must be "lttb" or "minmax", got "median"/);
  assert.throws(() => lttb([1, 2], [1], 5), /lttb: x has 2 points but y has 1/);
  assert.throws(() => minMaxBuckets([1], [1], -1), /maxPoints must be an integer >= 0, got -1/);
});
