/** @file What the generated op tests share: running an entry on a sample in a dtype, and comparing with the reference. */
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import type { Nd } from "./nd.ts";
import type { DType, OpInfo, Out, Sample, Tensor, Tol } from "./types.ts";

/** PyTorch's assert_close defaults; ints and bools compare exactly. */
export const DEFAULT_TOL: Record<DType, Tol> = {
  float64: { atol: 1e-7, rtol: 1e-7 },
  float32: { atol: 1e-5, rtol: 1.3e-6 },
  int32: { atol: 0, rtol: 0 },
  bool: { atol: 0, rtol: 0 },
};

export const isFloat = (d: DType): boolean => d === "float32" || d === "float64";
export const outList = (o: Out): Tensor[] => (o instanceof lw.Tensor ? [o] : [...o]);
export const toNd = (t: Tensor): Nd => ({ shape: [...t.shape], data: Array.from(t.toTypedArray()) });

/** The floating inputs cast to `dtype`; others (indices, masks) unchanged. */
export const castInputs = (xs: Tensor[], dtype: DType): Tensor[] => xs.map((x) => (isFloat(x.dtype) ? x.to(dtype) : x));

/** Runs the entry on a sample: inputs cast to dtype, then the sample's views, then the op. */
export function runSample(e: OpInfo, s: Sample<unknown>, dtype: DType, transform: (t: Tensor) => Tensor = (t) => t): { inputs: Tensor[]; out: Tensor[] } {
  const cast = castInputs(s.inputs, dtype).map(transform);
  const inputs = s.prep ? s.prep(cast) : cast;
  return { inputs, out: outList(e.fn(inputs, s.params)) };
}

/** How a float64 reference value reads once stored in `dtype`. */
function storeAs(v: number, dtype: DType): number {
  if (dtype === "float32") return Math.fround(v);
  if (dtype === "int32") return Number.isFinite(v) ? Math.trunc(v) | 0 : 0;
  if (dtype === "bool") return v !== 0 ? 1 : 0;
  return v;
}

/** Asserts `actual` has the expected shape and values within tol (NaN equals NaN, infinities exactly). */
export function assertClose(actual: Tensor, expected: Nd, tol: Tol, what: string): void {
  assert.deepEqual([...actual.shape], [...expected.shape], `${what}: shape`);
  const a = actual.toTypedArray();
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = storeAs(expected.data[i], actual.dtype);
    const ok = Number.isNaN(y) ? Number.isNaN(x) : !Number.isFinite(y) ? x === y : Math.abs(x - y) <= tol.atol + tol.rtol * Math.abs(y);
    if (!ok) assert.fail(`${what}: element ${i} of [${actual.shape}] is ${x}, expected ${y} (atol ${tol.atol}, rtol ${tol.rtol})`);
  }
}

/** The dtypes an entry's forward test runs in. */
export const dtypesOf = (e: OpInfo): DType[] => e.dtypes ?? ["float64", "float32"];
