/**
 * @file Convolution, pooling and resizing against PyTorch (test/nn/golden/conv.json, tools/gen_conv_fixtures.py):
 * forward and input/weight/bias gradients in float64, the same through transposed (non-contiguous) inputs, and float32.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, type Nested } from "./close.ts";

const F = lw.nn.functional;

interface Case {
  name: string;
  op: string;
  params: Record<string, unknown>;
  inputs: Record<string, Nested>;
  out: Nested;
  upstream: Nested;
  grads: Record<string, Nested>;
  indices?: Nested;
}
const fx = JSON.parse(readFileSync(new URL("./golden/conv.json", import.meta.url), "utf8")) as { cases: Case[] };

type Ins = Record<string, lw.Tensor>;
type P = Record<string, never>;
/** Each fixture op as lernwerk calls it (PyTorch's keyword arguments become the options object). */
const OPS: Record<string, (i: Ins, p: P) => lw.Tensor> = {
  conv2d: (i, p) => lw.conv2d(i.x, i.w, i.b ?? null, p),
  conv1d: (i, p) => lw.conv1d(i.x, i.w, i.b ?? null, p),
  convTranspose2d: (i, p) => lw.convTranspose2d(i.x, i.w, i.b ?? null, p),
  convTranspose1d: (i, p) => lw.convTranspose1d(i.x, i.w, i.b ?? null, p),
  maxPool2d: (i, { kernelSize, ...o }) => lw.maxPool2d(i.x, kernelSize, o),
  maxPool1d: (i, { kernelSize, ...o }) => lw.maxPool1d(i.x, kernelSize, o),
  avgPool2d: (i, { kernelSize, ...o }) => lw.avgPool2d(i.x, kernelSize, o),
  avgPool1d: (i, { kernelSize, ...o }) => lw.avgPool1d(i.x, kernelSize, o),
  adaptiveAvgPool2d: (i, { outputSize }) => lw.adaptiveAvgPool2d(i.x, outputSize),
  adaptiveAvgPool1d: (i, { outputSize }) => lw.adaptiveAvgPool1d(i.x, outputSize),
  interpolate: (i, p) => F.interpolate(i.x, p),
};

/** The same values seen through a transposed view of a transposed copy: strides that are not row-major. */
const strided = (t: lw.Tensor): lw.Tensor => (t.ndim < 2 ? t : t.transpose(-1, -2).contiguous().transpose(-1, -2));

function run(c: Case, dtype: "float64" | "float32", layout: (t: lw.Tensor) => lw.Tensor) {
  const leaves: Ins = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, lw.tensor(v as lw.NestedArray, { dtype }).requiresGrad_()]));
  const views: Ins = Object.fromEntries(Object.entries(leaves).map(([k, v]) => [k, layout(v)]));
  const out = OPS[c.op](views, c.params as P);
  out.mul(lw.tensor(c.upstream as lw.NestedArray, { dtype })).sum().backward();
  return { out, leaves };
}

describe("conv/pool/interpolate vs PyTorch", () => {
  for (const c of fx.cases) {
    test(`${c.op}: ${c.name}`, () => {
      for (const [layout, label] of [[(t: lw.Tensor) => t, "contiguous"], [strided, "strided"]] as const) {
        const { out, leaves } = run(c, "float64", layout);
        assertClose(out, c.out, `${label} out`, { rtol: 1e-10, atol: 1e-10 });
        for (const [k, g] of Object.entries(c.grads)) assertClose(leaves[k].grad!, g, `${label} grad ${k}`, { rtol: 1e-10, atol: 1e-10 });
      }
      const f32 = run(c, "float32", (t) => t);
      assert.equal(f32.out.dtype, "float32");
      assertClose(f32.out, c.out, "float32 out", { rtol: 1e-4, atol: 1e-4 });
      for (const [k, g] of Object.entries(c.grads)) assertClose(f32.leaves[k].grad!, g, `float32 grad ${k}`, { rtol: 1e-4, atol: 1e-4 });
    });
  }
});

test("max pooling returns PyTorch's indices (flat h·W + w; first maximum on ties)", () => {
  for (const c of fx.cases.filter((k) => k.indices)) {
    const x = lw.tensor(c.inputs.x as lw.NestedArray, { dtype: "float64" });
    const { kernelSize, ...o } = c.params as Record<string, never>;
    const r = c.op === "maxPool2d" ? F.maxPool2dWithIndices(x, kernelSize, o) : F.maxPool1dWithIndices(x, kernelSize, o);
    assert.equal(r.indices.dtype, "int32");
    assert.deepEqual(r.indices.tolist(), c.indices, c.name);
    assert.deepEqual(r.values.shape, r.indices.shape);
  }
});
