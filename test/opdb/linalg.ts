/** @file Op database entries for matrix products: matmul in all its forms (1-D, 2-D, batched, broadcast batch dims), bmm, mm, dot, outer. */
import * as lw from "lernwerk";
import { build, matmulNd, reshapeNd, type Nd } from "./nd.ts";
import { f64, rand } from "./make.ts";
import { op, type OpInfo } from "./types.ts";

/** torch.matmul on plain arrays: vectors become matrices and the added dim goes away again. */
function matmulRef(a: Nd, b: Nd): Nd {
  const A = a.shape.length === 1 ? reshapeNd(a, [1, a.shape[0]]) : a;
  const B = b.shape.length === 1 ? reshapeNd(b, [b.shape[0], 1]) : b;
  let out = matmulNd(A, B);
  if (a.shape.length === 1) out = reshapeNd(out, [...out.shape.slice(0, -2), out.shape[out.shape.length - 1]]);
  if (b.shape.length === 1) out = reshapeNd(out, out.shape.slice(0, -1));
  return out;
}

const TOL32 = { float32: { atol: 1e-5, rtol: 1e-5 } };
const two = (fn: (a: lw.Tensor, b: lw.Tensor) => lw.Tensor) => ([a, b]: lw.Tensor[]) => fn(a, b);

export const linalgEntries: OpInfo[] = [
  op<Record<string, never>>({
    name: "matmul",
    fn: two(lw.matmul),
    ref: ([a, b]) => matmulRef(a, b),
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    tol: TOL32,
    samples: () => [
      { desc: "1-D · 1-D", inputs: [rand([4]), rand([4])], params: {} },
      { desc: "1-D @ 2-D", inputs: [rand([3]), rand([3, 2])], params: {} },
      { desc: "2-D @ 1-D", inputs: [rand([2, 3]), rand([3])], params: {} },
      { desc: "2-D @ 2-D", inputs: [rand([3, 4]), rand([4, 2])], params: {} },
      { desc: "batched 3-D @ 3-D", inputs: [rand([2, 3, 4]), rand([2, 4, 2])], params: {} },
      { desc: "3-D @ 2-D", inputs: [rand([2, 3, 4]), rand([4, 2])], params: {} },
      { desc: "2-D @ 3-D", inputs: [rand([3, 4]), rand([2, 4, 2])], params: {} },
      { desc: "broadcast batch 2x1 with 3", inputs: [rand([2, 1, 2, 3]), rand([3, 3, 2])], params: {} },
      { desc: "1-D @ 3-D", inputs: [rand([3]), rand([2, 3, 2])], params: {} },
      { desc: "transposed operands", inputs: [rand([4, 3]), rand([2, 4])], params: {}, prep: ([a, b]) => [a.T, b.T] },
      { desc: "inner size 0 gives zeros", inputs: [rand([2, 0]), rand([0, 3])], params: {} },
      { desc: "0 rows", inputs: [rand([0, 3]), rand([3, 2])], params: {} },
      { desc: "NaN and Inf propagate", inputs: [f64([[NaN, 1], [Infinity, 0]]), f64([[1, 2], [3, 4]])], params: {}, grad: false, floatOnly: true },
    ],
    errors: [
      { desc: "inner dimensions", call: () => lw.matmul(lw.zeros(64, 784), lw.zeros(512, 10)), message: /^matmul: inner dimensions differ: \[64, 784\] @ \[512, 10\]$/ },
      { desc: "0-d operand", call: () => lw.matmul(lw.tensor(1), lw.ones(2)), message: /^matmul: both arguments need at least 1 dim, got \[\] @ \[2\]/ },
      { desc: "batch dims that do not broadcast", call: () => lw.matmul(lw.ones(2, 2, 3), lw.ones(3, 3, 2)), message: /^matmul: .*\[2\].*\[3\]/ },
      { desc: "array operand", call: () => lw.matmul(lw.ones(2), [1, 2] as unknown as lw.Tensor), message: /^matmul: second argument must be a Tensor, got an array/ },
      { desc: "bool operands (PyTorch: not implemented for 'Bool')", call: () => lw.matmul(lw.tensor([[true, false], [true, true]]), lw.tensor([[true, false], [true, true]])), message: /^matmul: not implemented for dtype bool/ },
      { desc: "bool vectors", call: () => lw.matmul(lw.tensor([true, true]), lw.tensor([true, false])), message: /^matmul: not implemented for dtype bool/ },
      { desc: "bool batches", call: () => lw.tensor([[true, false], [true, true]]).expand(3, 2, 2).matmul(lw.tensor([[true, false], [true, true]])), message: /^matmul: not implemented for dtype bool/ },
    ],
  }),
  op<Record<string, never>>({
    name: "bmm",
    fn: two(lw.bmm),
    ref: ([a, b]) => matmulNd(a, b),
    grad: true,
    tol: TOL32,
    samples: () => [
      { desc: "2x3x4 @ 2x4x5", inputs: [rand([2, 3, 4]), rand([2, 4, 5])], params: {} },
      { desc: "transposed batch", inputs: [rand([2, 4, 3]), rand([2, 4, 2])], params: {}, prep: ([a, b]) => [a.mT, b] },
      { desc: "empty batch", inputs: [rand([0, 2, 3]), rand([0, 3, 1])], params: {} },
    ],
    errors: [
      { desc: "2-D operand", call: () => lw.bmm(lw.ones(2, 3), lw.ones(1, 3, 2)), message: /^bmm: first argument must be 3-D, got shape \[2, 3\]/ },
      { desc: "shapes", call: () => lw.bmm(lw.ones(2, 3, 4), lw.ones(3, 4, 2)), message: /^bmm: shapes do not fit: \[2, 3, 4\] @ \[3, 4, 2\]/ },
      { desc: "bool operands", call: () => lw.bmm(lw.tensor([[true, false], [true, true]]).unsqueeze(0), lw.tensor([[true, false], [true, true]]).unsqueeze(0)), message: /^bmm: not implemented for dtype bool/ },
    ],
  }),
  op<Record<string, never>>({
    name: "mm",
    fn: two(lw.mm),
    ref: ([a, b]) => matmulNd(a, b),
    grad: true,
    tol: TOL32,
    samples: () => [{ desc: "3x4 @ 4x2", inputs: [rand([3, 4]), rand([4, 2])], params: {} }],
    errors: [
      { desc: "1-D operand", call: () => lw.mm(lw.ones(3), lw.ones(3, 2)), message: /^mm: first argument must be 2-D, got shape \[3\]/ },
      { desc: "bool operands", call: () => lw.mm(lw.tensor([[true, false], [true, true]]), lw.tensor([[true, false], [true, true]])), message: /^mm: not implemented for dtype bool/ },
    ],
  }),
  op<Record<string, never>>({
    name: "dot",
    fn: two(lw.dot),
    ref: ([a, b]) => ({ shape: [], data: [a.data.reduce((s, v, i) => s + v * b.data[i], 0)] }),
    grad: true,
    samples: () => [
      { desc: "length 5", inputs: [rand([5]), rand([5])], params: {} },
      { desc: "strided", inputs: [rand([10]), rand([5])], params: {}, prep: ([a, b]) => [a.slice(0, 0, 10, 2), b] },
      { desc: "empty gives 0", inputs: [rand([0]), rand([0])], params: {} },
    ],
    errors: [
      { desc: "lengths", call: () => lw.dot(lw.ones(3), lw.ones(4)), message: /^dot: lengths differ: \[3\] and \[4\]/ },
      { desc: "bool operands", call: () => lw.dot(lw.tensor([true, true]), lw.tensor([true, false])), message: /^dot: not implemented for dtype bool/ },
    ],
  }),
  op<Record<string, never>>({
    name: "outer",
    fn: two(lw.outer),
    ref: ([a, b]) => build([a.shape[0], b.shape[0]], ([i, j]) => a.data[i] * b.data[j]),
    grad: true,
    samples: () => [
      { desc: "3 ⊗ 4", inputs: [rand([3]), rand([4])], params: {} },
      { desc: "empty", inputs: [rand([0]), rand([2])], params: {} },
    ],
    errors: [{ desc: "2-D operand", call: () => lw.outer(lw.ones(2, 2), lw.ones(2)), message: /^outer: first argument must be 1-D, got shape \[2, 2\]/ }],
  }),
];
