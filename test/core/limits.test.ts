/**
 * @file Errors at the limits, naming the op: outputs too large for a typed array (from apply(), for every primitive),
 * views of more dims than the native addon takes (checked in TypeScript before the call), and bool matrix products
 * reaching the matmul primitive from inside the library.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { matmul3 } from "../../src/core/prims.ts";

describe("outputs too large for a typed array", () => {
  test("a primitive's output names the op, the input shapes and the bytes", () => {
    const big = lw.zeros(1, 1e5).expand(1e5, 1e5); // a view: no storage of its own
    assert.throws(() => big.contiguous(), /^RangeError: contiguous: output of 10000000000 elements \(from \[100000, 100000\]\) of float32 needs 40\.0 GB, more than a typed array can hold \(max 4294967296 elements\)$/);
    assert.throws(() => big.add(lw.ones(1e5, 1)), /^RangeError: add: output of 10000000000 elements/);
    assert.throws(() => lw.tensor([1, 2], { dtype: "int32" }).expand(1e5, 1e5, 2).float(), /^RangeError: cast: output of 20000000000 elements .* of float32 needs 80\.0 GB/);
  });
  test("a model whose config asks for a huge table names the creation op, the shape and the bytes", () => {
    assert.throws(() => new lw.models.GPT2LMHeadModel({ vocabSize: 1e12, nPositions: 16, nEmbd: 8, nLayer: 1, nHead: 2 }),
      /^RangeError: zeros: shape \[1000000000000, 8\] of float32 needs 32\.0 TB, more than a typed array can hold/);
  });
});

describe("views of more dims than the backend takes", () => {
  const ones33 = () => lw.ones(new Array<number>(33).fill(1));
  test(`on ${lw.currentBackend().name}: element-wise, reductions, copies and in-place writes`, () => {
    if (lw.currentBackend().name !== "native") {
      assert.equal(ones33().add(1).sum().item(), 2); // the js backend has no limit
      return;
    }
    const shape = `\\[${new Array<number>(33).fill(1).join(", ")}\\] \\(33 dims\\)`;
    const msg = (op: string) => new RegExp(`^RangeError: ${op}: the native backend handles at most 32 dims, got shape ${shape}; use fewer dims or lw\\.setBackend\\("js"\\)$`);
    assert.throws(() => ones33().add(1), msg("add"));
    assert.throws(() => ones33().exp(), msg("exp"));
    assert.throws(() => ones33().sum(0), msg("sum"));
    assert.throws(() => ones33().expand(new Array<number>(33).fill(1).map((_, i) => (i === 0 ? 2 : 1))).contiguous(), /^RangeError: contiguous: the native backend handles at most 32 dims/);
    assert.throws(() => ones33().T.reshape(new Array<number>(33).fill(1)).mul_(2), /^RangeError: mul: the native backend handles at most 32 dims/);
    // Views stay views: a reshape down to fewer dims needs no kernel.
    assert.deepEqual(ones33().reshape(-1).shape, [1]);
    assert.equal(ones33().reshape(1).add(1).item(), 2);
  });
});

describe("bool matrix products", () => {
  test("the matmul primitive refuses bool on every backend (the public ops check first, under their own names)", () => {
    const b = lw.tensor([[[true, false], [true, true]]]); // (1, 2, 2)
    for (const name of lw.listBackends()) {
      const before = lw.currentBackend().name;
      lw.setBackend(name);
      try {
        assert.throws(() => matmul3(b, b), /^TypeError: matmul: not implemented for dtype bool/, name);
        assert.throws(() => lw.nn.functional.linear(b, b.squeeze(0)), /^TypeError: linear: not implemented for dtype bool/, name);
      } finally {
        lw.setBackend(before);
      }
    }
  });
});
