/**
 * @file MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer and nn.Transformer against PyTorch
 * (test/nn/golden/transformer.json): PyTorch state dicts loaded by name, outputs, gradients of inputs and every parameter.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, t32, type Nested } from "./close.ts";

const nn = lw.nn;
type Mask = { dtype: "bool" | "float32"; values: Nested } | boolean;
interface Case {
  name: string; kind: "MultiheadAttention" | "TransformerEncoderLayer" | "TransformerDecoderLayer" | "Transformer";
  ctor: Record<string, number | boolean | string>; stateDict: Record<string, Nested>; inputs: Nested[]; masks: Record<string, Mask>;
  outputs: Nested[]; lossWeights: Nested[]; gradInputs: Nested[]; gradParams: Record<string, Nested>;
}
const fx = JSON.parse(readFileSync(new URL("./golden/transformer.json", import.meta.url), "utf8")) as { modules: Case[] };
const tol = { rtol: 1e-4, atol: 2e-5 };

/** PyTorch's snake_case forward arguments as lernwerk options; bool masks stay bool, −1e30 stands for −∞. */
function options(masks: Record<string, Mask>): Record<string, lw.Tensor | boolean> {
  const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.fromEntries(Object.entries(masks).map(([k, m]) => {
    if (typeof m === "boolean") return [camel(k), m];
    const t = t32(m.values);
    return [camel(k), m.dtype === "bool" ? t.ne(0) : lw.where(t.le(-1e30), -Infinity, t)];
  }));
}

/** Builds the case's module, loads PyTorch's state dict and runs it; returns the outputs (weights dropped when null). */
function run(c: Case, xs: lw.Tensor[]): [lw.Tensor[], lw.nn.Module<never, unknown>] {
  const o = options(c.masks);
  const ctor = c.ctor as never as lw.nn.TransformerOptions & lw.nn.MultiheadAttentionOptions & { embedDim: number; numHeads: number; dModel: number; nhead: number; self?: boolean };
  let m: lw.nn.Module<never, unknown>, outs: (lw.Tensor | null)[];
  // The fixture's constructor record also holds the positional arguments; the options are the rest (unknown keys are errors).
  const { embedDim: _e, numHeads: _n, dModel: _d, nhead: _h, self: _s, ...layerOpts } = ctor;
  if (c.kind === "MultiheadAttention") {
    const mha = new nn.MultiheadAttention(ctor.embedDim, ctor.numHeads, layerOpts);
    load(mha, c);
    const [q, k, v] = ctor.self ? [xs[0], xs[0], xs[0]] : xs;
    outs = mha.forward(q, k, v, o);
    m = mha as never;
  } else if (c.kind === "TransformerEncoderLayer") {
    const layer = new nn.TransformerEncoderLayer(ctor.dModel, ctor.nhead, layerOpts);
    load(layer, c);
    outs = [layer.forward(xs[0], o)];
    m = layer as never;
  } else if (c.kind === "TransformerDecoderLayer") {
    const layer = new nn.TransformerDecoderLayer(ctor.dModel, ctor.nhead, layerOpts);
    load(layer, c);
    outs = [layer.forward(xs[0], xs[1], o)];
    m = layer as never;
  } else {
    const tr = new nn.Transformer(ctor);
    load(tr, c);
    outs = [tr.forward(xs[0], xs[1], o)];
    m = tr as never;
  }
  return [outs.filter((t): t is lw.Tensor => t !== null), m];
}

function load(m: lw.nn.Module<never, unknown>, c: Case): void {
  assert.deepEqual(Object.keys(m.stateDict()), Object.keys(c.stateDict), "PyTorch's state-dict keys, in PyTorch's order");
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, t32(v)])));
  m.eval();
}

for (const c of fx.modules) {
  test(`PyTorch parity: ${c.name}: outputs and gradients of inputs and all parameters`, () => {
    const xs = c.inputs.map((x) => t32(x).requiresGrad_());
    const [outs, m] = run(c, xs);
    assert.equal(outs.length, c.outputs.length, "number of outputs");
    outs.forEach((o, i) => assertClose(o, c.outputs[i], `output ${i}`, tol));
    outs.map((o, i) => o.mul(t32(c.lossWeights[i])).sum()).reduce((a, b) => a.add(b)).backward();
    xs.forEach((x, i) => assertClose(x.grad!, c.gradInputs[i], `grad input ${i}`, tol));
    const named = Object.fromEntries(m.namedParameters());
    for (const [k, g] of Object.entries(c.gradParams)) assertClose(named[k].grad!, g, `grad ${k}`, tol);
  });
}
