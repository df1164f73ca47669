/** @file Op database entries for gather/scatter/scatterAdd and indexSelect/indexAdd, with index errors that name index, dim and size. */
import * as lw from "lernwerk";
import { at, build, unravel, numel, type Nd } from "./nd.ts";
import { i32, ints, rand } from "./make.ts";
import { op, type OpInfo } from "./types.ts";

interface DimP { dim: number }
const norm = (d: number, n: number) => (d < 0 ? d + n : d);
const wrap = (i: number, n: number) => (i < 0 ? i + n : i);

/** Writes src values into a copy of x at index positions along dim (adding when accumulate). */
function scatterRef(x: Nd, index: Nd, src: Nd, dim: number, accumulate: boolean): Nd {
  const d = norm(dim, x.shape.length);
  const data = [...x.data];
  for (let i = 0; i < numel(index.shape); i++) {
    const idx = unravel(i, index.shape);
    const target = idx.map((v, k) => (k === d ? wrap(at(index, idx), x.shape[d]) : v));
    const flat = target.reduce((acc, v, k) => acc * x.shape[k] + v, 0);
    const v = at(src, idx);
    data[flat] = accumulate ? data[flat] + v : v;
  }
  return { shape: x.shape, data };
}

const oob = (name: string) => new RegExp(`^${name}: index 5 is out of bounds for dim 1 with size 3`);

export const indexingEntries: OpInfo[] = [
  op<DimP>({
    name: "gather",
    fn: ([x, i], p) => lw.gather(x, p.dim, i),
    ref: ([x, i], p) => {
      const d = norm(p.dim, x.shape.length);
      return build(i.shape, (idx) => at(x, idx.map((v, k) => (k === d ? wrap(at(i, idx), x.shape[d]) : v))));
    },
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "dim 1 of 3x4 by 3x2", inputs: [rand([3, 4]), ints([3, 2], 0, 4)], params: { dim: 1 } },
      { desc: "dim 0 of 3x4 by 2x4, repeats", inputs: [rand([3, 4]), i32([[0, 2, 2, 1], [0, 0, 0, 0]])], params: { dim: 0 } },
      { desc: "negative indices and dim", inputs: [rand([2, 3]), i32([[-1], [-3]])], params: { dim: -1 } },
      { desc: "index smaller than input in other dims", inputs: [rand([3, 4]), ints([2, 2], 0, 4)], params: { dim: 1 } },
      { desc: "empty index", inputs: [rand([3, 4]), lw.zeros([3, 0], { dtype: "int32" })], params: { dim: 1 } },
      { desc: "transposed input", inputs: [rand([4, 3]), ints([3, 2], 0, 4)], params: { dim: 1 }, prep: ([x, i]) => [x.T, i] },
    ],
    errors: [
      { desc: "index out of range", call: () => lw.gather(lw.ones(2, 3), 1, i32([[0, 5]])), message: oob("gather") },
      { desc: "float index", call: () => lw.gather(lw.ones(2, 3), 1, lw.zeros(2, 1)), message: /^gather: index must have dtype int32, got float32/ },
      { desc: "rank mismatch", call: () => lw.gather(lw.ones(2, 3), 1, i32([0])), message: /^gather: index must have as many dims as the input: input \[2, 3\], index \[1\]/ },
    ],
  }),
  ...(["scatter", "scatterAdd"] as const).map((name) =>
    op<DimP>({
      name,
      fn: ([x, i, s], p) => (name === "scatter" ? lw.scatter(x, p.dim, i, s) : lw.scatterAdd(x, p.dim, i, s)),
      ref: ([x, i, s], p) => scatterRef(x, i, s, p.dim, name === "scatterAdd"),
      grad: true,
      dtypes: ["float64", "float32", "int32"],
      samples: () => [
        // scatter with repeated targets is order-dependent in PyTorch; keep its targets distinct.
        { desc: "dim 1, 3x4 from 3x2", inputs: [rand([3, 4]), i32([[0, 3], [2, 1], [1, 0]]), rand([3, 2])], params: { dim: 1 } },
        { desc: "dim 0, src larger than index", inputs: [rand([3, 2]), i32([[2, 0]]), rand([2, 3])], params: { dim: 0 } },
        { desc: "negative index", inputs: [rand([2, 3]), i32([[-1], [-2]]), rand([2, 1])], params: { dim: 1 } },
        { desc: "empty index", inputs: [rand([2, 3]), lw.zeros([2, 0], { dtype: "int32" }), rand([2, 0])], params: { dim: 1 } },
        ...(name === "scatterAdd" ? [{ desc: "repeated targets accumulate", inputs: [rand([2, 3]), i32([[1, 1, 1], [0, 2, 0]]), rand([2, 3])], params: { dim: 1 } }] : []),
      ],
      errors: [
        { desc: "index out of range", call: () => lw[name](lw.ones(2, 3), 1, i32([[5]]), lw.ones(1, 1)), message: oob(name) },
        { desc: "index larger than src", call: () => lw[name](lw.ones(2, 3), 1, i32([[0, 1]]), lw.ones(1, 1)), message: new RegExp(`^${name}: index size 2 exceeds the src size 1 in dim 1`) },
      ],
    })),
  op<DimP>({
    name: "indexSelect",
    fn: ([x, i], p) => lw.indexSelect(x, p.dim, i),
    ref: ([x, i], p) => {
      const d = norm(p.dim, x.shape.length);
      return build(x.shape.map((s, k) => (k === d ? numel(i.shape) : s)), (idx) => at(x, idx.map((v, k) => (k === d ? wrap(i.data[v], x.shape[d]) : v))));
    },
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "rows 2, 0, 2", inputs: [rand([3, 4]), i32([2, 0, 2])], params: { dim: 0 } },
      { desc: "columns, dim -1", inputs: [rand([3, 4]), i32([3, 1])], params: { dim: -1 } },
      { desc: "0-d index", inputs: [rand([3, 4]), i32(1)], params: { dim: 1 } },
      { desc: "empty index", inputs: [rand([3, 4]), lw.zeros([0], { dtype: "int32" })], params: { dim: 0 } },
      { desc: "transposed input", inputs: [rand([4, 3]), i32([1, 0])], params: { dim: 0 }, prep: ([x, i]) => [x.T, i] },
    ],
    errors: [
      { desc: "index out of range", call: () => lw.indexSelect(lw.ones(2, 3), 1, i32([5])), message: oob("indexSelect") },
      { desc: "2-D index", call: () => lw.indexSelect(lw.ones(2, 3), 1, i32([[0]])), message: /^indexSelect: index must be 0-D or 1-D, got shape \[1, 1\]/ },
    ],
  }),
  op<DimP>({
    name: "indexAdd",
    fn: ([x, i, s], p) => lw.indexAdd(x, p.dim, i, s),
    ref: ([x, i, s], p) => {
      const d = norm(p.dim, x.shape.length);
      const data = [...x.data];
      for (let k = 0; k < numel(s.shape); k++) {
        const idx = unravel(k, s.shape);
        const target = idx.map((v, j) => (j === d ? wrap(i.data[v], x.shape[d]) : v));
        data[target.reduce((acc, v, j) => acc * x.shape[j] + v, 0)] += s.data[k];
      }
      return { shape: x.shape, data };
    },
    grad: true,
    samples: () => [
      { desc: "rows with a repeat", inputs: [rand([3, 2]), i32([0, 2, 0]), rand([3, 2])], params: { dim: 0 } },
      { desc: "columns", inputs: [rand([2, 4]), i32([3, -1]), rand([2, 2])], params: { dim: 1 } },
    ],
    errors: [
      { desc: "index out of range", call: () => lw.indexAdd(lw.ones(2, 3), 1, i32([5]), lw.ones(2, 1)), message: oob("indexAdd") },
      { desc: "src shape", call: () => lw.indexAdd(lw.ones(2, 3), 1, i32([0]), lw.ones(2, 2)), message: /^indexAdd: src must have shape \[2, 1\], got \[2, 2\]/ },
    ],
  }),
];
