/** @file Seeded randomness: manualSeed makes rand/randn/randint/randperm repeat bit for bit; generators are independent. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const draw = () => [
  lw.rand(3, 4).toTypedArray(),
  lw.randn([5], { dtype: "float64" }).toTypedArray(),
  lw.randint(-5, 5, [7]).toTypedArray(),
  lw.randperm(9).toTypedArray(),
  lw.randLike(lw.zeros(2)).toTypedArray(),
];
const bits = (arrays: ArrayLike<number>[]) => arrays.map((a) => Buffer.from(new Float64Array(Array.from(a)).buffer).toString("hex"));

test("manualSeed makes rand, randn, randint and randperm repeat bit for bit", () => {
  lw.manualSeed(1234);
  const first = bits(draw());
  lw.manualSeed(1234);
  assert.deepEqual(bits(draw()), first);
  lw.manualSeed(1235);
  const other = bits(draw());
  first.forEach((h, i) => assert.notEqual(other[i], h, `draw ${i} should change with the seed`));
});

test("successive draws differ, and a saved state replays them", () => {
  lw.manualSeed(7);
  const g = lw.defaultGenerator;
  const state = g.getState();
  const a = lw.rand(8).tolist(), b = lw.rand(8).tolist();
  assert.notDeepEqual(a, b);
  g.setState(state);
  assert.deepEqual(lw.rand(8).tolist(), a);
});

test("a generator of its own does not touch the default one", () => {
  lw.manualSeed(3);
  const expected = lw.rand(4).tolist();
  lw.manualSeed(3);
  const own = new lw.Generator(99);
  lw.randn([10], { generator: own });
  assert.deepEqual(lw.rand(4).tolist(), expected);
  assert.deepEqual(lw.rand([3], { generator: new lw.Generator(5) }).tolist(), lw.rand([3], { generator: new lw.Generator(5) }).tolist());
});

test("manualSeed rejects a seed that is not a safe integer", () => {
  assert.throws(() => lw.manualSeed(1.5), /manualSeed: seed must be a safe integer, got 1.5/);
});
