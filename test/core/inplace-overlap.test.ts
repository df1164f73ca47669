/**
 * @file In-place writes refuse a target whose elements share memory (an expanded view), as PyTorch does: add_, sub_,
 * mul_, div_, clamp_, copy_ and the kernels' own writes; fill_ and zero_ (one value for every element) stay allowed,
 * as in PyTorch. The overlap check itself on views that do and do not overlap.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";
import { hasInternalOverlap } from "../../src/core/inplace.ts";
import { Tensor } from "../../src/core/tensor.ts";

const OVERLAP = /: unsupported operation: more than one element of the written-to tensor \(shape \[4, 3\], strides \[0, 1\]\) refers to a single memory location; clone\(\) the tensor before performing the operation$/;
const expanded = () => lw.tensor([[1, 2, 3]]).expand(4, 3); // (4, 3), strides (0, 1)

describe("in-place writes into an expanded view", () => {
  const writes: [string, (t: lw.Tensor) => unknown][] = [
    ["add_", (t) => t.add_(lw.arange(12).reshape(4, 3))],
    ["sub_", (t) => t.sub_(1)],
    ["mul_", (t) => t.mul_(2)],
    ["div_", (t) => t.div_(2)],
    ["clamp_", (t) => t.clamp_(0, 1)],
    ["copy_", (t) => t.copy_(lw.ones(4, 3))],
  ];
  for (const [op, write] of writes) {
    test(`${op} is refused and leaves the memory as it was`, () => {
      const t = expanded();
      assert.throws(() => write(t), (e: Error) => e.message.startsWith(`${op}: `) && OVERLAP.test(e.message));
      assert.deepEqual(t.tolist(), [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    });
  }
  test("fill_ and zero_ write one value everywhere: allowed, as in PyTorch", () => {
    const base = lw.zeros(1, 3);
    base.expand(4, 3).fill_(5);
    assert.deepEqual(base.tolist(), [[5, 5, 5]]);
    base.expand(2, 3).zero_();
    assert.deepEqual(base.tolist(), [[0, 0, 0]]);
  });
  test("a write into a view without shared elements still works (transposed, strided slice, size-1 expand)", () => {
    const x = lw.zeros(4, 6);
    x.T.add_(1);
    x.slice(1, 0, 6, 2).mul_(3);
    x.narrow(0, 0, 1).expand(1, 6).add_(1); // stride 0 only along a dim of size 1
    const rows = x.tolist() as number[][];
    assert.deepEqual(rows[0], [4, 2, 4, 2, 4, 2]);
    assert.deepEqual(rows[3], [3, 1, 3, 1, 3, 1]);
  });
});

describe("hasInternalOverlap", () => {
  const view = (shape: number[], strides: number[]) => new Tensor(lw.zeros(64).storage, shape, "float32", strides);
  test("contiguous, transposed, sliced and permuted views do not overlap", () => {
    assert.equal(hasInternalOverlap(lw.zeros(3, 4)), false);
    assert.equal(hasInternalOverlap(lw.zeros(3, 4).T), false);
    assert.equal(hasInternalOverlap(lw.zeros(5, 6).slice(1, 1, 6, 2)), false);
    assert.equal(hasInternalOverlap(lw.zeros(2, 3, 4).permute(2, 0, 1)), false);
    assert.equal(hasInternalOverlap(view([3, 2], [2, 3])), false); // offsets 0 3 2 5 4 7: interleaved but distinct
  });
  test("a stride 0 along a dim of size > 1, or strides whose elements meet, overlap", () => {
    assert.equal(hasInternalOverlap(lw.zeros(1, 3).expand(2, 3)), true);
    assert.equal(hasInternalOverlap(lw.zeros(3).unsqueeze(0).expand(2, 3).reshape(2, 1, 3)), true);
    assert.equal(hasInternalOverlap(view([3, 3], [2, 1])), true); // offsets 0 1 2 2 3 4 …
    assert.equal(hasInternalOverlap(view([2, 2], [0, 1]).narrow(0, 0, 1)), false); // the stride-0 dim is down to size 1
  });
});
