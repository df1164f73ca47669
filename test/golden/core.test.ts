/**
 * @file PyTorch golden op cases: every case of core.json replayed through lernwerk, forward
 * outputs and the gradients of Σ (out · w) compared with what PyTorch 1.13 computed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { FORMAT, VERSION, loadCoreFixture, toStridedTensor, toTensor, type EncodedTensor, type OpCase } from "./fixture.ts";
import { assertMatches, defaultTolerance, worst, type Tolerance } from "./compare.ts";
import { REPLAY } from "./replay.ts";

const fixture = loadCoreFixture();

test("core.json has the expected format and version", () => {
  assert.equal(fixture.format, FORMAT);
  assert.equal(fixture.version, VERSION, `fixture version ${fixture.version}, expected ${VERSION}; regenerate: ${fixture.regenerate}`);
  assert.ok(fixture.cases.length >= 40, `only ${fixture.cases.length} cases`);
  assert.equal(new Set(fixture.cases.map((c) => c.name)).size, fixture.cases.length, "case names must be unique");
});

type Layout = (e: EncodedTensor, requiresGrad: boolean) => lw.Tensor;

function runCase(c: OpCase, layout: Layout): void {
  const replay = REPLAY[c.op];
  assert.ok(replay, `no replay for op ${JSON.stringify(c.op)}`);
  const inputs = c.inputs.map((e) => layout(e, e.requiresGrad));
  const result = replay(inputs, c.params);
  const outs = Array.isArray(result) ? result : [result];
  assert.equal(outs.length, c.outputs.length, "number of outputs");
  const tolOf = (e: Parameters<typeof defaultTolerance>[0]): Tolerance => ({ ...defaultTolerance(e), ...c.tol });
  outs.forEach((o, i) => assertMatches(o, c.outputs[i], `${c.name}: output ${i}`, tolOf(c.outputs[i])));

  const weighted = c.gradWeights.flatMap((w, i) => (w ? [outs[i].mul(toTensor(w)).sum()] : []));
  if (weighted.length === 0) return;
  weighted.reduce((acc, t) => acc.add(t)).backward();
  c.grads.forEach((g, i) => {
    if (g === null) {
      assert.equal(inputs[i].grad, null, `input ${i} must get no gradient`);
      return;
    }
    const grad = inputs[i].grad;
    assert.ok(grad, `input ${i} got no gradient`);
    assertMatches(grad, g, `${c.name}: grad of input ${i}`, tolOf(g));
  });
}

for (const c of fixture.cases) {
  test(`${c.op}: ${c.name}`, () => runCase(c, toTensor));
  test(`${c.op}: ${c.name} (non-contiguous inputs)`, () => runCase(c, toStridedTensor));
}

test("worst relative error against PyTorch (report only)", (t) => {
  t.diagnostic(`max relative error ${worst.relError.toExponential(2)} at ${worst.where || "-"}`);
});
