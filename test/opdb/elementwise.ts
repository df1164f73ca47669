/** @file Op database entries for the element-wise ops: unary math, binary math with broadcasting, comparisons, logic, activations. */
import * as lw from "lernwerk";
import { awayFrom, bool, bools, edges, f64, positive, rand } from "./make.ts";
import { erfRef, mapNd, roundHalfEven } from "./nd.ts";
import { op, type DType, type OpInfo, type Sample, type Tensor } from "./types.ts";

interface UnaryOpts {
  low?: number;
  high?: number;
  /** Points where the derivative jumps: gradcheck samples keep away from them. */
  kinks?: number[];
  grad?: boolean;
  /** Also run the forward test on int32 inputs (ops that keep integer dtypes). */
  int?: boolean;
  outDType?: (d: DType) => DType;
}

/** A unary entry: random, 0-d, empty, expanded and transposed views, and the edge values. */
function unary(name: string, fn: (x: Tensor) => Tensor, f: (x: number) => number, o: UnaryOpts = {}): OpInfo {
  const low = o.low ?? -2, high = o.high ?? 2, kinks = o.kinks ?? [];
  const grad = o.grad ?? true;
  return op<Record<string, never>>({
    name,
    fn: ([x]) => fn(x),
    ref: ([x]) => mapNd(f, x),
    grad,
    dtypes: o.int ? ["float64", "float32", "int32"] : undefined,
    outDType: o.outDType,
    samples: () => [
      { desc: "3x4", inputs: [awayFrom([3, 4], kinks, low, high)], params: {} },
      { desc: "0-d", inputs: [awayFrom([], kinks, low, high)], params: {} },
      { desc: "empty 0x3", inputs: [rand([0, 3])], params: {} },
      { desc: "transposed 4x3", inputs: [awayFrom([3, 4], kinks, low, high)], params: {}, prep: ([x]) => [x.T] },
      { desc: "expanded 1x4 -> 3x4", inputs: [awayFrom([1, 4], kinks, low, high)], params: {}, prep: ([x]) => [x.expand(3, 4)] },
      { desc: "strided slice [::2, 1:]", inputs: [awayFrom([5, 4], kinks, low, high)], params: {}, prep: ([x]) => [x.slice(0, null, null, 2).slice(1, 1)] },
      { desc: "edge values", inputs: [edges()], params: {}, grad: false, floatOnly: true },
    ],
    errors: [{ desc: "non-tensor input", call: () => fn([1, 2] as unknown as Tensor), message: new RegExp(`^${name}: input must be a Tensor, got an array`) }],
  });
}

const sigmoidRef = (x: number) => 1 / (1 + Math.exp(-x));
const reluRef = (x: number) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0);
const boolOut = () => "bool" as DType;
const truthy = (x: number) => (Number.isNaN(x) || x !== 0 ? 1 : 0);

export const unaryEntries: OpInfo[] = [
  unary("neg", lw.neg, (x) => -x, { int: true }),
  unary("abs", lw.abs, Math.abs, { kinks: [0], int: true }),
  unary("exp", lw.exp, Math.exp, { low: -3, high: 3 }),
  unary("log", lw.log, Math.log, { low: 0.1, high: 4 }),
  unary("log1p", lw.log1p, Math.log1p, { low: -0.9, high: 4 }),
  unary("sqrt", lw.sqrt, Math.sqrt, { low: 0.1, high: 4 }),
  unary("rsqrt", lw.rsqrt, (x) => 1 / Math.sqrt(x), { low: 0.1, high: 4 }),
  unary("sin", lw.sin, Math.sin),
  unary("cos", lw.cos, Math.cos),
  unary("tanh", lw.tanh, Math.tanh),
  unary("sigmoid", lw.sigmoid, sigmoidRef, { low: -6, high: 6 }),
  unary("relu", lw.relu, reluRef, { kinks: [0], int: true }),
  unary("erf", lw.erf, erfRef, { low: -3, high: 3 }),
  unary("sign", lw.sign, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), { grad: false, int: true }), // torch.sign(nan) = 0
  unary("floor", lw.floor, Math.floor, { grad: false, int: true }),
  unary("ceil", lw.ceil, Math.ceil, { grad: false, int: true }),
  unary("round", lw.round, roundHalfEven, { grad: false, int: true }),
  unary("logicalNot", lw.logicalNot, (x) => 1 - truthy(x), { grad: false, outDType: boolOut }),
  unary("square", lw.square, (x) => x * x, { int: true }),
  unary("leakyRelu", (x) => lw.leakyRelu(x), (x) => (x > 0 ? x : 0.01 * x), { kinks: [0] }),
  unary("elu", (x) => lw.elu(x), (x) => (x > 0 ? x : Math.expm1(x)), { kinks: [0], low: -4, high: 3 }),
  unary("selu", lw.selu, (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)), { kinks: [0], low: -4, high: 3 }),
  unary("gelu", (x) => lw.gelu(x), (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)), { low: -4, high: 4 }),
  unary("softplus", (x) => lw.softplus(x), (x) => (x > 20 ? x : Math.log1p(Math.exp(x))), { low: -5, high: 5 }),
];

/** Variants with options get entries of their own so each is gradchecked. */
export const activationVariants: OpInfo[] = [
  { ...unary("gelu", (x) => lw.gelu(x, { approximate: "tanh" }), (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))), { low: -4, high: 4 }), name: "gelu(tanh)" },
  { ...unary("leakyRelu", (x) => lw.leakyRelu(x, 0.2), (x) => (x > 0 ? x : 0.2 * x), { kinks: [0] }), name: "leakyRelu(0.2)" },
  { ...unary("elu", (x) => lw.elu(x, 0.5), (x) => (x > 0 ? x : 0.5 * Math.expm1(x)), { kinks: [0] }), name: "elu(0.5)" },
  { ...unary("softplus", (x) => lw.softplus(x, { beta: 2, threshold: 3 }), (x) => (2 * x > 3 ? x : Math.log1p(Math.exp(2 * x)) / 2), { kinks: [1.5], low: -4, high: 4 }), name: "softplus(beta 2, threshold 3)" },
  { ...unary("clamp", (x) => lw.clamp(x, -0.5, 1), (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, -0.5), 1)), { kinks: [-0.5, 1] }), name: "clamp" },
  { ...unary("clamp", (x) => lw.clamp(x, null, 0.25), (x) => (Number.isNaN(x) ? NaN : Math.min(x, 0.25)), { kinks: [0.25] }), name: "clamp(max only)" },
  // torch.clamp is min(max(x, min), max): max everywhere when min > max, with a zero gradient (torch's rule).
  { ...unary("clamp", (x) => lw.clamp(x, 1, -1), (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, 1), -1)), { int: true }), name: "clamp(min > max)" },
];
// Extra errors for entries with options.
activationVariants[4].errors!.push(
  { desc: "no bounds", call: () => lw.clamp(lw.ones(2)), message: /^clamp: at least one of min and max must be given/ },
  { desc: "NaN bound", call: () => lw.clamp(lw.ones(2), NaN, 1), message: /^clamp: bounds must be numbers, got NaN/ },
);
unaryEntries.find((e) => e.name === "gelu")!.errors!.push(
  { desc: "int input", call: () => lw.gelu(lw.tensor([1, 2], { dtype: "int32" })), message: /^gelu: expected a floating-point tensor, got dtype int32/ },
  { desc: "bad approximate", call: () => lw.gelu(lw.ones(2), { approximate: "fast" as "tanh" }), message: /^gelu: approximate must be "none" or "tanh", got "fast"/ },
);

interface BinaryParams { other?: number; scalarFirst?: boolean }
interface BinaryOpts { positiveA?: boolean; awayFromZeroB?: boolean; grad?: boolean; int?: boolean; outDType?: (d: DType) => DType }

/** A binary entry: same shapes, broadcasting both ways, 3-D with 1-D, a JS scalar on either side, 0-d, empty, transposed, edge values. */
function binary(name: string, fn: (a: lw.Tensor | number, b: lw.Tensor | number) => Tensor, f: (a: number, b: number) => number, o: BinaryOpts = {}): OpInfo {
  const A = (shape: number[]) => (o.positiveA ? positive(shape, 0.3, 2.5) : rand(shape));
  const B = (shape: number[]) => (o.awayFromZeroB ? awayFrom(shape, [0], -2, 2, 0.3) : rand(shape));
  const grad = o.grad ?? true;
  const call = ([a, b]: Tensor[], p: BinaryParams): Tensor =>
    p.other === undefined ? fn(a, b) : p.scalarFirst ? fn(p.other, a) : fn(a, p.other);
  const samples = (): Sample<BinaryParams>[] => [
    { desc: "3x4 with 3x4", inputs: [A([3, 4]), B([3, 4])], params: {} },
    { desc: "3x1 with 1x4 (both broadcast)", inputs: [A([3, 1]), B([1, 4])], params: {} },
    { desc: "2x3x4 with 4", inputs: [A([2, 3, 4]), B([4])], params: {} },
    { desc: "4 with 2x3x4", inputs: [A([4]), B([2, 3, 4])], params: {} },
    { desc: "3x4 with 0-d tensor", inputs: [A([3, 4]), B([])], params: {} },
    { desc: "tensor with JS scalar", inputs: [A([2, 3])], params: { other: o.awayFromZeroB ? 1.75 : -1.25 } },
    { desc: "JS scalar with tensor", inputs: [B([2, 3])], params: { other: o.positiveA ? 1.5 : -0.75, scalarFirst: true } },
    { desc: "empty 0x4 with 4", inputs: [A([0, 4]), B([4])], params: {} },
    { desc: "transposed 4x3 with 4x3", inputs: [A([3, 4]), B([4, 3])], params: {}, prep: ([a, b]) => [a.T, b] },
    { desc: "expanded 1x3 -> 2x3 with a strided slice", inputs: [A([1, 3]), B([2, 6])], params: {}, prep: ([a, b]) => [a.expand(2, 3), b.slice(1, 0, 6, 2)] },
    { desc: "edge values, all pairs", inputs: [edges().reshape(11, 1), edges()], params: {}, grad: false, floatOnly: true },
  ];
  return op<BinaryParams>({
    name,
    fn: call,
    ref: ([a, b], p) =>
      p.other === undefined ? mapNd(f, a, b) : p.scalarFirst ? mapNd((y) => f(p.other!, y), a) : mapNd((x) => f(x, p.other!), a),
    grad,
    dtypes: o.int ? ["float64", "float32", "int32"] : undefined,
    // A non-integral JS scalar lifts an int tensor to the default float dtype, as a Python float does.
    outDType: (d, p) => (p.other !== undefined && !Number.isInteger(p.other) && d === "int32" ? o.outDType?.("float32") ?? "float32" : o.outDType?.(d) ?? d),
    samples,
    errors: [
      { desc: "shapes that do not broadcast", call: () => fn(lw.ones(2, 3), lw.ones(4)), message: new RegExp(`${name}.*\\[2, 3\\].*\\[4\\]`) },
      { desc: "array instead of a tensor", call: () => fn(lw.ones(2), [1, 2] as unknown as Tensor), message: new RegExp(`^${name}: second argument must be a Tensor, got an array`) },
    ],
  });
}

const cmp = (f: (a: number, b: number) => boolean) => (a: number, b: number) => (f(a, b) ? 1 : 0);
const nanMax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
const nanMin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));

export const binaryEntries: OpInfo[] = [
  binary("add", lw.add, (a, b) => a + b, { int: true }),
  binary("sub", lw.sub, (a, b) => a - b, { int: true }),
  binary("mul", lw.mul, (a, b) => a * b, { int: true }),
  binary("div", lw.div, (a, b) => a / b, { awayFromZeroB: true, outDType: (d) => (d === "float64" ? d : "float32") }),
  binary("pow", lw.pow, (a, b) => a ** b, { positiveA: true }),
  binary("maximum", lw.maximum, nanMax, { int: true }),
  binary("minimum", lw.minimum, nanMin, { int: true }),
  binary("eq", lw.eq, cmp((a, b) => a === b), { grad: false, int: true, outDType: boolOut }),
  binary("ne", lw.ne, cmp((a, b) => a !== b), { grad: false, int: true, outDType: boolOut }),
  binary("lt", lw.lt, cmp((a, b) => a < b), { grad: false, int: true, outDType: boolOut }),
  binary("le", lw.le, cmp((a, b) => a <= b), { grad: false, int: true, outDType: boolOut }),
  binary("gt", lw.gt, cmp((a, b) => a > b), { grad: false, int: true, outDType: boolOut }),
  binary("ge", lw.ge, cmp((a, b) => a >= b), { grad: false, int: true, outDType: boolOut }),
  binary("logicalAnd", lw.logicalAnd, (a, b) => truthy(a) & truthy(b), { grad: false, int: true, outDType: boolOut }),
  binary("logicalOr", lw.logicalOr, (a, b) => truthy(a) | truthy(b), { grad: false, int: true, outDType: boolOut }),
  binary("logicalXor", lw.logicalXor, (a, b) => truthy(a) ^ truthy(b), { grad: false, int: true, outDType: boolOut }),
];

/** pow with integral exponents of negative bases, and 0 ** negative (forward only). */
export const powEdges = op<Record<string, never>>({
  name: "pow(negative bases)",
  fn: ([a, b]) => lw.pow(a, b),
  ref: ([a, b]) => mapNd((x, y) => x ** y, a, b),
  grad: false,
  samples: () => [{ desc: "bases -2..2 with exponents -1, 0, 0.5, 2, 3", inputs: [f64([[-2], [-1], [-0.5], [0], [2]]), f64([-1, 0, 0.5, 2, 3])], params: {} }],
});

/** An int32 tensor of exponents is not checked value by value (as PyTorch): 2 ** -1 truncates to 0, ±1 ** -1 stays ±1. */
export const powIntExponents = op<Record<string, never>>({
  name: "pow(int32 tensor exponents)",
  fn: ([a, b]) => lw.pow(a.int(), b.int()),
  ref: ([a, b]) => mapNd((x, y) => Math.trunc(x ** y), a, b),
  grad: false,
  dtypes: ["int32"],
  samples: () => [{ desc: "bases -2, -1, 1, 2, 3 with exponents -1, 0, 2", inputs: [f64([[-2], [-1], [1], [2], [3]]), f64([-1, 0, 2])], params: {} }],
});

binaryEntries.find((e) => e.name === "pow")!.errors!.push(
  { desc: "int tensor to a negative int power", call: () => lw.pow(lw.tensor([2, 3], { dtype: "int32" }), -1), message: /^pow: integers to negative integer powers are not allowed \(a int32 tensor to the power -1\)/ },
  { desc: "bool tensor to a negative int power", call: () => lw.tensor([true]).pow(-2), message: /^pow: integers to negative integer powers are not allowed \(a bool tensor/ },
);

export const whereEntry = op<Record<string, never>>({
  name: "where",
  fn: ([c, a, b]) => lw.where(c, a, b),
  ref: ([c, a, b]) => mapNd((cv, x, y) => (cv ? x : y), c, a, b),
  grad: true,
  samples: () => [
    { desc: "3x4 all", inputs: [bools([3, 4]), rand([3, 4]), rand([3, 4])], params: {} },
    { desc: "condition 3x1, inputs 1x4 and 0-d", inputs: [bools([3, 1]), rand([1, 4]), rand([])], params: {} },
    { desc: "empty", inputs: [bools([0, 2]), rand([0, 2]), rand([2])], params: {} },
    { desc: "NaN and Inf in the unchosen branch", inputs: [bool([true, false, true]), f64([1, NaN, -Infinity]), f64([Infinity, 2, NaN])], params: {}, grad: false },
  ],
  errors: [
    { desc: "float condition", call: () => lw.where(lw.ones(2), lw.ones(2), lw.zeros(2)), message: /^where: condition must have dtype bool, got float32/ },
    { desc: "shapes that do not broadcast", call: () => lw.where(lw.ones(2, 3).gt(0), lw.ones(2), lw.zeros(3)), message: /where.*\[2, 3\].*\[2\]/ },
  ],
});

export const maskedFillEntry = op<{ value: number }>({
  name: "maskedFill",
  fn: ([x, m], p) => lw.maskedFill(x, m, p.value),
  ref: ([x, m], p) => mapNd((v, mv) => (mv ? p.value : v), x, m),
  grad: true,
  samples: () => [
    { desc: "3x4, mask 3x4", inputs: [rand([3, 4]), bools([3, 4])], params: { value: -1.5 } },
    { desc: "2x3x4, mask 1x4 (broadcast)", inputs: [rand([2, 3, 4]), bools([1, 4])], params: { value: 7 } },
    { desc: "fill with -Infinity (attention masks)", inputs: [rand([2, 3]), bool([[false, true, true], [false, false, true]])], params: { value: -Infinity }, grad: false },
    { desc: "empty", inputs: [rand([0, 3]), bools([3])], params: { value: 1 } },
  ],
  errors: [
    { desc: "float mask", call: () => lw.maskedFill(lw.ones(2), lw.ones(2), 0), message: /^maskedFill: mask must have dtype bool, got float32/ },
    { desc: "mask larger than input", call: () => lw.maskedFill(lw.ones(3), lw.ones(2, 3).gt(0), 0), message: /^maskedFill: mask of shape \[2, 3\] does not broadcast to the input shape \[3\]/ },
  ],
});

export const elementwiseEntries: OpInfo[] = [...unaryEntries, ...activationVariants, ...binaryEntries, powEdges, powIntExponents, whereEntry, maskedFillEntry];
