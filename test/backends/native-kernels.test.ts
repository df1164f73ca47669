/**
 * @file Every Backend kernel of `native` against the `js` reference on random strided views: all
 * dtypes, broadcast (stride 0), permuted, stepped and negative strides, empty tensors, NaN/±Inf, and
 * sizes around the SIMD tails and the thread split. Skipped (with the reason) when the addon is absent.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import "../../src/index.ts";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { View } from "../../src/backends/backend.ts";
import { DTYPES, isFloat, promoteTypes, type DType } from "../../src/core/dtype.ts";
import { BINARY_OPS, UNARY_OPS, Op, type BinaryOp, type UnaryOp } from "../../src/core/ops.ts";
import { unaryDType, reduceDType } from "../../src/core/forward.ts";
import { LAYOUTS, makeView, randomShape, rng } from "./views.ts";
import { EXACT, assertSameArray, type Tol } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;
const native = "binding" in loaded ? createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS) : jsBackend;

/** Tolerance of a float result that went through libm (native computes float32 in float32). */
function mathTol(dtype: DType, op?: string): Tol {
  if (!isFloat(dtype)) return EXACT;
  const exact = op === undefined || ["neg", "abs", "relu", "sign", "floor", "ceil", "round", "add", "sub", "mul", "div", "maximum", "minimum"].includes(op);
  if (exact) return EXACT;
  return dtype === "float64" ? { atol: 1e-15, rtol: 1e-14 } : { atol: 1e-7, rtol: 1e-6 };
}

const COMPARISONS = new Set<string>([Op.Eq, Op.Ne, Op.Lt, Op.Le, Op.Gt, Op.Ge, Op.LogicalAnd, Op.LogicalOr, Op.LogicalXor]);
function binaryOut(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARISONS.has(op)) return "bool";
  const t = promoteTypes(a, b);
  if (op === Op.Div) return isFloat(t) ? t : "float32";
  if (t === "bool" && op !== Op.Maximum && op !== Op.Minimum) return "int32";
  return t;
}

/** Runs fn on native and on js with the same views, and compares. */
function same(what: string, tol: Tol, fn: (b: typeof native) => ReturnType<typeof native.copy>): void {
  let want: ReturnType<typeof native.copy>;
  try {
    want = fn(jsBackend);
  } catch (e) {
    assert.throws(() => fn(native), { name: (e as Error).name, message: (e as Error).message }, what);
    return;
  }
  assertSameArray(fn(native), want, tol, what);
}

describe("native kernels equal the js reference", { skip }, () => {
  const r = rng(42);
  const shapes = [[], [0], [1], [7], [3, 0, 2], [4, 5], [2, 3, 4], [3, 1, 4, 2]];

  test("copy and cast between all dtypes", () => {
    for (const shape of shapes)
      for (const layout of LAYOUTS)
        for (const from of DTYPES) {
          const x = makeView(shape, from, layout, r, true);
          for (const to of DTYPES) same(`copy ${from}→${to} ${layout} [${shape}]`, EXACT, (b) => b.copy(x, to));
        }
  });

  test("unary ops, every dtype and layout, edge values", () => {
    for (const op of UNARY_OPS)
      for (const dt of DTYPES)
        for (const layout of LAYOUTS)
          for (const shape of shapes) {
            const x = makeView(shape, dt, layout, r, true);
            const out = unaryDType(op, dt);
            same(`${op} ${dt} ${layout} [${shape}]`, mathTol(out, op), (b) => b.unary(op as UnaryOp, x, out));
          }
  });

  test("clamp with open and closed bounds", () => {
    for (const dt of DTYPES)
      for (const layout of LAYOUTS)
        for (const [lo, hi] of [[-1, 1], [null, 0.5], [0, null], [null, null], [2, -2]] as const) {
          const x = makeView([3, 5], dt, layout, r, true);
          same(`clamp ${dt} ${layout} [${lo}, ${hi}]`, EXACT, (b) => b.clamp(x, lo, hi, dt));
        }
  });

  test("binary ops, all dtype pairs, broadcast and strided operands", () => {
    for (const op of BINARY_OPS)
      for (const da of DTYPES)
        for (const db of DTYPES)
          for (const shape of [[0], [5], [2, 3, 4], [3, 1, 5]]) {
            const la = LAYOUTS[Math.floor(r() * LAYOUTS.length)], lb = LAYOUTS[Math.floor(r() * LAYOUTS.length)];
            const a = makeView(shape, da, la, r, true), b = makeView(shape, db, lb, r, true);
            const out = binaryOut(op, da, db);
            // Mixed int/float inputs: js computes in float64, native in the result type.
            const tol = da !== db && out === "float32" ? { atol: 1e-6, rtol: 1e-6 } : mathTol(out, op);
            same(`${op} ${da}(${la}) ${db}(${lb}) [${shape}]`, tol, (k) => k.binary(op, a, b, out));
          }
  });

  test("element-wise tails and thread splits: every length 1..70 and around 2^16", () => {
    for (const n of [...Array.from({ length: 70 }, (_, i) => i + 1), 65535, 65536, 65537, 131073]) {
      const a = makeView([n], "float32", "dense", r, true), b = makeView([n], "float32", "dense", r, true);
      const s = makeView([1], "float32", "dense", r);
      const bs = { ...s, shape: [n], strides: [0] };
      same(`add [${n}]`, EXACT, (k) => k.binary(Op.Add, a, b, "float32"));
      same(`mul broadcast [${n}]`, EXACT, (k) => k.binary(Op.Mul, a, bs, "float32"));
      same(`sub broadcast first [${n}]`, EXACT, (k) => k.binary(Op.Sub, bs, a, "float32"));
      same(`exp [${n}]`, mathTol("float32", "exp"), (k) => k.unary(Op.Exp, a, "float32"));
      same(`relu [${n}]`, EXACT, (k) => k.unary(Op.Relu, a, "float32"));
      same(`sum [${n}]`, { atol: 1e-5, rtol: 1e-6 }, (k) => k.reduce(Op.Sum, a, [0], "float32"));
    }
  });

  test("where with broadcast condition and mixed layouts", () => {
    for (const dt of DTYPES)
      for (const layout of LAYOUTS)
        for (const shape of [[0], [6], [2, 3, 4]]) {
          const c = makeView(shape, "bool", layout, r), a = makeView(shape, dt, "mixed", r, true), b = makeView(shape, dt, "negative", r, true);
          same(`where ${dt} ${layout} [${shape}]`, EXACT, (k) => k.where(c, a, b, dt));
        }
  });

  test("large sums with few results (a bias gradient) split between the threads: the reference's sums, the same each call", () => {
    for (const layout of ["dense", "permuted", "stepped"] as const) {
      const x = makeView([64, 32, 26, 26], "float32", layout, r);
      for (const dims of [[0, 2, 3], [0], [1, 2, 3]]) {
        same(`sum ${layout} dims ${dims}`, { atol: 1e-3, rtol: 1e-6 }, (k) => k.reduce(Op.Sum, x, dims, "float32"));
        assert.deepEqual(native.reduce(Op.Sum, x, dims, "float32"), native.reduce(Op.Sum, x, dims, "float32"));
      }
    }
  });

  test("reductions over every subset of dims", () => {
    for (const op of [Op.Sum, Op.Prod, Op.Amax, Op.Amin] as const)
      for (const dt of DTYPES)
        for (const layout of LAYOUTS) {
          const shape = randomShape(r, 3, 0, 4);
          const x = makeView(shape, dt, layout, r, true);
          for (let mask = 0; mask < 8; mask++) {
            const dims = [0, 1, 2].filter((d) => mask & (1 << d));
            const out = reduceDType(op, dt);
            const tol = isFloat(dt) ? { atol: 1e-12, rtol: 1e-12 } : EXACT;
            same(`${op} ${dt} ${layout} [${shape}] dims ${dims}`, tol, (k) => k.reduce(op, x, dims, out));
          }
        }
  });

  test("argmax/argmin (first extreme, NaN wins) and cumsum along every dim", () => {
    for (const dt of DTYPES)
      for (const layout of LAYOUTS) {
        const shape = randomShape(r, 3, 1, 5);
        const x = makeView(shape, dt, layout, r, true);
        for (let d = 0; d < 3; d++) {
          same(`argmax ${dt} ${layout} [${shape}] dim ${d}`, EXACT, (k) => k.argReduce(Op.Argmax, x, d));
          same(`argmin ${dt} ${layout} [${shape}] dim ${d}`, EXACT, (k) => k.argReduce(Op.Argmin, x, d));
          same(`cumsum ${dt} ${layout} [${shape}] dim ${d}`, EXACT, (k) => k.cumsum(x, d, reduceDType(Op.Sum, dt)));
        }
      }
  });

  test("pad (including negative widths that crop) and cat", () => {
    for (const dt of DTYPES)
      for (const layout of LAYOUTS) {
        const x = makeView([3, 4, 2], dt, layout, r, true);
        for (const w of [[[1, 2], [0, 0], [2, 1]], [[-1, 0], [1, -2], [0, 3]], [[-3, 0], [0, 0], [0, 0]]] as [number, number][][])
          same(`pad ${dt} ${layout} ${JSON.stringify(w)}`, EXACT, (k) => k.pad(x, w, dt === "bool" ? 1 : 7, dt));
        const parts = [makeView([3, 2, 2], dt, layout, r), makeView([3, 0, 2], dt, "dense", r), makeView([3, 5, 2], dt, "mixed", r)];
        same(`cat ${dt} ${layout}`, EXACT, (k) => k.cat(parts, 1, dt));
      }
  });

  test("gather, scatter, scatter-add, indexSelect, indexAdd, including negative indices", () => {
    for (const dt of DTYPES)
      for (const layout of LAYOUTS)
        for (let dim = 0; dim < 2; dim++) {
          const x = makeView([4, 5], dt, layout, r, true);
          const idxShape = dim === 0 ? [6, 3] : [3, 7];
          const index = makeView(idxShape, "int32", layout === "broadcast" ? "dense" : layout, r);
          for (let i = 0; i < index.data.length; i++) index.data[i] = Math.floor(r() * 8) - 4; // [-4, 4): valid on both dims
          const src = makeView(idxShape, dt, "mixed", r);
          same(`gather ${dt} ${layout} dim ${dim}`, EXACT, (k) => k.gather(x, dim, index, "gather"));
          same(`scatter ${dt} ${layout} dim ${dim}`, EXACT, (k) => k.scatter(x, dim, index, src, false, "scatter"));
          same(`scatterAdd ${dt} ${layout} dim ${dim}`, EXACT, (k) => k.scatter(x, dim, index, src, true, "scatterAdd"));
          const list = makeView([6], "int32", layout === "broadcast" ? "dense" : layout, r);
          for (let i = 0; i < list.data.length; i++) list.data[i] = Math.floor(r() * 8) - 4;
          const rows = makeView(dim === 0 ? [6, 5] : [4, 6], dt, "mixed", r);
          same(`indexSelect ${dt} ${layout} dim ${dim}`, EXACT, (k) => k.indexSelect(x, dim, list, "indexSelect"));
          same(`indexAdd ${dt} ${layout} dim ${dim}`, EXACT, (k) => k.indexAdd(x, dim, list, rows, "indexAdd"));
        }
  });

  test("a bad index is a RangeError with the js message, never a crash", () => {
    const x = makeView([4, 5], "float32", "dense", r);
    const index = makeView([2, 2], "int32", "dense", r);
    index.data.set([0, 1, 9, 2]);
    for (const k of [jsBackend, native]) {
      assert.throws(() => k.gather(x, 0, index, "gather"), { name: "RangeError", message: "gather: index 9 is out of bounds for dim 0 with size 4" });
      assert.throws(() => k.indexSelect(x, 1, { ...index, shape: [4], strides: [1] }, "indexSelect"), RangeError);
    }
  });

  test("a view reaching outside its array is an Error from the addon, not a crash", () => {
    const binding = "binding" in loaded ? loaded.binding : null;
    assert.ok(binding);
    const data = new Float32Array(6), out = new Float32Array(8);
    const meta = new Float64Array([1, 8, 1, 0, 1, 8, 1, 0]); // out [8], x [8] over an array of 6
    assert.throws(() => binding.unary(meta, 0, out, data), /reaches outside its array/);
    assert.throws(() => binding.unary(new Float64Array([1, 8]), 0, out, data), /metadata too short/);
    const neg = new Float64Array([1, 6, 1, 0, 1, 6, -1, 2]); // x walks backwards from element 2 → -3
    assert.throws(() => binding.unary(neg, 0, new Float32Array(6), data), /reaches outside its array/);
  });
});

export type { View };
