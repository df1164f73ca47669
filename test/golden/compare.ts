/**
 * @file Compares a lernwerk tensor with a PyTorch fixture tensor: shape and dtype exactly, integers
 * and booleans exactly, floats within |a − e| ≤ atol + rtol·|e| (NaN and ±Inf must match as such).
 */
import assert from "node:assert/strict";
import type * as lw from "lernwerk";
import { type EncodedTensor, decodeValue, lernwerkDType } from "./fixture.ts";

export interface Tolerance { rtol: number; atol: number }

export const FLOAT32_TOL: Tolerance = { rtol: 1e-5, atol: 1e-6 };
export const FLOAT64_TOL: Tolerance = { rtol: 1e-10, atol: 1e-12 };

/** The largest |a − e| / |e| seen over all comparisons (elements with |e| ≥ 1e-2, where atol does not dominate), for the report. */
export const worst = { relError: 0, where: "" };

export function defaultTolerance(e: EncodedTensor): Tolerance {
  return e.dtype === "float64" ? FLOAT64_TOL : FLOAT32_TOL;
}

export function assertMatches(actual: lw.Tensor, expected: EncodedTensor, what: string, tol = defaultTolerance(expected)): void {
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, lernwerkDType(expected.dtype), `${what}: dtype`);
  const got = actual.toTypedArray();
  const exact = expected.dtype === "int64" || expected.dtype === "bool";
  expected.values.forEach((ev, i) => {
    const e = decodeValue(ev), a = got[i];
    if (exact || !Number.isFinite(e)) {
      assert.ok(Object.is(a, e) || a === e, `${what}[${i}]: expected ${e}, got ${a}`);
      return;
    }
    const err = Math.abs(a - e);
    assert.ok(err <= tol.atol + tol.rtol * Math.abs(e), `${what}[${i}]: expected ${e}, got ${a} (|diff| ${err.toExponential(2)} > atol ${tol.atol} + rtol ${tol.rtol} · |expected|)`);
    if (Math.abs(e) >= 1e-2 && err / Math.abs(e) > worst.relError) Object.assign(worst, { relError: err / Math.abs(e), where: `${what}[${i}]` });
  });
}
