/** @file Op database entries for creation ops: from data, filled, ranges, eye, the random ones (property checks) and the *Like forms. */
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { build, nd, numel } from "./nd.ts";
import { rand } from "./make.ts";
import { op, type DType, type OpInfo, type Tensor } from "./types.ts";

interface CP { dtype?: DType }
/** Creation ops run once per sample: the dtype comes from the sample, not from the inputs. */
const once: DType[] = ["float64"];
const dtypeOr = (fallback: DType) => (_: DType, p: CP): DType => p.dtype ?? fallback;

const filled = (name: "zeros" | "ones", v: number) =>
  op<CP & { shape: number[] }>({
    name,
    fn: (_, p) => lw[name](p.shape, { dtype: p.dtype }),
    ref: (_, p) => nd(p.shape, new Array<number>(numel(p.shape)).fill(v)),
    grad: false,
    dtypes: once,
    outDType: dtypeOr("float32"),
    samples: () => [
      { desc: "2x3", inputs: [], params: { shape: [2, 3] } },
      { desc: "int32", inputs: [], params: { shape: [4], dtype: "int32" } },
      { desc: "bool", inputs: [], params: { shape: [2], dtype: "bool" } },
      { desc: "0-d", inputs: [], params: { shape: [] } },
      { desc: "empty", inputs: [], params: { shape: [0, 2], dtype: "float64" } },
    ],
    errors: [
      { desc: "negative size", call: () => lw[name](2, -1), message: new RegExp(`^${name}: .*-1`) },
      { desc: "unknown dtype", call: () => lw[name]([2], { dtype: "int64" as DType }), message: new RegExp(`^${name}: unknown dtype "int64"`) },
      { desc: "NaN size", call: () => lw[name]([2, NaN]), message: new RegExp(`^${name}: shape \\[2, NaN\\] must hold non-negative integers, got NaN$`) },
      { desc: "fractional size", call: () => lw[name]([2.5]), message: new RegExp(`^${name}: shape \\[2\\.5\\] must hold non-negative integers, got 2\\.5$`) },
      { desc: "more elements than a typed array holds", call: () => lw[name]([1e6, 1e6]),
        message: new RegExp(`^${name}: shape \\[1000000, 1000000\\] of float32 needs 4\\.0 TB, more than a typed array can hold \\(max 4294967296 elements\\)$`) },
      { desc: "more elements than a typed array holds, float64", call: () => lw[name]([1e5, 1e5, 10], { dtype: "float64" }), message: new RegExp(`^${name}: shape \\[100000, 100000, 10\\] of float64 needs 800\\.0 GB`) },
    ],
  });

const likeOf = (name: "zerosLike" | "onesLike", v: number) =>
  op<CP>({
    name,
    fn: ([x], p) => lw[name](x, { dtype: p.dtype }),
    ref: ([x]) => nd(x.shape, new Array<number>(numel(x.shape)).fill(v)),
    grad: false,
    dtypes: ["float64", "float32", "int32"],
    outDType: (d, p) => p.dtype ?? d,
    samples: () => [
      { desc: "like 2x3", inputs: [rand([2, 3])], params: {} },
      { desc: "like, dtype int32", inputs: [rand([2])], params: { dtype: "int32" } },
    ],
    errors: [{ desc: "not a tensor", call: () => lw[name]([1, 2] as unknown as Tensor), message: new RegExp(`^${name}: input must be a Tensor, got object`) }],
  });

/** Random ops: shape, dtype, range and rough moments; bitwise repetition is tested in test/random.test.ts. */
const moments = (t: Tensor) => {
  const v = Array.from(t.toTypedArray());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { v, mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
};

export const creationEntries: OpInfo[] = [
  op<CP & { data: lw.NestedArray }>({
    name: "tensor",
    fn: (_, p) => lw.tensor(p.data, { dtype: p.dtype }),
    ref: (_, p) => {
      const shape: number[] = [];
      for (let c: lw.NestedArray = p.data; Array.isArray(c); c = c[0]) shape.push(c.length);
      return nd(shape, [p.data].flat(Infinity as 1).map(Number));
    },
    grad: false,
    dtypes: once,
    outDType: (_, p) => p.dtype ?? ([p.data].flat(Infinity as 1).some((v) => typeof v === "boolean") ? "bool" : "float32"),
    samples: () => [
      { desc: "nested 2x2", inputs: [], params: { data: [[1, 2], [3, 4]] } },
      { desc: "scalar", inputs: [], params: { data: 3.5 } },
      { desc: "booleans", inputs: [], params: { data: [true, false] } },
      { desc: "int32 truncates", inputs: [], params: { data: [1.7, -2.7], dtype: "int32" } },
      { desc: "NaN and Inf kept", inputs: [], params: { data: [NaN, Infinity, -Infinity], dtype: "float64" } },
      { desc: "empty", inputs: [], params: { data: [] } },
    ],
    errors: [
      { desc: "ragged", call: () => lw.tensor([[1, 2], [3]]), message: /^tensor: ragged nested array at \[1\]: expected length 2 at dim 1, got length 1/ },
      { desc: "mixed", call: () => lw.tensor([1, true]), message: /^tensor: data mixes numbers and booleans/ },
      { desc: "string", call: () => lw.tensor(["a"] as unknown as number[]), message: /^tensor: element at \[0\] is string/ },
    ],
  }),
  op<{ data: number[]; shape: number[] }>({
    name: "fromTypedArray",
    fn: (_, p) => lw.fromTypedArray(Float64Array.from(p.data), p.shape),
    ref: (_, p) => nd(p.shape, p.data),
    grad: false,
    dtypes: once,
    samples: () => [{ desc: "2x3 from 6", inputs: [], params: { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] } }],
    errors: [{ desc: "size mismatch", call: () => lw.fromTypedArray(new Float32Array(5), [2, 3]), message: /^fromTypedArray: shape \[2, 3\] needs 6 elements, the array has 5/ }],
  }),
  filled("zeros", 0),
  filled("ones", 1),
  op<CP & { shape: number[]; value: number }>({
    name: "full",
    fn: (_, p) => lw.full(p.shape, p.value, { dtype: p.dtype }),
    ref: (_, p) => nd(p.shape, new Array<number>(numel(p.shape)).fill(p.value)),
    grad: false,
    dtypes: once,
    outDType: dtypeOr("float32"),
    samples: () => [
      { desc: "2x2 of 7", inputs: [], params: { shape: [2, 2], value: 7 } },
      { desc: "-Infinity", inputs: [], params: { shape: [3], value: -Infinity, dtype: "float64" } },
      { desc: "int32", inputs: [], params: { shape: [2], value: -3, dtype: "int32" } },
    ],
    errors: [{ desc: "negative size", call: () => lw.full([2, -1], 0), message: /^full: shape \[2, -1\] must hold non-negative integers, got -1/ }],
  }),
  op<CP & { args: [number, number?, number?] }>({
    name: "arange",
    fn: (_, p) => (p.args.length === 1 ? lw.arange(p.args[0], { dtype: p.dtype }) : lw.arange(p.args[0], p.args[1]!, p.args[2], { dtype: p.dtype })),
    ref: (_, p) => {
      const [a, b, c = 1] = p.args;
      const [start, end] = b === undefined ? [0, a] : [a, b];
      const n = Math.max(0, Math.ceil((end - start) / c));
      return nd([n], Array.from({ length: n }, (_, i) => start + i * c));
    },
    grad: false,
    dtypes: once,
    outDType: (_, p) => p.dtype ?? (p.args.every((v) => v === undefined || Number.isInteger(v)) ? "int32" : "float32"),
    samples: () => [
      { desc: "5", inputs: [], params: { args: [5] } },
      { desc: "1 to 2 by 0.25", inputs: [], params: { args: [1, 2, 0.25] } },
      { desc: "10 down to 0 by -3", inputs: [], params: { args: [10, 0, -3] } },
      { desc: "empty", inputs: [], params: { args: [0] } },
      { desc: "float64", inputs: [], params: { args: [0, 1, 0.1], dtype: "float64" } },
    ],
    errors: [
      { desc: "step 0", call: () => lw.arange(0, 1, 0), message: /^arange: step must be non-zero/ },
      { desc: "wrong sign", call: () => lw.arange(0, 5, -1), message: /^arange: upper bound and step do not agree in sign \(start 0, end 5, step -1\)/ },
      { desc: "Infinity", call: () => lw.arange(Infinity), message: /^arange: start, end and step must be finite/ },
      { desc: "more values than a typed array holds", call: () => lw.arange(1e12), message: /^arange: shape \[1000000000000\] of int32 needs 4\.0 TB, more than a typed array can hold/ },
    ],
  }),
  op<CP & { start: number; end: number; steps: number }>({
    name: "linspace",
    fn: (_, p) => lw.linspace(p.start, p.end, p.steps, { dtype: p.dtype }),
    ref: (_, p) => nd([p.steps], Array.from({ length: p.steps }, (_, i) => (p.steps === 1 ? p.start : p.start + ((p.end - p.start) * i) / (p.steps - 1)))),
    grad: false,
    dtypes: once,
    outDType: dtypeOr("float32"),
    tol: { float64: { atol: 1e-12, rtol: 1e-12 } },
    samples: () => [
      { desc: "0..1 in 5", inputs: [], params: { start: 0, end: 1, steps: 5, dtype: "float64" } },
      { desc: "3..-3 in 4", inputs: [], params: { start: 3, end: -3, steps: 4 } },
      { desc: "1 step", inputs: [], params: { start: 2, end: 5, steps: 1 } },
      { desc: "0 steps", inputs: [], params: { start: 2, end: 5, steps: 0 } },
    ],
    errors: [
      { desc: "negative steps", call: () => lw.linspace(0, 1, -1), message: /^linspace: steps must be a non-negative integer, got -1/ },
      { desc: "too many steps", call: () => lw.linspace(0, 1, 2 ** 33), message: /^linspace: shape \[8589934592\] of float32 needs 34\.4 GB, more than a typed array can hold/ },
    ],
  }),
  op<CP & { n: number; m?: number }>({
    name: "eye",
    fn: (_, p) => lw.eye(p.n, p.m, { dtype: p.dtype }),
    ref: (_, p) => build([p.n, p.m ?? p.n], ([i, j]) => (i === j ? 1 : 0)),
    grad: false,
    dtypes: once,
    outDType: dtypeOr("float32"),
    samples: () => [
      { desc: "3", inputs: [], params: { n: 3 } },
      { desc: "2x4 int32", inputs: [], params: { n: 2, m: 4, dtype: "int32" } },
      { desc: "0", inputs: [], params: { n: 0 } },
    ],
    errors: [
      { desc: "negative", call: () => lw.eye(-1), message: /^eye: .*-1/ },
      { desc: "too large", call: () => lw.eye(1e6), message: /^eye: shape \[1000000, 1000000\] of float32 needs 4\.0 TB/ },
    ],
  }),
  op<CP & { shape: number[] }>({
    name: "rand",
    aliases: ["randLike"],
    fn: (_, p) => [lw.rand(p.shape, { dtype: p.dtype }), lw.randLike(lw.zeros(p.shape, { dtype: p.dtype }))],
    check: ([a, b], p) => {
      for (const t of [a, b]) {
        assert.deepEqual([...t.shape], p.shape);
        const { v, mean } = moments(t);
        assert.ok(v.every((x) => x >= 0 && x < 1), "rand: values in [0, 1)");
        if (v.length >= 1000) assert.ok(Math.abs(mean - 0.5) < 0.05, `rand: mean ${mean}`);
      }
    },
    grad: false,
    dtypes: once,
    outDType: dtypeOr("float32"),
    samples: () => [
      { desc: "40x50", inputs: [], params: { shape: [40, 50] } },
      { desc: "float64", inputs: [], params: { shape: [1000], dtype: "float64" } },
      { desc: "empty", inputs: [], params: { shape: [0] } },
    ],
    errors: [
      { desc: "int dtype", call: () => lw.rand([2], { dtype: "int32" }), message: /^rand: dtype must be float32 or float64, got int32/ },
      { desc: "too large", call: () => lw.rand([1e5, 1e5]), message: /^rand: shape \[100000, 100000\] of float32 needs 40\.0 GB, more than a typed array can hold/ },
    ],
  }),
  op<CP & { shape: number[] }>({
    name: "randn",
    aliases: ["randnLike"],
    fn: (_, p) => [lw.randn(p.shape, { dtype: p.dtype }), lw.randnLike(lw.zeros(p.shape, { dtype: p.dtype }))],
    check: ([a, b], p) => {
      for (const t of [a, b]) {
        assert.deepEqual([...t.shape], p.shape);
        const { v, mean, std } = moments(t);
        assert.ok(v.every(Number.isFinite), "randn: finite values");
        if (v.length >= 1000) assert.ok(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, `randn: mean ${mean}, std ${std}`);
      }
    },
    grad: false,
    dtypes: once,
    outDType: dtypeOr("float32"),
    samples: () => [
      { desc: "2000", inputs: [], params: { shape: [2000] } },
      { desc: "odd count, float64", inputs: [], params: { shape: [3, 3], dtype: "float64" } },
    ],
    errors: [
      { desc: "int dtype", call: () => lw.randn([2], { dtype: "int32" }), message: /^randn: dtype must be float32 or float64, got int32/ },
      { desc: "too large", call: () => lw.randn([1e5, 1e5]), message: /^randn: shape \[100000, 100000\] of float32 needs 40\.0 GB/ },
    ],
  }),
  op<CP & { low: number; high: number; shape: number[] }>({
    name: "randint",
    aliases: ["randintLike"],
    fn: (_, p) => [lw.randint(p.low, p.high, p.shape, { dtype: p.dtype }), lw.randintLike(lw.zeros(p.shape), p.low, p.high, { dtype: p.dtype })],
    check: ([a, b], p) => {
      for (const t of [a, b]) {
        assert.deepEqual([...t.shape], p.shape);
        const v = Array.from(t.toTypedArray());
        assert.ok(v.every((x) => Number.isInteger(x) && x >= p.low && x < p.high), "randint: integers in [low, high)");
        if (v.length >= 500) for (let k = p.low; k < p.high; k++) assert.ok(v.includes(k), `randint: value ${k} never drawn`);
      }
    },
    grad: false,
    dtypes: once,
    outDType: dtypeOr("int32"),
    samples: () => [
      { desc: "-3..4, 500", inputs: [], params: { low: -3, high: 4, shape: [500] } },
      { desc: "float64 dtype", inputs: [], params: { low: 0, high: 2, shape: [2, 2], dtype: "float64" } },
    ],
    errors: [
      { desc: "low >= high", call: () => lw.randint(3, 3, [2]), message: /^randint: expected integers low < high, got low 3, high 3/ },
      { desc: "too large", call: () => lw.randint(0, 3, [1e5, 1e5]), message: /^randint: shape \[100000, 100000\] of int32 needs 40\.0 GB/ },
    ],
  }),
  op<CP & { n: number }>({
    name: "randperm",
    fn: (_, p) => lw.randperm(p.n, { dtype: p.dtype }),
    check: ([t], p) => assert.deepEqual(Array.from(t.toTypedArray()).sort((a, b) => a - b), Array.from({ length: p.n }, (_, i) => i)),
    grad: false,
    dtypes: once,
    outDType: dtypeOr("int32"),
    samples: () => [
      { desc: "10", inputs: [], params: { n: 10 } },
      { desc: "0", inputs: [], params: { n: 0 } },
      { desc: "float64", inputs: [], params: { n: 5, dtype: "float64" } },
    ],
    errors: [{ desc: "negative", call: () => lw.randperm(-1), message: /^randperm: n must be a non-negative integer, got -1/ }],
  }),
  likeOf("zerosLike", 0),
  likeOf("onesLike", 1),
  op<CP & { value: number }>({
    name: "fullLike",
    fn: ([x], p) => lw.fullLike(x, p.value, { dtype: p.dtype }),
    ref: ([x], p) => nd(x.shape, new Array<number>(numel(x.shape)).fill(p.value)),
    grad: false,
    dtypes: ["float64", "float32"],
    outDType: (d, p) => p.dtype ?? d,
    samples: () => [{ desc: "like 2x3", inputs: [rand([2, 3])], params: { value: -2.5 } }],
    errors: [{ desc: "not a tensor", call: () => lw.fullLike(null as unknown as Tensor, 1), message: /^fullLike: input must be a Tensor, got null/ }],
  }),
];
