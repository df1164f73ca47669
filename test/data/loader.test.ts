/** @file TensorDataset, Subset, randomSplit and the DataLoader (batching, seeded shuffling, dropLast, collate). */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const D = lw.data;
const X = lw.arange(20).float().reshape(10, 2), y = lw.arange(10);

test("TensorDataset indexes rows; the DataLoader batches them in order", () => {
  const ds = new D.TensorDataset(X, y);
  assert.equal(ds.length, 10);
  assert.deepEqual(ds.getItem(3).map((t) => t.tolist()), [[6, 7], 3]);
  assert.deepEqual(ds.getItem(-1)[1].item(), 9);
  assert.throws(() => ds.getItem(10), /index 10 is out of range for 10 samples/);
  const batches = [...new D.DataLoader(ds, { batchSize: 4 })];
  assert.deepEqual(batches.map(([xb]) => xb.shape), [[4, 2], [4, 2], [2, 2]]);
  assert.deepEqual(batches.flatMap(([, yb]) => yb.tolist() as number[]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(new D.DataLoader(ds, { batchSize: 4, dropLast: true }).length, 2);
  assert.throws(() => new D.TensorDataset(X, lw.arange(9)), /same first dimension/);
  assert.throws(() => new D.DataLoader(ds, { batchSize: 0 }), /positive integer/);
});

test("shuffling is a new permutation each epoch, repeatable from manualSeed or the loader's own generator", () => {
  const ds = new D.TensorDataset(X, y);
  const order = (l: lw.data.DataLoader<[lw.Tensor, lw.Tensor]>) => [...l].flatMap(([, yb]) => yb.tolist() as number[]);
  lw.manualSeed(7);
  const l = new D.DataLoader(ds, { batchSize: 3, shuffle: true });
  const e1 = order(l), e2 = order(l);
  assert.notDeepEqual(e1, e2);
  assert.deepEqual([...e1].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  lw.manualSeed(7);
  assert.deepEqual(order(l), e1);
  const own = new D.DataLoader(ds, { batchSize: 3, shuffle: true, generator: new lw.Generator(7) });
  lw.manualSeed(99);
  assert.deepEqual(order(own), e1, "the loader's own generator ignores manualSeed");
});

test("custom datasets get the default collate (nested tuples, numbers, objects) or a custom one", () => {
  const squares: lw.data.Dataset<{ x: lw.Tensor; n: number }> = { length: 5, getItem: (i) => ({ x: lw.tensor([i, i * i]), n: i }) };
  const [first] = new D.DataLoader(squares, { batchSize: 2 });
  assert.deepEqual(first.x.tolist(), [[0, 0], [1, 1]]);
  assert.deepEqual(first.n.tolist(), [0, 1]);
  assert.equal(first.n.dtype, "int32");
  const sums = [...new D.DataLoader(squares, { batchSize: 2, collate: (s) => s.reduce((a, b) => a + b.n, 0) })];
  assert.deepEqual(sums, [1, 5, 4]);
});

test("randomSplit makes disjoint seeded subsets from counts or fractions", () => {
  const ds = new D.TensorDataset(X, y);
  const [a, b] = D.randomSplit(ds, [0.7, 0.3], { generator: new lw.Generator(1) });
  assert.equal(a.length, 7);
  assert.equal(b.length, 3);
  const all = [...a.indices, ...b.indices].sort((p, q) => p - q);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const [a2] = D.randomSplit(ds, [7, 3], { generator: new lw.Generator(1) });
  assert.deepEqual([...a2.indices], [...a.indices]);
  const [xb, yb] = [...new D.DataLoader(b, { batchSize: 3 })][0];
  assert.deepEqual(yb.tolist(), [...b.indices]);
  assert.deepEqual(xb.shape, [3, 2]);
  assert.throws(() => D.randomSplit(ds, [5, 4]), /summing to 10/);
});

test("DataLoader cache: the first complete epoch's batches are kept and yielded again (same objects), the dataset read once; needs shuffle: false", () => {
  let reads = 0;
  const ds = { length: 10, getItem: (i: number) => { reads++; return [lw.tensor([i, i]), i] as [lw.Tensor, number]; } };
  const loader = new lw.data.DataLoader(ds, { batchSize: 4, cache: true });
  const first = [...loader];
  assert.equal(reads, 10);
  const second = [...loader];
  assert.equal(reads, 10, "the second epoch reads nothing");
  assert.equal(second.length, 3);
  second.forEach((b, i) => assert.equal(b, first[i]));
  assert.deepEqual(second[2][1].tolist(), [8, 9]);
  // A broken-off epoch is not kept.
  const partial = new lw.data.DataLoader(ds, { batchSize: 4, cache: true });
  reads = 0;
  for (const _ of partial) break;
  [...partial];
  assert.equal(reads, 4 + 10);
  loader.clearCache();
  [...loader];
  assert.equal(reads, 24);
  assert.throws(() => new lw.data.DataLoader(ds, { cache: true, shuffle: true }), /cache keeps the batches of one fixed order, so it needs shuffle: false/);
});
