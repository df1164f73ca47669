/** @file Word cloud layout (no overlaps, inside the canvas, bigger for more frequent words), SVG escaping, PNG. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { needsNpm } from "./needs.ts";

const FREQ = new Map(Array.from({ length: 60 }, (_, i): [string, number] => [`w${i}`, Math.round(1000 / (i + 1))]).concat([["<b&>", 5]])); // Zipf-like

test("layout: inside the canvas, no two words overlap, font size grows with frequency", () => {
  const placed = lw.text.wordCloudLayout(FREQ, { width: 600, height: 400 });
  assert.ok(placed.length > 20, `${placed.length} words placed`);
  for (const [i, p] of placed.entries()) {
    assert.ok(p.box[0] >= 0 && p.box[1] >= 0 && p.box[2] <= 600 && p.box[3] <= 400, p.text);
    for (const q of placed.slice(i + 1)) assert.ok(p.box[2] <= q.box[0] || q.box[2] <= p.box[0] || p.box[3] <= q.box[1] || q.box[3] <= p.box[1], `${p.text} overlaps ${q.text}`);
  }
  assert.ok(placed[0].fontSize > placed[placed.length - 1].fontSize);
  assert.deepEqual(lw.text.wordCloudLayout(new Map()), []);
  assert.throws(() => lw.text.wordCloudLayout(FREQ, { width: 0 }), /width and height must be positive/);
});

test("SVG escapes words; PNG is a real image", { skip: needsNpm("@resvg/resvg-js") }, async () => {
  const svg = lw.text.wordCloudSvg(FREQ);
  assert.ok(svg.includes("&lt;b&amp;&gt;") && !svg.includes("<b&>"));
  const png = await lw.text.wordCloudPng([["whale", 10], ["sea", 3]], { width: 200, height: 100 });
  assert.deepEqual(Array.from(png.subarray(0, 8)), [137, 80, 78, 71, 13, 10, 26, 10]);
  assert.equal(Buffer.from(png.subarray(16, 24)).readUInt32BE(0), 200, "PNG width");
});
