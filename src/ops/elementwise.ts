/** @file Element-wise ops with broadcasting: the primitive ones, and activations composed from them. */
import { isFloat } from "../core/dtype.ts";
import { Op, type BinaryOp, type UnaryOp } from "../core/ops.ts";
import { apply } from "../core/autograd.ts";
import { binary as binaryPrim, unary as unaryPrim, where as wherePrim, scalar, type Operand } from "../core/prims.ts";
import { broadcastShapes, fmtShape, shapeEquals } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertFloat, assertOperand, assertTensor } from "./check.ts";

const unaryOp = (op: UnaryOp, name: string) => (x: Tensor): Tensor => {
  assertTensor(x, name);
  return unaryPrim(op, x);
};
const binaryOp = (op: BinaryOp, name: string) => (a: Operand, b: Operand): Tensor => {
  assertOperand(a, name, "first argument");
  assertOperand(b, name, "second argument");
  if (typeof a !== "number" && typeof b !== "number") broadcastShapes(name, a.shape, b.shape); // errors under the public name
  return binaryPrim(op, a, b);
};

export const neg = unaryOp(Op.Neg, "neg");
export const abs = unaryOp(Op.Abs, "abs");
export const exp = unaryOp(Op.Exp, "exp");
export const log = unaryOp(Op.Log, "log");
export const log1p = unaryOp(Op.Log1p, "log1p");
export const sqrt = unaryOp(Op.Sqrt, "sqrt");
export const rsqrt = unaryOp(Op.Rsqrt, "rsqrt");
export const sin = unaryOp(Op.Sin, "sin");
export const cos = unaryOp(Op.Cos, "cos");
export const tanh = unaryOp(Op.Tanh, "tanh");
export const sigmoid = unaryOp(Op.Sigmoid, "sigmoid");
export const relu = unaryOp(Op.Relu, "relu");
export const erf = unaryOp(Op.Erf, "erf");
export const sign = unaryOp(Op.Sign, "sign");
export const floor = unaryOp(Op.Floor, "floor");
export const ceil = unaryOp(Op.Ceil, "ceil");
export const round = unaryOp(Op.Round, "round");
export const logicalNot = unaryOp(Op.LogicalNot, "logicalNot");

export const add = binaryOp(Op.Add, "add");
export const sub = binaryOp(Op.Sub, "sub");
export const mul = binaryOp(Op.Mul, "mul");
export const div = binaryOp(Op.Div, "div");
const powOp = binaryOp(Op.Pow, "pow");
/**
 * a^b element-wise, broadcasting. An integer (or bool) tensor to a negative integer JS scalar is an error, as in
 * PyTorch ("Integers to negative integer powers are not allowed"); a tensor of exponents is not checked value by
 * value, as PyTorch does not (2 ** -1 gives 0 there, and here).
 */
export function pow(a: Operand, b: Operand): Tensor {
  assertOperand(a, "pow", "first argument");
  if (typeof a !== "number" && !isFloat(a.dtype) && typeof b === "number" && Number.isInteger(b) && b < 0) {
    throw new RangeError(`pow: integers to negative integer powers are not allowed (a ${a.dtype} tensor to the power ${b}); convert the base with .float()`);
  }
  return powOp(a, b);
}
export const maximum = binaryOp(Op.Maximum, "maximum");
export const minimum = binaryOp(Op.Minimum, "minimum");
export const eq = binaryOp(Op.Eq, "eq");
export const ne = binaryOp(Op.Ne, "ne");
export const lt = binaryOp(Op.Lt, "lt");
export const le = binaryOp(Op.Le, "le");
export const gt = binaryOp(Op.Gt, "gt");
export const ge = binaryOp(Op.Ge, "ge");
export const logicalAnd = binaryOp(Op.LogicalAnd, "logicalAnd");
export const logicalOr = binaryOp(Op.LogicalOr, "logicalOr");
export const logicalXor = binaryOp(Op.LogicalXor, "logicalXor");

/** x² */
export function square(x: Tensor): Tensor {
  assertTensor(x, "square");
  return mul(x, x);
}

/**
 * Limits values to [min, max]; either bound may be omitted (null). As torch.clamp it is min(max(x, min), max): where
 * min > max every value becomes max, and the gradient (which passes where min ≤ x ≤ max) is zero.
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  assertTensor(x, "clamp");
  const lo = min ?? null, hi = max ?? null;
  if (lo === null && hi === null) throw new TypeError("clamp: at least one of min and max must be given");
  for (const v of [lo, hi]) if (v !== null && (typeof v !== "number" || Number.isNaN(v))) throw new TypeError(`clamp: bounds must be numbers, got ${v}`);
  return apply(Op.Clamp, [x], { min: lo, max: hi });
}

/** cond ? a : b element-wise, broadcasting all three; cond must be bool. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  assertTensor(cond, "where", "condition");
  if (cond.dtype !== "bool") throw new TypeError(`where: condition must have dtype bool, got ${cond.dtype}`);
  assertOperand(a, "where", "input");
  assertOperand(b, "where", "other");
  return wherePrim(cond, a, b);
}

/** x with `value` wherever mask is true; mask broadcasts to x's shape. */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  assertTensor(x, "maskedFill");
  assertTensor(mask, "maskedFill", "mask");
  if (mask.dtype !== "bool") throw new TypeError(`maskedFill: mask must have dtype bool, got ${mask.dtype}`);
  const shape = broadcastShapes("maskedFill", x.shape, mask.shape);
  if (!shapeEquals(shape, x.shape)) throw new RangeError(`maskedFill: mask of shape ${fmtShape(mask.shape)} does not broadcast to the input shape ${fmtShape(x.shape)}`);
  return wherePrim(mask, scalar(value, x.dtype), x);
}

// Activations, composed from primitives so their gradients come from the rule table.

/** max(0, x) + slope · min(0, x) */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  assertTensor(x, "leakyRelu");
  return wherePrim(gt(x, 0), x, mul(x, negativeSlope));
}

/** x for x > 0, alpha · (eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  assertTensor(x, "elu");
  // NOTE: exp(where(x > 0, 0, x)) keeps the unused branch finite, so its gradient cannot become 0 · ∞ = NaN;
  // not minimum(x, 0), which would halve the gradient at x = 0 (ties split) where PyTorch gives alpha.
  const positive = gt(x, 0);
  return wherePrim(positive, x, mul(sub(exp(wherePrim(positive, 0, x)), 1), alpha));
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
/** scale · elu(x, alpha) with the self-normalising constants. */
export function selu(x: Tensor): Tensor {
  assertTensor(x, "selu");
  return mul(elu(x, SELU_ALPHA), SELU_SCALE);
}

/** x · Φ(x) (one fused primitive); `approximate: "tanh"` uses the tanh formula of GPT-2. */
export function gelu(x: Tensor, opts: { approximate?: "none" | "tanh" } = {}): Tensor {
  assertTensor(x, "gelu");
  assertFloat(x, "gelu");
  const approximate = opts.approximate ?? "none";
  if (approximate !== "none" && approximate !== "tanh") throw new TypeError(`gelu: approximate must be "none" or "tanh", got ${JSON.stringify(approximate)}`);
  return apply(Op.Gelu, [x], { approximate });
}

/** log(1 + e^(βx)) / β, linear above the threshold (as PyTorch). */
export function softplus(x: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  assertTensor(x, "softplus");
  const beta = opts.beta ?? 1, threshold = opts.threshold ?? 20;
  const bx = mul(x, beta);
  const linear = gt(bx, threshold);
  return wherePrim(linear, x, div(log1p(exp(wherePrim(linear, threshold, bx))), beta));
}
