/** @file Recurrent layers' behaviour: padded batches equal one-by-one runs, cells equal layers, dropout between layers, packing, and bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { assertClose, type Nested } from "./close.ts";

const nn = lw.nn;
const tol = { rtol: 1e-5, atol: 1e-6 };
const gradsOf = (m: lw.nn.Module<never, unknown>): Record<string, Float32Array | Float64Array> =>
  Object.fromEntries(m.namedParameters().map(([k, p]) => [k, p.grad!.toTypedArray() as Float32Array]));

for (const kind of ["LSTM", "GRU", "RNN"] as const) {
  test(`${kind} (2 layers, bidirectional, batch-first): a padded batch gives the outputs, states and gradients of the sequences run one by one`, () => {
    lw.manualSeed(1);
    const opts = { numLayers: 2, bidirectional: true, batchFirst: true };
    const m: lw.nn.RNNBase<lw.Tensor | [lw.Tensor, lw.Tensor]> = kind === "LSTM" ? new nn.LSTM(3, 4, opts) : kind === "GRU" ? new nn.GRU(3, 4, opts) : new nn.RNN(3, 4, opts);
    const lengths = [2, 5, 3];
    const seqs = lengths.map((n) => lw.randn(n, 3));
    // the padded steps hold huge values: they must not leak into anything
    const padded = lw.stack(seqs.map((s) => lw.cat([s, lw.full([5 - s.shape[0], 3], 1e3)], 0)), 0).requiresGrad_(); // (B, T, I)
    const [out, fin] = m.forward(nn.packPaddedSequence(padded, lengths, { batchFirst: true, enforceSorted: false }));
    const [y] = nn.padPackedSequence(out, { batchFirst: true }); // (B, T, 2H)
    const h = (Array.isArray(fin) ? fin[0] : fin) as lw.Tensor; // (4, B, H)
    y.sum().add(h.square().sum()).backward();
    const batchGrads = gradsOf(m);
    const summed: Record<string, number[]> = Object.fromEntries(Object.entries(batchGrads).map(([k, g]) => [k, new Array<number>(g.length).fill(0)]));
    seqs.forEach((s, b) => {
      m.zeroGrad();
      const [yb, fb] = m.forward(s.unsqueeze(0));
      const hb = (Array.isArray(fb) ? fb[0] : fb) as lw.Tensor;
      assertClose(y.index(b).narrow(0, 0, lengths[b]), yb.squeeze(0).tolist() as Nested, `output of sequence ${b}`, tol);
      assert.ok(y.index(b).narrow(0, lengths[b], 5 - lengths[b]).eq(0).all().item(), "padded outputs are zero");
      assertClose(h.select(1, b), hb.select(1, 0).tolist() as Nested, `final h of sequence ${b}`, tol);
      yb.sum().add(hb.square().sum()).backward();
      for (const [k, g] of Object.entries(gradsOf(m))) g.forEach((v, i) => { summed[k][i] += v; });
    });
    for (const [k, g] of Object.entries(batchGrads)) assertClose([...g], summed[k], `grad ${k}`, { rtol: 1e-4, atol: 1e-5 });
    const gx = padded.grad!;
    lengths.forEach((n, b) => assert.ok(gx.index(b).narrow(0, n, 5 - n).eq(0).all().item(), `no gradient reaches the padding of sequence ${b}`));
  });
}

test("LSTMCell stepped by hand equals an LSTM layer with the same weights", () => {
  lw.manualSeed(2);
  const layer = new nn.LSTM(3, 5);
  const cell = new nn.LSTMCell(3, 5);
  const sd = layer.stateDict();
  cell.loadStateDict({ weight_ih: sd.weight_ih_l0, weight_hh: sd.weight_hh_l0, bias_ih: sd.bias_ih_l0, bias_hh: sd.bias_hh_l0 });
  const x = lw.randn(4, 2, 3);
  const [y, [hN, cN]] = layer.forward(x);
  let state: [lw.Tensor, lw.Tensor] = [lw.zeros(2, 5), lw.zeros(2, 5)];
  for (let t = 0; t < 4; t++) {
    state = cell.forward(x.index(t), state);
    assertClose(state[0], y.index(t).tolist() as Nested, `h at step ${t}`, tol);
  }
  assertClose(state[0], hN.index(0).tolist() as Nested, "h_n", tol);
  assertClose(state[1], cN.index(0).tolist() as Nested, "c_n", tol);
});

test("dropout acts between layers only while training", () => {
  lw.manualSeed(3);
  const x = lw.randn(6, 2, 3);
  const deep = new nn.GRU(3, 8, { numLayers: 2, dropout: 0.5 });
  const a = deep.forward(x)[0], b = deep.forward(x)[0];
  assert.ok(a.sub(b).abs().amax().item() > 1e-3, "two training passes differ");
  deep.eval();
  assert.deepEqual(deep.forward(x)[0].tolist(), deep.forward(x)[0].tolist(), "eval is deterministic");
  const single = new nn.GRU(3, 8, { dropout: 0.5 }); // one layer: nothing to drop between
  assert.deepEqual(single.forward(x)[0].tolist(), single.forward(x)[0].tolist());
});

test("packPaddedSequence: PyTorch's packed layout, batch sizes and sorted order; padSequence and packSequence", () => {
  const x = lw.arange(6).float().reshape(3, 2, 1); // (T=3, B=2, 1): step t, sequence b holds 2t + b
  const p = nn.packPaddedSequence(x, [2, 3], { enforceSorted: false });
  assert.deepEqual(p.batchSizes, [2, 2, 1]);
  assert.deepEqual(p.sortedIndices, [1, 0]);
  assert.deepEqual(p.data.reshape(-1).tolist(), [1, 0, 3, 2, 5]);
  assert.throws(() => nn.packPaddedSequence(x, [2, 3]), /lengths \[2, 3\] must be sorted in decreasing order when enforceSorted is true/);
  assert.throws(() => nn.packPaddedSequence(x, [4, 1]), /lengths\[0\] = 4 must be an integer in \[1, 3\]/);
  assert.throws(() => nn.packPaddedSequence(x, [3]), /expected 2 lengths/);
  const [back, lens] = nn.padPackedSequence(p, { batchFirst: true, totalLength: 4, paddingValue: -1 });
  assert.deepEqual(back.reshape(2, 4).tolist(), [[0, 2, -1, -1], [1, 3, 5, -1]]);
  assert.deepEqual(lens.tolist(), [2, 3]);
  const seqs = [lw.tensor([1, 2, 3]), lw.tensor([4])];
  assert.deepEqual(nn.padSequence(seqs, { batchFirst: true, paddingValue: 9 }).tolist(), [[1, 2, 3], [4, 9, 9]]);
  assert.deepEqual(nn.packSequence(seqs).batchSizes, [2, 1, 1]);
});

test("bad input names the layer, the layout and both shapes", () => {
  const lstm = new nn.LSTM(3, 4, { batchFirst: true, numLayers: 2 });
  assert.throws(() => lstm.forward(lw.zeros(2, 5, 7)), /LSTM\(3, 4, numLayers=2, batchFirst=true\): expected input of shape \[batch, seq, 3\] \(batchFirst\) or \[seq, 3\] \(unbatched\), got \[2, 5, 7\]/);
  assert.throws(() => lstm.forward(lw.zeros(2, 5, 3, 1)), /expected input of shape \[batch, seq, 3\]/);
  assert.throws(() => new nn.GRU(3, 4).forward(lw.zeros(5)), /GRU\(3, 4\): expected input of shape \[seq, batch, 3\] \(batchFirst=false\)/);
  assert.throws(() => lstm.forward(lw.zeros(2, 5, 3), [lw.zeros(1, 2, 4), lw.zeros(2, 2, 4)]),
    /expected initial state h0 of shape \[2, 2, 4\] \(numLayers·numDirections, batch, hidden\), got \[1, 2, 4\]/);
  assert.throws(() => lstm.forward(lw.zeros(2, 5, 3), [lw.zeros(2, 2, 4), lw.zeros(2, 3, 4)]), /initial state c0 of shape \[2, 2, 4\].*got \[2, 3, 4\]/);
  assert.throws(() => lstm.forward(lw.zeros(2, 5, 3), lw.zeros(2, 2, 4) as never), /the LSTM state must be a pair \[h, c\]/);
  assert.throws(() => new nn.GRUCell(3, 4).forward(lw.zeros(2, 3), lw.zeros(3, 4)), /GRUCell\(3, 4\): expected h of shape \[2, 4\], got \[3, 4\]/);
  assert.throws(() => new nn.RNNCell(3, 4).forward(lw.zeros(2, 5)), /RNNCell\(3, 4\): expected input of shape \[batch, 3\] or \[3\], got \[2, 5\]/);
  assert.throws(() => new nn.RNN(3, 4, { nonlinearity: "sigmoid" as never }), /nonlinearity must be "tanh" or "relu"/);
  assert.throws(() => new nn.LSTM(3, 0), /hiddenSize must be a positive integer, got 0/);
});

test("forwardMasked (Keras-style): pre-padded steps keep the state, in both directions", () => {
  lw.manualSeed(5);
  const gru = new nn.GRU(3, 4, { batchFirst: true, bidirectional: true });
  const seq = lw.randn(1, 3, 3);
  const padded = lw.cat([lw.full([1, 2, 3], 7), seq], 1); // two padding steps first
  const mask = lw.tensor([[false, false, true, true, true]], { dtype: "bool" });
  const [y, h] = gru.forwardMasked(padded, mask);
  const [yAlone, hAlone] = gru.forward(seq);
  assertClose(h, hAlone.tolist() as Nested, "final states", tol);
  assertClose(y.narrow(1, 2, 3), yAlone.tolist() as Nested, "outputs at the real steps", tol);
  assert.ok(y.narrow(1, 0, 2).eq(0).all().item(), "outputs at masked steps are 0");
  assert.throws(() => gru.forwardMasked(padded, lw.ones(1, 5)), /expected a bool mask of shape \[1, 5\] \(batch, seq\), got float32 \[1, 5\]/);
});
