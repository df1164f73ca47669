/**
 * @file The one table of gradient rules (vector–Jacobian products), keyed by primitive.
 * It is exhaustive: a primitive without a rule does not compile. Rules may return a gradient
 * of the broadcast output shape; backward() sums it down to the input's shape and dtype.
 */
import { Op, type OpParams, type WindowParams } from "./ops.ts";
import type { Tensor } from "./tensor.ts";
import { apply, ifNeeded } from "./autograd.ts";
import {
  add, sub, mul, div, pow, eq, gt, ge, le, logicalAnd, neg, exp, log, sin, cos, sign, cast, where,
  reshape, permute, expand, sum, matmul3, mT, zerosOf, unreduce, filled, arangeInt,
} from "./prims.ts";
import { nnVjp } from "./grad-rules-nn.ts";
import { cnnVjp } from "./grad-rules-cnn.ts";
import { rnnVjp } from "./grad-rules-rnn.ts";

const windowOf = ({ kernelSize, stride, padding, dilation }: WindowParams): WindowParams => ({ kernelSize, stride, padding, dilation });

export type VjpRule<K extends Op> = (g: Tensor, out: Tensor, inputs: Tensor[], p: OpParams[K]) => (Tensor | null)[];

const zero = (_g: Tensor, _o: Tensor, [x]: Tensor[]) => [zerosOf(x)];
const zerosLike = (g: Tensor, shape: readonly number[]) => filled(shape, 0, g.dtype);
const asFloat = (m: Tensor, like: Tensor) => cast(m, like.dtype);
const noGrad = (): null[] => [null];
/** The gradient for input x, computed only when x takes part in differentiation (a constant operand costs nothing). */
/** g zero-padded at the end of each dim up to `shape` (src of a scatter may be larger than its index). */
const padTo = (g: Tensor, shape: readonly number[]) =>
  g.shape.every((s, d) => s === shape[d]) ? g : apply(Op.Pad, [g], { widths: shape.map((s, d): [number, number] => [0, s - g.shape[d]]), value: 0 });
const SQRT_PI_2 = 2 / Math.sqrt(Math.PI);
/** A (B, R, C) view whose last two dims are swapped dims of a dense (B, C, R) array. */
const isTransposedDense = (x: Tensor): boolean => {
  const [B, R, C] = x.shape, s = x.strides;
  return R > 1 && C > 1 && s[1] === 1 && s[2] === R && (B === 1 || s[0] === R * C);
};

/** Gradient of a reduction to extremes: split evenly among the tied maxima (torch.amax). */
const extremeRule = (g: Tensor, out: Tensor, [x]: Tensor[], { dims, keepdim }: OpParams[Op.Amax]) => {
  const mask = asFloat(eq(x, unreduce(out, x.shape, dims, keepdim)), x);
  const count = sum(mask, dims, true);
  return [div(mul(unreduce(g, x.shape, dims, keepdim), mask), count)];
};

export const vjp: { [K in Op]: VjpRule<K> } = {
  // d(-x) = -dx
  [Op.Neg]: (g) => [neg(g)],
  // d|x| = sign(x) dx
  [Op.Abs]: (g, _o, [x]) => [mul(g, sign(x))],
  // d(e^x) = e^x dx
  [Op.Exp]: (g, out) => [mul(g, out)],
  // d(ln x) = dx / x
  [Op.Log]: (g, _o, [x]) => [div(g, x)],
  // d(ln(1 + x)) = dx / (1 + x)
  [Op.Log1p]: (g, _o, [x]) => [div(g, add(x, 1))],
  // d√x = dx / (2√x)
  [Op.Sqrt]: (g, out) => [div(g, mul(out, 2))],
  // d(x^-½) = -½ x^-3/2 dx = -½ out³ dx
  [Op.Rsqrt]: (g, out) => [mul(g, mul(pow(out, 3), -0.5))],
  // d sin x = cos x dx
  [Op.Sin]: (g, _o, [x]) => [mul(g, cos(x))],
  // d cos x = -sin x dx
  [Op.Cos]: (g, _o, [x]) => [neg(mul(g, sin(x)))],
  // d tanh x = (1 - tanh² x) dx
  [Op.Tanh]: (g, out) => [mul(g, sub(1, mul(out, out)))],
  // dσ(x) = σ(x)(1 - σ(x)) dx
  [Op.Sigmoid]: (g, out) => [mul(g, mul(out, sub(1, out)))],
  // NOTE: relu'(0) = 0 and the gradient passes at NaN, as PyTorch's threshold_backward: out <= 0 ? 0 : g.
  [Op.Relu]: (g, out) => [apply(Op.ReluBackward, [g, out], {})],
  // d erf x = 2/√π e^{-x²} dx
  [Op.Erf]: (g, _o, [x]) => [mul(g, mul(exp(neg(mul(x, x))), SQRT_PI_2))],
  // Piecewise-constant functions have zero gradient almost everywhere.
  [Op.Sign]: zero,
  [Op.Floor]: zero,
  [Op.Ceil]: zero,
  [Op.Round]: zero,
  [Op.LogicalNot]: noGrad,
  // The gradient passes where min ≤ x ≤ max (bounds inclusive, as PyTorch).
  [Op.Clamp]: (g, _o, [x], { min, max }) => {
    let pass = min === null ? null : ge(x, min);
    if (max !== null) pass = pass === null ? le(x, max) : logicalAnd(pass, le(x, max));
    return [pass === null ? g : mul(g, asFloat(pass, g))];
  },
  [Op.Cast]: (g, _o, [x]) => [cast(g, x.dtype)],

  // d(a + b) = da + db
  [Op.Add]: (g) => [g, g],
  // d(a - b) = da - db
  [Op.Sub]: (g, _o, [, b]) => [g, ifNeeded(b, () => neg(g))],
  // d(ab) = b da + a db
  [Op.Mul]: (g, _o, [a, b]) => [ifNeeded(a, () => mul(g, b)), ifNeeded(b, () => mul(g, a))],
  // d(a/b) = da / b - a/b² db
  [Op.Div]: (g, out, [a, b]) => [ifNeeded(a, () => div(g, b)), ifNeeded(b, () => neg(div(mul(g, out), b)))],
  // d(a^b) = b a^(b-1) da + a^b ln a db; zero where b = 0 (for da) and where a = 0, b ≥ 0 (for db), as PyTorch
  [Op.Pow]: (g, out, [a, b]) => [
    ifNeeded(a, () => where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1)))))),
    ifNeeded(b, () => where(logicalAnd(eq(a, 0), ge(b, 0)), 0, mul(g, mul(out, log(a))))),
  ],
  // Ties split the gradient in half, as PyTorch.
  [Op.Maximum]: (g, _o, [a, b]) => {
    const half = mul(asFloat(eq(a, b), g), 0.5);
    return [mul(g, add(asFloat(gt(a, b), g), half)), mul(g, add(asFloat(gt(b, a), g), half))];
  },
  [Op.Minimum]: (g, _o, [a, b]) => {
    const half = mul(asFloat(eq(a, b), g), 0.5);
    return [mul(g, add(asFloat(gt(b, a), g), half)), mul(g, add(asFloat(gt(a, b), g), half))];
  },
  [Op.Eq]: () => [null, null],
  [Op.Ne]: () => [null, null],
  [Op.Lt]: () => [null, null],
  [Op.Le]: () => [null, null],
  [Op.Gt]: () => [null, null],
  [Op.Ge]: () => [null, null],
  [Op.LogicalAnd]: () => [null, null],
  [Op.LogicalOr]: () => [null, null],
  [Op.LogicalXor]: () => [null, null],
  // The gradient flows to whichever branch was chosen.
  [Op.Where]: (g, _o, [c, a, b]) => [null, ifNeeded(a, () => where(c, g, 0)), ifNeeded(b, () => where(c, 0, g))],

  // Each input element contributed once.
  [Op.Sum]: (g, _o, [x], { dims, keepdim }) => [unreduce(g, x.shape, dims, keepdim)],
  // d(Πx)/dx_i = Π_{j≠i} x_j, computed without dividing by zero.
  [Op.Prod]: (g, out, [x], { dims, keepdim }) => {
    const isZero = eq(x, 0);
    const zeros = sum(asFloat(isZero, x), dims, true);
    const prodNonZero = apply(Op.Prod, [where(isZero, 1, x)], { dims, keepdim: true });
    const gx = unreduce(g, x.shape, dims, keepdim);
    const noZero = div(unreduce(out, x.shape, dims, keepdim), x);
    const oneZero = where(logicalAnd(isZero, eq(zeros, 1)), expand(prodNonZero, x.shape), 0);
    return [mul(gx, where(eq(zeros, 0), noZero, oneZero))];
  },
  [Op.Amax]: extremeRule,
  [Op.Amin]: extremeRule,
  [Op.Argmax]: noGrad,
  [Op.Argmin]: noGrad,
  // The gradient of a running sum is the reversed running sum.
  [Op.Cumsum]: (g, _o, _i, { dim }) => {
    const flipped = apply(Op.Flip, [g], { dims: [dim] });
    return [apply(Op.Flip, [apply(Op.Cumsum, [flipped], { dim })], { dims: [dim] })];
  },

  [Op.Reshape]: (g, _o, [x]) => [reshape(g, x.shape)],
  [Op.Permute]: (g, _o, _i, { perm }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => { inv[p] = i; });
    return [permute(g, inv)];
  },
  // Broadcasting copies: the copies' gradients add up (backward sums to the input shape).
  [Op.Expand]: (g) => [g],
  // Scatter the slice's gradient back: padding for unit steps, index_add along strided dims.
  [Op.Slice]: (g, _o, [x], { starts, sizes, steps }) => {
    let r = g;
    x.shape.forEach((size, d) => {
      if (steps[d] === 1) return;
      const shape = r.shape.map((s, i) => (i === d ? size : s));
      const index = arangeInt(sizes[d], starts[d], steps[d]);
      r = apply(Op.IndexAdd, [zerosLike(r, shape), index, r], { dim: d });
    });
    const widths = x.shape.map((size, d): [number, number] =>
      steps[d] === 1 ? [starts[d], size - starts[d] - sizes[d]] : [0, 0]);
    return [widths.some(([a, b]) => a !== 0 || b !== 0) ? apply(Op.Pad, [r], { widths, value: 0 }) : r];
  },
  [Op.Contiguous]: (g) => [g],
  [Op.Flip]: (g, _o, _i, { dims }) => [apply(Op.Flip, [g], { dims })],
  // Padding's gradient crops the border away (a negative pad).
  [Op.Pad]: (g, _o, _i, { widths }) => [apply(Op.Pad, [g], { widths: widths.map(([a, b]) => [-a, -b]), value: 0 })],
  [Op.Cat]: (g, _o, xs, { dim }) => {
    let at = 0;
    return xs.map((x) => {
      const starts = g.shape.map((_, d) => (d === dim ? at : 0));
      at += x.shape[dim];
      return apply(Op.Slice, [g], { starts, sizes: [...x.shape], steps: x.shape.map(() => 1) });
    });
  },

  // out = x[index]: the gradient is added back at the gathered positions.
  [Op.Gather]: (g, _o, [x, index], { dim }) => [apply(Op.ScatterAdd, [zerosLike(g, x.shape), index, g], { dim }), null],
  // Overwritten positions of x get no gradient; src gets what lands on it.
  [Op.Scatter]: (g, _o, [, index, src], { dim }) => [
    apply(Op.Scatter, [g, index, zerosLike(g, src.shape)], { dim }),
    null,
    padTo(apply(Op.Gather, [g, index], { dim }), src.shape),
  ],
  [Op.ScatterAdd]: (g, _o, [, index, src], { dim }) => [g, null, padTo(apply(Op.Gather, [g, index], { dim }), src.shape)],
  [Op.IndexSelect]: (g, _o, [x, index], { dim }) => [apply(Op.IndexAdd, [zerosLike(g, x.shape), index, g], { dim }), null],
  [Op.IndexAdd]: (g, _o, [, index], { dim }) => [g, null, apply(Op.IndexSelect, [g, index], { dim })],

  // d(AB) = dA B + A dB  →  gA = g Bᵀ, gB = Aᵀ g
  // Skips the product for an input without grad (the data batch of a first layer): a third of backward's time.
  // An input that is the transpose of a dense matrix (a Linear's Wᵀ) gets its gradient computed transposed, gBᵀ = gᵀ A,
  // so that it lands in the memory order of the weight and reaches the leaf without a strided copy.
  [Op.MatMul]: (g, _o, [a, b]) => [
    a.requiresGrad ? (isTransposedDense(a) ? mT(matmul3(b, mT(g))) : matmul3(g, mT(b))) : null,
    b.requiresGrad ? (isTransposedDense(b) ? mT(matmul3(mT(g), a)) : matmul3(mT(a), g)) : null,
  ],

  // Im2Col copies pixels into patches: its adjoint adds each patch entry back onto its pixel, and vice versa.
  [Op.Im2Col]: (g, _o, [x], p) => [apply(Op.Col2Im, [g], { ...windowOf(p), imageShape: [x.shape[0], x.shape[1], x.shape[2], x.shape[3]] })],
  [Op.Col2Im]: (g, _o, _i, p) => [apply(Op.Im2Col, [g], windowOf(p))],
  [Op.MaxPool2dIndices]: noGrad,
  ...cnnVjp,

  ...nnVjp,
  ...rnnVjp,
};
