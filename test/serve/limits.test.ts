/** @file lw.serve's limits on a live server: bearer API keys (401), per-key rate limit (429), bounded queue (429 + Retry-After), body limit (413), graceful shutdown finishing in-flight requests. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "../../src/serve/index.ts";
import { storeWithCnn, patternPng } from "./helpers.ts";

let env: ReturnType<typeof storeWithCnn>;
before(() => { env = storeWithCnn(); });
after(() => env.cleanup());

const png = patternPng("top");
const predict = (url: string, key?: string) => fetch(`${url}/v1/models/tiny-cnn/predict`, { method: "POST", headers: { "content-type": "image/png", ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: png });

test("API keys, the per-key rate limit, the queue bound and the body limit", async () => {
  const server = await createServer({ models: ["models:/tiny-cnn@champion"], port: 0, store: env.store, apiKeys: ["k1", "k2"], rateLimit: { max: 3, timeWindowMs: 60_000 }, maxQueue: 1, maxBatchSize: 1, maxDelayMs: 0, bodyLimit: 4096 });
  try {
    const none = await predict(server.url);
    assert.equal(none.status, 401);
    assert.equal((await none.json() as { error: { code: string } }).error.code, "UNAUTHORIZED");
    assert.equal((await predict(server.url, "wrong")).status, 401);
    assert.equal((await fetch(`${server.url}/health/live`)).status, 200, "health needs no key");
    for (let i = 0; i < 3; i++) assert.equal((await predict(server.url, "k1")).status, 200);
    const limited = await predict(server.url, "k1");
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await limited.json() as { error: { code: string } }).error.code, "RATE_LIMITED");
    assert.equal((await predict(server.url, "k2")).status, 200, "another key has its own budget");
    const big = await fetch(`${server.url}/v1/models/tiny-cnn/predict`, { method: "POST", headers: { "content-type": "image/png", authorization: "Bearer k2" }, body: Buffer.alloc(10_000) });
    assert.equal(big.status, 413);
    assert.equal((await big.json() as { error: { code: string } }).error.code, "PAYLOAD_TOO_LARGE");
  } finally {
    await server.close();
  }
});

test("a full queue answers 429 with Retry-After; graceful shutdown finishes the requests in flight", async () => {
  const server = await createServer({ models: ["models:/tiny-cnn@champion"], port: 0, store: env.store, maxQueue: 2, maxBatchSize: 1, maxDelayMs: 0 });
  const burst = await Promise.all(Array.from({ length: 40 }, () => predict(server.url)));
  const statuses = burst.map((r) => r.status);
  assert.ok(statuses.includes(429), statuses.join(","));
  assert.ok(statuses.includes(200));
  const full = burst.find((r) => r.status === 429)!;
  assert.ok(Number(full.headers.get("retry-after")) >= 1);
  assert.equal((await full.json() as { error: { code: string } }).error.code, "QUEUE_FULL");
  const inFlight = [predict(server.url), predict(server.url)];
  await new Promise((r) => setTimeout(r, 5));
  const closing = server.close();
  const done = await Promise.all(inFlight);
  await closing;
  assert.deepEqual(done.map((r) => r.status).filter((s) => s !== 429), done.map(() => 200).slice(0, done.filter((r) => r.status !== 429).length));
  assert.ok(done.some((r) => r.status === 200), done.map((r) => r.status).join(","));
  await assert.rejects(fetch(`${server.url}/health/live`), "the port is closed after shutdown");
});
