/** @file The text-generation task: a char-level GPT served through its runner (batch and streamed, with abort) and its /generate and /v1/completions routes (JSON and SSE). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { manualSeed } from "../../../src/index.ts";
import { GPT2LMHeadModel } from "../../../src/models/gpt.ts";
import { BertForMaskedLM } from "../../../src/models/bert.ts";
import { charLevelTokenizer } from "../../../src/text/simple-tokenizers.ts";
import { textGeneration, type GenerationResult, type TokenEvent } from "../../../src/serve/tasks/text-generation.ts";
import { fakeContext, servedModel, taskApp } from "./helpers.ts";

const tok = charLevelTokenizer(["the quick brown fox jumps over the lazy dog"]);
manualSeed(7);
const gpt = new GPT2LMHeadModel({ vocabSize: tok.vocabSize, nPositions: 32, nEmbd: 16, nLayer: 1, nHead: 2 });

/** The data lines of an SSE body. */
const sseData = (body: string): string[] => body.split("\n\n").filter((b) => b.startsWith("data: ")).map((b) => b.slice(6));

test("text-generation runner: greedy output equals generate(); streaming emits one event per token and stops on abort", async () => {
  const s = await servedModel(textGeneration, gpt, { task: "text-generation", tokenizer: tok });
  try {
    const ids = tok.encode("the fox").ids;
    const want = gpt.generate([ids], { maxNewTokens: 6 })[0].slice(ids.length);
    const [out] = await s.runner.runBatch([{ prompt: "the fox", maxNewTokens: 6 }]) as { ok: GenerationResult }[];
    assert.equal(out.ok.text, tok.decode(want));
    assert.equal(out.ok.completionTokens, 6);
    assert.equal(out.ok.promptTokens, ids.length);
    assert.equal(out.ok.finishReason, "length");
    const events: TokenEvent[] = [];
    const r = await s.runner.stream!({ prompt: "the fox", maxNewTokens: 6 }, (e) => events.push(e as TokenEvent), { aborted: false }) as { ok: GenerationResult };
    assert.deepEqual(events.map((e) => e.id), want);
    assert.equal(events.map((e) => e.text).join(""), r.ok.text);
    // The client goes away after 3 tokens: no more are generated.
    const got: unknown[] = [];
    const signal = { get aborted() { return got.length >= 3; } };
    const cut = await s.runner.stream!({ prompt: "the fox", maxNewTokens: 20 }, (e) => got.push(e), signal) as { ok: GenerationResult };
    assert.equal(got.length, 3);
    assert.equal(cut.ok.finishReason, "abort");
    // Sampling is seeded.
    const a = await s.runner.runBatch([{ prompt: "the", maxNewTokens: 8, temperature: 1, topP: 0.9, seed: 3 }, { prompt: "the", maxNewTokens: 8, temperature: 1, topP: 0.9, seed: 3 }]) as { ok: GenerationResult }[];
    assert.equal(a[0].ok.text, a[1].ok.text);
    // Context: 40 chars > 32 positions → 413 when configured, else the last tokens are kept.
    const long = "the quick brown fox jumps over the lazy dog";
    const [e] = await s.runner.runBatch([{ prompt: long, truncation: "error" }]) as { error: { status: number } }[];
    assert.equal(e.error.status, 413);
    const [t] = await s.runner.runBatch([{ prompt: long, maxNewTokens: 50 }]) as { ok: GenerationResult }[];
    assert.equal(t.ok.promptTokens + t.ok.completionTokens, 32, "prompt kept to its last 31 tokens, new tokens up to the context");
  } finally { s.cleanup(); }
});

test("text-generation routes: /generate JSON and SSE, /v1/completions (OpenAI shape, SSE with [DONE]), errors", async () => {
  const s = await servedModel(textGeneration, gpt, { task: "text-generation", tokenizer: tok });
  const other = { runner: { runBatch: () => [] }, spec: { ...s.spec, task: "fill-mask" } };
  const app = await taskApp(textGeneration, fakeContext({ char: s, mlm: other }));
  try {
    const [ref] = await s.runner.runBatch([{ prompt: "the fox", maxNewTokens: 5 }]) as { ok: GenerationResult }[];
    const g = await app.inject({ method: "POST", url: "/v1/models/char/generate", payload: { inputs: "the fox", parameters: { max_new_tokens: 5 } } });
    assert.equal(g.statusCode, 200);
    assert.equal(g.json().generated_text, ref.ok.text);
    assert.equal(g.json().details.generated_tokens, 5);

    const st = await app.inject({ method: "POST", url: "/v1/models/char/generate", payload: { inputs: "the fox", stream: true, parameters: { max_new_tokens: 5 } } });
    assert.equal(st.statusCode, 200);
    assert.match(String(st.headers["content-type"]), /^text\/event-stream/);
    const lines = sseData(st.body).map((d) => JSON.parse(d));
    assert.equal(lines.length, 6, "5 token events and the final one");
    assert.equal(lines.slice(0, 5).map((l) => l.token.text).join(""), ref.ok.text);
    assert.equal(lines[5].generated_text, ref.ok.text);

    const c = await app.inject({ method: "POST", url: "/v1/completions", payload: { model: "char", prompt: "the fox", max_tokens: 5, temperature: 0 } });
    assert.equal(c.statusCode, 200);
    const cj = c.json();
    assert.equal(cj.object, "text_completion");
    assert.equal(cj.choices[0].text, ref.ok.text);
    assert.equal(cj.choices[0].finish_reason, "length");
    assert.deepEqual(cj.usage, { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });

    const cs = await app.inject({ method: "POST", url: "/v1/completions", payload: { model: "char", prompt: "the fox", max_tokens: 5, temperature: 0, stream: true } });
    const data = sseData(cs.body);
    assert.equal(data.at(-1), "[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    assert.equal(chunks.length, 6);
    assert.equal(chunks.map((ch) => ch.choices[0].text).join(""), ref.ok.text);
    assert.equal(chunks.at(-1).choices[0].finish_reason, "length");
    assert.ok(chunks.every((ch) => ch.id === chunks[0].id && ch.object === "text_completion"));

    // Too long a prompt, streamed: a real 413 (the error comes before any token), not an SSE body.
    const long = await app.inject({ method: "POST", url: "/v1/models/char/generate", payload: { inputs: "the quick brown fox jumps over the lazy dog", stream: true, parameters: { truncation: "error" } } });
    assert.equal(long.statusCode, 413);
    assert.equal(long.json().error.code, "CONTEXT_LENGTH_EXCEEDED");
    assert.equal((await app.inject({ method: "POST", url: "/v1/completions", payload: { model: "mlm", prompt: "x" } })).statusCode, 400);
    assert.equal((await app.inject({ method: "POST", url: "/v1/completions", payload: { model: "nope", prompt: "x" } })).statusCode, 404);
    assert.equal((await app.inject({ method: "POST", url: "/v1/completions", payload: { model: "char", prompt: "x", temperature: 5 } })).statusCode, 400);
  } finally { await app.close(); s.cleanup(); }
});

test("text-generation: a BERT is refused when the runner is built", async () => {
  await assert.rejects(servedModel(textGeneration, new BertForMaskedLM({ vocabSize: 40, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 32 }), { task: "text-generation", tokenizer: tok }), /expected a GPT2LMHeadModel, got BertForMaskedLM/);
});
