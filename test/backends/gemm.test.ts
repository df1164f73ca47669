/**
 * @file Property tests of the native GEMM against the js reference (float64 accumulation): random
 * shapes 1..300 in each dim, odd sizes around the register tiles and cache blocks, transposed,
 * stepped, negative-stride and broadcast-batch operands, on every instruction set this CPU runs and
 * on 1 and 2 threads, so that no SIMD tail, packing edge or thread split can be wrong.
 */
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { jsBackend } from "../../src/backends/js/index.ts";
import { nativeBinding } from "../../src/backends/native/binding.ts";
import { createNativeBackend } from "../../src/backends/native/index.ts";
import type { View } from "../../src/backends/backend.ts";
import { BINARY_OPS, UNARY_OPS } from "../../src/core/ops.ts";
import type { DType } from "../../src/core/dtype.ts";
import { makeView, rng, type Layout } from "./views.ts";
import { assertSameArray, EXACT } from "./compare.ts";

const loaded = nativeBinding();
const skip = "reason" in loaded ? loaded.reason : false;

/** (B, M, K) view laid out as `layout`; "transposed" stores each matrix column-major. */
function operand(B: number, R: number, C: number, dtype: DType, layout: Layout | "transposed" | "batch0", r: () => number): View {
  if (layout === "transposed") {
    const v = makeView([B, C, R], dtype, "dense", r);
    return { ...v, shape: [B, R, C], strides: [v.strides[0], v.strides[2], v.strides[1]] };
  }
  if (layout === "batch0") {
    const v = makeView([1, R, C], dtype, "dense", r);
    return { ...v, shape: [B, R, C], strides: [0, v.strides[1], v.strides[2]] };
  }
  return makeView([B, R, C], dtype, layout, r);
}

const LAYOUTS = ["dense", "transposed", "stepped", "negative", "permuted", "batch0"] as const;

describe("native GEMM equals the reference", { skip }, () => {
  if (!("binding" in loaded)) return;
  const nb = loaded.binding;
  const native = createNativeBackend(nb, UNARY_OPS, BINARY_OPS);
  const start = nb.info();
  after(() => {
    nb.setIsa(start.isa);
    nb.setNumThreads(start.threads);
  });
  const r = rng(7);
  const special: [number, number, number][] = [
    [1, 1, 1], [1, 300, 1], [300, 1, 300], [6, 16, 1], [7, 17, 255], [14, 32, 257], [13, 31, 384], [15, 33, 385],
    [145, 47, 256], [169, 65, 129], [300, 300, 300], [13, 300, 300], [1, 299, 300], [23, 97, 280], [2, 250, 3], [64, 10, 784 % 300], [0, 5, 3], [4, 0, 3], [4, 5, 0],
  ];
  const random: [number, number, number][] = Array.from({ length: 14 }, () => [1 + Math.floor(r() * 300), 1 + Math.floor(r() * 300), 1 + Math.floor(r() * 300)]);
  const cases = [...special, ...random].map(([M, N, K], i) => {
    const B = i % 5 === 0 ? 3 : 1;
    const la = LAYOUTS[i % LAYOUTS.length], lb = LAYOUTS[(i * 7 + 3) % LAYOUTS.length];
    const a = operand(B, M, K, "float32", la, r), b = operand(B, K, N, "float32", lb, r);
    return { what: `(${B}×${M}×${K}, ${la}) @ (${K}×${N}, ${lb})`, a, b, K, want: jsBackend.matmul(a, b, "float32") };
  });

  for (const isa of start.isas.split(",")) {
    for (const threads of [1, 2]) {
      test(`float32 on ${isa}, ${threads} thread(s)`, () => {
        nb.setIsa(isa);
        nb.setNumThreads(threads);
        assert.equal(nb.info().isa, isa);
        for (const c of cases) {
          const tol = { atol: 2e-6 * 9 * Math.max(c.K, 1), rtol: 1e-5 };
          assertSameArray(native.matmul(c.a, c.b, "float32"), c.want, tol, `${isa}/${threads}: ${c.what}`);
        }
      });
    }
  }

  // Few rows of A (M <= 8 in native/gemm/driver.cc) with B rows or columns contiguous skip packing: both B
  // layouts, every tail of the vector width in N and K, strided A, batches, and products big enough (> 2 MFLOP)
  // that 2 threads split their columns or batches.
  const smallShapes: [number, number, number, number][] = [
    [1, 1, 1, 1], [1, 1, 7, 9], [1, 2, 8, 8], [1, 3, 9, 15], [1, 4, 23, 16], [1, 5, 24, 17], [1, 6, 25, 31], [1, 7, 63, 33],
    [1, 8, 64, 128], [1, 9, 65, 129], [1, 1, 97, 384], [1, 3, 200, 77], [3, 1, 65, 32], [4, 2, 130, 5], [1, 1, 2100, 1030],
    [3, 1, 700, 1000], [1, 3, 1500, 500], [1, 8, 330, 700],
  ];
  const smallCases = smallShapes.flatMap(([B, M, N, K], i) =>
    (["dense", "transposed"] as const).map((lb, j) => {
      const la = (["dense", "transposed", "stepped", "negative"] as const)[(i + j) % 4];
      const a = operand(B, M, K, "float32", la, r), bm = operand(B, K, N, "float32", lb, r);
      const b = i % 7 === 3 ? { ...bm, strides: [0, bm.strides[1], bm.strides[2]] } : bm; // one B for every batch
      return { what: `(${B}×${M}×${K}, ${la}) @ (${K}×${N}, ${lb})`, a, b, K, want: jsBackend.matmul(a, b, "float32") };
    }),
  );
  for (const isa of start.isas.split(",")) {
    test(`float32 with few rows of A on ${isa}, 1 and 2 threads`, () => {
      nb.setIsa(isa);
      for (const threads of [1, 2]) {
        nb.setNumThreads(threads);
        for (const c of smallCases) {
          const tol = { atol: 2e-6 * 9 * Math.max(c.K, 1), rtol: 1e-5 };
          assertSameArray(native.matmul(c.a, c.b, "float32"), c.want, tol, `${isa}/${threads}: ${c.what}`);
        }
      }
    });
  }

  test("float64 and int32 products on every instruction set", () => {
    for (const isa of start.isas.split(",")) {
      nb.setIsa(isa);
      for (const [M, N, K, lb] of [[1, 1, 1, "negative"], [7, 9, 300, "negative"], [33, 65, 17, "negative"], [100, 37, 129, "negative"], [1, 9, 13, "dense"], [5, 7, 130, "transposed"]] as const) {
        const a64 = operand(2, M, K, "float64", "transposed", r), b64 = operand(2, K, N, "float64", lb, r);
        assertSameArray(native.matmul(a64, b64, "float64"), jsBackend.matmul(a64, b64, "float64"), { atol: 1e-12, rtol: 1e-12 }, `${isa} float64 ${M}×${N}×${K}`);
        const ai = operand(2, M, K, "int32", "stepped", r), bi = operand(2, K, N, "int32", "batch0", r);
        assertSameArray(native.matmul(ai, bi, "int32"), jsBackend.matmul(ai, bi, "int32"), EXACT, `${isa} int32 ${M}×${N}×${K}`);
      }
    }
  });

  test("an unknown instruction set is refused with the list of available ones", () => {
    assert.throws(() => nb.setIsa("sse9"), /not available on this CPU\/build; available: .*scalar/);
  });
});
