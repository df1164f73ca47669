/** @file Image IO: a real JPEG against PIL's decoding, PNG write/read round trips (gray, RGB, RGBA), corrupt files named in errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";
import { CHINA_JPG, needsImage } from "./data.ts";

const V = lw.vision;
const px = (img: lw.Tensor, c: number, y: number, x: number) => Math.round(img.index(c, y, x).item() * 255);

test("readImage decodes a real JPEG as PIL does: size, channel means, pixels (±3 of 255)", needsImage(), () => {
  const img = V.readImage(CHINA_JPG);
  assert.deepEqual(img.shape, [3, 427, 640]);
  assert.equal(img.dtype, "float32");
  // PIL: mean per channel 144.72, 145.47, 140.92; pixel (100, 200) = (123, 47, 11); (300, 500) = (183, 180, 163).
  const means = img.mean([1, 2]).mul(255).toTypedArray();
  [144.72, 145.47, 140.92].forEach((m, c) => assert.ok(Math.abs(means[c] - m) < 0.5, `channel ${c} mean ${means[c]} vs PIL ${m}`));
  [[100, 200, [123, 47, 11]], [300, 500, [183, 180, 163]]].forEach(([y, x, rgb]) => {
    (rgb as number[]).forEach((v, c) => assert.ok(Math.abs(px(img, c, y as number, x as number) - v) <= 3, `pixel (${y}, ${x}) channel ${c}`));
  });
  const gray = V.readImage(CHINA_JPG, { channels: 1 });
  assert.deepEqual(gray.shape, [1, 427, 640]);
  assert.ok(Math.abs(gray.mean().item() * 255 - 144.72) < 0.5, "luma mean as PIL's convert('L')");
});

test("PNG round trips: gray stays 1 channel, RGB 3, RGBA 4; values are 8-bit", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-png-"));
  try {
    lw.manualSeed(0);
    for (const C of [1, 3, 4]) {
      const img = lw.rand(C, 5, 7);
      const path = join(dir, `x${C}.png`);
      V.writePng(img, path);
      const back = V.readImage(path);
      assert.deepEqual(back.shape, [C, 5, 7]);
      const err = back.sub(img).abs().amax().item();
      assert.ok(err <= 0.5 / 255 + 1e-6, `rounding error ${err}`);
    }
    V.writePng(lw.tensor([[0, 0.5], [1, 2]]), join(dir, "hw.png")); // (H, W) and values beyond 1 are clamped
    assert.deepEqual(V.readImage(join(dir, "hw.png")).mul(255).round().tolist(), [[[0, 128], [255, 255]]]);
    assert.deepEqual(V.readImage(join(dir, "x1.png"), { channels: 3 }).shape, [3, 5, 7]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a corrupt or unknown image file gives an error naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-bad-"));
  try {
    const png = V.encodePng(lw.rand(3, 8, 8));
    const truncated = join(dir, "truncated.png");
    writeFileSync(truncated, png.subarray(0, 40));
    assert.throws(() => V.readImage(truncated), (e: Error) => e.message.startsWith(`readImage: cannot decode ${truncated}:`));
    const text = join(dir, "notes.png");
    writeFileSync(text, "hello");
    assert.throws(() => V.readImage(text), new RegExp(`readImage: cannot decode .*notes\\.png: neither PNG nor JPEG`));
    const badJpeg = join(dir, "bad.jpg");
    writeFileSync(badJpeg, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]));
    assert.throws(() => V.readImage(badJpeg), /readImage: cannot decode .*bad\.jpg: /);
    assert.throws(() => V.readImage(join(dir, "missing.png")), /readImage: cannot read .*missing\.png: ENOENT/);
    assert.throws(() => V.encodePng(lw.rand(2, 4, 4)), /encodePng: expected an image of shape \[C, H, W\] with C = 1, 3 or 4, or \[H, W\]; got \[2, 4, 4\]/);
    assert.ok(readFileSync(truncated).length === 40);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
