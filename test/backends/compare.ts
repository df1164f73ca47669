/** @file Element-wise comparison of two kernel results with a tolerance; NaN must meet NaN. */
import assert from "node:assert/strict";
import type { TypedArray } from "../../src/core/dtype.ts";

export interface Tol {
  atol: number;
  rtol: number;
}
export const EXACT: Tol = { atol: 0, rtol: 0 };

export function assertSameArray(got: TypedArray, want: TypedArray, tol: Tol, what: string): void {
  assert.equal(got.constructor.name, want.constructor.name, `${what}: array type`);
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    if (Object.is(g, w) || g === w) continue;
    if (Number.isNaN(w) || Number.isNaN(g)) assert.fail(`${what}: element ${i} is ${g}, expected ${w}`);
    if (!Number.isFinite(w) || !Number.isFinite(g)) assert.fail(`${what}: element ${i} is ${g}, expected ${w}`);
    if (Math.abs(g - w) > tol.atol + tol.rtol * Math.abs(w)) assert.fail(`${what}: element ${i} is ${g}, expected ${w} (atol ${tol.atol}, rtol ${tol.rtol})`);
  }
}
