/** @file Autograd behaviour: accumulation, views and broadcasting, noGrad, detach, freed graphs, and the clear errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";

const f64 = (d: lw.NestedArray, requiresGrad = true) => lw.tensor(d, { dtype: "float64", requiresGrad });

test("gradients accumulate into a leaf's .grad across two backward calls, until zeroed", () => {
  const x = f64([1, 2, 3]);
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [2, 4, 6]);
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [5, 7, 9]);
  x.grad = null;
  x.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [1, 1, 1]);
});

test("gradients flow back through views (transpose, slice, expand) to the leaf's shape", () => {
  const x = f64([[1, 2, 3], [4, 5, 6]]);
  // y = x.T[1:, :] summed twice through an expand: each of x[:, 1:] gets 2
  const y = x.T.slice(0, 1).unsqueeze(0).expand(2, 2, 2);
  y.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [[0, 2, 2], [0, 2, 2]]);
});

test("broadcasting sums the gradient back to each input's shape", () => {
  const a = f64([[1], [2]]); // 2x1
  const b = f64([10, 20, 30]); // 3
  a.mul(b).sum().backward();
  assert.deepEqual(a.grad!.tolist(), [[60], [60]]);
  assert.deepEqual(b.grad!.tolist(), [3, 3, 3]);
});

test("a tensor used twice gets both contributions", () => {
  const x = f64([2]);
  x.mul(x).add(x).sum().backward(); // d(x² + x) = 2x + 1
  assert.deepEqual(x.grad!.tolist(), [5]);
});

test("noGrad returns the callback's value and records nothing; grad mode comes back after", () => {
  const x = f64([1, 2]);
  const y = lw.noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(lw.noGrad(() => 42), 42);
  assert.equal(lw.isGradEnabled(), true);
  assert.throws(() => lw.noGrad(() => { throw new Error("boom"); }), /boom/);
  assert.equal(lw.isGradEnabled(), true, "grad mode restored after a throw");
  assert.ok(x.mul(2).gradFn, "recording again outside noGrad");
});

test("detach shares storage but leaves the graph", () => {
  const x = f64([1, 2]);
  const d = x.mul(3).detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.gradFn, null);
  const y = x.mul(d).sum(); // d is a constant here
  y.backward();
  assert.deepEqual(x.grad!.tolist(), [3, 6]);
  const e = x.detach();
  assert.equal(e.storage, x.storage);
});

test("backward twice through a freed graph errors clearly; retainGraph allows it", () => {
  const x = f64([1, 2]);
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), /backward: trying to backward through the graph a second time .*retainGraph: true/);
  const z = x.exp().sum();
  x.grad = null;
  z.backward(null, { retainGraph: true });
  z.backward();
  const g = Array.from(x.grad!.toTypedArray());
  [2 * Math.E, 2 * Math.E ** 2].forEach((want, i) => assert.ok(Math.abs(g[i] - want) < 1e-12, `grad ${g[i]} vs ${want}`));
});

test("backward on a non-scalar without a gradient errors and names the shape", () => {
  const y = f64([1, 2]).mul(2);
  assert.throws(() => y.backward(), /backward: a gradient can be created implicitly only for scalar outputs, got shape \[2\]/);
  assert.throws(() => y.backward(lw.ones(3)), /backward: gradient shape \[3\] does not match output shape \[2\]/);
  y.backward(lw.tensor([1, 10]));
});

test("backward on a tensor that does not require grad errors", () => {
  assert.throws(() => lw.ones(2).sum().backward(), /^Error: backward: the tensor does not require grad|backward: the tensor does not require grad/);
});

test("requiresGrad on an int or bool tensor errors; on a non-leaf it cannot be turned off", () => {
  assert.throws(() => lw.tensor([1, 2], { dtype: "int32", requiresGrad: true }), /requiresGrad: only floating-point tensors can require gradients, got dtype int32/);
  assert.throws(() => { lw.ones(2, { dtype: "bool" }).requiresGrad = true; }, /got dtype bool/);
  const y = f64([1]).mul(2);
  assert.throws(() => { y.requiresGrad = false; }, /requiresGrad: cannot turn off gradients of a non-leaf tensor/);
});

test("an in-place write to a tensor the graph needs makes backward fail", () => {
  const x = f64([1, 2]);
  const h = x.mul(1);
  const y = h.exp().sum(); // exp's gradient needs its output, mul's needs nothing of h
  const a = x.mul(2);
  const z = a.mul(a).sum();
  assert.throws(() => a.add_(1), /add_: in-place writes to a tensor inside the autograd graph \(MulBackward\) are not supported/);
  a.detach().add_(1); // the same storage, written behind the graph's back
  assert.throws(() => z.backward(), /was modified by an in-place operation/);
  y.backward();
});

test("integer outputs (argmax, comparisons) do not require grad", () => {
  const x = f64([1, 3, 2]);
  assert.equal(x.argmax().requiresGrad, false);
  assert.equal(x.gt(1).requiresGrad, false);
  assert.equal(x.gt(1).gradFn, null);
});

test("retainGrad keeps a non-leaf's gradient", () => {
  const x = f64([1, 2]);
  const h = x.mul(3).retainGrad();
  h.sum().backward();
  assert.deepEqual(h.grad!.tolist(), [1, 1]);
  assert.deepEqual(x.grad!.tolist(), [3, 3]);
});

test("gradient sums added in place never change a buffer another gradient shares (closed form, js and native alike)", () => {
  // a = 2x, b = a², c = b + a + a·3, d = sum(c) + sum(b·a): every intermediate is used two or three times, and Add's
  // rule hands the same gradient to both inputs, so a buffer summed in place must not be one of those.
  const before = lw.currentBackend().name;
  const grads: number[][][] = lw.listBackends().map((name) => {
    lw.setBackend(name);
    try {
      const x = lw.tensor([0.5, -1, 2, 3], { dtype: "float64", requiresGrad: true });
      const a = x.add(x), b = a.mul(a);
      const c = b.add(a).add(a.mul(3));
      c.sum().add(b.mul(a).sum()).backward();
      // t's gradient is a sum (t used twice) that Add hands to p and q alike; then r's gradients reach p and q, in either order.
      const orders = [false, true].map((flip) => {
        const y = x.detach().requiresGrad_();
        const p = y.mul(2), q = y.mul(3), t = p.add(q), out = t.mul(t).sum(), r = p.mul(5).add(q.mul(7)).sum();
        (flip ? r.add(out) : out.add(r)).backward();
        return y.grad!.tolist() as number[];
      });
      return [x.grad!.tolist() as number[], ...orders];
    } finally {
      lw.setBackend(before);
    }
  });
  // d = 4x² + 8x + 8x³ → d' = 8x + 8 + 24x²; 25x² + 31x → 50x + 31
  const xs = [0.5, -1, 2, 3];
  const want = [xs.map((v) => 8 * v + 8 + 24 * v * v), xs.map((v) => 50 * v + 31), xs.map((v) => 50 * v + 31)];
  for (const g of grads) g.forEach((gi, k) => gi.forEach((v, i) => assert.ok(Math.abs(v - want[k][i]) < 1e-9, `${gi} vs ${want[k]}`)));
});
