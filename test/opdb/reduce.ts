/** @file Op database entries for reductions (dim / keepdim), scans, softmax and log-softmax. */
import * as lw from "lernwerk";
import { alongDim, reduceNd, scalarNd } from "./nd.ts";
import { awayFrom, f64, rand } from "./make.ts";
import { op, type DType, type OpInfo, type Sample } from "./types.ts";

interface RP { dim?: number | number[]; keepdim?: boolean }

const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);
const prodOf = (v: number[]) => v.reduce((a, b) => a * b, 1);
const hasNaN = (v: number[]) => v.some(Number.isNaN);
const maxOf = (v: number[]) => (hasNaN(v) ? NaN : Math.max(...v));
const minOf = (v: number[]) => (hasNaN(v) ? NaN : Math.min(...v));
const meanOf = (v: number[]) => sumOf(v) / v.length;
const varOf = (v: number[], correction: number) => {
  const m = meanOf(v);
  return sumOf(v.map((x) => (x - m) ** 2)) / Math.max(v.length - correction, 0);
};
function lseOf(v: number[]): number {
  if (v.length === 0) return -Infinity;
  const m = Math.max(...v);
  if (!Number.isFinite(m)) return hasNaN(v) ? NaN : m; // all -inf gives -inf; any +inf gives +inf
  return m + Math.log(sumOf(v.map((x) => Math.exp(x - m))));
}
/** Index of the first NaN, else of the first extreme value (torch.argmax / argmin). */
const argOf = (v: number[], better: (a: number, b: number) => boolean) => {
  const nan = v.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  return v.reduce((best, x, i) => (better(x, v[best]) ? i : best), 0);
};

/** Samples shared by the dim/keepdim reductions (x away from `kinks` for gradchecks). */
function reduceSamples(kinks: number[] = [], low = -2, high = 2, degenerate = true): Sample<RP>[] {
  const x = (shape: number[]) => awayFrom(shape, kinks, low, high);
  return [
    { desc: "2x3x4, all dims", inputs: [x([2, 3, 4])], params: {} },
    { desc: "2x3x4, dim 1", inputs: [x([2, 3, 4])], params: { dim: 1 } },
    { desc: "2x3x4, dims [0, 2] keepdim", inputs: [x([2, 3, 4])], params: { dim: [0, 2], keepdim: true } },
    { desc: "3x4, dim -1", inputs: [x([3, 4])], params: { dim: -1 } },
    { desc: "0-d", inputs: [x([])], params: {}, grad: degenerate },
    { desc: "transposed 4x3, dim 0", inputs: [x([3, 4])], params: { dim: 0 }, prep: ([t]) => [t.T] },
    { desc: "expanded 3x4, dim 0 keepdim", inputs: [x([1, 4])], params: { dim: 0, keepdim: true }, prep: ([t]) => [t.expand(3, 4)], grad: degenerate },
    { desc: "expanded 3x4, dim 1", inputs: [x([1, 4])], params: { dim: 1 }, prep: ([t]) => [t.expand(3, 4)] },
  ];
}
const withEmpty: Sample<RP>[] = [];
const emptySamples = (): Sample<RP>[] => [
  { desc: "empty 0x3, dim 0", inputs: [rand([0, 3])], params: { dim: 0 } },
  { desc: "empty 0x3, all dims", inputs: [rand([0, 3])], params: {} },
];
const edgeSample = (): Sample<RP> => ({ desc: "NaN and ±Inf rows, dim 1", inputs: [f64([[1, NaN, 2], [Infinity, 1, 2], [-Infinity, Infinity, 0], [-Infinity, -Infinity, 3]])], params: { dim: 1 }, grad: false, floatOnly: true });

function reduction(name: string, fn: (x: lw.Tensor, p: RP) => lw.Tensor, f: (v: number[]) => number, o: { kinks?: number[]; low?: number; high?: number; empty?: boolean; int?: boolean; degenerate?: boolean; outDType?: (d: DType) => DType } = {}): OpInfo {
  return op<RP>({
    name,
    fn: ([x], p) => fn(x, p),
    ref: ([x], p) => reduceNd(x, p.dim, p.keepdim ?? false, f),
    grad: true,
    dtypes: o.int ? ["float64", "float32", "int32"] : undefined,
    outDType: o.outDType,
    samples: () => [...reduceSamples(o.kinks, o.low, o.high, o.degenerate), ...(o.empty === false ? withEmpty : emptySamples()), edgeSample()],
    errors: [
      { desc: "dim out of range", call: () => fn(lw.ones(2, 3), { dim: 2 }), message: new RegExp(`^${name}: dim 2 is out of range for .*2`) },
      { desc: "non-tensor input", call: () => fn([1] as unknown as lw.Tensor, {}), message: new RegExp(`^${name}: input must be a Tensor`) },
    ],
  });
}

const keep = (p: RP) => ({ keepdim: p.keepdim });
const intToInt = (d: DType): DType => (d === "bool" ? "int32" : d);

export const reduceEntries: OpInfo[] = [
  reduction("sum", (x, p) => lw.sum(x, p.dim, keep(p)), sumOf, { int: true, outDType: intToInt }),
  reduction("mean", (x, p) => lw.mean(x, p.dim, keep(p)), meanOf),
  reduction("amax", (x, p) => lw.amax(x, p.dim, keep(p)), maxOf, { empty: false, int: true }),
  reduction("amin", (x, p) => lw.amin(x, p.dim, keep(p)), minOf, { empty: false, int: true }),
  reduction("logsumexp", (x, p) => lw.logsumexp(x, p.dim, keep(p)), lseOf),
  reduction("var", (x, p) => lw.var(x, p.dim, keep(p)), (v) => varOf(v, 1), { degenerate: false }),
  reduction("std", (x, p) => lw.std(x, p.dim, keep(p)), (v) => Math.sqrt(varOf(v, 1)), { degenerate: false }),
  reduction("norm", (x, p) => lw.norm(x, 2, p.dim, keep(p)), (v) => Math.sqrt(sumOf(v.map((a) => a * a))), { kinks: [0] }),
];
const byName = (n: string) => reduceEntries.find((e) => e.name === n)!;
byName("var").aliases = ["variance"];
byName("mean").errors!.push({ desc: "int input", call: () => lw.mean(lw.tensor([1, 2], { dtype: "int32" })), message: /^mean: input dtype must be floating point, got int32/ });
byName("amax").errors!.push({ desc: "empty", call: () => lw.amax(lw.zeros(0, 3)), message: /^amax: cannot reduce an empty tensor of shape \[0, 3\]/ });
byName("var").errors!.push({ desc: "int input", call: () => lw.var(lw.tensor([1, 2], { dtype: "int32" })), message: /^var: expected a floating-point tensor, got dtype int32/ });
byName("logsumexp").errors!.push({ desc: "int input", call: () => lw.logsumexp(lw.tensor([1, 2], { dtype: "int32" })), message: /^logsumexp: expected a floating-point tensor, got dtype int32/ });
byName("logsumexp").samples = () => [
  ...reduceSamples(), ...emptySamples(), edgeSample(),
  { desc: "[-1000, 1000] (no overflow)", inputs: [f64([[-1000, 1000], [1000, 1000], [-1000, -1000]])], params: { dim: 1 } },
];

interface VarP extends RP { unbiased?: boolean; correction?: number }
const varianceOptions = (name: "var" | "std", fn: typeof lw.var, post: (v: number) => number): OpInfo =>
  op<VarP>({
    name: `${name}(unbiased: false / correction)`,
    fn: ([x], p) => fn(x, p.dim, { keepdim: p.keepdim, unbiased: p.unbiased, correction: p.correction }),
    ref: ([x], p) => reduceNd(x, p.dim, p.keepdim ?? false, (v) => post(varOf(v, p.correction ?? (p.unbiased === false ? 0 : 1)))),
    grad: true,
    samples: () => [
      { desc: "3x4, dim 1, biased", inputs: [rand([3, 4])], params: { dim: 1, unbiased: false } },
      { desc: "3x4, all, correction 2", inputs: [rand([3, 4])], params: { correction: 2 } },
      { desc: "one element, unbiased gives NaN", inputs: [f64([1.5])], params: {}, grad: false },
      { desc: "one element, biased gives 0", inputs: [f64([1.5])], params: { unbiased: false }, grad: false },
    ],
  });

interface NormP extends RP { p: number | "fro" }
export const normOrders = op<NormP>({
  name: "norm(p)",
  fn: ([x], p) => lw.norm(x, p.p, p.dim, { keepdim: p.keepdim }),
  ref: ([x], p) => reduceNd(x, p.dim, p.keepdim ?? false, (v) => {
    const q = p.p === "fro" ? 2 : p.p;
    const a = v.map(Math.abs);
    if (q === Infinity) return maxOf(a);
    if (q === -Infinity) return minOf(a);
    if (q === 0) return a.filter((x) => x !== 0).length;
    return sumOf(a.map((x) => x ** q)) ** (1 / q);
  }),
  grad: true,
  samples: () => [
    { desc: "p 1, dim 1", inputs: [awayFrom([3, 4], [0])], params: { p: 1, dim: 1 } },
    { desc: "p Infinity, all", inputs: [awayFrom([3, 4], [0])], params: { p: Infinity } },
    { desc: "p -Infinity, dim 0", inputs: [awayFrom([3, 4], [0])], params: { p: -Infinity, dim: 0 } },
    { desc: "p 3, dim -1 keepdim", inputs: [awayFrom([3, 4], [0])], params: { p: 3, dim: -1, keepdim: true } },
    { desc: "p 0 counts non-zeros", inputs: [f64([[0, 1.5, 0], [2, -3, 0]])], params: { p: 0, dim: 1 }, grad: false },
    { desc: "p 'fro'", inputs: [rand([2, 3])], params: { p: "fro" } },
    { desc: "2-norm of zeros is 0 with gradient 0", inputs: [f64([[0, 0], [1, 2]])], params: { p: 2, dim: 1 } },
  ],
  errors: [{ desc: "NaN p", call: () => lw.norm(lw.ones(2), NaN), message: /^norm: p must be a number or "fro", got NaN/ }],
});

export const prodEntry = op<{ dim?: number; keepdim?: boolean }>({
  name: "prod",
  fn: ([x], p) => lw.prod(x, p.dim, { keepdim: p.keepdim }),
  ref: ([x], p) => reduceNd(x, p.dim, p.keepdim ?? false, prodOf),
  grad: true,
  dtypes: ["float64", "float32", "int32"],
  samples: () => [
    { desc: "3x4, all", inputs: [rand([3, 4], 0.5, 1.5)], params: {} },
    { desc: "3x4, dim 1 keepdim", inputs: [rand([3, 4])], params: { dim: 1, keepdim: true } },
    { desc: "one zero in a row", inputs: [f64([[1.5, 0, -2], [0.5, 2, 3]])], params: { dim: 1 } },
    { desc: "two zeros in a row", inputs: [f64([[1.5, 0, 0], [0.5, 2, 3]])], params: { dim: 1 } },
    { desc: "0-d", inputs: [rand([])], params: {} },
    { desc: "empty 0x3, dim 0 gives ones", inputs: [rand([0, 3])], params: { dim: 0 } },
    { desc: "transposed, dim 0", inputs: [rand([3, 4])], params: { dim: 0 }, prep: ([t]) => [t.T] },
    { desc: "NaN and Inf", inputs: [f64([[1, NaN], [Infinity, 0], [-Infinity, 2]])], params: { dim: 1 }, grad: false, floatOnly: true },
  ],
  errors: [{ desc: "dim out of range", call: () => lw.prod(lw.ones(2), -2), message: /^prod: dim -2 is out of range/ }],
});

interface ArgP { dim?: number; keepdim?: boolean }
const argSamples = (): Sample<ArgP>[] => [
  { desc: "3x4, flattened", inputs: [rand([3, 4])], params: {} },
  { desc: "3x4, dim 1", inputs: [rand([3, 4])], params: { dim: 1 } },
  { desc: "2x3x4, dim 0 keepdim", inputs: [rand([2, 3, 4])], params: { dim: 0, keepdim: true } },
  { desc: "ties pick the first", inputs: [f64([[1, 3, 3], [2, 2, 0]])], params: { dim: 1 } },
  { desc: "NaN wins", inputs: [f64([[1, NaN, 3], [Infinity, 2, -Infinity]])], params: { dim: 1 }, floatOnly: true },
  { desc: "transposed, dim 1", inputs: [rand([3, 4])], params: { dim: 1 }, prep: ([t]) => [t.T] },
];
const argEntry = (name: "argmax" | "argmin", fn: typeof lw.argmax, better: (a: number, b: number) => boolean) =>
  op<ArgP>({
    name,
    fn: ([x], p) => fn(x, p.dim, { keepdim: p.keepdim }),
    ref: ([x], p) => {
      if (p.dim === undefined) {
        const r = scalarNd(argOf([...x.data], better));
        return p.keepdim ? { shape: x.shape.map(() => 1), data: r.data } : r;
      }
      return reduceNd(x, p.dim, p.keepdim ?? false, (v) => argOf(v, better));
    },
    grad: false,
    dtypes: ["float64", "float32", "int32"],
    outDType: () => "int32",
    samples: argSamples,
    errors: [{ desc: "empty", call: () => fn(lw.zeros(0)), message: new RegExp(`^${name}: cannot reduce an empty tensor of shape \\[0\\]`) }],
  });

/** max / min in all three forms: all elements, [values, indices] along a dim, element-wise with another tensor. */
const extremeEntry = (name: "max" | "min", better: (a: number, b: number) => boolean, pick: (v: number[]) => number) =>
  op<{ dim?: number; keepdim?: boolean; other?: boolean }>({
    name,
    fn: ([x, y], p) => {
      const f = (name === "max" ? lw.max : lw.min) as (x: lw.Tensor, d?: number | lw.Tensor, o?: { keepdim?: boolean }) => lw.Tensor | lw.ValuesIndices;
      const r = p.other ? f(x, y) : f(x, p.dim, { keepdim: p.keepdim });
      return r instanceof lw.Tensor ? r : [r.values, r.indices];
    },
    ref: ([x, y], p) => {
      if (p.other) return { shape: x.shape, data: x.data.map((v, i) => pick([v, y.data[i]])) };
      if (p.dim === undefined) return scalarNd(pick([...x.data]));
      const k = p.keepdim ?? false;
      return [reduceNd(x, p.dim, k, pick), reduceNd(x, p.dim, k, (v) => argOf(v, better))];
    },
    grad: true,
    outDType: (d, p) => (p.dim !== undefined ? [d, "int32"] : d),
    samples: () => [
      { desc: "all elements", inputs: [rand([3, 4])], params: {} },
      { desc: "dim 1: values and indices", inputs: [rand([3, 4])], params: { dim: 1 } },
      { desc: "dim 0 keepdim", inputs: [rand([2, 3, 4])], params: { dim: 0, keepdim: true } },
      { desc: "element-wise with another tensor", inputs: [rand([3, 4]), rand([3, 4])], params: { other: true } },
      { desc: "transposed, dim -1", inputs: [rand([3, 4])], params: { dim: -1 }, prep: ([t]) => [t.T] },
      { desc: "NaN wins", inputs: [f64([[1, NaN, 3], [Infinity, 2, -Infinity]])], params: { dim: 1 }, grad: false },
    ],
    errors: [
      { desc: "dim out of range", call: () => (name === "max" ? lw.max : lw.min)(lw.ones(2, 3), 3), message: new RegExp(`^${name}: dim 3 is out of range`) },
      { desc: "empty", call: () => (name === "max" ? lw.max : lw.min)(lw.zeros(0)), message: new RegExp(`a${name}: cannot reduce an empty tensor of shape \\[0\\]`) },
    ],
  });

interface CumP { dim: number }
export const cumsumEntry = op<CumP>({
  name: "cumsum",
  fn: ([x], p) => lw.cumsum(x, p.dim),
  ref: ([x], p) => (x.shape.length === 0 ? x : alongDim(x, p.dim, (line) => line.map((_, i) => sumOf(line.slice(0, i + 1))))),
  grad: true,
  dtypes: ["float64", "float32", "int32"],
  samples: () => [
    { desc: "3x4, dim 1", inputs: [rand([3, 4])], params: { dim: 1 } },
    { desc: "2x3x4, dim 0", inputs: [rand([2, 3, 4])], params: { dim: 0 } },
    { desc: "3x4, dim -2", inputs: [rand([3, 4])], params: { dim: -2 } },
    { desc: "0-d", inputs: [rand([])], params: { dim: 0 } },
    { desc: "empty 0x3, dim 0", inputs: [rand([0, 3])], params: { dim: 0 } },
    { desc: "transposed, dim 1", inputs: [rand([3, 4])], params: { dim: 1 }, prep: ([t]) => [t.T] },
    { desc: "NaN and Inf carry on", inputs: [f64([[3, NaN, 1], [Infinity, 1, -Infinity]])], params: { dim: 1 }, grad: false, floatOnly: true },
  ],
  errors: [{ desc: "dim out of range", call: () => lw.cumsum(lw.ones(2, 3), 2), message: /^cumsum: dim 2 is out of range/ }],
});

const logicalReduce = (name: "all" | "any", fn: typeof lw.all, f: (v: number[]) => boolean) =>
  op<RP>({
    name,
    fn: ([x], p) => fn(x, p.dim, keep(p)),
    ref: ([x], p) => reduceNd(x, p.dim, p.keepdim ?? false, (v) => (f(v) ? 1 : 0)),
    grad: false,
    dtypes: ["float64", "float32", "int32", "bool"],
    outDType: () => "bool",
    errors: [{ desc: "dim out of range", call: () => fn(lw.ones(2), 1), message: new RegExp(`^${name}: dim 1 is out of range for a tensor of 1 dimension`) }],
    samples: () => [
      { desc: "mixed zeros, dim 1", inputs: [f64([[0, 1, 2], [1, 1, 1], [0, 0, 0]])], params: { dim: 1 } },
      { desc: "all dims", inputs: [f64([[0, 1], [2, 3]])], params: {} },
      { desc: "dim 0 keepdim", inputs: [f64([[0, 1], [2, 3]])], params: { dim: 0, keepdim: true } },
      { desc: "NaN counts as true", inputs: [f64([NaN, 1])], params: {}, floatOnly: true },
      { desc: "empty: all true, any false", inputs: [rand([0, 3])], params: { dim: 0 } },
    ],
  });

const softmaxLike = (name: "softmax" | "logSoftmax", fn: typeof lw.softmax, line: (v: number[]) => number[]) =>
  op<{ dim: number }>({
    name,
    fn: ([x], p) => fn(x, p.dim),
    ref: ([x], p) => (x.shape.length === 0 ? { shape: [], data: line([x.data[0]]) } : alongDim(x, p.dim, line)),
    grad: true,
    samples: () => [
      { desc: "3x4, dim 1", inputs: [rand([3, 4], -3, 3)], params: { dim: 1 } },
      { desc: "3x4, dim 0", inputs: [rand([3, 4], -3, 3)], params: { dim: 0 } },
      { desc: "2x3x4, dim -2", inputs: [rand([2, 3, 4], -3, 3)], params: { dim: -2 } },
      { desc: "transposed, dim 1", inputs: [rand([3, 4])], params: { dim: 1 }, prep: ([t]) => [t.T] },
      { desc: "0-d", inputs: [rand([])], params: { dim: 0 } },
      { desc: "empty 0x3, dim 1", inputs: [rand([0, 3])], params: { dim: 1 } },
      { desc: "[-1000, 1000] (no overflow)", inputs: [f64([[-1000, 1000], [1000, 1000], [-1000, -1001]])], params: { dim: 1 } },
      { desc: "-Infinity logits (masked)", inputs: [f64([[-Infinity, 0, 1], [2, -Infinity, 2]])], params: { dim: 1 }, grad: false },
      { desc: "all -Infinity, NaN, +Infinity lines: NaN (as PyTorch)", inputs: [f64([[-Infinity, -Infinity], [NaN, 1], [Infinity, 1], [1e30, -1e30]])], params: { dim: 1 }, grad: false, floatOnly: true },
      { desc: "expanded lines (stride 0), dim 1", inputs: [rand([1, 5], -3, 3)], params: { dim: 1 }, prep: ([t]) => [t.expand(3, 5)] },
      { desc: "2x5x3, dim 1 (lines across the inner dim)", inputs: [rand([2, 5, 3], -3, 3)], params: { dim: 1 } },
      { desc: "4x70, dim -1", inputs: [rand([4, 70], -5, 5)], params: { dim: -1 } },
    ],
    errors: [
      { desc: "int input", call: () => fn(lw.tensor([1, 2], { dtype: "int32" }), 0), message: new RegExp(`^${name}: expected a floating-point tensor, got dtype int32`) },
      { desc: "dim out of range", call: () => fn(lw.ones(2, 3), 2), message: new RegExp(`^${name}: dim 2 is out of range`) },
    ],
  });

function softmaxLine(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = sumOf(e);
  return e.map((x) => x / s);
}
/** (x − max) − log Σ e^(x − max): a line with NaN, +∞ or only −∞ is all NaN (as PyTorch), unlike x − logsumexp. */
function logSoftmaxLine(v: number[]): number[] {
  const m = Math.max(...v);
  const ls = Math.log(sumOf(v.map((x) => Math.exp(x - m))));
  return v.map((x) => x - m - ls);
}

export const reduceAll: OpInfo[] = [
  ...reduceEntries,
  varianceOptions("var", lw.var, (v) => v),
  varianceOptions("std", lw.std, Math.sqrt),
  normOrders,
  prodEntry,
  argEntry("argmax", lw.argmax, (a, b) => a > b),
  argEntry("argmin", lw.argmin, (a, b) => a < b),
  extremeEntry("max", (a, b) => a > b, maxOf),
  extremeEntry("min", (a, b) => a < b, minOf),
  cumsumEntry,
  logicalReduce("all", lw.all, (v) => v.every((x) => x !== 0)),
  logicalReduce("any", lw.any, (v) => v.some((x) => x !== 0)),
  softmaxLike("softmax", lw.softmax, softmaxLine),
  softmaxLike("logSoftmax", lw.logSoftmax, logSoftmaxLine),
];
