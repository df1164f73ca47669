/** @file Test helpers of nn/optim/data: element-wise closeness of a tensor (or numbers) to nested fixture arrays. */
import assert from "node:assert/strict";
import * as lw from "lernwerk";

export type Nested = number | Nested[];
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
const shapeOf = (v: Nested): number[] => (Array.isArray(v) ? [v.length, ...(v.length ? shapeOf(v[0]) : [])] : []);

/** Asserts |a − e| ≤ atol + rtol·|e| everywhere (float32 defaults) and, for tensors, the same shape. */
export function assertClose(actual: lw.Tensor | Nested, expected: Nested, what: string, tol: { rtol?: number; atol?: number } = {}): void {
  const rtol = tol.rtol ?? 1e-5, atol = tol.atol ?? 1e-6;
  if (actual instanceof lw.Tensor) assert.deepEqual([...actual.shape], shapeOf(expected), `${what}: shape`);
  const a = actual instanceof lw.Tensor ? [...actual.toTypedArray()] : flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `${what}: number of elements`);
  e.forEach((ev, i) => {
    const err = Math.abs(a[i] - ev);
    assert.ok(err <= atol + rtol * Math.abs(ev), `${what}[${i}]: expected ${ev}, got ${a[i]} (|diff| ${err.toExponential(2)})`);
  });
}

/** A float32 tensor from nested fixture numbers. */
export const t32 = (v: Nested): lw.Tensor => lw.tensor(v as lw.NestedArray);
