/**
 * @file Generated from the op database: every sample of every op against its float64 reference in
 * each of the op's dtypes, the result dtypes, and non-contiguous inputs giving the same result.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { OPDB } from "./opdb.ts";
import { DEFAULT_TOL, assertClose, dtypesOf, isFloat, runSample, toNd } from "./opdb/harness.ts";
import { strided } from "./opdb/make.ts";

for (const e of OPDB) {
  describe(`${e.name} forward`, () => {
    const samples = e.samples();
    for (const dtype of dtypesOf(e)) {
      test(dtype, () => {
        for (const s of samples) {
          if (dtype === "int32" && s.floatOnly) continue;
          const what = `${e.name} ${dtype} "${s.desc}"`;
          const { inputs, out } = runSample(e, s, dtype);
          const want = e.outDType?.(dtype, s.params) ?? dtype;
          const wants = Array.isArray(want) ? want : out.map(() => want);
          out.forEach((o, k) => assert.equal(o.dtype, wants[k], `${what}: dtype of output ${k}`));
          if (e.ref) {
            const exp = e.ref(inputs.map(toNd), s.params);
            const exps = Array.isArray(exp) ? exp : [exp];
            assert.equal(out.length, exps.length, `${what}: number of outputs`);
            out.forEach((o, k) => assertClose(o, exps[k], e.tol?.[o.dtype] ?? DEFAULT_TOL[o.dtype], `${what} output ${k}`));
          }
          e.check?.(out, s.params);
        }
      });
    }
    if (e.noncontig !== false && samples.some((s) => s.inputs.length > 0)) {
      test("non-contiguous inputs give the same result", () => {
        for (const s of samples) {
          if (s.inputs.every((x) => x.numel === 0)) continue;
          const base = runSample(e, s, "float64").out;
          const moved = runSample(e, s, "float64", (t) => (t.numel > 1 ? strided(t) : t)).out;
          base.forEach((b, k) => {
            const tol = isFloat(b.dtype) ? { atol: 1e-12, rtol: 1e-12 } : DEFAULT_TOL[b.dtype];
            assert.equal(moved[k].dtype, b.dtype);
            assertClose(moved[k], toNd(b), tol, `${e.name} "${s.desc}" strided vs contiguous, output ${k}`);
          });
        }
      });
    }
  });
}
