/** @file Op database entries for shape and movement ops: reshape/view, squeeze, permute, expand, slicing, cat/stack/split, flip, pad, repeat, tril/triu. */
import * as lw from "lernwerk";
import { at, build, numel, permuteNd, reshapeNd, type Nd } from "./nd.ts";
import { f64, rand } from "./make.ts";
import { op, type OpInfo, type Sample } from "./types.ts";

const norm = (d: number, n: number) => (d < 0 ? d + n : d);
/** The shape with one -1 filled in. */
const infer = (shape: number[], n: number) => {
  const known = shape.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
  return shape.map((s) => (s === -1 ? n / known : s));
};

interface ShapeP { shape: number[] }
const reshapeSamples = (): Sample<ShapeP>[] => [
  { desc: "2x3x4 -> 6x-1", inputs: [rand([2, 3, 4])], params: { shape: [6, -1] } },
  { desc: "3x4 -> 12", inputs: [rand([3, 4])], params: { shape: [12] } },
  { desc: "0-d -> 1x1", inputs: [rand([])], params: { shape: [1, 1] } },
  { desc: "1 -> 0-d", inputs: [rand([1])], params: { shape: [] } },
  { desc: "empty 0x3 -> 3x0", inputs: [rand([0, 3])], params: { shape: [3, 0] } },
];
const reshapeRef = ([x]: Nd[], p: ShapeP) => reshapeNd(x, infer(p.shape, numel(x.shape)));

export const movementEntries: OpInfo[] = [
  op<ShapeP>({
    name: "reshape",
    fn: ([x], p) => lw.reshape(x, p.shape),
    ref: reshapeRef,
    grad: true,
    dtypes: ["float64", "float32", "int32", "bool"],
    samples: () => [...reshapeSamples(), { desc: "transposed 4x3 -> 2x6 (copies)", inputs: [rand([3, 4])], params: { shape: [2, 6] }, prep: ([t]) => [t.T] }],
    errors: [
      { desc: "wrong element count", call: () => lw.reshape(lw.ones(2, 3), [4]), message: /^reshape: .*\[4\].*\[2, 3\]|^reshape: .*\[2, 3\].*\[4\]/ },
      { desc: "two -1", call: () => lw.reshape(lw.ones(2, 3), [-1, -1]), message: /^reshape: .*-1/ },
    ],
  }),
  op<ShapeP>({
    name: "view",
    fn: ([x], p) => lw.view(x, p.shape),
    ref: reshapeRef,
    grad: true,
    noncontig: false,
    samples: () => [...reshapeSamples(), { desc: "strided slice that stays viewable", inputs: [rand([4, 3])], params: { shape: [2, 3] }, prep: ([t]) => [t.slice(0, 0, 4, 2)] }],
    errors: [{ desc: "transposed input", call: () => lw.view(lw.ones(2, 3).T, [6]), message: /^view: shape \[6\] is not compatible with the input's size \[3, 2\] and strides \[1, 3\]/ }],
  }),
  op<{ start?: number; end?: number }>({
    name: "flatten",
    fn: ([x], p) => lw.flatten(x, p.start, p.end),
    ref: ([x], p) => {
      if (x.shape.length === 0) return reshapeNd(x, [1]);
      const s = norm(p.start ?? 0, x.shape.length), e = norm(p.end ?? -1, x.shape.length);
      return reshapeNd(x, [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
    },
    grad: true,
    samples: () => [
      { desc: "2x3x4 all", inputs: [rand([2, 3, 4])], params: {} },
      { desc: "2x3x4 dims 1..2", inputs: [rand([2, 3, 4])], params: { start: 1 } },
      { desc: "2x3x4x2 dims 1..-2", inputs: [rand([2, 3, 4, 2])], params: { start: 1, end: -2 } },
      { desc: "0-d", inputs: [rand([])], params: {} },
      { desc: "transposed", inputs: [rand([3, 4])], params: {}, prep: ([t]) => [t.T] },
    ],
    errors: [{ desc: "start after end", call: () => lw.flatten(lw.ones(2, 3, 4), 2, 1), message: /^flatten: startDim 2 comes after endDim 1/ }],
  }),
  op<{ dim?: number | number[] }>({
    name: "squeeze",
    fn: ([x], p) => lw.squeeze(x, p.dim),
    ref: ([x], p) => {
      const ds = p.dim === undefined ? x.shape.map((_, i) => i) : (typeof p.dim === "number" ? [p.dim] : p.dim).map((d) => norm(d, x.shape.length));
      return reshapeNd(x, x.shape.filter((s, i) => !(s === 1 && ds.includes(i))));
    },
    grad: true,
    samples: () => [
      { desc: "1x3x1x2 all", inputs: [rand([1, 3, 1, 2])], params: {} },
      { desc: "1x3x1x2 dim 2", inputs: [rand([1, 3, 1, 2])], params: { dim: 2 } },
      { desc: "1x3x1x2 dim 1 (not 1: no-op)", inputs: [rand([1, 3, 1, 2])], params: { dim: 1 } },
      { desc: "1x3x1 dims [0, -1]", inputs: [rand([1, 3, 1])], params: { dim: [0, -1] } },
      { desc: "empty 0x1", inputs: [rand([0, 1])], params: {} },
    ],
    errors: [{ desc: "dim out of range", call: () => lw.squeeze(lw.ones(1, 2), 2), message: /^squeeze: dim 2 is out of range/ }],
  }),
  op<{ dim: number }>({
    name: "unsqueeze",
    fn: ([x], p) => lw.unsqueeze(x, p.dim),
    ref: ([x], p) => {
      const s = [...x.shape];
      s.splice(norm(p.dim, x.shape.length + 1), 0, 1);
      return reshapeNd(x, s);
    },
    grad: true,
    samples: () => [
      { desc: "3x4 dim 0", inputs: [rand([3, 4])], params: { dim: 0 } },
      { desc: "3x4 dim -1", inputs: [rand([3, 4])], params: { dim: -1 } },
      { desc: "3x4 dim 1", inputs: [rand([3, 4])], params: { dim: 1 } },
      { desc: "0-d", inputs: [rand([])], params: { dim: 0 } },
    ],
    errors: [{ desc: "dim out of range", call: () => lw.unsqueeze(lw.ones(2), 3), message: /^unsqueeze: dim 3 is out of range/ }],
  }),
  op<{ dims: number[] }>({
    name: "permute",
    fn: ([x], p) => lw.permute(x, p.dims),
    ref: ([x], p) => permuteNd(x, p.dims.map((d) => norm(d, x.shape.length))),
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "2x3x4 [2, 0, 1]", inputs: [rand([2, 3, 4])], params: { dims: [2, 0, 1] } },
      { desc: "2x3x4 [-1, 1, 0]", inputs: [rand([2, 3, 4])], params: { dims: [-1, 1, 0] } },
      { desc: "empty 0x3", inputs: [rand([0, 3])], params: { dims: [1, 0] } },
    ],
    errors: [
      { desc: "repeated dim", call: () => lw.permute(lw.ones(2, 3), [0, 0]), message: /^permute: dims \[0, 0\] repeat a dim/ },
      { desc: "wrong count", call: () => lw.permute(lw.ones(2, 3), [0]), message: /^permute: got 1 dims \[0\] for a tensor of shape \[2, 3\]/ },
    ],
  }),
  op<{ d0: number; d1: number }>({
    name: "transpose",
    fn: ([x], p) => lw.transpose(x, p.d0, p.d1),
    ref: ([x], p) => {
      if (x.shape.length === 0) return x;
      const perm = x.shape.map((_, i) => i);
      const a = norm(p.d0, x.shape.length), b = norm(p.d1, x.shape.length);
      [perm[a], perm[b]] = [perm[b], perm[a]];
      return permuteNd(x, perm);
    },
    grad: true,
    samples: () => [
      { desc: "3x4 (0, 1)", inputs: [rand([3, 4])], params: { d0: 0, d1: 1 } },
      { desc: "2x3x4 (0, -1)", inputs: [rand([2, 3, 4])], params: { d0: 0, d1: -1 } },
      { desc: "0-d", inputs: [rand([])], params: { d0: 0, d1: 0 } },
    ],
    errors: [{ desc: "dim out of range", call: () => lw.transpose(lw.ones(2, 3), 0, 2), message: /^transpose: dim 2 is out of range/ }],
  }),
  op<Record<string, never>>({
    name: "T",
    fn: ([x]) => x.T,
    ref: ([x]) => permuteNd(x, x.shape.map((_, i) => x.shape.length - 1 - i)),
    grad: true,
    samples: () => [
      { desc: "3x4", inputs: [rand([3, 4])], params: {} },
      { desc: "2x3x4 reverses all dims", inputs: [rand([2, 3, 4])], params: {} },
      { desc: "1-D unchanged", inputs: [rand([3])], params: {} },
    ],
  }),
  op<Record<string, never>>({
    name: "mT",
    fn: ([x]) => x.mT,
    ref: ([x]) => permuteNd(x, x.shape.map((_, i) => (i < x.shape.length - 2 ? i : 2 * x.shape.length - 3 - i))),
    grad: true,
    samples: () => [{ desc: "2x3x4", inputs: [rand([2, 3, 4])], params: {} }],
    errors: [{ desc: "1-D", call: () => lw.ones(3).mT, message: /^mT: only matrices or batches of matrices \(at least 2-D\) can be transposed, got shape \[3\]/ }],
  }),
  op<ShapeP>({
    name: "expand",
    aliases: ["expandAs"],
    fn: ([x], p) => lw.expand(x, p.shape),
    ref: ([x], p) => {
      const lead = p.shape.length - x.shape.length;
      const shape = p.shape.map((s, i) => (s === -1 ? x.shape[i - lead] : s));
      return build(shape, (idx) => at(x, x.shape.map((s, d) => (s === 1 ? 0 : idx[d + lead]))));
    },
    grad: true,
    samples: () => [
      { desc: "3x1 -> 3x4", inputs: [rand([3, 1])], params: { shape: [3, 4] } },
      { desc: "3 -> 2x2x3 (new leading dims)", inputs: [rand([3])], params: { shape: [2, 2, 3] } },
      { desc: "1x4 -> -1 keeps, 0 rows", inputs: [rand([1, 4])], params: { shape: [0, -1] } },
      { desc: "0-d -> 2x3", inputs: [rand([])], params: { shape: [2, 3] } },
    ],
    errors: [{ desc: "non-1 dim", call: () => lw.expand(lw.ones(2, 3), [4, 3]), message: /^expand: the size of dim 0 \(2\) must match the target 4 or be 1; input \[2, 3\], target \[4, 3\]/ }],
  }),
  ...(["contiguous", "clone"] as const).map((name) =>
    op<Record<string, never>>({
      name,
      fn: ([x]) => lw[name](x),
      ref: ([x]) => x,
      grad: true,
      dtypes: ["float64", "float32", "int32", "bool"],
      samples: () => [
        { desc: "transposed", inputs: [rand([3, 4])], params: {}, prep: ([t]) => [t.T] },
        { desc: "expanded", inputs: [rand([3, 1])], params: {}, prep: ([t]) => [t.expand(3, 2)] },
        { desc: "contiguous", inputs: [rand([2, 3])], params: {} },
        { desc: "empty", inputs: [rand([0, 2])], params: {} },
      ],
      errors: [{ desc: "non-tensor input", call: () => lw[name](null as unknown as lw.Tensor), message: new RegExp(`^${name}: input must be a Tensor, got null`) }],
    })),
];

/** Slicing with Python's rules: start/end clamp, negatives count from the end. */
function sliceRange(n: number, start: number | null | undefined, end: number | null | undefined, step: number): number[] {
  const c = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = start == null ? 0 : c(start), e = end == null ? n : c(end);
  const out: number[] = [];
  for (let i = s; i < e; i += step) out.push(i);
  return out;
}
const takeAlong = (x: Nd, dim: number, picks: number[]): Nd =>
  build(x.shape.map((s, i) => (i === dim ? picks.length : s)), (idx) => at(x, idx.map((v, i) => (i === dim ? picks[v] : v))));

interface SliceP { dim: number; start?: number | null; end?: number | null; step?: number }
export const slicingEntries: OpInfo[] = [
  op<SliceP>({
    name: "slice",
    fn: ([x], p) => x.slice(p.dim, p.start, p.end, p.step),
    ref: ([x], p) => {
      const d = norm(p.dim, x.shape.length);
      return takeAlong(x, d, sliceRange(x.shape[d], p.start, p.end, p.step ?? 1));
    },
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "dim 0, 1:4", inputs: [rand([5, 3])], params: { dim: 0, start: 1, end: 4 } },
      { desc: "dim 1, ::2", inputs: [rand([3, 5])], params: { dim: 1, step: 2 } },
      { desc: "dim -1, -3:-1", inputs: [rand([3, 5])], params: { dim: -1, start: -3, end: -1 } },
      { desc: "dim 0, 1::3 of 8", inputs: [rand([8, 2])], params: { dim: 0, start: 1, step: 3 } },
      { desc: "end past the size clamps", inputs: [rand([4])], params: { dim: 0, start: 2, end: 100 } },
      { desc: "empty range 3:1", inputs: [rand([4, 2])], params: { dim: 0, start: 3, end: 1 } },
      { desc: "of a transposed tensor", inputs: [rand([3, 5])], params: { dim: 0, start: 1, step: 2 }, prep: ([t]) => [t.T] },
    ],
    errors: [{ desc: "step 0", call: () => lw.ones(3).slice(0, 0, 2, 0), message: /^slice: step must be a positive integer, got 0/ }],
  }),
  op<{ dim: number; start: number; length: number }>({
    name: "narrow",
    fn: ([x], p) => lw.narrow(x, p.dim, p.start, p.length),
    ref: ([x], p) => {
      const d = norm(p.dim, x.shape.length), s = norm(p.start, x.shape[d]);
      return takeAlong(x, d, Array.from({ length: p.length }, (_, i) => s + i));
    },
    grad: true,
    samples: () => [
      { desc: "dim 0, 1 + 2", inputs: [rand([4, 3])], params: { dim: 0, start: 1, length: 2 } },
      { desc: "dim -1, -2 + 2", inputs: [rand([3, 4])], params: { dim: -1, start: -2, length: 2 } },
      { desc: "length 0", inputs: [rand([3, 4])], params: { dim: 1, start: 4, length: 0 } },
    ],
    errors: [{ desc: "past the end", call: () => lw.narrow(lw.ones(3, 4), 1, 3, 2), message: /^narrow: start 3 \+ length 2 exceeds dim 1 of size 4/ }],
  }),
  op<{ dim: number; index: number }>({
    name: "select",
    fn: ([x], p) => lw.select(x, p.dim, p.index),
    ref: ([x], p) => {
      const d = norm(p.dim, x.shape.length), i = norm(p.index, x.shape[d]);
      return build(x.shape.filter((_, k) => k !== d), (idx) => at(x, [...idx.slice(0, d), i, ...idx.slice(d)]));
    },
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "dim 0, 1", inputs: [rand([3, 4])], params: { dim: 0, index: 1 } },
      { desc: "dim 1, -1", inputs: [rand([3, 4])], params: { dim: 1, index: -1 } },
      { desc: "3-D dim 1, 2", inputs: [rand([2, 3, 2])], params: { dim: 1, index: 2 } },
      { desc: "1-D to 0-d", inputs: [rand([4])], params: { dim: 0, index: 3 } },
    ],
    errors: [
      { desc: "index out of range", call: () => lw.select(lw.ones(3, 4), 1, 4), message: /^select: index 4 is out of range for dim 1 with size 4/ },
      { desc: "negative index out of range", call: () => lw.select(lw.ones(3, 4), 0, -4), message: /^select: index -4 is out of range for dim 0 with size 3/ },
      { desc: "0-d", call: () => lw.select(lw.tensor(1), 0, 0), message: /^select: cannot index a 0-d tensor/ },
    ],
  }),
  op<{ specs: lw.IndexSpec[] }>({
    name: "index",
    aliases: ["slice"],
    fn: ([x], p) => lw.index(x, ...p.specs),
    ref: ([x], p) => {
      // Written out per sample: x[1:, ::2, -1], x[..., None, 0], x[-2], x[idx].
      const key = JSON.stringify(p.specs);
      if (key === JSON.stringify(["1:, ::2, -1"])) return build([x.shape[0] - 1, Math.ceil(x.shape[1] / 2)], ([i, j]) => at(x, [i + 1, 2 * j, x.shape[2] - 1]));
      if (key === JSON.stringify(["...", null, 0])) return build([...x.shape.slice(0, -1), 1], (idx) => at(x, [...idx.slice(0, -1), 0]));
      if (key === JSON.stringify([-2])) return build(x.shape.slice(1), (idx) => at(x, [x.shape[0] - 2, ...idx]));
      return build([x.shape[0], 2], ([i, j]) => at(x, [i, [2, 0][j]])); // [lw.slice(), tensor [2, 0]]
    },
    grad: true,
    samples: () => [
      { desc: 'x["1:, ::2, -1"]', inputs: [rand([3, 5, 2])], params: { specs: ["1:, ::2, -1"] } },
      { desc: "x[..., null, 0]", inputs: [rand([2, 3, 4])], params: { specs: ["...", null, 0] } },
      { desc: "x[-2]", inputs: [rand([3, 4])], params: { specs: [-2] } },
      { desc: "x[:, tensor([2, 0])]", inputs: [rand([3, 4])], params: { specs: [lw.slice(), lw.tensor([2, 0], { dtype: "int32" })] } },
    ],
    errors: [
      { desc: "index out of range", call: () => lw.index(lw.ones(3, 4), 0, 5), message: /^index: index 5 is out of range for dim 1 with size 4/ },
      { desc: "too many indices", call: () => lw.index(lw.ones(3), 0, 0), message: /^index: too many indices \(2\) for a tensor of shape \[3\]/ },
      { desc: "unreadable string", call: () => lw.index(lw.ones(3), "a:b"), message: /^index: cannot read "a:b"/ },
    ],
  }),
];

interface CatP { dim: number }
const catRef = (xs: Nd[], dim: number): Nd => {
  const parts = xs.filter((x) => !(x.shape.length === 1 && x.shape[0] === 0));
  const d = norm(dim, parts[0].shape.length);
  const sizes = parts.map((x) => x.shape[d]);
  return build(parts[0].shape.map((s, i) => (i === d ? sizes.reduce((a, b) => a + b, 0) : s)), (idx) => {
    let k = 0, i = idx[d];
    while (i >= sizes[k]) { i -= sizes[k]; k++; }
    return at(parts[k], idx.map((v, j) => (j === d ? i : v)));
  });
};
const unsqueezeNd = (x: Nd, d: number): Nd => {
  const s = [...x.shape];
  s.splice(d, 0, 1);
  return reshapeNd(x, s);
};

export const joinEntries: OpInfo[] = [
  op<CatP>({
    name: "cat",
    fn: (xs, p) => lw.cat(xs, p.dim),
    ref: (xs, p) => catRef(xs, p.dim),
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "2x3 and 1x3, dim 0", inputs: [rand([2, 3]), rand([1, 3])], params: { dim: 0 } },
      { desc: "three along dim -1", inputs: [rand([2, 1]), rand([2, 3]), rand([2, 2])], params: { dim: -1 } },
      { desc: "with an empty 0x3", inputs: [rand([2, 3]), rand([0, 3])], params: { dim: 0 } },
      { desc: "legacy: 1-D empty skipped", inputs: [rand([2, 3]), rand([0])], params: { dim: 1 } },
      { desc: "transposed parts", inputs: [rand([3, 2]), rand([3, 2])], params: { dim: 0 }, prep: ([a, b]) => [a.T, b.T] },
    ],
    errors: [
      { desc: "shape mismatch", call: () => lw.cat([lw.ones(2, 3), lw.ones(2, 4)], 0), message: /^cat: shapes \[2, 3\] and \[2, 4\] must match except in dim 0/ },
      { desc: "empty list", call: () => lw.cat([]), message: /^cat: expected a non-empty array of tensors/ },
      { desc: "0-d tensors", call: () => lw.cat([lw.tensor(1), lw.tensor(2)]), message: /^cat: zero-dimensional tensors cannot be concatenated/ },
    ],
  }),
  op<CatP>({
    name: "stack",
    fn: (xs, p) => lw.stack(xs, p.dim),
    ref: (xs, p) => catRef(xs.map((x) => unsqueezeNd(x, norm(p.dim, x.shape.length + 1))), p.dim),
    grad: true,
    samples: () => [
      { desc: "two 2x3, dim 0", inputs: [rand([2, 3]), rand([2, 3])], params: { dim: 0 } },
      { desc: "three 2x3, dim 2", inputs: [rand([2, 3]), rand([2, 3]), rand([2, 3])], params: { dim: 2 } },
      { desc: "0-d into 1-D", inputs: [rand([]), rand([])], params: { dim: 0 } },
      { desc: "dim -1", inputs: [rand([2]), rand([2])], params: { dim: -1 } },
    ],
    errors: [{ desc: "shape mismatch", call: () => lw.stack([lw.ones(2, 3), lw.ones(3, 2)]), message: /^stack: all tensors must have the same shape, got \[2, 3\] and \[3, 2\]/ }],
  }),
  op<{ size: number | number[]; dim?: number }>({
    name: "split",
    fn: ([x], p) => lw.split(x, p.size, p.dim),
    ref: ([x], p) => {
      const d = norm(p.dim ?? 0, x.shape.length), n = x.shape[d];
      const sizes = typeof p.size === "number" ? Array.from({ length: Math.max(1, Math.ceil(n / p.size)) }, (_, i) => Math.min(p.size as number, n - i * (p.size as number))) : p.size;
      let from = 0;
      return sizes.map((s) => {
        const piece = takeAlong(x, d, Array.from({ length: s }, (_, i) => from + i));
        from += s;
        return piece;
      });
    },
    grad: true,
    samples: () => [
      { desc: "5 by 2 along dim 0", inputs: [rand([5, 3])], params: { size: 2 } },
      { desc: "sizes [1, 3] along dim -1", inputs: [rand([2, 4])], params: { size: [1, 3], dim: -1 } },
      { desc: "exact pieces", inputs: [rand([4, 2])], params: { size: 2 } },
    ],
    errors: [{ desc: "sizes that do not add up", call: () => lw.split(lw.ones(4), [1, 2]), message: /^split: sizes \[1, 2\] must be non-negative and add up to 4/ }],
  }),
  op<{ chunks: number; dim?: number }>({
    name: "chunk",
    fn: ([x], p) => lw.chunk(x, p.chunks, p.dim),
    ref: ([x], p) => {
      const d = norm(p.dim ?? 0, x.shape.length), n = x.shape[d], size = Math.ceil(n / p.chunks);
      const out: Nd[] = [];
      for (let from = 0; from < n; from += size) out.push(takeAlong(x, d, Array.from({ length: Math.min(size, n - from) }, (_, i) => from + i)));
      return out;
    },
    grad: true,
    samples: () => [
      { desc: "5 rows in 3 chunks", inputs: [rand([5, 2])], params: { chunks: 3 } },
      { desc: "6 columns in 3 chunks", inputs: [rand([2, 6])], params: { chunks: 3, dim: 1 } },
      { desc: "2 rows in 4 chunks gives 2", inputs: [rand([2, 2])], params: { chunks: 4 } },
    ],
    errors: [{ desc: "0 chunks", call: () => lw.chunk(lw.ones(4), 0), message: /^chunk: chunks must be a positive integer, got 0/ }],
  }),
];

/** Sample for flip/pad/repeat/tril/triu forms. */
const rows = (xs: number[][]) => f64(xs);

export const reshapeEntries: OpInfo[] = [
  op<{ dims: number[] }>({
    name: "flip",
    fn: ([x], p) => lw.flip(x, p.dims),
    ref: ([x], p) => {
      const ds = p.dims.map((d) => norm(d, x.shape.length));
      return build(x.shape, (idx) => at(x, idx.map((v, d) => (ds.includes(d) ? x.shape[d] - 1 - v : v))));
    },
    grad: true,
    dtypes: ["float64", "float32", "int32"],
    samples: () => [
      { desc: "dim 0", inputs: [rand([3, 4])], params: { dims: [0] } },
      { desc: "dims [0, -1] of 3-D", inputs: [rand([2, 3, 4])], params: { dims: [0, -1] } },
      { desc: "transposed", inputs: [rand([3, 4])], params: { dims: [1] }, prep: ([t]) => [t.T] },
      { desc: "empty", inputs: [rand([0, 3])], params: { dims: [0, 1] } },
    ],
    errors: [{ desc: "dim out of range", call: () => lw.flip(lw.ones(2), 1), message: /^flip: dim 1 is out of range for a tensor of 1 dimension/ }],
  }),
  op<{ pad: number[]; value?: number }>({
    name: "pad",
    fn: ([x], p) => lw.pad(x, p.pad, { value: p.value }),
    ref: ([x], p) => {
      const nd = x.shape.length;
      const w = x.shape.map((): [number, number] => [0, 0]);
      for (let i = 0; i < p.pad.length / 2; i++) w[nd - 1 - i] = [p.pad[2 * i], p.pad[2 * i + 1]];
      return build(x.shape.map((s, d) => s + w[d][0] + w[d][1]), (idx) => {
        const src = idx.map((v, d) => v - w[d][0]);
        return src.every((v, d) => v >= 0 && v < x.shape[d]) ? at(x, src) : p.value ?? 0;
      });
    },
    grad: true,
    samples: () => [
      { desc: "last dim (1, 2)", inputs: [rand([2, 3])], params: { pad: [1, 2] } },
      { desc: "two dims, value -1", inputs: [rand([2, 3])], params: { pad: [1, 1, 2, 0], value: -1 } },
      { desc: "negative crops", inputs: [rand([3, 4])], params: { pad: [-1, 1, 0, -2] } },
      { desc: "empty grows", inputs: [rand([0, 2])], params: { pad: [0, 0, 1, 1], value: 5 } },
    ],
    errors: [
      { desc: "odd length", call: () => lw.pad(lw.ones(2, 3), [1]), message: /^pad: padding length 1 must be even and at most 2 × 2 \(input shape \[2, 3\]\)/ },
      { desc: "negative size", call: () => lw.pad(lw.ones(2, 3), [-2, -2]), message: /^pad: padding \(-2, -2\) makes dim 1 of size 3 negative/ },
    ],
  }),
  op<{ reps: number[] }>({
    name: "repeat",
    fn: ([x], p) => lw.repeat(x, p.reps),
    ref: ([x], p) => {
      const lead = p.reps.length - x.shape.length;
      const shape = [...new Array<number>(lead).fill(1), ...x.shape];
      return build(shape.map((s, i) => s * p.reps[i]), (idx) => at(x, idx.slice(lead).map((v, d) => v % x.shape[d])));
    },
    grad: true,
    samples: () => [
      { desc: "2x3 by [2, 1]", inputs: [rand([2, 3])], params: { reps: [2, 1] } },
      { desc: "3 by [2, 2] (new dim)", inputs: [rand([3])], params: { reps: [2, 2] } },
      { desc: "by 0", inputs: [rand([2])], params: { reps: [0] } },
    ],
    errors: [{ desc: "too few counts", call: () => lw.repeat(lw.ones(2, 3), [2]), message: /^repeat: 1 repeat counts for a tensor of 2 dims/ }],
  }),
  ...(["tril", "triu"] as const).map((name) =>
    op<{ diagonal?: number }>({
      name,
      fn: ([x], p) => lw[name](x, p.diagonal),
      ref: ([x], p) => build(x.shape, (idx) => {
        const j = idx[idx.length - 1], i = idx[idx.length - 2], k = p.diagonal ?? 0;
        return (name === "tril" ? j - i <= k : j - i >= k) ? at(x, idx) : 0;
      }),
      grad: true,
      dtypes: ["float64", "float32", "int32", "bool"],
      samples: () => [
        { desc: "3x4", inputs: [rand([3, 4])], params: {} },
        { desc: "4x3, diagonal 1", inputs: [rand([4, 3])], params: { diagonal: 1 } },
        { desc: "batched 2x3x3, diagonal -1", inputs: [rand([2, 3, 3])], params: { diagonal: -1 } },
        { desc: "transposed", inputs: [rand([3, 4])], params: {}, prep: ([t]) => [t.T] },
        { desc: "NaN outside the triangle becomes 0", inputs: [rows([[NaN, NaN], [NaN, NaN]])], params: {}, grad: false, floatOnly: true },
      ],
      errors: [{ desc: "1-D input", call: () => lw[name](lw.ones(3)), message: new RegExp(`^${name}: input must be at least 2-D, got shape \\[3\\]`) }],
    })),
];

export const movementAll: OpInfo[] = [...movementEntries, ...slicingEntries, ...joinEntries, ...reshapeEntries];
