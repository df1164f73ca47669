/** @file Keras recurrent layers in Sequential: shapes, fit, returnState, Bidirectional, TimeDistributed, maskZero and bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { assertClose, type Nested } from "./close.ts";

const k = lw.keras;

test("Embedding → LSTM → Dense in a Sequential: summary shapes, and fit lowers the loss", () => {
  lw.manualSeed(0);
  const model = new k.Sequential([
    new k.Embedding(20, 8, { inputShape: [6] }),
    new k.LSTM(12, { returnSequences: true }),
    new k.GRU(10),
    new k.Dense(1, { activation: "sigmoid" }),
  ]);
  model.compile({ optimizer: "adam", loss: "binary_crossentropy" });
  // label: does token 7 occur in the sequence?
  const ids = lw.randint(1, 20, [64, 6]);
  const y = ids.eq(7).any(1).float().reshape(64, 1);
  const h = model.fit(ids.float(), y, { epochs: 4, batchSize: 16, verbose: 0 });
  const loss = h.history.loss as number[];
  assert.ok(loss[3] < loss[0], `loss falls: ${loss.join(", ")}`);
  assert.deepEqual([...(model.predict(ids.float()) as lw.Tensor).shape], [64, 1]);
  assert.match(model.summary(), /lstm.*\(None, 6, 12\)[\s\S]*gru.*\(None, 10\)/);
});

test("returnState, Bidirectional and TimeDistributed give Keras's shapes; LSTM's last output is its h", () => {
  lw.manualSeed(1);
  const x = lw.randn(3, 5, 4);
  const lstm = new k.LSTM(6, { returnState: true });
  const [out, h, c] = lstm.callWithState(x);
  assert.deepEqual([out, h, c].map((t) => [...t.shape]), [[3, 6], [3, 6], [3, 6]]);
  assertClose(out, h.tolist() as Nested, "output = h");
  const bi = new k.Bidirectional(new k.GRU(6, { returnSequences: true }));
  assert.deepEqual([...bi.forward(x).shape], [3, 5, 12]);
  assert.deepEqual([...new k.Bidirectional(new k.SimpleRNN(6)).forward(x).shape], [3, 12]);
  assert.deepEqual([...new k.TimeDistributed(new k.Dense(2)).forward(x).shape], [3, 5, 2]);
});

test("Embedding({ maskZero }) makes the next LSTM skip padding: a pre-padded sentence reads as the bare one", () => {
  lw.manualSeed(2);
  const emb = new k.Embedding(10, 4, { maskZero: true });
  const lstm = new k.LSTM(5);
  const bare = lstm.forward(emb.forward(lw.tensor([[3, 4, 5]], { dtype: "int32" })));
  const padded = lstm.forward(emb.forward(lw.tensor([[0, 0, 3, 4, 5]], { dtype: "int32" })));
  assertClose(padded, bare.tolist() as Nested, "same final output", { rtol: 1e-5, atol: 1e-6 });
  const unmasked = new k.Embedding(10, 4);
  unmasked.loadStateDict(emb.stateDict());
  assert.ok(lstm.forward(unmasked.forward(lw.tensor([[0, 0, 3, 4, 5]], { dtype: "int32" }))).sub(bare).abs().amax().item() > 1e-4, "without the mask the padding counts");
});

test("recurrent layers name themselves and the batch-first layout on bad input", () => {
  const lstm = new k.LSTM(4, { name: "encoder" });
  assert.throws(() => lstm.forward(lw.zeros(2, 3)), /LSTM "encoder": expects sequences \(timesteps, features\) per sample, batch first: inputs \(N, T, F\); got \(None, 3\)/);
  lstm.forward(lw.zeros(2, 3, 5));
  assert.throws(() => lstm.forward(lw.zeros(2, 3, 6)), /LSTM "encoder": built for 5 features per step, got inputs of shape \(None, 3, 6\)/);
  assert.throws(() => new k.GRU(0), /GRU: units must be a positive integer, got 0/);
  assert.throws(() => new k.Bidirectional(new k.LSTM(3), { mergeMode: "sum" as "concat" }), /only mergeMode "concat"/);
});
