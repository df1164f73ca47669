/** @file lw.serve end to end: a tiny CNN logged, registered and aliased; served on 127.0.0.1:0; PNGs by multipart, raw body and base64 classified right; health, metrics, docs, errors. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type InferenceServer } from "../../src/serve/index.ts";
import { storeWithCnn, patternPng, CLASSES } from "./helpers.ts";

let env: ReturnType<typeof storeWithCnn>;
let server: InferenceServer;
before(async () => {
  env = storeWithCnn();
  server = await createServer({ models: ["models:/tiny-cnn@champion"], port: 0, store: env.store, maxDelayMs: 5 });
});
after(async () => { await server.close(); env.cleanup(); });

function multipart(png: Buffer): { body: Buffer; type: string } {
  const b = "----lwboundary";
  const head = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), png, Buffer.from(`\r\n--${b}--\r\n`)]), type: `multipart/form-data; boundary=${b}` };
}

test("a PNG posted by multipart, raw body or base64 JSON gets the right class, top-k sorted, with the version header", async () => {
  for (const kind of CLASSES) {
    const png = patternPng(kind);
    const mp = multipart(png);
    const bodies: [string, Buffer | string][] = [[mp.type, mp.body], ["image/png", png], ["application/json", JSON.stringify({ image: png.toString("base64") })]];
    for (const [type, body] of bodies) {
      const res = await fetch(`${server.url}/v1/models/tiny-cnn/predict?topK=2`, { method: "POST", headers: { "content-type": type }, body });
      const json = await res.json() as { predictions: { label: string; score: number }[]; version: string };
      assert.equal(res.status, 200, JSON.stringify(json));
      assert.equal(json.predictions.length, 2);
      assert.equal(json.predictions[0].label, kind, `${type}: ${JSON.stringify(json)}`);
      assert.ok(json.predictions[0].score >= json.predictions[1].score);
      assert.equal(res.headers.get("x-model-version"), "1");
      assert.equal(json.version, "1");
    }
  }
});

test("concurrent requests are gathered into batches larger than one", async () => {
  const png = patternPng("bottom");
  const results = await Promise.all(Array.from({ length: 24 }, () => fetch(`${server.url}/v1/models/tiny-cnn/predict`, { method: "POST", headers: { "content-type": "image/png" }, body: png }).then((r) => r.json() as Promise<{ predictions: { label: string }[] }>)));
  assert.ok(results.every((r) => r.predictions[0].label === "bottom"));
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /lw_serve_batch_size_count\{model="tiny-cnn",version="1"\} (\d+)/.exec(text);
  const sum = /lw_serve_batch_size_sum\{model="tiny-cnn",version="1"\} (\d+)/.exec(text);
  assert.ok(m && sum, text.slice(0, 500));
  assert.ok(Number(sum![1]) / Number(m![1]) > 1, `mean batch size ${Number(sum![1]) / Number(m![1])}`);
  assert.match(text, /lw_serve_requests_total\{route="\/v1\/models\/:model\/predict",method="POST",status="200"\}/);
  assert.match(text, /lw_serve_request_duration_seconds_bucket/);
  assert.match(text, /lw_serve_queue_depth/);
});

test("health, model list, OpenAPI and Swagger UI answer", async () => {
  assert.deepEqual(await (await fetch(`${server.url}/health/live`)).json(), { status: "live" });
  const ready = await fetch(`${server.url}/health/ready`);
  assert.equal(ready.status, 200);
  const list = await (await fetch(`${server.url}/v1/models`)).json() as { models: { name: string; task: string; primary: string; versions: { classNames: string[] }[] }[] };
  assert.equal(list.models[0].name, "tiny-cnn");
  assert.equal(list.models[0].task, "image-classification");
  assert.deepEqual(list.models[0].versions[0].classNames, CLASSES);
  const docs = await fetch(`${server.url}/docs/json`);
  const spec = await docs.json() as { openapi: string; paths: Record<string, unknown> };
  assert.match(spec.openapi, /^3\./);
  assert.ok(spec.paths["/v1/models/{model}/predict"]);
  const ui = await fetch(`${server.url}/docs/`);
  assert.equal(ui.status, 200);
  assert.match(await ui.text(), /swagger/i);
});

test("bad input: not an image 415, wrong content type 415, decompression bomb 413 by header, unknown model 404, malformed JSON 400 — all JSON without stacks", async () => {
  const post = (path: string, type: string, body: Buffer | string) => fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": type }, body });
  const cases: [Promise<Response>, number, RegExp][] = [
    [post("/v1/models/tiny-cnn/predict", "image/png", Buffer.from("hello, not a png")), 415, /not a PNG or JPEG/],
    [post("/v1/models/tiny-cnn/predict", "text/plain", "hi"), 415, /./],
    [post("/v1/models/nope/predict", "image/png", patternPng("top")), 404, /no model "nope"/],
    [post("/v1/models/tiny-cnn/predict", "application/json", "{ not json"), 400, /./],
    [post("/v1/models/tiny-cnn/predict", "application/json", JSON.stringify({ img: "x" })), 400, /image/],
  ];
  // a 10000×10000 PNG header: IHDR claims the size, the body is tiny — rejected without decoding
  const bomb = Buffer.from(patternPng("top", 4));
  bomb.writeUInt32BE(10000, 16); bomb.writeUInt32BE(10000, 20);
  cases.push([post("/v1/models/tiny-cnn/predict", "image/png", bomb), 413, /10000×10000/]);
  for (const [p, status, msg] of cases) {
    const res = await p;
    const json = await res.json() as { error: { code: string; message: string } };
    assert.equal(res.status, status, JSON.stringify(json));
    assert.equal(typeof json.error.code, "string");
    assert.match(json.error.message, msg);
    assert.doesNotMatch(JSON.stringify(json), /at .*\.ts:\d+/);
  }
  const nf = await fetch(`${server.url}/nowhere`);
  assert.equal(nf.status, 404);
  assert.equal((await nf.json() as { error: { code: string } }).error.code, "NOT_FOUND");
});

test("/health/live answers fast while the worker is busy with inference", async () => {
  const png = patternPng("top");
  const load = Array.from({ length: 64 }, () => fetch(`${server.url}/v1/models/tiny-cnn/predict`, { method: "POST", headers: { "content-type": "image/png" }, body: png }));
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await (await fetch(`${server.url}/health/live`)).json();
    times.push(performance.now() - t0);
  }
  await Promise.all(load);
  times.sort((a, b) => a - b);
  assert.ok(times[Math.floor(times.length * 0.9)] < 200, `health p90 ${times[Math.floor(times.length * 0.9)].toFixed(1)} ms`); // loose: 2 shared cores; bench/serve measures it precisely
});
