/** @file RNN, LSTM, GRU and their cells against PyTorch (test/nn/golden/rnn.json): outputs, final states and every gradient. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose, t32, type Nested } from "./close.ts";

const nn = lw.nn;
interface Case {
  name: string; kind: "RNN" | "LSTM" | "GRU"; ctor: lw.nn.RNNOptions & { nonlinearity?: "tanh" | "relu" }; lengths: number[] | null;
  stateDict: Record<string, Nested>; x: Nested; state: Nested[]; output: Nested; finals: Nested[]; lossWeights: Nested[];
  gradX: Nested; gradState: Nested[]; gradParams: Record<string, Nested>;
}
const fx = JSON.parse(readFileSync(new URL("./golden/rnn.json", import.meta.url), "utf8")) as { cases: Case[] };
const tol = { rtol: 1e-4, atol: 1e-5 };
type State = lw.Tensor | [lw.Tensor, lw.Tensor];

/** Runs a fixture case through lernwerk: returns the padded output and the final states. */
function run(c: Case, x: lw.Tensor, state: lw.Tensor[]): [lw.Tensor, lw.Tensor[], lw.nn.Module<never, unknown>] {
  const arg = (c.kind === "LSTM" ? (state.length ? [state[0], state[1]] : undefined) : state[0]) as never;
  if (c.name.endsWith("Cell")) {
    const cell = c.kind === "LSTM" ? new nn.LSTMCell(3, 4) : c.kind === "GRU" ? new nn.GRUCell(3, 4) : new nn.RNNCell(3, 4);
    cell.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, t32(v)])));
    const out = cell.forward(x, arg);
    const finals = Array.isArray(out) ? out : [out];
    return [finals[0], finals, cell as never];
  }
  const m: lw.nn.RNNBase<State> = c.kind === "LSTM" ? new nn.LSTM(3, 4, c.ctor) : c.kind === "GRU" ? new nn.GRU(3, 4, c.ctor) : new nn.RNN(3, 4, c.ctor);
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, t32(v)])));
  const input = c.lengths ? nn.packPaddedSequence(x, c.lengths, { batchFirst: c.ctor.batchFirst, enforceSorted: false }) : x;
  const [y, fin] = m.forward(input, arg);
  const out = y instanceof nn.PackedSequence ? nn.padPackedSequence(y, { batchFirst: c.ctor.batchFirst })[0] : y;
  return [out, Array.isArray(fin) ? fin : [fin as lw.Tensor], m as never];
}

for (const c of fx.cases) {
  test(`PyTorch parity: ${c.name}: output, final states, gradients of input, states and all parameters`, () => {
    const x = t32(c.x).requiresGrad_();
    const state = c.state.map((s) => t32(s).requiresGrad_());
    const [y, finals, m] = run(c, x, state);
    assertClose(y, c.output, "output", tol);
    assert.equal(finals.length, c.finals.length);
    finals.forEach((f, i) => assertClose(f, c.finals[i], `final state ${i}`, tol));
    [y, ...finals].map((o, i) => o.mul(t32(c.lossWeights[i])).sum()).reduce((a, b) => a.add(b)).backward();
    assertClose(x.grad!, c.gradX, "grad x", tol);
    state.forEach((s, i) => assertClose(s.grad!, c.gradState[i], `grad state ${i}`, tol));
    const named = Object.fromEntries(m.namedParameters());
    assert.deepEqual(Object.keys(named).sort(), Object.keys(c.gradParams).sort(), "PyTorch parameter names");
    for (const [k, g] of Object.entries(c.gradParams)) assertClose(named[k].grad!, g, `grad ${k}`, tol);
  });
}
