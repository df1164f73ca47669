/**
 * @file nn.functional.preNormBlockStep (the native backend's fused GPT-2 block) against the same block composed of
 * ops, in float32 and float64, with and without biases and a cache; preNormStackStep against its blocks one by one;
 * GPT-2 with its fast path on and off; bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "../../src/index.ts";

const F = lw.nn.functional;
const hasKernel = lw.currentBackend().preNormStackStep !== undefined;
const skip = hasKernel ? false : "the backend has no fused block kernel (the native addon was not built)";
test("CI runs the native backend with its fused block kernel", { skip: process.env.CI ? false : "outside CI" }, () => {
  assert.ok(hasKernel, `backend ${lw.currentBackend().name} lacks preNormStackStep`);
});

type W = lw.nn.functional.PreNormBlockWeights;
const C = 32, H = 4, E = C / H, INNER = 80;

function weights(dtype: "float32" | "float64", bias: boolean, seed: number): W {
  const g = new lw.Generator(seed);
  const r = (...shape: number[]) => lw.randn(shape, { dtype, generator: g }).mul(0.3);
  const b = (n: number) => (bias ? r(n) : null);
  return {
    ln1Weight: r(C).add(1), ln1Bias: b(C), attnWeight: r(C, 3 * C), attnBias: b(3 * C), projWeight: r(C, C), projBias: b(C),
    ln2Weight: r(C).add(1), ln2Bias: b(C), fcWeight: r(C, INNER), fcBias: b(INNER), outWeight: r(INNER, C), outBias: b(C),
  };
}

/** The block op by op: x (B, T, C) after P cached keys/values (B, H, P, E); returns the output and the new keys, values. */
function composed(x: lw.Tensor, w: W, approximate: "none" | "tanh", pastK: lw.Tensor | null, pastV: lw.Tensor | null) {
  const [B, T] = x.shape, P = pastK ? pastK.shape[2] : 0;
  const ln = (t: lw.Tensor, wt: lw.Tensor | null, bs: lw.Tensor | null) => F.layerNorm(t, [C], { weight: wt, bias: bs, eps: 1e-5 });
  const lin = (t: lw.Tensor, m: lw.Tensor, b: lw.Tensor | null) => (b ? t.matmul(m).add(b) : t.matmul(m));
  const [q, k, v] = lin(ln(x, w.ln1Weight, w.ln1Bias), w.attnWeight, w.attnBias).split(C, 2).map((t) => t.view(B, T, H, E).transpose(1, 2));
  const K = pastK ? lw.cat([pastK, k], 2) : k, V = pastV ? lw.cat([pastV, v], 2) : v;
  const seen = lw.tril(lw.ones([T, P + T]), P).eq(1); // query i (position P + i) sees keys 0..P + i
  const a = F.scaledDotProductAttention(q, K, V, { attnMask: seen }).transpose(1, 2).contiguous().view(B, T, C);
  const x1 = x.add(lin(a, w.projWeight, w.projBias));
  const y = x1.add(lin(F.gelu(lin(ln(x1, w.ln2Weight, w.ln2Bias), w.fcWeight, w.fcBias), { approximate }), w.outWeight, w.outBias));
  return { y, K, V };
}

function maxDiff(a: lw.Tensor, b: lw.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  const x = a.contiguous().toTypedArray(), y = b.contiguous().toTypedArray();
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

for (const dtype of ["float32", "float64"] as const) {
  for (const bias of [true, false]) {
    test(`preNormBlockStep equals the composed block (${dtype}, ${bias ? "biases, tanh GELU" : "no biases, erf GELU"}): prompt, one token, a chunk after a past`, { skip }, () => {
      const tol = dtype === "float32" ? 2e-5 : 1e-11;
      const approximate = bias ? "tanh" : "none";
      const w = weights(dtype, bias, 3);
      const B = 2, cap = 12;
      const x = lw.randn([B, 9, C], { dtype, generator: new lw.Generator(4) }); // positions 0..8: a prompt of 5, one token, a chunk of 3
      const keys = lw.zeros([B, H, cap, E], { dtype }).transpose(0, 1).contiguous().transpose(0, 1); // a strided cache
      const values = lw.zeros([B, H, cap, E], { dtype });
      lw.noGrad(() => {
        let past = 0, pk: lw.Tensor | null = null, pv: lw.Tensor | null = null;
        for (const T of [5, 1, 3]) {
          const xs = x.narrow(1, past, T);
          const ref = composed(xs, w, approximate, pk, pv);
          const got = F.preNormBlockStep(xs, w, { heads: H, eps: 1e-5, approximate, cache: { keys, values, past } });
          assert.ok(got, "the fast path applies");
          assert.ok(maxDiff(got, ref.y) < tol, `T=${T} after ${past}: ${maxDiff(got, ref.y)}`);
          assert.ok(maxDiff(keys.narrow(2, 0, past + T), ref.K) < tol, "the keys written into the cache");
          assert.ok(maxDiff(values.narrow(2, 0, past + T), ref.V) < tol, "the values written into the cache");
          [past, pk, pv] = [past + T, ref.K, ref.V];
        }
        const noCache = F.preNormBlockStep(x, w, { heads: H, eps: 1e-5, approximate });
        assert.ok(noCache && maxDiff(noCache, composed(x, w, approximate, null, null).y) < tol, "without a cache: causal over x itself");
      });
    });
  }
}

test("preNormBlockStep steps aside where it does not apply, and names bad shapes", { skip }, () => {
  const w = weights("float32", true, 5), x = lw.randn(1, 2, C);
  const opts = { heads: H, eps: 1e-5, approximate: "none" as const };
  assert.equal(F.preNormBlockStep(x, w, opts), null, "gradient mode on: null, the caller runs its ops");
  lw.noGrad(() => {
    assert.equal(F.preNormBlockStep(x.double(), w, opts), null, "mixed dtypes: null");
    assert.equal(F.preNormBlockStep(x, { ...w, fcBias: lw.randn(2 * INNER).narrow(0, 0, 2 * INNER).view(INNER, 2).select(1, 0) }, opts), null, "a strided bias: null");
    F.setFastPathEnabled(false);
    try { assert.equal(F.preNormBlockStep(x, w, opts), null, "fast path off: null"); } finally { F.setFastPathEnabled(true); }
    assert.ok(F.isFastPathEnabled());
    assert.throws(() => F.preNormBlockStep(x.view(2, C), w, opts), /x must be \(B, T, C\), got \[2, 32\]/);
    assert.throws(() => F.preNormBlockStep(x, { ...w, fcWeight: lw.randn(C + 1, INNER) }, opts), /c_fc weight: expected a \(32, 80\) array/);
    assert.throws(() => F.preNormBlockStep(x, w, { ...opts, heads: 5 }), /heads must divide the channels/);
    const small = { keys: lw.zeros(1, H, 2, E), values: lw.zeros(1, H, 2, E), past: 1 };
    assert.throws(() => F.preNormBlockStep(x, w, { ...opts, cache: small }), /room for past \+ T positions/);
    assert.deepEqual(Array.from(small.keys.toTypedArray()), new Array(2 * H * E).fill(0), "a refused step writes nothing");
  });
});

test("preNormStackStep equals its blocks run one by one, writing every layer's cache", { skip }, () => {
  for (const dtype of ["float32", "float64"] as const) {
    const layers = [weights(dtype, true, 11), weights(dtype, true, 12), weights(dtype, true, 13)];
    const opts = { heads: H, eps: 1e-5, approximate: "tanh" as const };
    const buffers = () => layers.map(() => ({ keys: lw.zeros([2, H, 8, E], { dtype }), values: lw.zeros([2, H, 8, E], { dtype }) }));
    const [one, all] = [buffers(), buffers()];
    lw.noGrad(() => {
      for (const [past, T] of [[0, 3], [3, 1], [4, 2]]) {
        const x = lw.randn([2, T, C], { dtype });
        let want = x;
        layers.forEach((w, l) => { want = F.preNormBlockStep(want, w, { ...opts, cache: { ...one[l], past } })!; });
        const got = F.preNormStackStep(x, layers, { ...opts, caches: all, past })!;
        assert.equal(maxDiff(got, want), 0, `${dtype}: ${past} cached + ${T}`);
        layers.forEach((_, l) => assert.equal(maxDiff(all[l].keys, one[l].keys) + maxDiff(all[l].values, one[l].values), 0, `${dtype}: cache of layer ${l}`));
      }
      const x = lw.randn([2, 4, C], { dtype });
      let want = x;
      for (const w of layers) want = F.preNormBlockStep(want, w, opts)!;
      assert.equal(maxDiff(F.preNormStackStep(x, layers, opts)!, want), 0, `${dtype}: no cache`);
      const mixed = [layers[0], weights(dtype, false, 14)];
      assert.equal(F.preNormStackStep(x, mixed, opts), null, "layers with other biases than the first: null, block by block");
      assert.throws(() => F.preNormStackStep(x, layers, { ...opts, caches: all.slice(1) }), /3 layers but 2 caches/);
    });
  }
});

test("gptDecoderStep equals embedding, the stack, ln_f and the head as ops, and names a token outside the vocabulary", { skip }, () => {
  const dtype = "float32", V = 23, P = 16, g = new lw.Generator(5);
  const layers = [weights(dtype, true, 21), weights(dtype, true, 22)];
  const wte = lw.randn([V, C], { generator: g }), wpe = lw.randn([P, C], { generator: g }).mul(0.1);
  const lnW = lw.randn([C], { generator: g }).add(1), lnB = lw.randn([C], { generator: g });
  const opts = { heads: H, eps: 1e-5, approximate: "none" as const, past: 3, caches: layers.map(() => ({ keys: lw.zeros([2, H, P, E]), values: lw.zeros([2, H, P, E]) })) };
  const ids = lw.tensor([[4, 7], [22, 0]], { dtype: "int32" });
  lw.noGrad(() => {
    const x = F.embedding(ids, wte).add(F.embedding(lw.tensor([[3, 4], [3, 4]], { dtype: "int32" }), wpe));
    const caches = layers.map(() => ({ keys: lw.zeros([2, H, P, E]), values: lw.zeros([2, H, P, E]) }));
    const hidden = F.layerNorm(F.preNormStackStep(x, layers, { ...opts, caches })!, [C], { weight: lnW, bias: lnB, eps: 1e-5 });
    const got = F.gptDecoderStep(ids, { wte, wpe, layers, lnFWeight: lnW, lnFBias: lnB, head: wte }, opts)!;
    assert.equal(maxDiff(got.hidden, hidden), 0, "hidden states");
    assert.equal(maxDiff(got.logits, hidden.matmul(wte.transpose(0, 1))), 0, "logits");
    caches.forEach((c, l) => assert.equal(maxDiff(c.keys, opts.caches[l].keys), 0, `keys of layer ${l}`));
    const bad = lw.tensor([[4, 23]], { dtype: "int32" });
    assert.throws(() => F.gptDecoderStep(bad, { wte, wpe, layers, lnFWeight: lnW, lnFBias: lnB, head: wte }, { ...opts, caches: null, past: 0 }), /token id 23 is outside the vocabulary of 23/);
  });
});

test("a prepared gptDecoder gives what gptDecoderStep gives, step after step, and checks each step's ids", { skip }, () => {
  const V = 19, P = 12, g = new lw.Generator(8);
  const layers = [weights("float32", false, 31), weights("float32", false, 32), weights("float32", false, 33)];
  const wte = lw.randn([V, C], { generator: g }), wpe = lw.randn([P, C], { generator: g }).mul(0.1);
  const w = { wte, wpe, layers, lnFWeight: null, lnFBias: null, head: wte };
  const buffers = () => layers.map(() => ({ keys: lw.zeros([2, H, P, E]), values: lw.zeros([2, H, P, E]) }));
  const [mine, theirs] = [buffers(), buffers()];
  const opts = { heads: H, eps: 1e-5, approximate: "tanh" as const };
  lw.noGrad(() => {
    const dec = F.gptDecoder(w, { ...opts, caches: mine })!;
    let past = 0;
    for (const ids of [[[1, 2, 3], [4, 5, 6]], [[7], [8]], [[18], [0]], [[9, 10], [11, 12]]]) {
      const t = lw.tensor(ids, { dtype: "int32" });
      const got = dec.step(t, past), want = F.gptDecoderStep(t, w, { ...opts, caches: theirs, past })!;
      assert.equal(maxDiff(got.logits, want.logits) + maxDiff(got.hidden, want.hidden), 0, `after ${past} positions`);
      past += ids[0].length;
    }
    mine.forEach((c, l) => assert.equal(maxDiff(c.keys, theirs[l].keys) + maxDiff(c.values, theirs[l].values), 0, `caches of layer ${l}`));
    assert.throws(() => dec.step(lw.tensor([[1]], { dtype: "int32" }), 0), /the ids' batch differs from the caches'/);
    assert.throws(() => dec.step(lw.tensor([[1], [2]], { dtype: "int32" }), P), /positions past the position table/);
    assert.throws(() => dec.step(lw.tensor([[1.5]]), 0), /ids must be int32 \(B, T\), got float32 \[1, 1\]/);
    dec.release();
    dec.release(); // twice is harmless
    assert.throws(() => dec.step(lw.tensor([[1], [2]], { dtype: "int32" }), 0), /^Error: gptDecoder\.step: the decoder was released; prepare a new one/);
  });
});

test("a released native decoder refuses to run (the addon dropped its arrays)", { skip }, () => {
  const g = new lw.Generator(9), layers = [weights("float32", false, 41)];
  const wte = lw.randn([7, C], { generator: g }), wpe = lw.randn([4, C], { generator: g });
  const runner = lw.currentBackend().gptDecoder!({ wte, wpe, layers, lnFWeight: null, lnFBias: null, head: wte }, null, 0, { heads: H, eps: 1e-5, approximate: "tanh" }, "float32");
  const ids = lw.tensor([[1, 2]], { dtype: "int32" });
  runner.step(ids, 0);
  runner.release();
  assert.throws(() => runner.step(ids, 0), /gptDecoderStep: the decoder was released/);
});

test("GPT-2 generates the same ids and logits with its fast path on and off", { skip }, () => {
  lw.manualSeed(2);
  for (const cfg of [{ bias: true, activationFunction: "gelu_new" as const }, { bias: false, activationFunction: "gelu" as const }]) {
    const model = new lw.models.GPT2LMHeadModel({ vocabSize: 61, nPositions: 24, nEmbd: C, nLayer: 2, nHead: H, residPdrop: 0, embdPdrop: 0, attnPdrop: 0, eosTokenId: null, ...cfg });
    model.eval();
    const prompts = [[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]];
    const run = () => ({
      kv: model.generate(prompts, { maxNewTokens: 30 }), // past the window of 24: the cache restarts
      full: model.generate(prompts, { maxNewTokens: 8, useCache: false }),
      logits: lw.noGrad(() => model.forward(lw.tensor(prompts, { dtype: "int32" })).logits),
    });
    const fast = run();
    F.setFastPathEnabled(false);
    let slow: ReturnType<typeof run>;
    try { slow = run(); } finally { F.setFastPathEnabled(true); }
    assert.deepEqual(fast.kv, slow.kv, `${cfg.activationFunction}: KV-cache generation`);
    assert.deepEqual(fast.full, slow.full, `${cfg.activationFunction}: generation without a cache`);
    assert.ok(maxDiff(fast.logits, slow.logits) < 2e-5, `${cfg.activationFunction}: logits ${maxDiff(fast.logits, slow.logits)}`);
    assert.deepEqual(fast.kv.map((r) => r.slice(0, 13)), fast.full, "the cache changes nothing within the window");
  }
});
