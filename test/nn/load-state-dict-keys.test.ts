/** @file Module.loadStateDict compares keys as own properties: a checkpoint key named like an Object.prototype member is unexpected, and prototype-free state dicts load. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

test("keys named constructor, toString or __proto__ are reported as unexpected, never skipped", () => {
  const m = new lw.nn.Linear(2, 2);
  for (const k of ["constructor", "toString", "hasOwnProperty"]) {
    const sd = { ...m.stateDict(), [k]: lw.tensor([1]) };
    assert.throws(() => m.loadStateDict(sd), new RegExp(`unexpected keys: ${k}`), k);
    assert.deepEqual(m.loadStateDict(sd, { strict: false }).unexpectedKeys, [k], k);
  }
  const proto = Object.create(null) as Record<string, lw.Tensor>;
  Object.assign(proto, m.stateDict());
  proto["__proto__"] = lw.tensor([1]);
  assert.throws(() => m.loadStateDict(proto), /unexpected keys: __proto__/);
});

test("a state dict from lw.io.deserialize (no prototype) loads, and a missing key in it is reported", () => {
  const m = new lw.nn.Linear(2, 2);
  const back = lw.io.deserialize(lw.io.serialize({ weight: lw.ones(2, 2), bias: lw.zeros(2) })).tensors;
  assert.deepEqual(m.loadStateDict(back), { missingKeys: [], unexpectedKeys: [] });
  assert.deepEqual(m.weight.tolist(), [[1, 1], [1, 1]]);
  const partial = lw.io.deserialize(lw.io.serialize({ weight: lw.ones(2, 2) })).tensors;
  assert.throws(() => m.loadStateDict(partial), /missing keys: bias/);
});
