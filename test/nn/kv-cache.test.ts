/** @file nn.StaticKVCache: in-place writes, views of the filled part, reset, and the errors for bad layers, shapes and grads. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

const { StaticKVCache } = lw.nn;

test("StaticKVCache.update writes after the cached positions and returns views equal to cat of all updates", () => {
  const cache = new StaticKVCache(2, 2, 3, 8, 4);
  const k1 = lw.randn(2, 3, 5, 4), v1 = lw.randn(2, 3, 5, 4), k2 = lw.randn(2, 3, 1, 4), v2 = lw.randn(2, 3, 1, 4);
  assert.equal(cache.seqLength(), 0);
  const [ka, va] = cache.update(0, k1, v1);
  assert.deepEqual(ka.shape, [2, 3, 5, 4]);
  assert.deepEqual(Array.from(ka.contiguous().toTypedArray()), Array.from(k1.toTypedArray()));
  assert.deepEqual(Array.from(va.contiguous().toTypedArray()), Array.from(v1.toTypedArray()));
  assert.equal(cache.seqLength(), 5);
  assert.equal(cache.seqLength(1), 0, "each layer counts its own positions");
  // A non-contiguous input (a transposed view) is written by value.
  const k2t = k2.transpose(1, 3).contiguous().transpose(1, 3);
  const [kb, vb] = cache.update(0, k2t, v2);
  assert.deepEqual(kb.shape, [2, 3, 6, 4]);
  assert.deepEqual(Array.from(kb.contiguous().toTypedArray()), Array.from(lw.cat([k1, k2], 2).toTypedArray()));
  assert.deepEqual(Array.from(vb.contiguous().toTypedArray()), Array.from(lw.cat([v1, v2], 2).toTypedArray()));
  cache.reset();
  assert.equal(cache.seqLength(), 0);
  const [kc] = cache.update(0, k2, v2);
  assert.deepEqual(Array.from(kc.contiguous().toTypedArray()), Array.from(k2.toTypedArray()), "after reset, writes start at 0");
});

test("StaticKVCache names what is wrong: layer, shape, capacity, gradients, sizes", () => {
  const cache = new StaticKVCache(2, 1, 2, 4, 3);
  const kv = (t: number) => lw.zeros([1, 2, t, 3]);
  assert.throws(() => cache.update(2, kv(1), kv(1)), /layer must be an integer in \[0, 2\), got 2/);
  assert.throws(() => cache.update(0, lw.zeros([1, 3, 1, 3]), kv(1)), /keys must have shape \[1, 2, T, 3\], got \[1, 3, 1, 3\]/);
  assert.throws(() => cache.update(0, kv(2), kv(1)), /hold different numbers of positions/);
  cache.update(0, kv(3), kv(3));
  assert.throws(() => cache.update(0, kv(2), kv(2)), /3 cached \+ 2 new positions exceed the capacity of 4/);
  assert.equal(cache.seqLength(), 3, "a refused update writes nothing");
  const g = kv(1).requiresGrad_();
  assert.throws(() => cache.update(1, g, kv(1)), /carries no gradient; use it under noGrad/);
  assert.doesNotThrow(() => lw.noGrad(() => cache.update(1, g, kv(1))));
  assert.throws(() => new StaticKVCache(2, 1, 0, 4, 3), /heads must be a positive integer, got 0/);
});
