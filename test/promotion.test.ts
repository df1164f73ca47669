/** @file Result dtypes by PyTorch's promotion rules: tensor with tensor, with 0-d tensors and with JS scalars, and broadcastShapes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const of = (dtype: lw.DType, shape: number[] = [2]) => lw.ones(shape, { dtype });

test("promoteTypes: bool < int32 < float32 < float64", () => {
  const table: [lw.DType, lw.DType, lw.DType][] = [
    ["int32", "float32", "float32"], ["bool", "int32", "int32"], ["bool", "bool", "bool"],
    ["float32", "float64", "float64"], ["int32", "float64", "float64"], ["bool", "float32", "float32"],
  ];
  for (const [a, b, want] of table) {
    assert.equal(lw.promoteTypes(a, b), want, `${a} + ${b}`);
    assert.equal(lw.promoteTypes(b, a), want, `${b} + ${a}`);
    assert.equal(lw.add(of(a), of(b)).dtype, want === "bool" ? "int32" : want, `add(${a}, ${b})`);
  }
});

test("bool + bool adds as int32; comparisons and logical ops give bool", () => {
  assert.deepEqual(lw.add(lw.tensor([true, true]), lw.tensor([true, false])).tolist(), [2, 1]);
  assert.equal(lw.add(lw.tensor([true]), lw.tensor([true])).dtype, "int32");
  assert.equal(lw.lt(of("int32"), of("float64")).dtype, "bool");
  assert.equal(lw.logicalAnd(of("float32"), of("int32")).dtype, "bool");
});

test("division of integers gives float32, as true division", () => {
  const q = lw.div(lw.tensor([3, 1], { dtype: "int32" }), lw.tensor([2, 4], { dtype: "int32" }));
  assert.equal(q.dtype, "float32");
  assert.deepEqual(q.tolist(), [1.5, 0.25]);
});

test("a JS scalar raises the category only: int32 * 2 stays int32, int32 * 2.5 is float32, float64 + 1.5 stays float64", () => {
  assert.equal(lw.mul(of("int32"), 2).dtype, "int32");
  assert.equal(lw.mul(of("int32"), 2.5).dtype, "float32");
  assert.equal(lw.add(of("float64"), 1.5).dtype, "float64");
  assert.equal(lw.add(of("bool"), 1).dtype, "int32");
  assert.equal(lw.add(2, of("float32")).dtype, "float32");
  assert.equal(lw.mul(of("float32"), 1e300).dtype, "float32");
});

test("a 0-d tensor acts like a scalar: same category never widens the other operand", () => {
  assert.equal(lw.add(of("float32"), of("float64", [])).dtype, "float32");
  assert.equal(lw.add(of("int32"), of("float64", [])).dtype, "float32");
  assert.equal(lw.add(of("bool"), of("int32", [])).dtype, "int32");
  assert.equal(lw.add(of("float64", []), of("float32", [])).dtype, "float64", "two 0-d tensors promote normally");
  assert.equal(lw.where(lw.tensor([true, false]), of("float32"), of("float64", [])).dtype, "float32");
});

test("cat and matmul promote their operands", () => {
  assert.equal(lw.cat([of("int32"), of("float32")]).dtype, "float32");
  assert.equal(lw.matmul(of("int32", [2, 2]), of("float64", [2, 2])).dtype, "float64");
});

test("broadcastShapes follows NumPy and names the op and both shapes when it fails", () => {
  assert.deepEqual(lw.broadcastShapes("add", [3, 1], [1, 4]), [3, 4]);
  assert.deepEqual(lw.broadcastShapes("add", [2, 3, 4], [4], []), [2, 3, 4]);
  assert.deepEqual(lw.broadcastShapes("add", [0, 1], [3]), [0, 3]);
  assert.throws(() => lw.broadcastShapes("add", [2, 3], [4]), /^RangeError: add: shapes \[2, 3\] and \[4\] cannot be broadcast together|add: shapes \[2, 3\] and \[4\]/);
});
